/**
 * The CLI against the real services: `scs-compliance check --scope iaas --version v5.1` for the seeded
 * `compliant` cloud (password and application credential) and the `violations` cloud, each testcase's
 * verdict asserted against what the seed makes true (test/openstack/shapes.ts).
 *
 * Left out of the runs with --tests (the services cannot support them honestly):
 *   scs-0101-*            boots a VM: there is no nova-compute, conductor or scheduler
 *   scs-0117-test-backup  needs cinder-volume and cinder-backup: only cinder-api runs
 *   domain-manager-check  a manual testcase; domain-manager.test.ts tests the persona directly
 * Testcases whose built-in implementation does not exist yet run as the scope's external script and
 * ABORT with "no built-in implementation": accepted as that and listed, and checked against the table
 * as soon as they are implemented.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateImageShape } from './seed.js';
import { MANDATORY_FLAVORS, RECOMMENDED_FLAVORS, flavorTestcase } from './shapes.js';
import { passwordLogin, restOk } from './lib/rest.js';
import { CATALOG, CLOUDS, CLOUDS_YAML, KEYSTONE_V3, SECRETS_JSON, SHAPES, USER_PASSWORD } from './lib/target.js';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '..', '..');
const CLI = join(REPO, 'bin', 'scs-compliance.js');
const TESTS = '(?!scs-0101-|scs-0117-|domain-manager-check)';

type Verdict = 'PASS' | 'FAIL' | 'ABORT' | 'MISSING';
/** One verdict, or the verdicts that are all honest answers of the service. */
type Expected = Verdict | Verdict[];

interface ReportTestcase {
  id: string;
  verdict: Verdict;
  reason?: string;
  findings: { level: string; text: string }[];
}

interface CliRun {
  code: number;
  output: string;
  reportText: string;
  testcases: ReportTestcase[];
}

const IMAGE_PROPS = [
  'architecture',
  'hash_algo',
  'hotfix_hours',
  'hw_disk_bus',
  'hw_rng_model',
  'hypervisor_type',
  'image_build_date',
  'image_description',
  'image_original_user',
  'image_source',
  'min_disk',
  'min_ram',
  'os_distro',
  'os_purpose',
  'os_version',
  'provided_until',
  'replace_frequency',
  'uuid_validity',
];
const SOURCES = ['capi-1', 'capi-2', 'debian-11', 'debian-12', 'debian-13', 'ubuntu-2004', 'ubuntu-2204', 'ubuntu-2404'];
const SERVICES = ['compute', 'identity', 'image', 'load-balancer', 'network', 'placement'];

/** What the compliant seed makes true (password login). */
function compliantExpectations(): Record<string, Verdict> {
  const e: Record<string, Verdict> = {
    'scs-0100-syntax-check': 'PASS',
    'scs-0100-semantics-check': 'PASS',
    'scs-0102-image-recency': 'PASS',
    'scs-0102-os_purpose-uniqueness': 'PASS',
    'scs-0104-image-ubuntu-2404': 'PASS',
    'scs-0104-image-capi-2': 'PASS',
    'scs-0104-image-debian-12': 'PASS',
    'scs-0114-syntax-check': 'PASS',
    'scs-0114-encrypted-type': 'PASS',
    'scs-0114-replicated-type': 'PASS',
    // Neutron Zed has no default-security-group-rules API: the testcase creates a security group, which
    // gets Neutron's coded defaults (egress IPv4 + IPv6, no ingress), and deletes it
    'scs-0115-default-rules': 'PASS',
    'scs-0116-presence': 'PASS',
    // member may store secrets in Barbican (enforce_new_defaults)
    'scs-0116-permissions': 'PASS',
    'scs-0123-storage-apis': 'PASS',
    // S3 on the Swift proxy, with an EC2 credential the password login may create
    'scs-0123-swift-s3': 'PASS',
    'availability-zones-check': 'MISSING',
    'key-manager-docs-check': 'MISSING',
  };
  for (const p of IMAGE_PROPS) e[`scs-0102-prop-${p}`] = 'PASS';
  for (const [name] of [...MANDATORY_FLAVORS, ...RECOMMENDED_FLAVORS]) e[flavorTestcase(name)] = 'PASS';
  for (const s of SOURCES) e[`scs-0104-source-${s}`] = 'PASS';
  for (const s of SERVICES) e[`scs-0123-service-${s}`] = 'PASS';
  return e;
}

/**
 * Application credentials: Keystone refuses them EC2 credentials ("Delegated tokens cannot access
 * credentials directly") and then the buckets cannot be compared (ABORT). But this Keystone (Zed,
 * Debian, in-process token cache) sometimes lets the create through and refuses only the delete; then
 * the comparison runs and passes. Both are honest outcomes of what the service did.
 */
