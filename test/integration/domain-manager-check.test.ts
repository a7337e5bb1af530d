/**
 * domain-manager-check through the CLI against the sandbox's Keystone with the domain-manager policy:
 * compliant PASSes with every rule proved, violations FAILs on granting admin; nothing with the run's
 * prefix remains in the sandbox; the managers' passwords appear in no output (canary).
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { sandboxCloudsYaml } from '../../src/sandbox/cloud-config.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { identityObjectsNamed } from '../../src/sandbox/services/identity-admin.js';
import type { SandboxProfile } from '../../src/sandbox/world.js';
import { cli } from '../helpers/cli.js';

interface Finding {
  level: string;
  text: string;
  rule?: string;
  object?: string;
  url?: string;
  observed?: unknown;
  expected?: unknown;
}
interface Report {
  testcases: { id: string; verdict: string; reason?: string; findings: Finding[]; evidence?: { rulesKept?: string[]; rulesBroken?: string[]; calls?: number } }[];
}

let sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
  sandboxes = [];
});

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

type Managers = { domain: string; user: string; password: string }[];
const MANAGERS: Managers = [
  { domain: 'scs-domain-a', user: 'scs-domain-a-manager', password: 'sandbox-fake-dm-a-password' },
  { domain: 'scs-domain-b', user: 'scs-domain-b-manager', password: 'sandbox-fake-dm-b-password' },
];

/** Runs the check with a config of inline credentials (or clouds.yaml clouds when `viaClouds`). */
async function runCheck(profile: SandboxProfile, opts: { managers?: Managers; viaClouds?: boolean; config?: string | null } = {}) {
  const sb = await startSandbox(profile);
  sandboxes.push(sb);
  const dir = tmp('scs-dm-');
  const authUrl = `${sb.url}/identity/v3`;
  const managers = opts.managers ?? MANAGERS;
  const clouds = parseClouds(sandboxCloudsYaml(sb));
  if (opts.viaClouds) {
    managers.forEach((m, i) => {
      clouds.clouds[`dm-${i}`] = { auth: { auth_url: authUrl, username: m.user, password: m.password, user_domain_name: m.domain, project_name: 'ignored-project', project_domain_name: m.domain }, region_name: 'RegionOne' };
    });
  }
  writeFileSync(join(dir, 'clouds.yaml'), stringify(clouds));
  const config =
    opts.config !== undefined
      ? opts.config
      : stringify({
          ...(opts.viaClouds ? { clouds_file: 'clouds.yaml' } : {}),
          domains: managers.map((m, i) =>
            opts.viaClouds ? { name: m.domain, cloud: `dm-${i}` } : { name: m.domain, auth: { auth_url: authUrl, username: m.user, password: m.password, user_domain_name: m.domain } },
          ),
        });
  const args = ['check', '--os-cloud', 'sandbox', '-V', 'v5.1', '-t', 'domain-manager-check', '--journal-dir', tmp('scs-dm-journal-'), '--output', tmp('scs-dm-out-'), '-v'];
  if (config !== null) {
    writeFileSync(join(dir, 'dm.yaml'), config);
    args.push('-a', `domain_manager_config=${join(dir, 'dm.yaml')}`);
  }
  const r = await cli(args, { env: { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml') } });
  const out = args[args.indexOf('--output') + 1]!;
  const files = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8'));
  const report = JSON.parse(readFileSync(join(out, 'scs-compatible-iaas.json'), 'utf8')) as Report;
  const journalDir = args[args.indexOf('--journal-dir') + 1]!;
  const journal = readdirSync(journalDir).map((f) => readFileSync(join(journalDir, f), 'utf8')).join('');
  return { sb, r, tc: report.testcases.find((t) => t.id === 'domain-manager-check')!, everything: r.out + r.err + files.join('\n') + journal, journal };
}

function parseClouds(text: string): { clouds: Record<string, unknown> } {
  return parse(text) as { clouds: Record<string, unknown> };
}

const ALL_RULES = ['manager-role', 'own-users', 'own-projects', 'own-groups', 'own-group-membership', 'own-grants', 'foreign-users', 'foreign-projects', 'foreign-groups', 'foreign-grants', 'no-role-creation', 'no-admin-grant'];

describe('domain-manager-check against the sandbox', () => {
  it('compliant: PASS, every rule proved, nothing of the run left, journal closed', async () => {
    const { sb, tc, r, journal } = await runCheck(loadProfile('compliant'));
    expect(tc.verdict, JSON.stringify(tc.findings.filter((f) => f.level !== 'info'), null, 1) + r.err).toBe('PASS');
    expect(tc.evidence!.rulesKept!.sort()).toEqual([...ALL_RULES].sort());
    expect(tc.evidence!.rulesBroken).toEqual([]);
    expect(tc.evidence!.calls).toBeGreaterThan(50);
    expect(tc.findings.filter((f) => f.level === 'info').map((f) => f.rule)).toHaveLength(ALL_RULES.length);
    expect(identityObjectsNamed(sb.world, 'scs-').filter((n) => /^\w+ scs-[0-9a-f]{8}-/.test(n))).toEqual([]);
    // every created object went through the ledger (users, projects, groups, memberships, grants)
    for (const kind of ['user', 'project', 'group', 'group-membership', 'role-assignment']) expect(journal).toMatch(new RegExp(`"op":"created","seq":\\d+,"kind":"${kind}"`));
    expect(journal).toContain('"op":"closed"');
  });

  it('compliant, managers from clouds.yaml clouds with project scope: the session is scoped to the domain anyway', async () => {
    const { tc } = await runCheck(loadProfile('compliant'), { viaClouds: true });
    expect(tc.verdict, JSON.stringify(tc.findings.filter((f) => f.level !== 'info'))).toBe('PASS');
  });

  it('violations: FAIL on granting admin, naming the object, rule, observed and expected value, URL; the admin grants are revoked', async () => {
    const { sb, tc } = await runCheck(loadProfile('violations'));
    expect(tc.verdict).toBe('FAIL');
    expect(tc.evidence!.rulesBroken).toEqual(['no-admin-grant']);
    const errors = tc.findings.filter((f) => f.level === 'error');
    expect(errors.length).toBe(4); // admin on a project and on the domain, by each of two managers
    for (const f of errors) {
      expect(f.rule).toBe('a domain manager must not grant the admin role');
      expect(f.object).toMatch(/^role admin for (user|group) scs-[0-9a-f]{8}-dm-[ab]-(user|group) \(id [0-9a-f]{32}\) on (project scs-[0-9a-f]{8}-dm-[ab]-project \(id [0-9a-f]{32}\)|domain scs-domain-[ab] \(id [0-9a-f]{32}\))$/);
      expect(f.observed).toBe('HTTP 204');
      expect(f.expected).toBe('refused (403)');
      expect(f.url).toBe('https://docs.scs.community/standards/scs-0302-v1-domain-manager-role#conformance-tests');
      expect(f.text).toMatch(/^PUT \/v3\/(projects|domains)\/.* by manager scs-domain-[ab]-manager \(id [0-9a-f]{32}\) of domain scs-domain-[ab] was not refused/);
    }
    expect(identityObjectsNamed(sb.world, 'scs-').filter((n) => /^\w+ scs-[0-9a-f]{8}-/.test(n))).toEqual([]);
  });

  it('not configured: ABORT that says how to configure it', async () => {
    const { tc } = await runCheck(loadProfile('compliant'), { config: null });
    expect(tc.verdict).toBe('ABORT');
    expect(tc.reason).toMatch(/^not configured: .*-a domain_manager_config=<file>/);
  });

  it('a config with one domain: ABORT naming the file and what is expected', async () => {
    const { tc } = await runCheck(loadProfile('compliant'), { config: stringify({ domains: [{ name: 'scs-domain-a', cloud: 'x' }] }) });
    expect(tc.verdict).toBe('ABORT');
    expect(tc.reason).toMatch(/dm\.yaml: "domains" must list at least two domains/);
  });

  it('a user without manager: ABORT saying how to grant it', async () => {
    const p = loadProfile('compliant');
    const identity = p.identity as { role_assignments: unknown[] };
    const profile = { ...p, identity: { ...identity, role_assignments: [...identity.role_assignments, { user: 'scs-tester', domain: 'Default', role: 'reader' }] } };
    const managers = [MANAGERS[0]!, { domain: 'Default', user: 'scs-tester', password: 'sandbox-fake-password' }];
    const { tc } = await runCheck(profile, { managers });
    expect(tc.verdict).toBe('ABORT');
    expect(tc.reason).toMatch(/^the manager scs-tester \(id [0-9a-f]{32}\) of domain Default does not hold the role manager on its domain \(token roles: reader\): grant it, e.g. openstack role add --user <user> --domain Default manager$/);
  });

  it('a user who cannot log in domain-scoped: ABORT with Keystone\'s refusal', async () => {
    const managers = [MANAGERS[0]!, { domain: 'Default', user: 'scs-tester', password: 'sandbox-fake-password' }];
    const { tc } = await runCheck(loadProfile('compliant'), { managers });
    expect(tc.verdict).toBe('ABORT');
    expect(tc.reason).toMatch(/^could not log in the domain managers: Keystone rejected the credentials of cloud "domain manager of Default"/);
  });

  it('canary: a wrong manager password appears in no output, report or journal', async () => {
    const canary = 'CANARY-dm-password-5b2f81';
    const { tc, everything } = await runCheck(loadProfile('compliant'), { managers: [MANAGERS[0]!, { ...MANAGERS[1]!, password: canary }] });
    expect(tc.verdict).toBe('ABORT');
    expect(tc.reason).toMatch(/Keystone rejected the credentials/);
    expect(everything).not.toContain(canary);
  });

  it('canary: the right passwords appear in no output either', async () => {
    const { tc, everything } = await runCheck(loadProfile('compliant'));
    expect(tc.verdict).toBe('PASS');
    for (const m of MANAGERS) expect(everything).not.toContain(m.password);
  });
});

describe('check --sandbox (in-process): the sandbox supplies its own domain managers', () => {
  it('compliant PASSes and violations FAILs on no-admin-grant without any configuration', async () => {
    for (const [profile, verdict] of [['compliant', 'PASS'], ['violations', 'FAIL']] as const) {
      const out = tmp('scs-dm-out-');
      const r = await cli(['check', '--sandbox', profile, '-V', 'v5.1', '-t', 'domain-manager-check', '--journal-dir', tmp('scs-dm-journal-'), '--output', out, '-f', 'json']);
      const report = JSON.parse(readFileSync(join(out, 'scs-compatible-iaas.json'), 'utf8')) as Report;
      const tc = report.testcases.find((t) => t.id === 'domain-manager-check')!;
      expect(tc.verdict, r.out + r.err).toBe(verdict);
      if (verdict === 'FAIL') expect(tc.evidence!.rulesBroken).toEqual(['no-admin-grant']);
      expect(r.out + r.err + readFileSync(join(out, 'scs-compatible-iaas.json'), 'utf8')).not.toContain('sandbox-fake-dm-');
    }
  });
});
