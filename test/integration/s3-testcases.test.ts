/**
 * scs-0123-swift-s3 and scs-0123-service-s3 through real HTTP against the sandbox: Keystone EC2
 * credentials, Swift account listing and SigV4-verified S3, with cleanup and a canary for the secret.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/engine/facts.js';
import { Ledger, type LedgerScope } from '../../src/engine/ledger.js';
import { ec2ResourceKinds } from '../../src/openstack/ec2.js';
import type { ActiveContext, ActiveTestcase, Outcome } from '../../src/engine/types.js';
import { createOpenStackConnector } from '../../src/openstack/connect.js';
import { sandboxCloud } from '../../src/sandbox/cloud-config.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { ec2Credentials } from '../../src/sandbox/services/identity-credentials.js';
import type { SandboxProfile } from '../../src/sandbox/world.js';
import { serviceS3, swiftS3 } from '../../testsuites/iaas/scs-0123-mandatory-services/s3.js';
import { sandboxPerTest } from '../helpers/sandbox.js';

const DOC = 'https://docs.scs.community/standards/scs-0123-w1-mandatory-and-supported-IaaS-services-implementation#automated-tests';

interface Run {
  outcome?: Outcome;
  error?: unknown;
  progress: string[];
  logs: string[];
  secrets: string[];
}

const sandbox = sandboxPerTest();

/** Run an active testcase as the engine does; records every EC2 secret the sandbox hands out. */
async function runActive(
  sb: RunningSandbox,
  tc: ActiveTestcase,
  opts: { auth?: 'password' | 'application-credential'; onProgress?: (m: string, c: AbortController) => void; ledger?: LedgerScope } = {},
): Promise<Run> {
  const secrets: string[] = [];
  const store = ec2Credentials(sb.world);
  const set = store.set.bind(store);
  store.set = (k, v) => {
    secrets.push(v.secret);
    return set(k, v);
  };
  const logs: string[] = [];
  const progress: string[] = [];
  const controller = new AbortController();
  const connector = createOpenStackConnector(sandboxCloud(sb, { auth: opts.auth }), { log: (m) => logs.push(m) });
  const facts = new FactStore({ openstack: connector, variables: {}, runId: 'run-1234', log: (m) => logs.push(m) }, controller.signal, new Date());
  const ctx: ActiveContext = {
    now: new Date(),
    id: tc.id,
    url: DOC,
    params: {},
    signal: controller.signal,
    fact: (def) => facts.get(def),
    ledger: opts.ledger,
    progress: (m) => {
      progress.push(m);
      opts.onProgress?.(m, controller);
    },
  };
  const run: Run = { progress, logs, secrets };
  try {
    run.outcome = await tc.run(ctx);
  } catch (err) {
    run.error = err;
  }
  return run;
}

/** Nothing a run shows may contain an EC2 secret. */
function expectNoSecret(run: Run): void {
  expect(run.secrets.length).toBeGreaterThan(0);
  const shown = JSON.stringify({ outcome: run.outcome, error: run.error instanceof Error ? `${run.error.message}\n${run.error.stack}` : run.error, progress: run.progress, logs: run.logs });
  for (const s of run.secrets) expect(shown).not.toContain(s);
}

function withCatalog(profile: SandboxProfile, keep: (type: string) => boolean): SandboxProfile {
  const identity = profile.identity as { catalog: { type: string }[] };
  return { ...profile, identity: { ...identity, catalog: identity.catalog.filter((e) => keep(e.type)) } };
}

