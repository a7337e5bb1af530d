/**
 * A Markdown summary for humans and PR comments: the verdict per version, then failures (object,
 * rule, observed, expected, documentation, fix), aborts grouped by reason, missing, and the passes
 * folded away. Text from the cloud is escaped so it cannot inject markup into the comment.
 */
import type { RunResult, TestcaseResult } from '../engine/results.js';
import type { Finding, Verdict } from '../engine/types.js';
import { redactRun } from './redact.js';
import { byVerdict, failureFindings, formatValue, groupByReason, validitySymbol, versionCounts } from './summary.js';

const ICON: Record<Verdict, string> = { FAIL: '🛑', MISSING: '🟧', ABORT: '⚠️', PASS: '✅' };

/** Control characters (C0, DEL, C1) shown as `\xNN`: they have no business in a comment. */
function visible(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || (c >= 0x7f && c <= 0x9f) ? `\\x${c.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}

/** Escape text for Markdown (and the HTML that renderers accept inside it), single line. */
export function mdText(text: string): string {
  const escaped = text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // Brackets are escaped, so parentheses can never complete a link; `#`, `+` never start our lines.
    .replace(/([\\`*_[\]|~])/g, '\\$1');
  return visible(escaped);
}

/** Inline code that survives backticks inside the value. */
export function mdCode(text: string): string {
  const flat = visible(text.replace(/\r?\n|\r/g, ' '));
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A link when the URL is http(s), else the escaped text. */
function mdLink(url: string, label?: string): string {
  if (!/^https?:\/\/[^\s<>()`]+$/.test(url)) return mdText(url);
  return label === undefined ? `<${url}>` : `[${mdText(label)}](${url})`;
}

function findingItem(f: Finding): string[] {
  const lines = [`- ${f.object ? `**${mdText(f.object)}**: ` : ''}${mdText(f.text)}`];
  if (f.rule) lines.push(`  - rule: ${mdText(f.rule)}`);
  if (f.observed !== undefined) lines.push(`  - observed: ${mdCode(formatValue(f.observed))}`);
  if (f.expected !== undefined) lines.push(`  - expected: ${mdCode(formatValue(f.expected))}`);
  if (f.url) lines.push(`  - docs: ${mdLink(f.url)}`);
  if (f.fix) lines.push('  - fix:', '', '    ```sh', ...f.fix.split(/\r?\n/).map((l) => `    ${visible(l).replace(/```/g, '` ` `')}`), '    ```', '');
  return lines;
}

function heading(t: TestcaseResult): string {
  const doc = t.url ? ` (${mdLink(t.url, 'docs')})` : '';
  return `### ${ICON[t.verdict]} ${mdText(t.id)}${doc}`;
}

export function renderMarkdown(run: RunResult, opts: { secrets?: Iterable<string> } = {}): string {
  const r = redactRun(run, opts.secrets);
  const out: string[] = [];
  out.push(`# ${mdText(r.scope.name)}: ${mdText(r.subject)}`, '');
  out.push(`Checked at ${mdText(r.checkedAt)} (reference date ${mdText(r.referenceDate)}) by ${mdText(`${r.harness.name} ${r.harness.version}`)}${r.harness.commit ? ` (${mdText(r.harness.commit)})` : ''}, run ${mdCode(r.runId)}.`);
  if (r.partial) out.push('', '> **Partial run**: only selected testcases ran; MISSING means "not selected".');
  out.push('');

  out.push('| Version | Validity | Verdict | Passed | Failed | Aborted | Missing | Valid until |');
  out.push('|---|---|---|---:|---:|---:|---:|---|');
  for (const v of r.versions) {
    const c = versionCounts(v, r);
    const validity = `${mdText(v.validity)}${validitySymbol(v.validity) ? ` ${validitySymbol(v.validity)}` : ''}`;
    out.push(`| ${mdText(v.version)} | ${validity} | ${ICON[v.verdict]} ${v.verdict} | ${c.passed} | ${c.failed} | ${c.aborted} | ${c.missing} | ${v.validUntil ? mdText(v.validUntil) : '–'} |`);
  }
  out.push('');

  const failed = byVerdict(r.testcases, 'FAIL');
  if (failed.length > 0) {
    out.push(`## Failures (${failed.length})`, '');
    for (const t of failed) {
      out.push(heading(t), '');
      if (t.description) out.push(`> ${mdText(t.description)}`, '');
      for (const f of failureFindings(t)) out.push(...findingItem(f));
      out.push('');
    }
  }

  const aborted = byVerdict(r.testcases, 'ABORT');
  if (aborted.length > 0) {
    out.push(`## Aborted: could not decide (${aborted.length})`, '');
    for (const g of groupByReason(aborted)) {
      out.push(`- ${mdText(g.reason)}`, `  - ${g.ids.map((id) => mdCode(id)).join(', ')}`);
    }
    out.push('');
  }

  const missing = byVerdict(r.testcases, 'MISSING');
  if (missing.length > 0 && !r.partial) {
    out.push(`## Missing (${missing.length})`, '');
    for (const g of groupByReason(missing)) out.push(`- ${mdText(g.reason)}: ${g.ids.map((id) => mdCode(id)).join(', ')}`);
    out.push('');
  }

  const passed = byVerdict(r.testcases, 'PASS');
  if (passed.length > 0) {
    out.push('<details>', `<summary>Passed (${passed.length})</summary>`, '');
    for (const t of passed) out.push(`- ${ICON.PASS} ${mdText(t.id)}${t.description ? `: ${mdText(t.description)}` : ''}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}
