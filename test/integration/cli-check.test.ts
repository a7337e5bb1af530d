import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { sandboxCloudsYaml } from '../../src/sandbox/cloud-config.js';
import { cli } from '../helpers/cli.js';

function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

interface JsonReport {
  testcases: { id: string; verdict: string; reason?: string; findings: { level: string; text: string; url?: string; object?: string }[] }[];
  versions: { version: string; verdict: string }[];
}

function readJson(dir: string): JsonReport {
  return JSON.parse(readFileSync(join(dir, 'scs-compatible-iaas.json'), 'utf8')) as JsonReport;
}

describe('check --sandbox (in-process sandbox)', () => {
  it('compliant: v5.1 passes, exit 0, every report format written, SCS YAML in the monitor shape', async () => {
    const out = tmp('scs-out-');
    const r = await cli(['check', '--sandbox', '-V', 'v5.1', '--output', out]);
    const report = readJson(out);
    const notPass = report.testcases.filter((t) => t.verdict !== 'PASS' && t.verdict !== 'MISSING');
    expect(notPass.map((t) => `${t.id}: ${t.verdict} ${t.reason ?? t.findings[0]?.text ?? ''}`)).toEqual([]);
    expect(r.code, r.out + r.err).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(expect.arrayContaining(['scs-compatible-iaas.yaml', 'scs-compatible-iaas.json', 'scs-compatible-iaas.junit.xml', 'scs-compatible-iaas.md', 'badge-scs-compatible-iaas-v5.1.svg']));
    const yamlText = readFileSync(join(out, 'scs-compatible-iaas.yaml'), 'utf8');
    expect(yamlText.startsWith('---')).toBe(true);
    const docs = parseAllDocuments(yamlText);
    expect(docs).toHaveLength(1);
    const doc = docs[0]!.toJS() as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['spec', 'checked_at', 'reference_date', 'subject', 'run']);
    const run = doc.run as { uuid: string; invocations: Record<string, { results: Record<string, number> }> };
    const results = Object.values(run.invocations).flatMap((i) => Object.entries(i.results));
    expect(results.length).toBeGreaterThan(40);
    for (const [, v] of results) expect([1, 0, -1]).toContain(v);
    expect(doc.subject).toBe('sandbox');
  });

  it('violations: exit 1, failures first, each FAIL names object, rule and URL', async () => {
    const out = tmp('scs-out-');
    const r = await cli(['check', '--sandbox', 'violations', '-V', 'v5.1', '--output', out]);
    expect(r.code).toBe(1);
    const report = readJson(out);
    const fails = report.testcases.filter((t) => t.verdict === 'FAIL');
    expect(fails.length).toBeGreaterThanOrEqual(10);
    for (const f of fails) {
      const err = f.findings.filter((x) => x.level === 'error');
      expect(err.length, f.id).toBeGreaterThan(0);
      expect(err.some((x) => typeof x.url === 'string' && x.url.startsWith('http')), `${f.id} has a URL`).toBe(true);
    }
    // Failures come before the version summary lines in the console output.
    const firstFail = r.out.indexOf(fails[0]!.id);
    const summary = r.out.indexOf('v5.1 (effective)');
    expect(firstFail).toBeGreaterThanOrEqual(0);
    expect(summary).toBeGreaterThan(firstFail);
  });
});

