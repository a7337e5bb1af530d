/**
 * The sandbox's Kubernetes cluster (mount `k8s`, so the server URL is `<sandbox>/k8s`) and the emulated
 * upstream sources of Kubernetes release data (mount `k8s-upstream`): GitHub's releases API, the
 * kubernetes.io release schedule and CVE feed, and CVE records in the CVE JSON 5 format.
 *
 * Profile section `kubernetes`:
 *   version: { gitVersion, platform?, buildDate? }    what GET /version answers
 *   nodes: [{ name, labels }]                          GET /api/v1/nodes
 *   namespaces: [name]                                 extra namespaces besides the kube-* ones
 *   e2e: { failing: [regex] }                          e2e tests the fake sonobuoy reports as failed; served
 *                                                      as ConfigMap kube-system/sandbox-e2e (key `failing`)
 *   upstream:                                          ages relative to the sandbox clock, so a profile
 *     releases: [{ version, age_days }]                keeps its verdict on any date
 *     branches: [{ branch, eol_in_days }]              (negative: already past end of life)
 *     cves: [{ id, age_days, score, affected: [{ from, below }] }]
 *
 * The cluster API wants `Authorization: Bearer <token>` with the token from sandboxK8sToken().
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { stringify } from 'yaml';
import { json, type Route, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';
import type { SandboxWorld } from '../world.js';

export interface SandboxKubernetesProfile {
  version?: { gitVersion: string; platform?: string; buildDate?: string };
  nodes?: { name: string; labels?: Record<string, string> }[];
  namespaces?: string[];
  e2e?: { failing?: string[] };
  upstream?: {
    releases?: { version: string; age_days: number; prerelease?: boolean }[];
    branches?: { branch: string; eol_in_days: number; released_days_ago?: number }[];
    cves?: { id: string; age_days: number; score: number; affected: { from: string; below: string }[] }[];
  };
}

const tokens = new WeakMap<SandboxWorld, string>();

/** The bearer token the sandbox cluster accepts (a fake; unique per sandbox). */
export function sandboxK8sToken(world: SandboxWorld): string {
  let t = tokens.get(world);
  if (!t) {
    t = 'sandbox-' + randomBytes(24).toString('base64url');
    tokens.set(world, t);
  }
  return t;
}

const DAY = 86_400_000;

