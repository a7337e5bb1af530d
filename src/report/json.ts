/**
 * The complete machine-readable report: everything a run knows (findings, evidence, timings, facts,
 * provenance, version outcomes). The shape is `JsonReport`; `schemaVersion` changes only when a field
 * is removed or changes meaning (new fields may appear at any time).
 */
import type { FactRecord } from '../engine/facts.js';
import type { Invocation, RunResult, TestcaseResult, VersionOutcome } from '../engine/results.js';
import { redactRun } from './redact.js';

export const JSON_SCHEMA_VERSION = 1;

/** Fields of the run block that the report takes over from RunResult under the same name. */
type RunFields = 'startedAt' | 'checkedAt' | 'referenceDate' | 'durationMs' | 'argv' | 'assignment' | 'sections' | 'forcedVersions' | 'forcedTests' | 'partial';

export interface JsonReport {
  schemaVersion: typeof JSON_SCHEMA_VERSION;
  kind: 'scs-compliance-report';
  /** As RunResult.harness, with an unknown commit as null. */
  harness: Omit<RunResult['harness'], 'commit'> & { commit: string | null };
  scope: RunResult['scope'];
  subject: string;
  /** RunResult's run fields; its runId as `uuid`, shortRunId as `shortId`, an unknown request count as null. */
  run: { uuid: string; shortId: string } & Pick<RunResult, RunFields> & { requestCount: number | null };
  versions: VersionOutcome[];
  testcases: TestcaseResult[];
  invocations: Invocation[];
  facts: FactRecord[];
}

/** Drops `undefined` and functions, keeps key order: the value exactly as JSON will show it. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as T;
}

export function toJsonReport(run: RunResult, opts: { secrets?: Iterable<string> } = {}): JsonReport {
  const r = redactRun(run, opts.secrets);
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    kind: 'scs-compliance-report',
    harness: { name: r.harness.name, version: r.harness.version, commit: r.harness.commit ?? null, node: r.harness.node },
    scope: { uuid: r.scope.uuid, name: r.scope.name, url: r.scope.url, file: r.scope.file, digest: r.scope.digest },
    subject: r.subject,
    run: {
      uuid: r.runId,
      shortId: r.shortRunId,
      startedAt: r.startedAt,
      checkedAt: r.checkedAt,
      referenceDate: r.referenceDate,
      durationMs: r.durationMs,
      requestCount: r.requestCount ?? null,
      argv: r.argv,
      assignment: r.assignment,
      sections: r.sections,
      forcedVersions: r.forcedVersions,
      forcedTests: r.forcedTests,
      partial: r.partial,
    },
    versions: plain(r.versions),
    testcases: plain(r.testcases),
    invocations: plain(r.invocations),
    facts: plain(r.facts),
  };
}

export function renderJson(run: RunResult, opts: { secrets?: Iterable<string> } = {}): string {
  return JSON.stringify(toJsonReport(run, opts), null, 2) + '\n';
}
