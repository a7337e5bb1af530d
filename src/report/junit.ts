/**
 * JUnit XML for CI systems. One `<testsuite>` per scope version (its name says scope, version and
 * validity), holding the testcases of that version's targets; a testcase in two versions appears in
 * both, so each suite's counts are that version's counts. FAIL → `<failure>`, ABORT → `<error>`,
 * MISSING → `<skipped>`. A run without version outcomes gets one suite with every testcase.
 */
import type { RunResult, TestcaseResult } from '../engine/results.js';
import type { Finding } from '../engine/types.js';
import { redactRun } from './redact.js';
import { failureFindings, formatValue, reasonOf } from './summary.js';

/** Characters XML 1.0 cannot carry at all, even as references: shown as `\xNN` / U+FFFD instead. */
function visible(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if ((c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) out += '\uFFFD';
    else out += ch;
  }
  return out;
}

/** Escape for element content. */
export function xmlText(text: string): string {
  return visible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escape for a double-quoted attribute; line breaks and tabs as references so they survive. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** The JUnit schema's timestamp: ISO 8601 without fraction or zone (UTC here). */
function junitTimestamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 19);
}

function seconds(ms: number | undefined): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

function findingText(f: Finding): string {
  const lines = [`${f.level.toUpperCase()}: ${f.text}`];
  if (f.object) lines.push(`  object:   ${f.object}`);
  if (f.rule) lines.push(`  rule:     ${f.rule}`);
  if (f.observed !== undefined) lines.push(`  observed: ${formatValue(f.observed)}`);
  if (f.expected !== undefined) lines.push(`  expected: ${formatValue(f.expected)}`);
  if (f.url) lines.push(`  docs:     ${f.url}`);
  if (f.fix) lines.push(`  fix:      ${f.fix}`);
  return lines.join('\n');
}

function testcaseXml(t: TestcaseResult, classname: string): string {
  const open = `    <testcase classname="${xmlAttr(classname)}" name="${xmlAttr(t.id)}" time="${seconds(t.durationMs)}"`;
  const docs = t.url ? `\ndocs: ${t.url}` : '';
  switch (t.verdict) {
    case 'FAIL': {
      const findings = failureFindings(t);
      const message = findings[0]?.text ?? 'failed';
      const body = findings.map(findingText).join('\n') + docs;
      return `${open}>\n      <failure message="${xmlAttr(message)}" type="FAIL">${xmlText(body)}</failure>\n    </testcase>`;
    }
    case 'ABORT': {
      const reason = reasonOf(t);
      const body = [reason, ...t.findings.filter((f) => f.text !== reason).map(findingText)].join('\n') + docs;
      return `${open}>\n      <error message="${xmlAttr(reason)}" type="ABORT">${xmlText(body)}</error>\n    </testcase>`;
    }
    case 'MISSING':
      return `${open}>\n      <skipped message="${xmlAttr(reasonOf(t))}"/>\n    </testcase>`;
    default: {
      if (t.findings.length === 0) return `${open}/>`;
      return `${open}>\n      <system-out>${xmlText(t.findings.map(findingText).join('\n'))}</system-out>\n    </testcase>`;
    }
  }
}

interface Suite {
  name: string;
  classname: string;
  testcases: TestcaseResult[];
  properties: Record<string, string>;
}

function suites(r: RunResult): Suite[] {
  const byId = new Map(r.testcases.map((t) => [t.id, t]));
  if (r.versions.length === 0) {
    return [{ name: r.scope.name, classname: r.scope.name, testcases: r.testcases, properties: {} }];
  }
  return r.versions.map((v) => {
    const ids = new Set<string>();
    const testcases: TestcaseResult[] = [];
    for (const target of v.targets) {
      for (const id of target.testcases) {
        const t = byId.get(id);
        if (t && !ids.has(id)) {
          ids.add(id);
          testcases.push(t);
        }
      }
    }
    return {
      name: `${r.scope.name} ${v.version} (${v.validity})`,
      classname: `${r.scope.name} ${v.version}`,
      testcases,
      properties: { version: v.version, validity: v.validity, verdict: v.verdict, ...(v.validUntil ? { validUntil: v.validUntil } : {}) },
    };
  });
}

export function renderJunit(run: RunResult, opts: { secrets?: Iterable<string> } = {}): string {
  const r = redactRun(run, opts.secrets);
  const all = suites(r);
  const count = (ts: TestcaseResult[], v: string) => ts.filter((t) => t.verdict === v).length;
  const total = (f: (s: Suite) => number) => all.reduce((n, s) => n + f(s), 0);
  const time = (ts: TestcaseResult[]) => ts.reduce((n, t) => n + (t.durationMs ?? 0), 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="${xmlAttr(`${r.scope.name}: ${r.subject}`)}" tests="${total((s) => s.testcases.length)}" failures="${total((s) => count(s.testcases, 'FAIL'))}" errors="${total((s) => count(s.testcases, 'ABORT'))}" skipped="${total((s) => count(s.testcases, 'MISSING'))}" time="${seconds(r.durationMs)}" timestamp="${junitTimestamp(r.startedAt)}">`,
  );
  for (const s of all) {
    out.push(
      `  <testsuite name="${xmlAttr(s.name)}" tests="${s.testcases.length}" failures="${count(s.testcases, 'FAIL')}" errors="${count(s.testcases, 'ABORT')}" skipped="${count(s.testcases, 'MISSING')}" time="${seconds(time(s.testcases))}" timestamp="${junitTimestamp(r.startedAt)}">`,
    );
    const props: Record<string, string> = { subject: r.subject, scope: r.scope.uuid, run: r.runId, harness: `${r.harness.name} ${r.harness.version}`, ...s.properties };
    out.push('    <properties>');
    for (const [k, v] of Object.entries(props)) out.push(`      <property name="${xmlAttr(k)}" value="${xmlAttr(v)}"/>`);
    out.push('    </properties>');
    for (const t of s.testcases) out.push(testcaseXml(t, s.classname));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