function status(code: number, reason: string, message: string): SandboxResponse {
  return json(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

interface Namespace {
  name: string;
  uid: string;
  created: string;
}

export const kubernetesService: SandboxServiceFactory = (world) => {
  const k = world.section<SandboxKubernetesProfile>('kubernetes');
  if (!k) return undefined;
  const version = k.version ?? { gitVersion: 'v0.0.0' };
  const created = world.now().toISOString();
  const nodes = (k.nodes ?? []).map((n) => ({ name: n.name, uid: randomUUID(), labels: n.labels ?? {} }));
  const namespaces = new Map<string, Namespace>();
  for (const n of ['default', 'kube-system', 'kube-public', 'kube-node-lease', ...(k.namespaces ?? [])]) {
    namespaces.set(n, { name: n, uid: randomUUID(), created });
  }
  let resourceVersion = 1000;
  const token = sandboxK8sToken(world);

  const authed = (h: (req: SandboxRequest) => SandboxResponse): Route['handler'] => (req) => {
    const header = req.headers.authorization;
    if (header !== `Bearer ${token}`) return status(401, 'Unauthorized', 'Unauthorized');
    return h(req);
  };
  const nodeObj = (n: (typeof nodes)[number]) => ({
    metadata: { name: n.name, uid: n.uid, resourceVersion: String(resourceVersion), creationTimestamp: created, labels: n.labels },
    spec: {},
    status: { nodeInfo: { kubeletVersion: version.gitVersion, architecture: 'amd64', operatingSystem: 'linux' }, conditions: [{ type: 'Ready', status: 'True' }] },
  });
  const nsObj = (n: Namespace, phase = 'Active') => ({
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: { name: n.name, uid: n.uid, resourceVersion: String(resourceVersion), creationTimestamp: n.created, labels: { 'kubernetes.io/metadata.name': n.name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase },
  });
  const [major, minor] = version.gitVersion.replace(/^v/, '').split('.');

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: '/version',
      auth: false,
      handler: authed(() =>
        json(200, {
          major: major ?? '',
          minor: minor ?? '',
          gitVersion: version.gitVersion,
          gitCommit: '0000000000000000000000000000000000000000',
          gitTreeState: 'clean',
          buildDate: version.buildDate ?? created,
          goVersion: 'go1.24.0',
          compiler: 'gc',
          platform: version.platform ?? 'linux/amd64',
        }),
      ),
    },
    {
      method: 'GET',
      pattern: '/api',
      auth: false,
      handler: authed(() => json(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] })),
    },
    {
      method: 'GET',
      pattern: '/api/v1/nodes',
      auth: false,
      handler: authed((req) => {
        // Paging as the API server does: `limit` and an opaque `continue` token.
        const limit = Number(req.query.get('limit') ?? '0');
        const start = req.query.get('continue') ? Number(Buffer.from(req.query.get('continue')!, 'base64url').toString()) : 0;
        if (!Number.isInteger(start) || start < 0) return status(410, 'Expired', 'The provided continue parameter is too old');
        const end = limit > 0 ? start + limit : nodes.length;
        const page = nodes.slice(start, end);
        const metadata: Record<string, string> = { resourceVersion: String(resourceVersion) };
        if (end < nodes.length) metadata.continue = Buffer.from(String(end)).toString('base64url');
        return json(200, { kind: 'NodeList', apiVersion: 'v1', metadata, items: page.map(nodeObj) });
      }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/nodes/:name',
      auth: false,
      handler: authed((req) => {
        const n = nodes.find((x) => x.name === req.params.name);
        return n ? json(200, { kind: 'Node', apiVersion: 'v1', ...nodeObj(n) }) : status(404, 'NotFound', `nodes "${req.params.name}" not found`);
      }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/namespaces',
      auth: false,
      handler: authed(() => json(200, { kind: 'NamespaceList', apiVersion: 'v1', metadata: { resourceVersion: String(resourceVersion) }, items: [...namespaces.values()].map((n) => nsObj(n)) })),
    },
    {
      method: 'GET',
      pattern: '/api/v1/namespaces/:name',
      auth: false,
      handler: authed((req) => {
        const n = namespaces.get(req.params.name!);
        return n ? json(200, nsObj(n)) : status(404, 'NotFound', `namespaces "${req.params.name}" not found`);
      }),
    },
    {
      method: 'POST',
      pattern: '/api/v1/namespaces',
      auth: false,
      handler: authed((req) => {
        const name = (req.body as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
        if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return status(422, 'Invalid', 'Namespace "" is invalid: metadata.name: Required value');
        if (namespaces.has(name)) return status(409, 'AlreadyExists', `namespaces "${name}" already exists`);
        const n = { name, uid: randomUUID(), created: world.now().toISOString() };
        namespaces.set(name, n);
        resourceVersion++;
        return json(201, nsObj(n));
      }),
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/namespaces/:name',
      auth: false,
      handler: authed((req) => {
        const n = namespaces.get(req.params.name!);
        if (!n) return status(404, 'NotFound', `namespaces "${req.params.name}" not found`);
        if (n.name.startsWith('kube-') || n.name === 'default') return status(403, 'Forbidden', `namespace ${n.name} is protected`);
        namespaces.delete(n.name); // the sandbox finalizes at once
        resourceVersion++;
        return json(200, nsObj(n, 'Terminating'));
      }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/namespaces/:ns/configmaps/:name',
      auth: false,
      handler: authed((req) => {
        if (req.params.ns !== 'kube-system' || req.params.name !== 'sandbox-e2e') {
          return status(404, 'NotFound', `configmaps "${req.params.name}" not found`);
        }
        return json(200, {
          kind: 'ConfigMap',
          apiVersion: 'v1',
          metadata: { name: 'sandbox-e2e', namespace: 'kube-system', uid: randomUUID(), creationTimestamp: created },
          data: { failing: (k.e2e?.failing ?? []).join('\n') },
        });
      }),
    },
  ];
  return { mount: 'k8s', routes };
};

/** Emulated upstream sources for `update-data` against the sandbox. */
export const kubernetesUpstreamService: SandboxServiceFactory = (world) => {
  const up = world.section<SandboxKubernetesProfile>('kubernetes')?.upstream;
  if (!up) return undefined;
  const ago = (days: number) => new Date(world.now().getTime() - days * DAY);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const releases = [...(up.releases ?? [])].sort((a, b) => a.age_days - b.age_days);
  const routes: Route[] = [
    {
      method: 'GET',
      pattern: '/github/repos/kubernetes/kubernetes/releases',
      auth: false,
      handler: (req) => {
        const perPage = Math.min(100, Number(req.query.get('per_page') ?? '30') || 30);
        const page = Math.max(1, Number(req.query.get('page') ?? '1') || 1);
        const slice = releases.slice((page - 1) * perPage, page * perPage);
        return json(
          200,
          slice.map((r, i) => ({
            id: 1000 + i,
            tag_name: `v${r.version}`,
            name: `Kubernetes v${r.version}`,
            draft: false,
            prerelease: r.prerelease ?? false,
            published_at: ago(r.age_days).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            html_url: `https://github.com/kubernetes/kubernetes/releases/tag/v${r.version}`,
          })),
        );
      },
    },
    {
      method: 'GET',
      pattern: '/website/data/releases/schedule.yaml',
      auth: false,
      handler: () => ({
        status: 200,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        body: stringify({
          schedules: (up.branches ?? []).map((b) => ({
            release: b.branch,
            releaseDate: day(ago(b.released_days_ago ?? 400 - b.eol_in_days)),
            endOfLifeDate: day(new Date(world.now().getTime() + b.eol_in_days * DAY)),
          })),
        }),
      }),
    },
    {
      method: 'GET',
      pattern: '/cve-feed/index.json',
      auth: false,
      handler: () =>
        json(200, {
          version: 'https://jsonfeed.org/version/1.1',
          title: 'Kubernetes Vulnerability Announcements - CVE Feed',
          items: (up.cves ?? []).map((c) => ({
            id: c.id,
            url: `https://www.cve.org/cverecord?id=${c.id}`,
            summary: `sandbox vulnerability ${c.id}`,
            date_published: ago(c.age_days).toISOString(),
          })),
        }),
    },
    {
      method: 'GET',
      pattern: '/cve/:id',
      auth: false,
      handler: (req) => {
        const c = (up.cves ?? []).find((x) => x.id === req.params.id);
        if (!c) return json(404, { error: 'CVE_RECORD_DNE', message: 'The cve record for the cve id does not exist.' });
        return json(200, {
          dataType: 'CVE_RECORD',
          dataVersion: '5.1',
          cveMetadata: { cveId: c.id, state: 'PUBLISHED', datePublished: ago(c.age_days).toISOString() },
          containers: {
            cna: {
              affected: [
                {
                  vendor: 'Kubernetes',
                  product: 'Kubernetes',
                  versions: c.affected.map((a) => ({ version: a.from, lessThan: a.below, status: 'affected', versionType: 'semver' })),
                },
              ],
              metrics: [{ cvssV3_1: { version: '3.1', baseScore: c.score, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } }],
            },
          },
        });
      },
    },
  ];
  return { mount: 'k8s-upstream', routes };
};
