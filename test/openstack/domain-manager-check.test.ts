/**
 * domain-manager-check through the CLI against real Keystone with the SCS domain-manager policy
 * (test/openstack/keystone-policy.yaml): the managers of osci-domain-a and osci-domain-b log in from
 * clouds.yaml (osci-dom-a-manager, osci-dom-b-manager) and prove each rule of scs-0302; everything
 * they create goes through the ledger and is gone afterwards (checked as admin).
 *
 * The policy file of the test target implements the users, projects, groups, grants, roles and domains
 * rules of the scs-0302 implementation notes, so every rule holds and the testcase PASSes.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cli } from '../helpers/cli.js';
import { passwordLogin, restOk } from './lib/rest.js';
import { ADMIN_PASSWORD, CLOUDS, CLOUDS_YAML, KEYSTONE_V3, SHAPES, USER_PASSWORD } from './lib/target.js';

interface Report {
  testcases: { id: string; verdict: string; reason?: string; findings: { level: string; text: string; rule?: string; object?: string; url?: string; observed?: unknown; expected?: unknown }[]; evidence?: { rulesKept?: string[]; rulesBroken?: string[]; calls?: number } }[];
}

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

describe('domain-manager-check against real Keystone', () => {
  it('proves every rule of the standard, leaves nothing behind, shows no password', async () => {
    const dir = tmp('scs-dm-real-');
    const config = join(dir, 'domain-managers.yaml');
    writeFileSync(
      config,
      stringify({
        clouds_file: CLOUDS_YAML,
        domains: [
          { name: SHAPES.compliant.domain, cloud: CLOUDS.domAManager },
          { name: SHAPES.violations.domain, cloud: CLOUDS.domBManager },
        ],
      }),
    );
    const out = tmp('scs-dm-real-out-');
    const journal = tmp('scs-dm-real-journal-');
    const r = await cli(
      ['check', '--os-cloud', CLOUDS.compliant, '-V', 'v5.1', '-t', 'domain-manager-check', '-a', `domain_manager_config=${config}`, '--journal-dir', journal, '--output', out, '-f', 'json,yaml', '-v'],
      { env: { OS_CLIENT_CONFIG_FILE: CLOUDS_YAML } },
    );
    const text = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    const report = JSON.parse(readFileSync(join(out, 'scs-compatible-iaas.json'), 'utf8')) as Report;
    const tc = report.testcases.find((t) => t.id === 'domain-manager-check')!;
    const errors = tc.findings.filter((f) => f.level === 'error');
    expect(tc.verdict, JSON.stringify(tc.findings.filter((f) => f.level !== 'info'), null, 1) + r.err).toBe('PASS');
    expect(errors).toEqual([]);
    expect(tc.evidence!.rulesBroken).toEqual([]);
    expect(tc.evidence!.rulesKept!.sort()).toEqual(
      ['manager-role', 'own-users', 'own-projects', 'own-groups', 'own-group-membership', 'own-grants', 'foreign-users', 'foreign-projects', 'foreign-groups', 'foreign-grants', 'no-role-creation', 'no-admin-grant'].sort(),
    );

    // nothing with the run's prefix is left in either domain (checked as admin)
    const runId = /run ([0-9a-f]{8})/.exec(r.out + r.err)![1]!;
    const admin = await passwordLogin('admin', 'Default', ADMIN_PASSWORD, { project: 'admin', projectDomain: 'Default' });
    for (const what of ['users', 'projects', 'groups', 'roles']) {
      const res = await restOk<Record<string, { name: string }[]>>('GET', `${KEYSTONE_V3}/${what}`, { token: admin.token });
      expect(res.body[what]!.filter((o) => o.name.startsWith(`scs-${runId}-`)).map((o) => o.name), what).toEqual([]);
    }
    expect(readdirSync(journal).every((f) => f.endsWith('.done.jsonl'))).toBe(true);
    expect(r.out + r.err + text).not.toContain(USER_PASSWORD);
    expect(r.out + r.err + text).not.toContain(ADMIN_PASSWORD);
  });
});
