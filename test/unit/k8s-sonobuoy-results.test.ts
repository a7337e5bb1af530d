import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeE2eResults, parseE2eResults, parseOkToFail, SonobuoyResultsError, type E2eResults } from '../../testsuites/kaas/sonobuoy/results.js';
import { parseStatus } from '../../testsuites/kaas/sonobuoy/runner.js';
import { runArguments } from '../../testsuites/kaas/sonobuoy/testcase.js';
import { dataDir } from '../../src/util/paths.js';

const RESULTS = `name: e2e
status: failed
meta:
  type: summary
items:
- name: junit_01.xml
  status: failed
  meta:
    file: results/global/junit_01.xml
  items:
  - name: Kubernetes e2e suite
    status: failed
    items:
    - name: "[sig-network] Netpol NetworkPolicy between server and client should support a 'default-deny-ingress' policy [Feature:NetworkPolicy]"
      status: passed
    - name: "[sig-network] Netpol [Feature:SCTPConnectivity][LinuxOnly] NetworkPolicy using SCTP should work"
      status: failed
      details:
        failure: "timed out waiting\\nsecond line"
    - name: "[sig-network] Netpol NetworkPolicy should deny egress"
      status: failed
      details:
        failure: "connection was allowed"
    - name: "[sig-network] Netpol NetworkPolicy skipped one"
`;

const base = { mode: 'parallel' as const, what: 'e2e test focused on NetworkPolicy', cluster: 'cluster "c" (https://k)', url: 'https://docs.example/0219', kept: {} };

describe('sonobuoy_results.yaml', () => {
  it('reads every test below file and suite; a missing status is "skipped"; failures shortened to their first line', () => {
    const r = parseE2eResults(RESULTS);
    expect(r.status).toBe('failed');
    expect(r.tests.map((t) => t.status)).toEqual(['passed', 'failed', 'failed', 'skipped']);
    expect(r.tests[1]!.failure).toBe('timed out waiting');
  });

  it('FAIL names the failed test that is not on the ok-to-fail list; accepted failures are info', () => {
    const okToFail = parseOkToFail('okToFail:\n  - regex: Feature:SCTPConnectivity\n    reason: SCTP is optional\n');
    const o = judgeE2eResults({ ...base, results: parseE2eResults(RESULTS), okToFail });
    expect(o.verdict).toBe('FAIL');
    expect(o.evidence).toMatchObject({ passed: 1, failed: 1, failedOk: 1, skipped: 1 });
    const errors = o.findings.filter((f) => f.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ object: 'e2e test "[sig-network] Netpol NetworkPolicy should deny egress"', observed: 'failed', expected: 'passed', url: 'https://docs.example/0219' });
    expect(errors[0]!.text).toContain('connection was allowed');
    expect(o.findings.some((f) => f.level === 'info' && f.text.includes('SCTP is optional'))).toBe(true);
  });

  it('PASS when every failure is accepted (even though the plugin status says failed)', () => {
    const okToFail = parseOkToFail('okToFail:\n  - regex: SCTP\n    reason: optional\n  - regex: deny egress\n    reason: known bug\n');
    expect(judgeE2eResults({ ...base, results: parseE2eResults(RESULTS), okToFail }).verdict).toBe('PASS');
  });

  it('ABORT when nothing passed, in dry mode, and when the plugin failed without a failed test', () => {
    const empty: E2eResults = { status: 'passed', tests: [] };
    expect(judgeE2eResults({ ...base, results: empty, okToFail: [] }).verdict).toBe('ABORT');
    const allPassed: E2eResults = { status: 'passed', tests: [{ name: 't', status: 'passed' }] };
    expect(judgeE2eResults({ ...base, mode: 'dry', results: allPassed, okToFail: [] }).findings[0]!.text).toContain('Dry run');
    const pluginFailed: E2eResults = { status: 'failed', tests: [{ name: 't', status: 'passed' }] };
    const o = judgeE2eResults({ ...base, results: pluginFailed, okToFail: [] });
    expect(o.verdict).toBe('ABORT');
    expect(o.findings[0]!.text).toContain('plugin as failed');
    expect(judgeE2eResults({ ...base, results: allPassed, okToFail: [] }).verdict).toBe('PASS');
  });

  it('rejects results that are not YAML', () => {
    expect(() => parseE2eResults('items: [')).toThrow(SonobuoyResultsError);
  });
});

describe('ok-to-fail list', () => {
  it('every shipped entry has a regex and a reason', () => {
    const list = parseOkToFail(readFileSync(join(dataDir(), 'sonobuoy-ok-to-fail.yaml'), 'utf8'));
    expect(list.length).toBeGreaterThan(5);
    expect(list.every((e) => e.reason.length > 10)).toBe(true);
    expect(list.some((e) => e.regex.test('[sig-network] Netpol [Feature:SCTPConnectivity][LinuxOnly] x'))).toBe(true);
  });

  it('rejects an entry without reason, unknown keys and bad regexes', () => {
    expect(() => parseOkToFail('okToFail:\n  - regex: x\n')).toThrow(/entry 1 \(x\) has no reason/);
    expect(() => parseOkToFail('okToFail: []\nextra: 1\n')).toThrow(/unknown key extra/);
    expect(() => parseOkToFail('okToFail:\n  - regex: x\n    reason: y\n    note: z\n')).toThrow(/unknown key note/);
    expect(() => parseOkToFail('okToFail:\n  - regex: "("\n    reason: y\n')).toThrow(/invalid regex/);
  });
});

describe('sonobuoy arguments and status', () => {
  const def = { id: 'kaas-networking-check', what: 'x', runArgs: ['--e2e-focus', 'NetworkPolicy'] };
  it('builds the run arguments per mode', () => {
    expect(runArguments(def, 'serial')).toEqual(['run', '--e2e-focus', 'NetworkPolicy', '--plugin-env', 'e2e.E2E_EXTRA_ARGS=--ginkgo.flake-attempts=2']);
    expect(runArguments(def, 'parallel')).toContain('--e2e-parallel=true');
    expect(runArguments(def, 'dry').slice(-2)).toEqual(['--plugin-env', 'e2e.E2E_DRYRUN=true']);
  });

  it('condenses status --json into one progress line', () => {
    const st = parseStatus(JSON.stringify({ status: 'running', plugins: [{ plugin: 'e2e', status: 'running', 'result-status': '', progress: { total: 388, completed: 120, failures: ['a'] } }] }));
    expect(st).toEqual({ status: 'running', line: 'sonobuoy running (e2e: running, 120/388 tests done, 1 failed so far)' });
  });
});
