/**
 * scs-0117-test-backup through the CLI against a sandbox on loopback: PASS with `compliant`, FAIL with
 * `violations` (the backup goes to error) and without a backup API (404), ABORT when not even a volume
 * can be made; afterwards no volume or backup is left (asked through the sandbox's API).
 */
import { describe, expect, it } from 'vitest';
import { listCinderByPrefix } from '../../src/openstack/volumes.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import type { SandboxProfile } from '../../src/sandbox/world.js';
import { checkIaasOnSandbox, sandboxPerTest, sandboxSession } from '../helpers/sandbox.js';

const startSandbox = sandboxPerTest();

async function run(profile: SandboxProfile, extra: string[] = []) {
  const sb = await startSandbox(profile);
  const r = await checkIaasOnSandbox(sb, 'scs-0117', extra);
  return { sb, tc: r.byId.get('scs-0117-test-backup')!, err: r.err };
}

async function leftovers(sb: RunningSandbox): Promise<string[]> {
  const session = await sandboxSession(sb, { auth: 'password' });
  const backups = (sb.world.profile.backup as { api?: boolean }).api === false ? [] : await listCinderByPrefix(session, 'backups', '');
  return [...(await listCinderByPrefix(session, 'volumes', '')), ...backups].map((o) => `${o.name} (${o.status})`);
}

const withBackup = (p: SandboxProfile, b: Record<string, unknown>): SandboxProfile => ({ ...p, backup: { ...(p.backup as object), ...b } });

describe('scs-0117-test-backup against the sandbox', () => {
  it('compliant: volume, backup and restore become available: PASS, and everything is deleted', async () => {
    const { sb, tc, err } = await run(loadProfile('compliant'));
    expect(tc.verdict, JSON.stringify(tc)).toBe('PASS');
    expect(err).toMatch(/waiting for backup scs-[0-9a-f]{8}-backup \(status creating\)/);
    const paths = sb.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{32,36}/g, 'ID')} ${r.status}`);
    expect(paths).toEqual([
      'POST /identity/v3/auth/tokens 201',
      'POST /volume/v3/ID/volumes 202',
      'POST /volume/v3/ID/backups 202',
      'POST /volume/v3/ID/backups/ID/restore 202',
      'DELETE /volume/v3/ID/volumes/ID 202',
      'DELETE /volume/v3/ID/backups/ID 202',
      'DELETE /volume/v3/ID/volumes/ID 202',
    ]);
    expect(await leftovers(sb)).toEqual([]);
  });

  it('violations: the backup goes to error: FAIL naming the backup, the step and the reason', async () => {
    const { sb, tc } = await run(loadProfile('violations'));
    expect(tc.verdict).toBe('FAIL');
    const f = tc.findings.find((x) => x.level === 'error')!;
    expect(f.text).toMatch(/^backing up the volume failed: backup scs-[0-9a-f]{8}-backup \(id [0-9a-f-]{36}\) went to status error: sandbox: no backup driver/);
    expect(f).toMatchObject({ observed: 'status error', expected: 'status available', rule: expect.stringContaining('/v3/{project_id}/backups MUST'), url: expect.stringMatching(/^https:/) });
    expect(await leftovers(sb)).toEqual([]);
  });

  it('no backup API (404): FAIL with the rule, and the volume is deleted', async () => {
    const { sb, tc } = await run(withBackup(loadProfile('compliant'), { api: false }));
    expect(tc.verdict).toBe('FAIL');
    const f = tc.findings.find((x) => x.level === 'error')!;
    expect(f.text).toMatch(/could not be created because the API is not offered/);
    expect(f.observed).toMatch(/answered 404/);
    expect(await leftovers(sb)).toEqual([]);
  });

  it('no block-storage service in the catalog: FAIL naming the catalog', async () => {
    const p = loadProfile('compliant');
    const identity = structuredClone(p.identity) as { catalog: { type: string }[] };
    identity.catalog = identity.catalog.filter((s) => !['block-storage', 'volumev3', 'volume'].includes(s.type));
    const { tc } = await run({ ...p, identity });
    expect(tc.verdict).toBe('FAIL');
    expect(tc.findings[0]).toMatchObject({ object: 'the service catalog of the token', expected: 'block-storage' });
  });

  it('--no-create: MISSING with the reason, and not one call that creates', async () => {
    const { sb, tc } = await run(loadProfile('compliant'), ['--no-create']);
    expect(tc.verdict).toBe('MISSING');
    expect(tc.reason).toMatch(/creat/);
    expect(sb.requests.filter((r) => r.method === 'POST' && !r.path.includes('/auth/'))).toEqual([]);
  });
});
