/** scs-0116-permissions through the CLI against sandbox Barbican (compliant PASS, violations FAIL), nothing left behind. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxCloudsYaml } from '../../src/sandbox/cloud-config.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { sandboxSecrets } from '../../src/sandbox/services/key-manager.js';
import type { SandboxProfile } from '../../src/sandbox/world.js';
import { cli } from '../helpers/cli.js';

interface Report {
  testcases: { id: string; verdict: string; reason?: string; findings: { level: string; text: string; rule?: string; object?: string; url?: string; observed?: unknown }[] }[];
}

let sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
  sandboxes = [];
});

function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

async function runPermissions(profile: SandboxProfile, cloudsYaml?: (yaml: string) => string) {
  const sb = await startSandbox(profile);
  sandboxes.push(sb);
  const dir = tmp('scs-km-');
  const text = sandboxCloudsYaml(sb);
  writeFileSync(join(dir, 'clouds.yaml'), cloudsYaml ? cloudsYaml(text) : text);
  const out = tmp('scs-km-out-');
  const journal = tmp('scs-km-journal-');
  const r = await cli(['check', '--os-cloud', 'sandbox', '-V', 'v5.1', '-t', 'scs-0116-permissions', '--journal-dir', journal, '--output', out, '-f', 'json'], {
    env: { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml') },
  });
  const report = JSON.parse(readFileSync(join(out, 'scs-compatible-iaas.json'), 'utf8')) as Report;
  const tc = report.testcases.find((t) => t.id === 'scs-0116-permissions')!;
  const journals = readdirSync(journal);
  return { sb, r, tc, journals, journalText: journals.map((f) => readFileSync(join(journal, f), 'utf8')).join('') };
}

describe('scs-0116-permissions against the sandbox', () => {
  it('compliant: member stores, finds, reads and deletes a secret; PASS; the secret is gone and the journal closed', async () => {
    const { sb, tc, journals, journalText, r } = await runPermissions(loadProfile('compliant'));
    expect(tc.verdict, JSON.stringify(tc) + r.err).toBe('PASS');
    expect(tc.findings[0]!.text).toMatch(/stored, found, read and deleted a secret/);
    expect(sandboxSecrets(sb.world).size).toBe(0);
    expect(journals.every((f) => f.endsWith('.done.jsonl'))).toBe(true);
    // The secret was named through the ledger, created and deleted.
    expect(journalText).toMatch(/"op":"created","seq":1,"kind":"secret","id":"[0-9a-f-]{36}","name":"scs-[0-9a-f]{8}-member-secret"/);
    expect(journalText).toContain('"op":"deleted"');
  });

  it('violations: member gets 403 from Barbican; FAIL naming the rule, the user and the URL', async () => {
    const { sb, tc } = await runPermissions(loadProfile('violations'));
    expect(tc.verdict).toBe('FAIL');
    const f = tc.findings.find((x) => x.level === 'error')!;
    expect(f.rule).toBe('member must be able to create secrets (Keystone member ≙ Barbican creator)');
    expect(f.text).toMatch(/refused \(403\) to let user scs-tester/);
    expect(f.observed).toMatch(/HTTP 403 for create with roles .*member/);
    expect(f.url).toMatch(/^https:\/\/docs\.scs\.community\/standards\/scs-0116/);
    expect(sandboxSecrets(sb.world).size).toBe(0);
  });

  it('no key-manager in the catalog: PASS with the reason (the standard only recommends offering one)', async () => {
    const p = loadProfile('violations');
    const identity = p.identity as { catalog: { type: string }[] };
    const { tc } = await runPermissions({ ...p, identity: { ...identity, catalog: identity.catalog.filter((e) => e.type !== 'key-manager') } });
    expect(tc.verdict).toBe('PASS');
    expect(tc.findings[0]!.text).toMatch(/no key-manager service/);
  });

  it('a user with admin: ABORT with the shared pre-flight reason, nothing created', async () => {
    const p = loadProfile('compliant');
    const identity = p.identity as { role_assignments: unknown[]; application_credentials: { roles: string[] }[] };
    const { sb, tc } = await runPermissions({
      ...p,
      identity: { ...identity, application_credentials: identity.application_credentials.map((c) => ({ ...c, roles: [...c.roles, 'admin'] })) },
    });
    expect(tc.verdict).toBe('ABORT');
    expect(tc.reason).toMatch(/^pre-flight: the user scs-tester in project scs-test has the role admin; testcases that create objects run only with an ordinary customer account/);
    expect(sandboxSecrets(sb.world).size).toBe(0);
  });

  it('a user without member: ABORT, nothing created', async () => {
    const p = loadProfile('compliant');
    const identity = p.identity as { application_credentials: { roles: string[] }[] };
    const { sb, tc } = await runPermissions({ ...p, identity: { ...identity, application_credentials: identity.application_credentials.map((c) => ({ ...c, roles: ['reader'] })) } });
    expect(tc.verdict).toBe('ABORT');
    expect(tc.reason).toMatch(/^pre-flight: the user scs-tester in project scs-test lacks the role member \(it has: reader\)/);
    expect(sandboxSecrets(sb.world).size).toBe(0);
  });
});
