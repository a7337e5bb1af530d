/**
 * Target and version outcomes from testcase verdicts, and the process exit code of a run. Pure.
 */
import type { Verdict } from '../engine/types.js';
import type { TargetOutcome, VersionOutcome } from '../engine/results.js';
import type { SelectedVersion } from '../spec/model.js';
import { worstVerdict } from './order.js';

export type VerdictOf = (id: string) => Verdict;
/** Expiry of the result of a testcase, when it has one. */
export type ExpiryOf = (id: string) => Date | undefined;

export function targetOutcome(name: string, ids: readonly string[], verdictOf: VerdictOf): TargetOutcome {
  const counts = { passed: 0, failed: 0, aborted: 0, missing: 0 };
  const verdicts = ids.map((id) => verdictOf(id));
  for (const v of verdicts) {
    if (v === 'PASS') counts.passed++;
    else if (v === 'FAIL') counts.failed++;
    else if (v === 'ABORT') counts.aborted++;
    else counts.missing++;
  }
  return { name, verdict: worstVerdict(verdicts), testcases: [...ids], counts };
}

const TARGET_ORDER = ['main', 'recommended', 'preview'];

function targetRank(name: string): number {
  const i = TARGET_ORDER.indexOf(name);
  return i < 0 ? TARGET_ORDER.length : i;
}

/**
 * The outcome of a selected version: one TargetOutcome per target (main, recommended, preview, then the
 * others by name); the version's verdict is that of `main` (other targets never change it).
 */
export function versionOutcome(sel: SelectedVersion, verdictOf: VerdictOf, expiryOf?: ExpiryOf): VersionOutcome {
  const names = Object.keys(sel.version.targets).sort((a, b) => targetRank(a) - targetRank(b) || a.localeCompare(b));
  const targets = names.map((name) => targetOutcome(name, sel.version.targets[name], verdictOf));
  const main = targets.find((t) => t.name === 'main') ?? targetOutcome('main', [], verdictOf);
  const outcome: VersionOutcome = {
    version: sel.version.name,
    validity: sel.validity,
    verdict: main.verdict,
    targets,
    counts: sel.forced || sel.validity === 'effective' || sel.validity === 'warn',
  };
  if (sel.version.stabilizedAt !== undefined) outcome.stabilizedAt = sel.version.stabilizedAt;
  if (main.verdict === 'PASS' && expiryOf && main.testcases.length > 0) {
    const expiries = main.testcases.map((id) => expiryOf(id));
    if (expiries.every((d): d is Date => d instanceof Date && !Number.isNaN(d.getTime()))) {
      outcome.validUntil = new Date(Math.min(...expiries.map((d) => d.getTime()))).toISOString();
    }
  }
  return outcome;
}

/**
 * 0 all passed, 1 something FAILed or is MISSING, 2 something ABORTed (could not decide). Only the
 * versions with `counts` are considered, or all when none counts. No versions at all: 2 (nothing was
 * decided, and that is never a pass).
 */
export function exitCodeFor(versions: readonly VersionOutcome[]): 0 | 1 | 2 {
  if (versions.length === 0) return 2;
  const counting = versions.filter((v) => v.counts);
  const considered = counting.length > 0 ? counting : versions;
  if (considered.some((v) => v.verdict === 'FAIL' || v.verdict === 'MISSING')) return 1;
  if (considered.some((v) => v.verdict === 'ABORT')) return 2;
  return 0;
}
