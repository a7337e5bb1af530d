/** Pure helpers the human-readable formats share: ordering, grouping, symbols, names. */
import type { RunResult, TestcaseResult, VersionOutcome } from '../engine/results.js';
import type { Finding, Verdict } from '../engine/types.js';

/** Display order of the human formats: what needs action first. */
const DISPLAY_RANK: Record<Verdict, number> = { FAIL: 0, ABORT: 1, MISSING: 2, PASS: 3 };

/** Testcases ordered FAIL, ABORT, MISSING, PASS; by id within a verdict. */
export function orderedTestcases(testcases: readonly TestcaseResult[]): TestcaseResult[] {
  return [...testcases].sort((a, b) => DISPLAY_RANK[a.verdict] - DISPLAY_RANK[b.verdict] || a.id.localeCompare(b.id));
}

export function byVerdict(testcases: readonly TestcaseResult[], verdict: Verdict): TestcaseResult[] {
  return orderedTestcases(testcases.filter((t) => t.verdict === verdict));
}

/** The one-line reason of an ABORT or MISSING testcase. */
export function reasonOf(t: TestcaseResult): string {
  const reason = t.reason?.trim();
  if (reason) return reason;
  const first = t.findings.find((f) => f.level === 'error') ?? t.findings[0];
  if (first?.text.trim()) return first.text.trim();
  return t.verdict === 'MISSING' ? 'no result' : 'no reason given';
}

export interface ReasonGroup {
  reason: string;
  ids: string[];
}

/** Placeholder for a testcase's own id in a reason shared by several testcases. */
export const TESTCASE_PLACEHOLDER = '<testcase>';

/**
 * Group testcases by their reason, so that a failed fact shared by many testcases is shown once with
 * the list of its dependants. A reason that differs only by the testcase's own id (a script that
 * printed no result line for `<id>`) groups too, shown with TESTCASE_PLACEHOLDER in place of the id.
 * Groups keep the order of their first member.
 */
export function groupByReason(testcases: readonly TestcaseResult[]): ReasonGroup[] {
  const groups = new Map<string, { reason: string; ids: string[] }>();
  for (const t of orderedTestcases(testcases)) {
    const reason = reasonOf(t);
    const key = reason.split(t.id).join(TESTCASE_PLACEHOLDER);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { reason, ids: [] }));
    g.ids.push(t.id);
  }
  return [...groups.entries()].map(([key, g]) => ({ reason: g.ids.length > 1 ? key : g.reason, ids: g.ids }));
}

/** The compliance monitor's validity suffixes: effective '', draft `*`, warn `†`, deprecated `††`. */
export function validitySymbol(validity: string): string {
  switch (validity) {
    case 'draft':
      return '*';
    case 'warn':
      return '†';
    case 'deprecated':
      return '††';
    default:
      return '';
  }
}

/** `SCS-compatible IaaS` → `scs-compatible-iaas`; a safe file name part, never empty. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .replace(/\.{2,}/g, '.');
  return s || 'scope';
}

/** Observed/expected values in one line: strings as they are, everything else as JSON. */
export function formatValue(value: unknown, max = 300): string {
  let s: string;
  if (typeof value === 'string') s = value;
  else if (value === undefined) s = 'undefined';
  else {
    try {
      s = JSON.stringify(value) ?? String(value);
    } catch {
      s = String(value);
    }
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The error findings of a FAIL (all findings when, against the contract, there is no error). */
export function failureFindings(t: TestcaseResult): Finding[] {
  const errors = t.findings.filter((f) => f.level === 'error');
  return errors.length > 0 ? errors : t.findings;
}

/** The `main` target of a version (the one that decides it), or the first target. */
export function mainTarget(v: VersionOutcome): VersionOutcome['targets'][number] | undefined {
  return v.targets.find((t) => t.name === 'main') ?? v.targets[0];
}

export function countsText(c: { passed: number; failed: number; aborted: number; missing: number }): string {
  return `${c.passed} passed, ${c.failed} failed, ${c.aborted} aborted, ${c.missing} missing`;
}

/** Counts of a version from its main target, or from the run's testcases when it has no targets. */
export function versionCounts(v: VersionOutcome, r: RunResult): { passed: number; failed: number; aborted: number; missing: number } {
  const main = mainTarget(v);
  if (main) return main.counts;
  return countTestcases(r.testcases);
}

export function countTestcases(testcases: readonly TestcaseResult[]): { passed: number; failed: number; aborted: number; missing: number } {
  const c = { passed: 0, failed: 0, aborted: 0, missing: 0 };
  for (const t of testcases) {
    if (t.verdict === 'PASS') c.passed++;
    else if (t.verdict === 'FAIL') c.failed++;
    else if (t.verdict === 'ABORT') c.aborted++;
    else c.missing++;
  }
  return c;
}