function appcredExpectations(): Record<string, Expected> {
  return { ...compliantExpectations(), 'scs-0123-swift-s3': ['ABORT', 'PASS'] };
}

function violationsExpectations(): Record<string, Verdict> {
  const e = compliantExpectations();
  // every mandatory and recommended standard flavor is missing or wrong, except SCS-1V-4
  for (const [name] of [...MANDATORY_FLAVORS, ...RECOMMENDED_FLAVORS]) e[flavorTestcase(name)] = 'FAIL';
  e['scs-0103-flavor-1v-4'] = 'PASS';
  e['scs-0100-syntax-check'] = 'FAIL'; // SCS-2iT-4-10n
  e['scs-0100-semantics-check'] = 'FAIL'; // SCS-8V-32-50s with 4 vCPUs
  // osci-b-broken breaks every property rule; hash_algo is set by Glance, hotfix_hours is optional
  for (const p of IMAGE_PROPS) e[`scs-0102-prop-${p}`] = 'FAIL';
  e['scs-0102-prop-hash_algo'] = 'PASS';
  e['scs-0102-prop-hotfix_hours'] = 'PASS';
  e['scs-0102-image-recency'] = 'FAIL'; // stale "Ubuntu 22.04", not marked, no replacement
  e['scs-0104-image-ubuntu-2404'] = 'FAIL';
  e['scs-0104-image-capi-2'] = 'FAIL';
  e['scs-0104-source-debian-12'] = 'FAIL';
  e['scs-0114-syntax-check'] = 'FAIL';
  // "encrypted" and "replicated" appear only in a malformed aspect list
  e['scs-0114-encrypted-type'] = 'FAIL';
  e['scs-0114-replicated-type'] = 'FAIL';
  e['scs-0123-service-load-balancer'] = 'FAIL'; // Keystone endpoint filter hides Octavia from this project
  return e;
}

async function check(cloud: string): Promise<CliRun> {
  const out = mkdtempSync(join(tmpdir(), 'osci-cli-'));
  try {
    const args = [CLI, 'check', '--scope', 'iaas', '--os-cloud', cloud, '--version', 'v5.1', '--tests', TESTS, '--format', 'json', '--output', out];
    let code = 0;
    let output = '';
    try {
      const res = await run(process.execPath, args, { cwd: REPO, env: { ...process.env, OS_CLIENT_CONFIG_FILE: CLOUDS_YAML }, maxBuffer: 64 * 1024 * 1024 });
      output = res.stdout + res.stderr;
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      code = typeof e.code === 'number' ? e.code : -1;
      output = (e.stdout ?? '') + (e.stderr ?? '');
    }
    const reportPath = join(out, 'scs-compatible-iaas.json');
    if (!existsSync(reportPath)) throw new Error(`no JSON report (exit ${code}): ${output.slice(-2000)}`);
    const reportText = readFileSync(reportPath, 'utf8');
    const report = JSON.parse(reportText) as { testcases: ReportTestcase[] };
    return { code, output, reportText, testcases: report.testcases };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const pending = new Set<string>();

/** Every testcase of the report has the expected verdict (or is honestly not implemented yet). */
function expectVerdicts(result: CliRun, expected: Record<string, Expected>): void {
  const got = Object.fromEntries(result.testcases.map((t) => [t.id, t]));
  expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
  const wrong: string[] = [];
  for (const [id, expect1] of Object.entries(expected)) {
    const want = Array.isArray(expect1) ? expect1 : [expect1];
    const t = got[id]!;
    const why = t.reason ?? t.findings.find((f) => f.level === 'error')?.text ?? '';
    if (t.verdict === 'ABORT' && /no built-in implementation/.test(why) && !want.includes('ABORT')) {
      pending.add(id);
      continue;
    }
    if (!want.includes(t.verdict)) {
      const said = why || t.findings.map((f) => `${f.level}: ${f.text}`).join(' | ');
      wrong.push(`${id}: ${t.verdict}, expected ${want.join(' or ')}${said ? ` (${said.slice(0, 600)})` : ''}`);
    }
  }
  expect(wrong).toEqual([]);
  for (const t of result.testcases) {
    if (t.verdict === 'FAIL') expect(t.findings.some((f) => f.level === 'error'), `${t.id} FAIL has an error finding`).toBe(true);
    if (t.verdict === 'ABORT') expect((t.reason ?? t.findings.map((f) => f.text).join('')).length, `${t.id} ABORT has a reason`).toBeGreaterThan(0);
  }
}

function readSecrets(): string[] {
  const s = JSON.parse(readFileSync(SECRETS_JSON, 'utf8')) as Record<string, { appcred?: { secret: string }; ec2?: { secret: string } }>;
  return [USER_PASSWORD, ...Object.values(s).flatMap((x) => [x.appcred?.secret, x.ec2?.secret].filter((v): v is string => !!v))];
}

function expectNoSecrets(result: CliRun): void {
  for (const secret of readSecrets()) {
    expect(result.output.includes(secret), 'a secret in the CLI output').toBe(false);
    expect(result.reportText.includes(secret), 'a secret in the JSON report').toBe(false);
  }
}

beforeAll(async () => {
  // the CLI runs compiled (bin/ needs dist/), as users and the scope's external scripts run it
  await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO }).catch(() => undefined);
  if (!existsSync(join(REPO, 'dist', 'src', 'cli', 'entry.js'))) throw new Error('npm run build did not produce dist/src/cli/entry.js');
  await activateImageShape('compliant');
}, 300_000);

