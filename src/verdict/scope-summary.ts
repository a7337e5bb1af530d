/**
 * The verdict of a whole scope as the SCS compliance monitor shows it (§1.6 "per scope"): walk the
 * versions listed on the date in file order (newest first), skipping drafts unless asked; the first
 * non-draft version whose main result is not FAIL wins and the walk stops. Drafts, when included, are
 * shown (in `passed` when not FAIL) but never win: a draft cannot be certified.
 */
import type { Verdict } from '../engine/types.js';
import type { VersionOutcome } from '../engine/results.js';

export interface ScopeSummary {
  /** Verdict of the last version visited (FAIL when no version was visited). */
  result: Verdict;
  /** Names of the visited versions whose result is not FAIL, in visiting order. */
  passed: string[];
  /** The winning version, if any. */
  winner?: string;
  /** The winner's validity, or `deprecated` when there is no winner. */
  validity: string;
}

export function scopeSummary(versions: readonly VersionOutcome[], options: { includeDrafts?: boolean } = {}): ScopeSummary {
  const passed: string[] = [];
  let result: Verdict = 'FAIL';
  for (const v of versions) {
    const draft = v.validity === 'draft';
    if (draft && !options.includeDrafts) continue;
    result = v.verdict;
    if (v.verdict === 'FAIL') continue;
    passed.push(v.version);
    if (!draft) return { result, passed, winner: v.version, validity: v.validity };
  }
  return { result, passed, validity: 'deprecated' };
}
