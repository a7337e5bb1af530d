/**
 * The report in the SCS shape (`Tests/scs-compliance-check.py`, `create_report`), the document the
 * SCS compliance monitor ingests. See docs/decisions/report-format.md for the choices made here.
 */
import type { Invocation, RunResult } from '../engine/results.js';
import { redactRun } from './redact.js';
import { PlainScalar, yamlDocument, type YamlValue } from './yaml-emit.js';

export interface ScsYamlOptions {
  /** Extra secret values to scrub (e.g. the engine's known secrets). */
  secrets?: Iterable<string>;
  /**
   * Clock of `checked_at`: `utc` (default) writes the UTC wall clock, `local` the local one, like the
   * reference checker's `datetime.now()`. Either way the value is naive (no offset), as the monitor
   * stores it in a `timestamp` column and compares it with naive datetimes.
   */
  clock?: 'utc' | 'local';
}

/** `2026-08-21 10:11:12.123456`: the naive datetime PyYAML reads as `datetime.datetime`. */
export function naiveTimestamp(iso: string, clock: 'utc' | 'local' = 'utc'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`checked_at is not a valid timestamp: ${JSON.stringify(iso)}`);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const utc = clock === 'utc';
  const date = `${utc ? d.getUTCFullYear() : d.getFullYear()}-${p((utc ? d.getUTCMonth() : d.getMonth()) + 1)}-${p(utc ? d.getUTCDate() : d.getDate())}`;
  const time = `${p(utc ? d.getUTCHours() : d.getHours())}:${p(utc ? d.getUTCMinutes() : d.getMinutes())}:${p(utc ? d.getUTCSeconds() : d.getSeconds())}`;
  // Digits below the millisecond survive only in the ISO text (`.123456Z`); JavaScript dates drop them.
  const extra = /:\d{2}\.\d{3}(\d{1,3})/.exec(iso)?.[1] ?? '';
  return `${date} ${time}.${p(d.getMilliseconds(), 3)}${extra.padEnd(3, '0')}`;
}

/** `YYYY-MM-DD` as a plain YAML date, anything else as a quoted string. */
function dateValue(text: string): YamlValue {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? new PlainScalar(text) : text;
}

/**
 * forced_version is one string in the SCS report (the reference checker takes a single `-V`). Several
 * forced versions are joined with `,` into that one string; none gives null.
 */
export function forcedVersionValue(forced: readonly string[] | null): string | null {
  if (!forced || forced.length === 0) return null;
  return forced.join(',');
}

/** Only 1, 0 and -1 are results; anything else (MISSING, corrupt data) is left out, as SCS does. */
function resultCodes(results: Invocation['results']): { [id: string]: YamlValue } {
  const out: { [id: string]: YamlValue } = {};
  for (const [id, value] of Object.entries(results)) {
    if (value === 1 || value === 0 || value === -1) out[id] = value;
  }
  return out;
}

function count(n: number): number {
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

function invocationValue(inv: Invocation): { [key: string]: YamlValue } {
  return {
    id: inv.id,
    cmd: inv.cmd,
    results: resultCodes(inv.results),
    rc: Number.isInteger(inv.rc) ? inv.rc : -1,
    stdout: [...inv.stdout],
    stderr: [...inv.stderr],
    info: count(inv.info),
    warning: count(inv.warning),
    error: count(inv.error),
    critical: count(inv.critical),
  };
}

export function renderScsYaml(run: RunResult, opts: ScsYamlOptions = {}): string {
  const r = redactRun(run, opts.secrets);
  const invocations: { [uuid: string]: YamlValue } = {};
  for (const inv of r.invocations) invocations[inv.id] = invocationValue(inv);
  return yamlDocument({
    spec: { uuid: r.scope.uuid, name: r.scope.name, url: r.scope.url },
    checked_at: new PlainScalar(naiveTimestamp(r.checkedAt, opts.clock)),
    reference_date: dateValue(r.referenceDate),
    subject: r.subject,
    run: {
      uuid: r.runId,
      argv: [...r.argv],
      assignment: { ...r.assignment },
      sections: r.sections ? [...r.sections] : null,
      forced_version: forcedVersionValue(r.forcedVersions),
      forced_tests: r.forcedTests,
      invocations,
    },
  });
}
