import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/types.js';
import { VERDICT_ORDER, compareVerdicts, verdictRank, worstVerdict } from '../../src/verdict/order.js';

describe('verdict ordering (scs-0003-v2): FAIL < MISSING < ABORT < PASS', () => {
  it('ranks worst first', () => {
    expect(VERDICT_ORDER).toEqual(['FAIL', 'MISSING', 'ABORT', 'PASS']);
    expect(['PASS', 'ABORT', 'FAIL', 'MISSING'].map((v) => verdictRank(v as Verdict))).toEqual([3, 2, 0, 1]);
    const sorted = (['PASS', 'ABORT', 'MISSING', 'FAIL', 'PASS'] as Verdict[]).sort(compareVerdicts);
    expect(sorted).toEqual(['FAIL', 'MISSING', 'ABORT', 'PASS', 'PASS']);
  });

  it.each<[Verdict[], Verdict]>([
    [[], 'PASS'],
    [['PASS'], 'PASS'],
    [['PASS', 'ABORT'], 'ABORT'],
    [['ABORT', 'MISSING', 'PASS'], 'MISSING'],
    [['MISSING', 'FAIL', 'ABORT'], 'FAIL'],
    [['FAIL', 'FAIL'], 'FAIL'],
  ])('worstVerdict(%j) = %s', (vs, expected) => {
    expect(worstVerdict(vs)).toBe(expected);
  });

  it('rejects an unknown verdict instead of ranking it', () => {
    expect(() => verdictRank('DNF' as Verdict)).toThrow(RangeError);
    expect(() => worstVerdict(['PASS', 'OK' as Verdict])).toThrow(RangeError);
  });
});