/** EC2 credentials a run left behind (see appcredExpectations), deleted with the member's password. */
async function deleteStrayEc2Credentials(): Promise<void> {
  const seeded = JSON.parse(readFileSync(SECRETS_JSON, 'utf8')) as Record<string, { ec2?: { access: string } }>;
  const keep = new Set(Object.values(seeded).map((x) => x.ec2?.access));
  for (const shape of [SHAPES.compliant, SHAPES.violations]) {
    const login = await passwordLogin(shape.member, shape.domain, USER_PASSWORD, { project: shape.project, projectDomain: shape.domain });
    const uid = login.body.token.user.id;
    const list = await restOk<{ credentials: { access: string }[] }>('GET', `${KEYSTONE_V3}/users/${uid}/credentials/OS-EC2`, { token: login.token });
    for (const c of list.body.credentials) {
      if (!keep.has(c.access)) await restOk('DELETE', `${KEYSTONE_V3}/users/${uid}/credentials/OS-EC2/${c.access}`, { token: login.token, expect: [204, 404] });
    }
  }
}

/** Security groups named by one of our runs (`scs-<runid>-…`) still in the shape's project. */
async function leftoverSecurityGroups(shape: (typeof SHAPES)[keyof typeof SHAPES]): Promise<string[]> {
  const login = await passwordLogin(shape.member, shape.domain, USER_PASSWORD, { project: shape.project, projectDomain: shape.domain });
  const neutron = CATALOG.find((c) => c.type === 'network')!.url;
  const list = await restOk<{ security_groups: { name: string }[] }>('GET', `${neutron}/v2.0/security-groups`, { token: login.token });
  return list.body.security_groups.map((g) => g.name).filter((n) => /^scs-[0-9a-f]{8}-/.test(n));
}

afterAll(async () => {
  await deleteStrayEc2Credentials();
  await activateImageShape('compliant');
  if (pending.size > 0) console.warn(`testcases without a built-in implementation yet (accepted as ABORT): ${[...pending].sort().join(', ')}`);
});

describe('scs-compliance check --scope iaas --version v5.1 against real OpenStack', () => {
  // The testcases left out with --tests count as MISSING, which ranks below ABORT: a partial run of a
  // compliant cloud therefore exits 1 too, and the summary line tells it apart from a failing one.
  it('compliant, password: every decidable testcase passes; only what --tests left out is missing', async () => {
    const result = await check(CLOUDS.compliant);
    expectVerdicts(result, compliantExpectations());
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/main: MISSING \(\d+ passed, 0 failed, \d+ aborted, 3 missing\)/);
    expectNoSecrets(result);
    // scs-0115-default-rules created a security group (no default-rules API in Zed) and deleted it
    expect(await leftoverSecurityGroups(SHAPES.compliant)).toEqual([]);
  });

  it('compliant, application credential: the same verdicts, except that S3 cannot be compared without an EC2 credential', async () => {
    const result = await check(CLOUDS.compliantAppcred);
    expectVerdicts(result, appcredExpectations());
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/main: MISSING \(\d+ passed, 0 failed, \d+ aborted, 3 missing\)/);
    expectNoSecrets(result);
  });

  it('violations: each seeded violation FAILs, with exit 1', async () => {
    await activateImageShape('violations');
    try {
      const result = await check(CLOUDS.violations);
      expectVerdicts(result, violationsExpectations());
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/main: FAIL \(\d+ passed, [1-9]\d* failed/);
      expectNoSecrets(result);
      expect(await leftoverSecurityGroups(SHAPES.violations)).toEqual([]);
    } finally {
      await activateImageShape('compliant');
    }
  });
});