describe('check against a sandbox served on loopback through clouds.yaml', () => {
  let sb: RunningSandbox;
  let configDir: string;
  beforeAll(async () => {
    sb = await startSandbox(loadProfile('compliant'));
    configDir = tmp('scs-cfg-');
    writeFileSync(join(configDir, 'clouds.yaml'), sandboxCloudsYaml(sb));
  });
  afterAll(async () => sb.close());

  it('password auth through OS_CLIENT_CONFIG_FILE: read-only testcases pass', async () => {
    const out = tmp('scs-out-');
    const r = await cli(['check', '--os-cloud', 'sandbox', '-V', 'v5.1', '-t', 'scs-0123|scs-0100|scs-0103', '--output', out], {
      env: { OS_CLIENT_CONFIG_FILE: join(configDir, 'clouds.yaml') },
    });
    expect(r.code, r.out + r.err).toBe(1); // partial run: the rest of v5.1 is MISSING
    const report = readJson(out);
    expect(report.testcases.length).toBeGreaterThan(30);
    expect(report.testcases.filter((t) => t.verdict !== 'PASS').map((t) => t.id)).toEqual([]);
  });

  it('a wrong password: every testcase ABORTs with Keystone\'s refusal, exit 2, and the password appears nowhere', async () => {
    const canary = 'CANARY-wrong-pw-7c1e99';
    const text = sandboxCloudsYaml(sb, 'sandbox', { auth: 'password' }).replace(/password: .*/, `password: ${canary}`);
    expect(text).toContain(canary);
    const dir = tmp('scs-cfg-');
    writeFileSync(join(dir, 'clouds.yaml'), text);
    const out = tmp('scs-out-');
    const r = await cli(['check', '--os-cloud', 'sandbox', '-V', 'v5.1', '-t', 'scs-0123', '--output', out], { env: { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml') } });
    expect(r.code, r.out + r.err).toBe(1); // partial run: MISSING outranks ABORT
    const report = readJson(out);
    const selected = report.testcases.filter((t) => t.id.startsWith('scs-0123'));
    expect(selected.length).toBeGreaterThan(5);
    for (const t of selected) {
      expect(t.verdict).toBe('ABORT');
      expect(t.reason).toMatch(/credentials|401|authenticat/i);
    }
    const everything = r.out + r.err + readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    expect(everything).not.toContain(canary);
  });

  it('an unreachable auth URL ABORTs with the reason', async () => {
    const dir = tmp('scs-cfg-');
    const text = sandboxCloudsYaml(sb).replace(/auth_url: .*/, 'auth_url: http://127.0.0.1:9/identity/v3');
    writeFileSync(join(dir, 'clouds.yaml'), text);
    const out = tmp('scs-out-');
    const r = await cli(['check', '--os-cloud', 'sandbox', '-V', 'v5.1', '-t', 'scs-0123-service-compute', '--output', out], { env: { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml') } });
    const report = readJson(out);
    expect(report.testcases.find((t) => t.id === 'scs-0123-service-compute')!.verdict).toBe('ABORT');
    expect(report.testcases.find((t) => t.id === 'scs-0123-service-compute')!.reason).toMatch(/127\.0\.0\.1:9|refused|reach/i);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});

describe('bad input: one clear line, exit 3, no stack trace', () => {
  it('no clouds.yaml anywhere', async () => {
    const r = await cli(['check', '--os-cloud', 'nope', '-V', 'v5.1']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/clouds\.yaml/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('an unknown cloud name lists the clouds there are', async () => {
    const cwd = tmp('scs-cwd-');
    writeFileSync(join(cwd, 'clouds.yaml'), 'clouds:\n  alpha:\n    auth:\n      auth_url: http://127.0.0.1:9/v3\n      username: u\n      password: p\n  beta:\n    auth:\n      auth_url: http://127.0.0.1:9/v3\n');
    const r = await cli(['check', '--os-cloud', 'gamma', '-V', 'v5.1'], { cwd });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/gamma/);
    expect(r.err).toMatch(/alpha/);
    expect(r.err).toMatch(/beta/);
  });

  it('a malformed clouds.yaml', async () => {
    const cwd = tmp('scs-cwd-');
    writeFileSync(join(cwd, 'clouds.yaml'), 'clouds:\n  a: [unclosed\n');
    const r = await cli(['check', '--os-cloud', 'a', '-V', 'v5.1'], { cwd });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/clouds\.yaml/);
    expect(r.err.trim().split('\n').length).toBeLessThanOrEqual(3);
  });

  it('a malformed scope file names file, line and column', async () => {
    const dir = tmp('scs-scope-');
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'uuid: 1\nname: Bad\nversions:\n  - version: v1\n    include: [nowhere]\n    colour: red\n');
    const r = await cli(['check', '--scope', f]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/bad\.yaml:\d+:\d+/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('bad arguments', async () => {
    expect((await cli(['check', '--date', '2026-13-45'])).code).toBe(3);
    expect((await cli(['check', '--concurrency', 'zero'])).code).toBe(3);
    expect((await cli(['check', '--format', 'pdf'])).code).toBe(3);
    expect((await cli(['check', '-V', 'v99', '--sandbox'])).err).toMatch(/v5\.1/);
    expect((await cli(['check', '--bogus'])).code).toBe(3);
  });
});

describe('plan, list, validate, help', () => {
  it('plan --json lists versions and testcases with their kind', async () => {
    const r = await cli(['plan', '--json', '-V', 'v5.1', '-V', 'v4']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out) as { versions: { version: string }[]; testcases: { id: string; version: string; target: string; kind: string }[] };
    expect(p.versions.map((v) => v.version).sort()).toEqual(['v4', 'v5.1']);
    const main51 = p.testcases.filter((t) => t.version === 'v5.1' && t.target === 'main');
    expect(main51).toHaveLength(54);
    expect(p.testcases.find((t) => t.id === 'scs-0100-syntax-check')!.kind).toBe('builtin');
  });

  it('plan by date picks the timeline entry', async () => {
    const r = await cli(['plan', '--json', '--date', '2026-11-23']);
    const p = JSON.parse(r.out) as { versions: { version: string; validity: string }[] };
    expect(p.versions).toEqual(expect.arrayContaining([{ version: 'v5.1', validity: 'effective', forced: false }]));
  });

  it('list and validate', async () => {
    expect((await cli(['list', 'scopes'])).out).toMatch(/iaas.*SCS-compatible IaaS/);
    expect((await cli(['list', 'versions'])).out).toMatch(/v5\.1/);
    expect((await cli(['list', 'testcases', '--scope', 'kaas'])).out).toMatch(/version-policy-check/);
    const dir = tmp('scs-scope-');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'bad.yaml'), 'name: x\nversions: 3\n');
    const v = await cli(['validate', join(dir, 'bad.yaml')]);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/bad\.yaml:\d+:\d+/);
  });

  it('flavor-name explains names, JSON on request, exit 1 for an invalid one', async () => {
    const ok = await cli(['flavor-name', 'SCS-2V-4-20s']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/SCS-2V-4-20s: valid/);
    const json = await cli(['flavor-name', '--json', 'SCS-2V:4:10', 'SCS-2iT-4']);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.out) as { name: string; valid: boolean; tolerated: string | null; canonical: string | null; spec: Record<string, unknown> | null }[];
    expect(parsed.map((p) => [p.name, p.valid, p.tolerated, p.canonical])).toEqual([
      ['SCS-2V:4:10', true, 'v1', 'SCS-2V-4-10'],
      ['SCS-2iT-4', false, null, null],
    ]);
    expect(parsed[0]!.spec).toMatchObject({ cpus: 2, ram: 4, disk: 10, 'scs:cpu-type': 'shared-core', 'scs:name-v2': 'SCS-2V-4-10' });
  });

  it('--help teaches: examples and exit codes', async () => {
    const r = await cli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Examples:/);
    expect(r.out).toMatch(/Exit codes:/);
  });

  const official = join(__dirname, '..', '..', '..', 'shared', 'reference', 'scs-data', 'tests');
  it.skipIf(!existsSync(official))('the official SCS scope files validate unchanged (when ../shared is there)', async () => {
    const r = await cli(['validate', join(official, 'scs-compatible-iaas.HEAD.yaml'), join(official, 'scs-compatible-kaas.2024-11-26.yaml')]);
    expect(r.out).not.toMatch(/:\d+:\d+:/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/scs-compatible-iaas\.HEAD\.yaml: valid \(SCS-compatible IaaS: \d+ versions/);
  });
});
