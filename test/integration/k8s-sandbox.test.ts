/**
 * The KaaS testcases against the sandbox's Kubernetes API (real HTTP through @kubernetes/client-node)
 * and the fake sonobuoy.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetEnvironment } from '../../src/engine/environment.js';
import { FactStore } from '../../src/engine/facts.js';
import type { ActiveTestcase, Outcome, ReadTestcase } from '../../src/engine/types.js';
import { kubeVersionFact, nodesFact } from '../../src/kubernetes/facts.js';
import { fakeSonobuoyPath, sandboxKubernetes, type SandboxKubernetes } from '../../src/sandbox/kubeconfig.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { testcases as conformance } from '../../testsuites/kaas/scs-0201-conformance/index.js';
import { testcases as policy } from '../../testsuites/kaas/scs-0210-version-policy/index.js';
import { testcases as distribution } from '../../testsuites/kaas/scs-0214-node-distribution/index.js';
import { testcases as networking } from '../../testsuites/kaas/scs-0219-networking/index.js';

interface Cluster {
  sb: RunningSandbox;
  k: SandboxKubernetes;
  env: TargetEnvironment;
}

async function cluster(profile: string): Promise<Cluster> {
  const p = loadProfile(profile);
  // Only the Kubernetes part of the profile: this test is about the cluster.
  const sb = await startSandbox({ name: p.name, kubernetes: p.kubernetes });
  const k = await sandboxKubernetes(sb);
  return { sb, k, env: { kubernetes: k.connector, variables: {}, runId: 'test', log: () => undefined } };
}

async function evaluate(c: Cluster, tc: ReadTestcase, url = 'https://docs.example/tc'): Promise<Outcome> {
  const now = c.sb.world.now();
  const facts = await new FactStore(c.env, new AbortController().signal, now).getAll(tc.needs);
  return tc.evaluate(facts, { now, id: tc.id, url, params: {} });
}

async function runActive(c: Cluster, tc: ActiveTestcase, params: Record<string, string>, signal = new AbortController().signal, progress: string[] = []): Promise<Outcome> {
  const store = new FactStore(c.env, signal, c.sb.world.now());
  return tc.run({ now: c.sb.world.now(), id: tc.id, url: 'https://docs.example/sono', params, signal, fact: (d) => store.get(d), progress: (m) => progress.push(m) });
}

const byId = (list: { id: string }[], id: string) => list.find((t) => t.id === id)!;

let work: string;
let compliant: Cluster;
let violations: Cluster;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'k8s-it-'));
  process.env.FAKE_SONOBUOY_STATE_DIR = work;
  process.env.FAKE_SONOBUOY_POLLS = '2';
  compliant = await cluster('compliant');
  violations = await cluster('violations');
});

afterAll(async () => {
  for (const c of [compliant, violations]) {
    c?.k.dispose();
    await c?.sb.close();
  }
  rmSync(work, { recursive: true, force: true });
});

describe('sandbox Kubernetes API through @kubernetes/client-node', () => {
  it('reads /version and the nodes with their labels', async () => {
    const store = new FactStore(compliant.env, new AbortController().signal, new Date());
    const v = await store.get(kubeVersionFact);
    expect(v.gitVersion).toBe('v1.36.6');
    expect(v.cluster).toBe(`cluster "sandbox" (${compliant.sb.url}/k8s)`);
    const nodes = await store.get(nodesFact);
    expect(nodes.map((n) => n.name)).toEqual(['cp-1', 'cp-2', 'cp-3', 'worker-1', 'worker-2', 'worker-3']);
    expect(nodes[1]!.labels['topology.scs.community/host-id']).toBe('host-b1');
    expect(nodes[0]!.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects a wrong bearer token with a Status 401, and the fact says so', async () => {
    const res = await fetch(`${compliant.sb.url}/k8s/api/v1/nodes`, { headers: { Authorization: 'Bearer wrong' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('a rejected token makes the facts fail with HTTP 401 and without the token in the message', async () => {
    const { createKubernetesConnector } = await import('../../src/kubernetes/connector.js');
    const canary = 'CANARY-sandbox-wrong-token-42';
    const path = join(work, 'wrong-token.yaml');
    writeFileSync(path, readFileSync(compliant.k.connector.kubeconfigPath!, 'utf8').replace(/token: \S+/, `token: ${canary}`));
    const env = { ...compliant.env, kubernetes: createKubernetesConnector({ kubeconfig: path, env: {}, home: work }) };
    const err = (await new FactStore(env, new AbortController().signal, new Date()).get(nodesFact).then(
      () => new Error('no error'),
      (e: unknown) => e,
    )) as Error;
    expect(err.message).toContain('GET /api/v1/nodes: HTTP 401');
    expect(err.message).toContain('credentials of the kubeconfig were rejected');
    expect(err.message).not.toContain(canary);
  });

  it('pages the node list with limit and continue', async () => {
    const token = readFileSync(compliant.k.connector.kubeconfigPath!, 'utf8').match(/token: (\S+)/)![1];
    const res = await fetch(`${compliant.sb.url}/k8s/api/v1/nodes?limit=4`, { headers: { Authorization: `Bearer ${token}` } });
    const page = (await res.json()) as { items: unknown[]; metadata: { continue?: string } };
    expect(page.items).toHaveLength(4);
    const rest = await fetch(`${compliant.sb.url}/k8s/api/v1/nodes?limit=4&continue=${page.metadata.continue}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(((await rest.json()) as { items: unknown[] }).items).toHaveLength(2);
  });
});

describe('version-policy-check against the sandbox (data from the emulated upstream)', () => {
  it('compliant: PASS', async () => {
    const o = await evaluate(compliant, byId(policy, 'version-policy-check') as ReadTestcase);
    expect(o.verdict).toBe('PASS');
    expect(o.evidence).toMatchObject({ version: '1.36.6', branch: '1.36', criticalCves: [] });
  });

  it('violations: FAIL for end of life, overdue patch and critical CVE', async () => {
    const o = await evaluate(violations, byId(policy, 'version-policy-check') as ReadTestcase, 'https://docs.example/0210');
    expect(o.verdict).toBe('FAIL');
    const rules = o.findings.filter((f) => f.level === 'error').map((f) => f.rule);
    expect(rules).toEqual(['no Kubernetes branch past its end of life', 'latest patch release within one month (31 days)', 'patch for a critical CVE (CVSS >= 8) within 14 days']);
    expect(o.findings.find((f) => f.level === 'error')!.object).toBe(`cluster "sandbox" (${violations.sb.url}/k8s), Kubernetes v1.34.3`);
  });
});

describe('node-distribution-check against the sandbox', () => {
  it('compliant: PASS', async () => {
    const o = await evaluate(compliant, byId(distribution, 'node-distribution-check') as ReadTestcase);
    expect(o.verdict).toBe('PASS');
    expect(o.findings.filter((f) => f.level !== 'info')).toEqual([]);
  });

  it('violations: FAIL naming the shared host and the node without zone', async () => {
    const o = await evaluate(violations, byId(distribution, 'node-distribution-check') as ReadTestcase);
    expect(o.verdict).toBe('FAIL');
    const errors = o.findings.filter((f) => f.level === 'error');
    expect(errors.map((e) => e.observed)).toEqual([{ 'topology.kubernetes.io/zone': null, 'topology.kubernetes.io/region': 'sandbox-1' }, '1 host (host-1)']);
    expect(errors[0]!.object).toMatch(/^node worker-2 \(uid [0-9a-f-]{36}\)$/);
  });
});

describe('Sonobuoy testcases with the fake sonobuoy', () => {
  const log = () => join(work, 'sonobuoy.log');
  const calls = () => (existsSync(log()) ? readFileSync(log(), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { argv: string[] }).argv) : []);
  const params = (id: string, extra: Record<string, string> = {}) => ({ sonobuoy: fakeSonobuoyPath(), execution_mode: 'parallel', sonobuoy_results_dir: join(work, id), sonobuoy_poll_seconds: '0.01', ...extra });

  it('compliant conformance: PASS, progress shown, JUnit kept, run deleted before and after', async () => {
    process.env.FAKE_SONOBUOY_LOG = log();
    rmSync(log(), { force: true });
    const progress: string[] = [];
    const tc = byId(conformance, 'cncf-k8s-conformance') as ActiveTestcase;
    const o = await runActive(compliant, tc, params('conf'), undefined, progress);
    expect(o.verdict).toBe('PASS');
    expect(o.evidence).toMatchObject({ passed: 7, failed: 0, failedOk: 0, mode: 'parallel', junit: join(work, 'conf', 'cncf-k8s-conformance', 'junit_01.xml') });
    expect(readFileSync(join(work, 'conf', 'cncf-k8s-conformance', 'junit_01.xml'), 'utf8')).toContain('<testsuite name="Kubernetes e2e suite"');
    expect(progress.some((p) => /sonobuoy running \(e2e: running, \d+\/7 tests done\)/.test(p))).toBe(true);
    expect(progress).toContain('sonobuoy complete (e2e: complete, 7/7 tests done, result passed)');
    const cmds = calls().map((a) => a[0]);
    expect(cmds[0]).toBe('delete');
    expect(cmds[1]).toBe('run');
    expect(cmds[cmds.length - 1]).toBe('delete');
    const run = calls()[1]!;
    expect(run).toEqual(expect.arrayContaining(['--mode=certified-conformance', '--e2e-parallel=true', '--context', 'sandbox', '--kubeconfig', compliant.k.connector.kubeconfigPath!]));
    // The sonobuoy namespace is gone again.
    expect(compliant.sb.requests.filter((r) => r.method === 'DELETE' && r.path === '/k8s/api/v1/namespaces/sonobuoy').length).toBeGreaterThanOrEqual(2);
  });

  it('compliant networking: PASS with the SCTP failure accepted by the ok-to-fail list', async () => {
    const o = await runActive(compliant, byId(networking, 'kaas-networking-check') as ActiveTestcase, params('net-ok'));
    expect(o.verdict).toBe('PASS');
    expect(o.evidence).toMatchObject({ passed: 4, failed: 0, failedOk: 1 });
    expect(o.findings.some((f) => f.level === 'info' && f.text.includes('SCTP is an optional protocol'))).toBe(true);
  });

  it('violations networking: FAIL naming the failed NetworkPolicy test', async () => {
    const o = await runActive(violations, byId(networking, 'kaas-networking-check') as ActiveTestcase, params('net-bad'));
    expect(o.verdict).toBe('FAIL');
    const [e] = o.findings.filter((f) => f.level === 'error');
    expect(e!.object).toContain('should enforce policy to allow traffic only from a different namespace');
    expect(e!.observed).toBe('failed');
    expect(e!.url).toBe('https://docs.example/sono');
  });

  it('dry mode: ABORT (nothing was tested), with the dry-run flag passed', async () => {
    process.env.FAKE_SONOBUOY_LOG = log();
    rmSync(log(), { force: true });
    const o = await runActive(compliant, byId(networking, 'kaas-networking-check') as ActiveTestcase, params('dry', { execution_mode: 'dry' }));
    expect(o.verdict).toBe('ABORT');
    expect(o.findings[0]!.text).toContain('Dry run');
    expect(calls()[1]).toEqual(expect.arrayContaining(['--e2e-focus', 'NetworkPolicy', '--plugin-env', 'e2e.E2E_DRYRUN=true']));
    expect(calls()[1]).not.toContain('--e2e-parallel=true');
  });

  it('two Sonobuoy testcases started together run one after the other on the same cluster', async () => {
    process.env.FAKE_SONOBUOY_LOG = log();
    rmSync(log(), { force: true });
    const progress: string[] = [];
    const [a, b] = await Promise.all([
      runActive(compliant, byId(conformance, 'cncf-k8s-conformance') as ActiveTestcase, params('both')),
      runActive(compliant, byId(networking, 'kaas-networking-check') as ActiveTestcase, params('both'), undefined, progress),
    ]);
    expect([a.verdict, b.verdict]).toEqual(['PASS', 'PASS']);
    expect(progress[0]).toMatch(/^waiting for the other Sonobuoy run on cluster "sandbox"/);
    // Not interleaved: delete, run, retrieve, delete of one, then of the other.
    expect(calls().map((x) => x[0]).filter((c) => c !== 'status')).toEqual(['delete', 'run', 'retrieve', 'delete', 'delete', 'run', 'retrieve', 'delete']);
    expect(existsSync(join(work, 'both', 'cncf-k8s-conformance', 'junit_01.xml'))).toBe(true);
    expect(existsSync(join(work, 'both', 'kaas-networking-check', 'junit_01.xml'))).toBe(true);
  });

  it.each(['run', 'retrieve'])('a failing "sonobuoy %s": ABORT with its error, and the run is still deleted', async (sub) => {
    process.env.FAKE_SONOBUOY_LOG = log();
    process.env.FAKE_SONOBUOY_BREAK = sub;
    rmSync(log(), { force: true });
    const o = await runActive(compliant, byId(networking, 'kaas-networking-check') as ActiveTestcase, params(`broken-${sub}`));
    delete process.env.FAKE_SONOBUOY_BREAK;
    expect(o.verdict).toBe('ABORT');
    expect(o.findings[0]!.text).toContain(`the Sonobuoy run could not be completed: sonobuoy ${sub} exited with 1:`);
    expect(o.findings[0]!.text).toContain('broken on purpose');
    const cmds = calls().map((a) => a[0]);
    expect(cmds[cmds.length - 1]).toBe('delete');
    expect(cmds).toContain(sub);
  });

  it('missing binary: ABORT with install advice, nothing run', async () => {
    const o = await runActive(compliant, byId(conformance, 'cncf-k8s-conformance') as ActiveTestcase, params('missing', { sonobuoy: join(work, 'no-such-sonobuoy') }));
    expect(o.verdict).toBe('ABORT');
    expect(o.findings[0]!.text).toMatch(/sonobuoy not found at .*no-such-sonobuoy.*install Sonobuoy/);
  });

  it('cancelled while running: ABORT, and the run is still deleted', async () => {
    process.env.FAKE_SONOBUOY_LOG = log();
    process.env.FAKE_SONOBUOY_POLLS = '1000';
    rmSync(log(), { force: true });
    const ac = new AbortController();
    const progress: string[] = [];
    const o = await runActive(compliant, byId(conformance, 'cncf-k8s-conformance') as ActiveTestcase, { ...params('cancel'), sonobuoy_poll_seconds: '0.02' }, ac.signal, new Proxy(progress, {
      get(target, prop) {
        if (prop === 'push') return (m: string) => { if (m.startsWith('sonobuoy running')) ac.abort(new Error('test cancels')); return target.push(m); };
        return Reflect.get(target, prop);
      },
    }));
    process.env.FAKE_SONOBUOY_POLLS = '2';
    expect(o.verdict).toBe('ABORT');
    expect(o.findings[0]!.text).toContain('cancelled: test cancels');
    const cmds = calls().map((a) => a[0]);
    expect(cmds[cmds.length - 1]).toBe('delete');
  });
});
