/**
 * Ordering of results (scs-0003-v2, as the SCS compliance monitor ranks them): FAIL < MISSING < ABORT
 * < PASS. A collection is as bad as its worst member.
 */
import type { Verdict } from '../engine/types.js';

/** Worst first. */
export const VERDICT_ORDER: readonly Verdict[] = ['FAIL', 'MISSING', 'ABORT', 'PASS'];

/** 0 for FAIL … 3 for PASS. */
export function verdictRank(v: Verdict): number {
  const rank = VERDICT_ORDER.indexOf(v);
  if (rank < 0) throw new RangeError(`unknown verdict ${String(v)}`);
  return rank;
}

/** Negative when `a` is worse than `b` (usable with Array.prototype.sort: worst first). */
export function compareVerdicts(a: Verdict, b: Verdict): number {
  return verdictRank(a) - verdictRank(b);
}

/** The worst of `verdicts`; PASS for none (an empty target has nothing that fails). */
export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'PASS';
  for (const v of verdicts) if (verdictRank(v) < verdictRank(worst)) worst = v;
  return worst;
}
