import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { forcedVersionValue, naiveTimestamp, renderScsYaml } from '../../src/report/scs-yaml.js';
import { quote, yamlDocument, type YamlValue } from '../../src/report/yaml-emit.js';
import { BUILTIN_INVOCATION, IAAS_UUID, RUN_UUID, SCRIPT_INVOCATION, mixedRun, partialRun } from '../fixtures/results/mixed-run.js';

/** Read the way the monitor does (YAML 1.1 resolution: timestamps, yes/no booleans, sexagesimals). */
function load11(text: string): Record<string, unknown> {
  return parse(text, { schema: 'yaml-1.1' }) as Record<string, unknown>;
}

function hasPyYaml(): boolean {
  try {
    execFileSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('renderScsYaml', () => {
  const text = renderScsYaml(mixedRun());

  it('starts with --- and has the SCS keys in order', () => {
    expect(text.startsWith('---\n')).toBe(true);
    const doc = load11(text);
    expect(Object.keys(doc)).toEqual(['spec', 'checked_at', 'reference_date', 'subject', 'run']);
    expect(Object.keys(doc.run as object)).toEqual(['uuid', 'argv', 'assignment', 'sections', 'forced_version', 'forced_tests', 'invocations']);
    expect(doc.spec).toEqual({
      uuid: IAAS_UUID,
      name: 'SCS-compatible IaaS',
      url: 'https://raw.githubusercontent.com/SovereignCloudStack/standards/main/Tests/scs-compatible-iaas.yaml',
    });
    expect(doc.subject).toBe('pco-prod1');
  });

  it('writes checked_at as a naive timestamp and reference_date as a date (plain scalars)', () => {
    expect(text).toContain('\nchecked_at: 2026-08-21 10:11:12.123000\n');
    expect(text).toContain('\nreference_date: 2026-08-21\n');
    const doc = load11(text);
    expect(doc.checked_at).toBeInstanceOf(Date);
    expect((doc.checked_at as Date).toISOString()).toBe('2026-08-21T10:11:12.123Z');
  });

  it('encodes invocations with only 1/0/-1 results and leaves MISSING out', () => {
    const run = load11(text).run as Record<string, unknown>;
    expect(run.uuid).toBe(RUN_UUID);
    const invocations = run.invocations as Record<string, Record<string, unknown>>;
    expect(Object.keys(invocations)).toEqual([BUILTIN_INVOCATION, SCRIPT_INVOCATION]);
    const builtin = invocations[BUILTIN_INVOCATION]!;
    expect(Object.keys(builtin)).toEqual(['id', 'cmd', 'results', 'rc', 'stdout', 'stderr', 'info', 'warning', 'error', 'critical']);
    expect(builtin.id).toBe(BUILTIN_INVOCATION);
    expect(builtin.results).toEqual({
      'scs-0100-semantics-check': -1,
      'scs-0100-syntax-check': 1,
      'scs-0102-prop-architecture': 0,
      'scs-0102-prop-hash_algo': 0,
      'scs-0104-source-ubuntu-2404': 0,
      'scs-0116-presence': 0,
    });
    expect(builtin.stdout).toEqual([]);
    expect(builtin.warning).toBe(1);
    const script = invocations[SCRIPT_INVOCATION]!;
    expect(script.results).toEqual({ 'scs-0101-entropy-avail': 1, 'scs-0101-rngd': -1 });
    expect(script.rc).toBe(1);
    expect(text).not.toContain('domain-manager-check');
    expect(text).not.toContain('scs-0117-test-backup');
  });

  it('drops result values other than 1, 0 and -1', () => {
    const r = mixedRun();
    (r.invocations[0]!.results as Record<string, unknown>)['bogus'] = 2;
    (r.invocations[0]!.results as Record<string, unknown>)['nullish'] = null;
    const inv = (load11(renderScsYaml(r)).run as { invocations: Record<string, { results: Record<string, unknown> }> }).invocations;
    expect(inv[BUILTIN_INVOCATION]!.results).not.toHaveProperty('bogus');
    expect(inv[BUILTIN_INVOCATION]!.results).not.toHaveProperty('nullish');
  });

  it('keeps strings strings under YAML 1.1 (no, 1:20, control characters)', () => {
    const run = load11(text).run as { invocations: Record<string, { stdout: unknown[]; stderr: unknown[] }> };
    const script = run.invocations[SCRIPT_INVOCATION]!;
    expect(script.stdout).toEqual(['scs-0101-entropy-avail: PASS', 'scs-0101-rngd: FAIL', 'no', '1:20', 'yes: really']);
    expect(script.stderr[2]).toBe('tab\there \u0085 del\u007f nul\u0000 esc\u001b[31m');
    // Non-printable characters never appear raw in the stream.
    // eslint-disable-next-line no-control-regex -- looking for exactly those characters
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('writes sections, forced_version and forced_tests of a partial run', () => {
    const run = load11(renderScsYaml(partialRun())).run as Record<string, unknown>;
    expect(run.sections).toEqual(['light']);
    expect(run.forced_version).toBe('v5.1,v4');
    expect(run.forced_tests).toBe('^scs-01');
    const full = load11(text).run as Record<string, unknown>;
    expect(full.sections).toBeNull();
    expect(full.forced_version).toBeNull();
    expect(full.forced_tests).toBeNull();
  });

  it('concatenates into one multi-document stream', () => {
    const docs = parseAllDocuments(text + renderScsYaml(partialRun()));
    expect(Array.isArray(docs) && docs.length).toBe(2);
  });

  it.skipIf(!hasPyYaml())('is read back by PyYAML safe_load_all with datetime and date types', () => {
    const script = [
      'import sys, yaml, json, datetime',
      'docs = list(yaml.safe_load_all(sys.stdin))',
      'd = docs[0]',
      'print(json.dumps([len(docs), type(d["checked_at"]).__name__, d["checked_at"].tzinfo is None, type(d["reference_date"]).__name__,',
      '  d["run"]["invocations"][sys.argv[1]]["stdout"], d["run"]["assignment"]]))',
    ].join('\n');
    const out = execFileSync('python3', ['-c', script, SCRIPT_INVOCATION], { input: text + renderScsYaml(partialRun()), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([
      2,
      'datetime',
      true,
      'date',
      ['scs-0101-entropy-avail: PASS', 'scs-0101-rngd: FAIL', 'no', '1:20', 'yes: really'],
      { os_cloud: 'pco-prod1', os_password: '<redacted>', ec2_secret_key: '<redacted>' },
    ]);
  });
});

describe('naiveTimestamp', () => {
  it('formats UTC wall clock with microseconds', () => {
    expect(naiveTimestamp('2026-01-02T03:04:05.006Z')).toBe('2026-01-02 03:04:05.006000');
    expect(naiveTimestamp('2026-01-02T03:04:05.123456Z')).toBe('2026-01-02 03:04:05.123456');
    expect(naiveTimestamp('2026-01-02T23:30:00+02:00')).toBe('2026-01-02 21:30:00.000000');
  });
  it('rejects garbage', () => {
    expect(() => naiveTimestamp('yesterday')).toThrow(/checked_at/);
  });
});

describe('forcedVersionValue', () => {
  it('is null, one version, or a comma-joined list', () => {
    expect(forcedVersionValue(null)).toBeNull();
    expect(forcedVersionValue([])).toBeNull();
    expect(forcedVersionValue(['v5.1'])).toBe('v5.1');
    expect(forcedVersionValue(['v5.1', 'v4'])).toBe('v5.1,v4');
  });
});

describe('yaml emitter', () => {
  it('quotes and escapes', () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quote('\u0085\u2028x')).toBe('"\\x85\\u2028x"');
    expect(quote('\ud800')).toBe('"\\uFFFD"');
  });
  it('writes numbers that YAML 1.1 reads as numbers', () => {
    const text = yamlDocument({ i: -1, f: 0.5, big: 1e21, tiny: 1e-7 });
    expect(text).toBe('---\ni: -1\nf: 5.0e-1\nbig: 1.0e+21\ntiny: 1.0e-7\n');
    expect(parse(text, { schema: 'yaml-1.1' })).toEqual({ i: -1, f: 0.5, big: 1e21, tiny: 1e-7 });
  });
  it('writes nested collections that parse back', () => {
    const value: { [key: string]: YamlValue } = { a: [{ b: 1, c: ['x', { d: null }] }, [], {}], 'on': 'off', 'weird key': [[1, 2]] };
    const text = yamlDocument(value);
    expect(parse(text, { schema: 'yaml-1.1' })).toEqual(value);
  });
});
