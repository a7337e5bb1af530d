import { describe, expect, it } from 'vitest';
import { renderConsole, terminalSafe } from '../../src/report/console.js';
import { groupByReason } from '../../src/report/summary.js';
import { IMAGE_FACT_REASON, mixedRun, partialRun } from '../fixtures/results/mixed-run.js';

const plain = { color: false, verbose: false };

describe('renderConsole', () => {
  const text = renderConsole(mixedRun(), plain);

  it('lists failures first with object, rule, observed, expected, docs and fix', () => {
    expect(text.startsWith('FAILED (2)\n')).toBe(true);
    expect(text).toContain('  ✗ scs-0100-semantics-check — flavor names match their properties\n');
    expect(text).toContain('flavor SCS-2V-4<&"x\'> ]]> \\x01 (id 7e1f0c2a-1111-4222-8333-944455556666): The flavor name promises 4 GiB');
    expect(text).toContain('        rule:     RAM must match the name\n');
    expect(text).toContain('        observed: 2048\n        expected: 4096\n');
    expect(text).toContain('        docs:     https://docs.scs.community/standards/scs-0100-v3-flavor-naming#memory\n');
    expect(text).toContain('        fix:      openstack flavor delete 7e1f0c2a-1111-4222-8333-944455556666\n');
    // A finding without its own URL falls back to the testcase's URL.
    expect(text).toContain('        docs:     https://docs.scs.community/standards/scs-0101-v1-entropy\n');
  });

  it('groups aborts by reason: a failed fact is shown once with its dependants', () => {
    expect(text.split(IMAGE_FACT_REASON).length - 1).toBe(1);
    expect(text).toContain(`  ! ${IMAGE_FACT_REASON}\n    3 testcases: scs-0102-prop-architecture, scs-0102-prop-hash_algo, scs-0104-source-ubuntu-2404\n`);
    expect(text).toContain('    testcase: scs-0116-presence\n');
    expect(text.indexOf('ABORTED')).toBeGreaterThan(text.indexOf('FAILED'));
  });

  it('lists missing testcases after aborts, and not in a partial run', () => {
    expect(text).toContain('MISSING (2)\n  - manual testcase without a recorded result: domain-manager-check\n  - no implementation: scs-0117-test-backup\n');
    expect(text.indexOf('MISSING (2)')).toBeGreaterThan(text.indexOf('ABORTED'));
    const partial = renderConsole(partialRun(), plain);
    expect(partial).not.toMatch(/^MISSING \(/m);
    expect(partial).not.toContain('domain-manager-check');
    expect(partial).toContain('Partial run');
  });

  it('ends with one line per version and its target lines', () => {
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(-5)).toEqual([
      'SCS-compatible IaaS v5.1 (effective): FAIL (2 passed, 2 failed, 4 aborted, 2 missing)',
      '  - main: FAIL (2 passed, 2 failed, 4 aborted, 2 missing)',
      'SCS-compatible IaaS v4 (warn): PASS (2 passed, 0 failed, 0 aborted, 0 missing) valid until 2026-08-30',
      '  - main: PASS (2 passed, 0 failed, 0 aborted, 0 missing)',
      '  - preview: MISSING (0 passed, 0 failed, 0 aborted, 1 missing) (informational)',
    ]);
  });

  it('shows passes only when verbose', () => {
    expect(text).not.toContain('PASSED');
    expect(text).not.toContain('scs-0100-syntax-check');
    const verbose = renderConsole(mixedRun(), { color: false, verbose: true });
    expect(verbose).toContain('PASSED (2)\n  ✓ scs-0100-syntax-check (12 ms)\n      info: 12 SCS flavors checked\n  ✓ scs-0101-entropy-avail (61000 ms)\n');
  });

  it('uses ANSI colour only when asked', () => {
    expect(text).not.toContain('\x1b[');
    const coloured = renderConsole(mixedRun(), { color: true, verbose: false });
    expect(coloured).toContain('\x1b[31mFAIL\x1b[0m (2 passed');
    expect(coloured).toContain('\x1b[32mPASS\x1b[0m (2 passed');
    // eslint-disable-next-line no-control-regex -- stripping ANSI escapes
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(text);
  });

  it('never lets control characters from the cloud reach the terminal', () => {
    expect(terminalSafe('a\x1b[2Jb\tc\nd\x9b')).toBe('a\\x1b[2Jb\tc\nd\\x9b');
  });
});

describe('groupByReason', () => {
  it('groups reasons that differ only by the testcase id, and keeps single reasons verbatim', () => {
    const t = (id: string, reason: string) => ({ id, verdict: 'ABORT' as const, kind: 'script' as const, findings: [], lifetime: 'week', reason });
    const groups = groupByReason([
      t('tc-b', 'no result line "tc-b: PASS|FAIL|ABORT"; rc 3'),
      t('tc-a', 'no result line "tc-a: PASS|FAIL|ABORT"; rc 3'),
      t('tc-c', 'no result line "tc-c: PASS|FAIL|ABORT"; rc 4'),
      t('tc-d', 'fact x: HTTP 500'),
      t('tc-e', 'fact x: HTTP 500'),
    ]);
    expect(groups).toEqual([
      { reason: 'no result line "<testcase>: PASS|FAIL|ABORT"; rc 3', ids: ['tc-a', 'tc-b'] },
      { reason: 'no result line "tc-c: PASS|FAIL|ABORT"; rc 4', ids: ['tc-c'] },
      { reason: 'fact x: HTTP 500', ids: ['tc-d', 'tc-e'] },
    ]);
  });
});
