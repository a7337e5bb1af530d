import { describe, expect, it } from 'vitest';
import { countDiagnostics, parseResultLines, shellSplit, substitute, TemplateError } from '../../src/engine/script.js';
import { makeRedactor, redactDeep, isSecretKey } from '../../src/engine/redact.js';

describe('substitute (Python str.format for plain names)', () => {
  it('replaces names and keeps doubled braces literal', () => {
    expect(substitute('-c {os_cloud} {testcases} {{x}}', { os_cloud: 'c', testcases: 'a b' }, 'args')).toBe('-c c a b {x}');
  });
  it('names an unassigned variable and says how to set it', () => {
    expect(() => substitute('-k {kubeconfig}', {}, 'script #1 args')).toThrow(TemplateError);
    expect(() => substitute('-k {kubeconfig}', {}, 'script #1 args')).toThrow(/-a kubeconfig=VALUE/);
  });
});

describe('shellSplit', () => {
  it('splits words and honours quotes as the SCS scope files use them', () => {
    expect(shellSplit(`run -c 'cncf-k8s-conformance' -a '--e2e-focus "NetworkPolicy"' x\\ y`)).toEqual([
      'run',
      '-c',
      'cncf-k8s-conformance',
      '-a',
      '--e2e-focus "NetworkPolicy"',
      'x y',
    ]);
    expect(shellSplit('  a   "b c"  ')).toEqual(['a', 'b c']);
    expect(() => shellSplit('a "b')).toThrow(/unterminated/);
  });
});

describe('parseResultLines', () => {
  it('splits at the last colon, ignores unknown ids and other lines, later lines win', () => {
    const { results, ignored } = parseResultLines(
      ['scs-0100-syntax-check: PASS', 'noise', 'Errors: none', 'x: y: abort', 'scs-0100-syntax-check: FAIL', 'other: PASS'],
      new Set(['scs-0100-syntax-check', 'x: y']),
    );
    expect([...results]).toEqual([
      ['scs-0100-syntax-check', 'FAIL'],
      ['x: y', 'ABORT'],
    ]);
    expect(ignored).toEqual(['other']);
  });
  it('counts diagnostics by first word (as the SCS checker, "Errors: none" counts)', () => {
    expect(countDiagnostics(['INFO: a', 'warning x', 'Errors: none', 'CRITICAL: boom', 'DEBUG: no'])).toEqual({ info: 1, warning: 1, error: 1, critical: 1 });
  });
});

describe('redaction', () => {
  it('scrubs every occurrence of known secrets deep in objects, longest first', () => {
    const r = makeRedactor(['hunter2hunter2', 'hunter2hunter2-long']);
    expect(redactDeep({ a: ['x hunter2hunter2-long y'], b: { c: 'hunter2hunter2' }, n: 3 }, r)).toEqual({ a: ['x <redacted> y'], b: { c: '<redacted>' }, n: 3 });
  });
  it('recognises secret-looking keys', () => {
    for (const k of ['password', 'application_credential_secret', 'token', 'OS_PASSWORD', 'api_key', 'private_key']) expect(isSecretKey(k)).toBe(true);
    for (const k of ['username', 'project_name', 'auth_url', 'region_name', 'keystone']) expect(isSecretKey(k)).toBe(false);
  });
});
