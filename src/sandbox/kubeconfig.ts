/**
 * How a run reaches the sandbox's Kubernetes cluster: a kubeconfig for `<sandbox>/k8s` with the
 * sandbox's fake bearer token, a connector that uses it through a temporary file (sonobuoy needs a
 * file), version-policy data refreshed from the sandbox's emulated upstream, and the fake sonobuoy.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createKubernetesConnector } from '../kubernetes/connector.js';
import type { KubernetesConnector } from '../kubernetes/types.js';
import { updateData } from '../kubernetes/update-data.js';
import { CVES_FILE, EOL_FILE, kaasDataFromDocs, provideUpstreamData, RELEASES_FILE, writeDataFile, type KaasDataDocs } from '../kubernetes/upstream-data.js';
import { packageRoot } from '../util/paths.js';
import type { RunningSandbox } from './server.js';
import { sandboxK8sToken, type SandboxKubernetesProfile } from './services/kubernetes.js';

export const SANDBOX_CONTEXT = 'sandbox';

/**
 * Kubeconfig YAML text for the sandbox cluster (context `sandbox`). Contains the sandbox's fake token.
 * The sandbox serves plain HTTP on loopback, and @kubernetes/client-node accepts an http:// server only
 * with `insecure-skip-tls-verify: true` (there is no TLS to verify); real clusters keep verification on.
 */
export function sandboxKubeconfig(sb: RunningSandbox): string {
  // Register (or, for a profile without upstream data, forget) the data for this server URL: a later
  // sandbox may listen on the same port.
  const label = `sandbox ${sb.world.profile.name}`;
  const hasUpstream = !!sb.world.section<SandboxKubernetesProfile>('kubernetes')?.upstream;
  provideUpstreamData(`${sb.url}/k8s`, hasUpstream ? () => kaasDataFromDocs(sandboxDataDocs(sb)!, { releases: label, eol: label, cves: label }) : undefined);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'sandbox', cluster: { server: `${sb.url}/k8s`, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'sandbox-admin', user: { token: sandboxK8sToken(sb.world) } }],
    contexts: [{ name: SANDBOX_CONTEXT, context: { cluster: 'sandbox', user: 'sandbox-admin', namespace: 'default' } }],
    'current-context': SANDBOX_CONTEXT,
  });
}

/** The fake `sonobuoy` executable (a Node script) that stands in for the real one against the sandbox. */
export function fakeSonobuoyPath(): string {
  return join(packageRoot(), 'src', 'sandbox', 'bin', 'sonobuoy');
}

export interface SandboxKubernetes {
  connector: KubernetesConnector;
  /** Deletes the temporary kubeconfig and data folder. */
  dispose(): void;
}

/**
 * A connector for the sandbox cluster: writes the kubeconfig to a temporary file (mode 0600) and, when
 * the profile emulates the upstream sources, refreshes the version-policy data from them into a
 * temporary folder (so the sandbox's verdicts hold on any date). Call dispose() at the end of the run.
 */
export async function sandboxKubernetes(sb: RunningSandbox, log: (m: string) => void = () => undefined): Promise<SandboxKubernetes> {
  const dir = mkdtempSync(join(tmpdir(), 'scs-sandbox-k8s-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    const kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, sandboxKubeconfig(sb), { mode: 0o600 });
    let kaasDataDir: string | undefined;
    if (sb.services.some((s) => s.mount === 'k8s-upstream')) {
      kaasDataDir = join(dir, 'data');
      const up = `${sb.url}/k8s-upstream`;
      await updateData({
        dataDir: kaasDataDir,
        now: sb.world.now(),
        sources: { githubApi: `${up}/github`, schedule: `${up}/website/data/releases/schedule.yaml`, cveFeed: `${up}/cve-feed/index.json`, cveRecord: `${up}/cve` },
        log,
      });
    }
    const connector = createKubernetesConnector({ kubeconfig, env: {}, home: dir, kaasDataDir });
    return { connector, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

/**
 * Synchronous alternative to refreshing from the emulated upstream: writes the version-policy data files
 * the sandbox profile describes (`kubernetes.upstream`, ages relative to the sandbox clock) into `dir`
 * and returns `dir`; undefined when the profile has no upstream section. Pass the result as variable
 * `k8s_data_dir` (or as `kaasDataDir` of createKubernetesConnector).
 */
export function sandboxKaasDataDir(sb: RunningSandbox, dir: string): string | undefined {
  const docs = sandboxDataDocs(sb);
  if (!docs) return undefined;
  mkdirSync(dir, { recursive: true });
  writeDataFile(dir, RELEASES_FILE, 'Kubernetes releases of the sandbox profile', docs.releases);
  writeDataFile(dir, EOL_FILE, 'Kubernetes branches of the sandbox profile', docs.eol);
  writeDataFile(dir, CVES_FILE, 'Kubernetes CVEs of the sandbox profile', docs.cves);
  return dir;
}

/** The data documents the profile's `kubernetes.upstream` describes, at the sandbox clock's now. */
function sandboxDataDocs(sb: RunningSandbox): KaasDataDocs | undefined {
  const up = sb.world.section<SandboxKubernetesProfile>('kubernetes')?.upstream;
  if (!up) return undefined;
  const now = sb.world.now();
  const at = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const source = `sandbox ${sb.world.profile.name} (${sb.url}/k8s-upstream)`;
  return {
    releases: {
      source,
      taken_at: now.toISOString(),
      releases: (up.releases ?? []).filter((r) => !r.prerelease).map((r) => ({ version: r.version, published_at: at(r.age_days).toISOString() })),
    },
    eol: {
      source,
      taken_at: now.toISOString(),
      branches: (up.branches ?? []).map((b) => ({ branch: b.branch, end_of_life: at(-b.eol_in_days).toISOString().slice(0, 10) })),
    },
    cves: {
      source,
      taken_at: now.toISOString(),
      cves: (up.cves ?? []).map((c) => ({ id: c.id, published: at(c.age_days).toISOString(), cvss: { version: '3.1', score: c.score }, affected: c.affected })),
    },
  };
}
