/**
 * The console summary printed at the end of a run (the CLI prints it; this only builds the text).
 *
 * Order: failures with everything needed to act (object, rule, observed/expected, docs, fix), then
 * aborts grouped by reason (a failed fact shared by many testcases is shown once), then missing
 * testcases (not in a partial run, where "missing" only means "not selected"), then one line per
 * version with its targets. Passes only when verbose.
 */
import type { RunResult, TestcaseResult } from '../engine/results.js';
import type { Finding, Verdict } from '../engine/types.js';
import { redactRun } from './redact.js';
import { byVerdict, countsText, failureFindings, formatValue, groupByReason, mainTarget, versionCounts } from './summary.js';

export interface ConsoleOptions {
  color: boolean;
  verbose: boolean;
  secrets?: Iterable<string>;
}

const SGR = { red: '31', green: '32', yellow: '33', magenta: '35', bold: '1', dim: '2' } as const;
type Style = keyof typeof SGR;

const VERDICT_STYLE: Record<Verdict, Style> = { FAIL: 'red', ABORT: 'yellow', MISSING: 'magenta', PASS: 'green' };

/** Control characters from the cloud must not drive the terminal: shown as `\xNN`. */
export function terminalSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += (c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) ? `\\x${c.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}

export function renderConsole(run: RunResult, opts: ConsoleOptions): string {
  const r = redactRun(run, opts.secrets);
  const paint = (style: Style, text: string) => (opts.color ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text);
  const verdict = (v: Verdict) => paint(VERDICT_STYLE[v], v);
  const s = terminalSafe;
  const out: string[] = [];

  const failed = byVerdict(r.testcases, 'FAIL');
  if (failed.length > 0) {
    out.push(paint('bold', `FAILED (${failed.length})`));
    for (const t of failed) out.push(...failureBlock(t, s, paint));
    out.push('');
  }

  const aborted = byVerdict(r.testcases, 'ABORT');
  if (aborted.length > 0) {
    out.push(paint('bold', `ABORTED: could not decide (${aborted.length})`));
    for (const g of groupByReason(aborted)) {
      out.push(`  ${paint('yellow', '!')} ${s(g.reason)}`);
      out.push(`    ${g.ids.length === 1 ? 'testcase' : `${g.ids.length} testcases`}: ${g.ids.map(s).join(', ')}`);
    }
    out.push('');
  }

  const missing = byVerdict(r.testcases, 'MISSING');
  if (missing.length > 0 && !r.partial) {
    out.push(paint('bold', `MISSING (${missing.length})`));
    for (const g of groupByReason(missing)) out.push(`  - ${s(g.reason)}: ${g.ids.map(s).join(', ')}`);
    out.push('');
  }

  if (opts.verbose) {
    const passed = byVerdict(r.testcases, 'PASS');
    if (passed.length > 0) {
      out.push(paint('bold', `PASSED (${passed.length})`));
      for (const t of passed) {
        out.push(`  ${paint('green', '✓')} ${s(t.id)}${t.durationMs !== undefined ? paint('dim', ` (${Math.round(t.durationMs)} ms)`) : ''}`);
        for (const f of t.findings) out.push(`      ${f.level}: ${s(f.text)}`);
      }
      out.push('');
    }
  }

  for (const v of r.versions) {
    const c = versionCounts(v, r);
    out.push(`${s(r.scope.name)} ${s(v.version)} (${s(v.validity)}): ${verdict(v.verdict)} (${countsText(c)})${v.validUntil ? ` valid until ${s(v.validUntil)}` : ''}`);
    const main = mainTarget(v);
    for (const target of v.targets) {
      const note = target === main ? '' : paint('dim', ' (informational)');
      out.push(`  - ${s(target.name)}: ${verdict(target.verdict)} (${countsText(target.counts)})${note}`);
    }
  }
  if (r.versions.length === 0) out.push(`${s(r.scope.name)}: no version selected`);
  if (r.partial) out.push(paint('dim', 'Partial run (--tests/--sections): MISSING testcases were not selected.'));
  return out.join('\n') + '\n';
}

function failureBlock(t: TestcaseResult, s: (x: string) => string, paint: (style: Style, text: string) => string): string[] {
  const lines = [`  ${paint('red', '✗')} ${paint('bold', s(t.id))}${t.description ? ` — ${s(t.description)}` : ''}`];
  for (const f of failureFindings(t)) lines.push(...findingLines(f, t, s));
  return lines;
}

function findingLines(f: Finding, t: TestcaseResult, s: (x: string) => string): string[] {
  // Many findings already name their object in the sentence; say it only once.
  const named = f.object && !f.text.toLowerCase().includes(f.object.toLowerCase().replace(/^(flavor|image|volume type|node) /, ''));
  const lines = [`      ${named ? `${s(f.object!)}: ` : ''}${s(f.text)}`];
  if (f.rule) lines.push(`        rule:     ${s(f.rule)}`);
  if (f.observed !== undefined) lines.push(`        observed: ${s(formatValue(f.observed))}`);
  if (f.expected !== undefined) lines.push(`        expected: ${s(formatValue(f.expected))}`);
  const url = f.url ?? t.url;
  if (url) lines.push(`        docs:     ${s(url)}`);
  if (f.fix) lines.push(`        fix:      ${s(f.fix)}`);
  return lines;
}