describe('scs-0123-swift-s3 (v1) against the sandbox', () => {
  it('PASSes on the compliant profile: S3 on the Swift host lists the Swift containers', async () => {
    const sb = await sandbox(loadProfile('compliant'));
    const run = await runActive(sb, swiftS3);
    expect(run.error).toBeUndefined();
    expect(run.outcome!.verdict).toBe('PASS');
    expect(run.outcome!.evidence).toMatchObject({ s3Endpoint: `${sb.url}/object-store/`, buckets: 2, containers: 3 });
    expect(run.outcome!.findings.map((f) => f.text).join('\n')).toContain('no valid S3 bucket names and that S3 therefore does not list: c1');
    // The host root answered first, with something that is not S3.
    expect(sb.requests.filter((r) => r.path === '/' || r.path === '/object-store/').map((r) => r.path)).toEqual(['/', '/object-store/']);
    expect(ec2Credentials(sb.world).size).toBe(0);
    expect(run.progress.some((m) => /created EC2 credential [0-9a-f]{32} for run run-1234/.test(m))).toBe(true);
    expectNoSecret(run);
  });

  it('works with application-credential auth too', async () => {
    const sb = await sandbox(loadProfile('compliant'));
    const run = await runActive(sb, swiftS3, { auth: 'application-credential' });
    expect(run.outcome!.verdict).toBe('PASS');
    expect(ec2Credentials(sb.world).size).toBe(0);
  });

  it('FAILs on the violations profile: S3 lists a bucket Swift does not have', async () => {
    const sb = await sandbox(loadProfile('violations'));
    const run = await runActive(sb, swiftS3);
    expect(run.outcome!.verdict).toBe('FAIL');
    const error = run.outcome!.findings.find((f) => f.level === 'error')!;
    expect(error.text).toContain('only in S3: legacy-archive');
    expect(error.url).toBe(DOC);
    expect(ec2Credentials(sb.world).size).toBe(0);
    expectNoSecret(run);
  });

  it('FAILs when the Swift host does not answer S3', async () => {
    const p = loadProfile('compliant');
    const sb = await sandbox({ ...p, objectstore: { ...(p.objectstore as object), s3: { swift_s3api: false } } });
    const run = await runActive(sb, swiftS3);
    expect(run.outcome!.verdict).toBe('FAIL');
    expect(run.outcome!.findings[0]!.text).toMatch(/No S3 API answers at the object-store host/);
    expect(ec2Credentials(sb.world).size).toBe(0);
  });

  it('PASSes with a warning when the account has more containers than ListBuckets shows (1000)', async () => {
    const containers = Array.from({ length: 1005 }, (_, i) => ({ name: `bucket-${String(i).padStart(4, '0')}` }));
    const sb = await sandbox({ ...loadProfile('compliant'), objectstore: { containers } });
    const run = await runActive(sb, swiftS3);
    expect(run.outcome!.verdict).toBe('PASS');
    expect(run.outcome!.findings.find((f) => f.level === 'warning')!.text).toContain('listed 1000 buckets');
  });

  it('signs again for the region S3 names when it rejects us-east-1', async () => {
    const p = loadProfile('compliant');
    const sb = await sandbox({ ...p, objectstore: { ...(p.objectstore as object), s3: { region: 'eu-de-1' } } });
    const run = await runActive(sb, swiftS3);
    expect(run.outcome!.verdict).toBe('PASS');
    expect(sb.requests.filter((r) => r.path === '/object-store/').map((r) => r.status)).toEqual([400, 200]);
  });

  it('without object-store: uses object-store-s3, and FAILs when there is no S3 entry either', async () => {
    const noSwift = await sandbox(withCatalog(loadProfile('compliant'), (t) => t !== 'object-store'));
    expect((await runActive(noSwift, swiftS3)).outcome!.verdict).toBe('PASS');
    const none = await sandbox(withCatalog(loadProfile('compliant'), (t) => t !== 'object-store' && t !== 'object-store-s3'));
    const run = await runActive(none, swiftS3);
    expect(run.outcome!.verdict).toBe('FAIL');
    expect(run.outcome!.findings[0]!.text).toMatch(/neither an object-store \(Swift\) nor an object-store-s3/);
    expect(none.requests.some((r) => r.path.includes('OS-EC2'))).toBe(false);
  });

  it('deletes the credential even when the run is cancelled after creating it', async () => {
    const sb = await sandbox(loadProfile('compliant'));
    const run = await runActive(sb, swiftS3, { onProgress: (m, c) => m.startsWith('created') && c.abort() });
    expect(run.outcome?.verdict === 'PASS').toBe(false);
    expect(ec2Credentials(sb.world).size).toBe(0);
    expect(sb.requests.filter((r) => r.method === 'DELETE' && r.path.includes('/credentials/OS-EC2/')).map((r) => r.status)).toEqual([204]);
    expectNoSecret(run);
  });
});

