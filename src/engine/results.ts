/**
 * The data a run produces: plain objects that the verdict functions evaluate and the report writers
 * serialise. Nothing here holds a secret.
 */
import type { FactRecord } from './facts.js';
import type { Finding, Verdict } from './types.js';

export type ImplementationKind = 'builtin' | 'script' | 'manual';

export interface TestcaseResult {
  id: string;
  verdict: Verdict;
  kind: ImplementationKind;
  findings: Finding[];
  evidence?: Record<string, unknown>;
  /** Why a testcase is MISSING or ABORTed, in one line. */
  reason?: string;
  description?: string;
  url?: string;
  lifetime: string;
  section?: string;
  /** ISO timestamp when the testcase was decided (its `checked_at`). */
  checkedAt?: string;
  durationMs?: number;
  /** Id of the invocation (see Invocation) that produced the result. */
  invocation?: string;
}

/**
 * One execution that produced results, in the SCS report's shape (`run.invocations`). Built-in
 * testcases are grouped into one invocation per run; every external script call is one invocation.
 */
export interface Invocation {
  id: string;
  cmd: string;
  /** SCS encoding: 1 PASS, 0 ABORT, -1 FAIL. MISSING testcases are absent. */
  results: Record<string, 1 | 0 | -1>;
  rc: number;
  stdout: string[];
  stderr: string[];
  info: number;
  warning: number;
  error: number;
  critical: number;
}

export interface TargetOutcome {
  name: string;
  verdict: Verdict;
  testcases: string[];
  counts: { passed: number; failed: number; aborted: number; missing: number };
}

export interface VersionOutcome {
  version: string;
  /** effective | warn | draft | deprecated; `forced` versions carry their timeline validity or `deprecated`. */
  validity: string;
  stabilizedAt?: string;
  /** Verdict of the `main` target: the version's verdict. */
  verdict: Verdict;
  targets: TargetOutcome[];
  /** Earliest expiry of the results that make up `main` (ISO), when everything passed. */
  validUntil?: string;
  /** Whether this version's verdict decides the exit code (effective/warn, or forced). */
  counts: boolean;
}

export interface RunResult {
  harness: { name: string; version: string; commit?: string; node: string };
  /** uuid of the run (the SCS report's run.uuid). */
  runId: string;
  /** Short id used in names of created resources. */
  shortRunId: string;
  scope: { uuid: string; name: string; url: string; file: string; digest: string };
  subject: string;
  /** ISO timestamp. */
  startedAt: string;
  /** ISO timestamp; the SCS report's checked_at. */
  checkedAt: string;
  /** YYYY-MM-DD */
  referenceDate: string;
  argv: string[];
  /** Only the -a values the user gave (as the SCS report does). */
  assignment: Record<string, string>;
  sections: string[] | null;
  forcedVersions: string[] | null;
  forcedTests: string | null;
  /** True when --tests or --sections narrowed the run: MISSING then means "not selected". */
  partial: boolean;
  testcases: TestcaseResult[];
  invocations: Invocation[];
  versions: VersionOutcome[];
  facts: FactRecord[];
  durationMs: number;
  /** HTTP requests made to the cloud (when known). */
  requestCount?: number;
}