describe('EC2 credentials through the resource ledger', () => {
  it('journals the credential before and after creation and deletes it through the ledger', async () => {
    const sb = await sandbox(loadProfile('compliant'));
    const dir = mkdtempSync(join(tmpdir(), 'scs-ledger-'));
    try {
      const connector = createOpenStackConnector(sandboxCloud(sb));
      const ledger = new Ledger({ runId: 'abcd1234', cloud: 'sandbox', journalDir: dir, kinds: ec2ResourceKinds, client: () => connector.session() });
      const run = await runActive(sb, serviceS3, { ledger: ledger.scope(serviceS3.id) });
      expect(run.outcome!.verdict).toBe('PASS');
      expect(ec2Credentials(sb.world).size).toBe(0);
      expect(ledger.live()).toEqual([]);
      const journal = readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { op: string; kind?: string; name?: string });
      expect(journal.map((e) => e.op)).toEqual(['run', 'intent', 'created', 'deleted']);
      expect(journal[2]).toMatchObject({ kind: 'ec2-credential', name: 'scs-abcd1234-ec2-service-s3' });
      for (const s of run.secrets) expect(JSON.stringify(journal)).not.toContain(s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to its own tracking when the ledger does not know the kind', async () => {
    const sb = await sandbox(loadProfile('compliant'));
    const dir = mkdtempSync(join(tmpdir(), 'scs-ledger-'));
    try {
      const connector = createOpenStackConnector(sandboxCloud(sb));
      const ledger = new Ledger({ runId: 'abcd1235', cloud: 'sandbox', journalDir: dir, kinds: {}, client: () => connector.session() });
      const run = await runActive(sb, serviceS3, { ledger: ledger.scope(serviceS3.id) });
      expect(run.outcome!.verdict).toBe('PASS');
      expect(ec2Credentials(sb.world).size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scs-0123-service-s3 (v2) against the sandbox', () => {
  it('PASSes on the compliant profile: a signed ListBuckets works at the object-store-s3 endpoint', async () => {
    const sb = await sandbox(loadProfile('compliant'));
    const run = await runActive(sb, serviceS3);
    expect(run.outcome!.verdict).toBe('PASS');
    expect(run.outcome!.findings[0]!.text).toContain(`S3 at ${sb.url}/s3/ answered ListBuckets (2 bucket(s))`);
    expect(ec2Credentials(sb.world).size).toBe(0);
    expectNoSecret(run);
  });

  it('FAILs on the violations profile: nothing answers S3 at the catalog endpoint', async () => {
    const sb = await sandbox(loadProfile('violations'));
    const run = await runActive(sb, serviceS3);
    expect(run.outcome!.verdict).toBe('FAIL');
    expect(run.outcome!.findings[0]).toMatchObject({ level: 'error', object: `object-store-s3 endpoint ${sb.url}/s3`, url: DOC });
    expect(run.outcome!.findings[0]!.text).toMatch(/HTTP 404 application\/json, not an S3 answer/);
    expect(ec2Credentials(sb.world).size).toBe(0);
  });

  it('FAILs without a catalog entry, without creating anything', async () => {
    const sb = await sandbox(withCatalog(loadProfile('compliant'), (t) => t !== 'object-store-s3'));
    const run = await runActive(sb, serviceS3);
    expect(run.outcome!.verdict).toBe('FAIL');
    expect(run.outcome!.findings[0]!.expected).toBe('object-store-s3');
    expect(sb.requests.some((r) => r.path.includes('OS-EC2'))).toBe(false);
  });
});
