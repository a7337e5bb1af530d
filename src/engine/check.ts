/**
 * One compliance run, end to end below the CLI: plan → run → verdicts → RunResult.
 */
import { randomUUID } from 'node:crypto';
import type { TargetEnvironment } from './environment.js';
import type { Plan } from './plan.js';
import type { RunResult, TestcaseResult, VersionOutcome } from './results.js';
import { runPlan, type ManualResult, type RunEvent } from './run.js';
import type { Verdict } from './types.js';
import { expiresAt, versionOutcome } from '../verdict/index.js';

/** What the run records as given: subject, reference date (YYYY-MM-DD), command line and selections, harness. */
type GivenFields = 'subject' | 'referenceDate' | 'argv' | 'assignment' | 'sections' | 'forcedVersions' | 'forcedTests' | 'harness';

export interface CheckOptions extends Pick<RunResult, GivenFields> {
  plan: Plan;
  env: TargetEnvironment;
  now: Date;
  concurrency: number;
  timeoutMs: number;
  timeoutForced?: boolean;
  signal: AbortSignal;
  manualResults?: Map<string, ManualResult>;
  manualSource?: string;
  runId?: string;
  onEvent?: (e: RunEvent) => void;
  /** The resource ledger of the run, when testcases may create objects. */
  ledger?: import('./ledger.js').Ledger;
  /** Requests made to the cloud, read after the run (when known). */
  requestCount?: () => number | undefined;
}

export async function performCheck(o: CheckOptions): Promise<RunResult> {
  const started = performance.now();
  const startedAt = new Date();
  const out = await runPlan({
    plan: o.plan,
    env: o.env,
    concurrency: o.concurrency,
    timeoutMs: o.timeoutMs,
    timeoutForced: o.timeoutForced,
    now: o.now,
    signal: o.signal,
    manualResults: o.manualResults,
    manualSource: o.manualSource,
    onEvent: o.onEvent,
    ledger: o.ledger,
  });
  const byId = new Map<string, TestcaseResult>(out.testcases.map((r) => [r.id, r]));
  const verdictOf = (id: string): Verdict => byId.get(id)?.verdict ?? 'MISSING';
  const expiryOf = (id: string): Date | undefined => {
    const r = byId.get(id);
    if (!r || !r.checkedAt || r.verdict === 'MISSING') return undefined;
    return expiresAt(new Date(r.checkedAt), o.plan.scope.testcases.get(id)?.lifetime ?? 'week');
  };
  const versions: VersionOutcome[] = o.plan.selected.map((sel) => versionOutcome(sel, verdictOf, expiryOf));
  const runId = o.runId ?? randomUUID();
  return {
    harness: o.harness,
    runId,
    shortRunId: o.env.runId,
    scope: {
      uuid: o.plan.scope.uuid,
      name: o.plan.scope.name,
      url: o.plan.scope.url,
      file: o.plan.scope.file,
      digest: o.plan.scope.digest,
    },
    subject: o.subject,
    startedAt: startedAt.toISOString(),
    checkedAt: new Date().toISOString(),
    referenceDate: o.referenceDate,
    argv: o.argv,
    assignment: o.assignment,
    sections: o.sections,
    forcedVersions: o.forcedVersions,
    forcedTests: o.forcedTests,
    partial: o.plan.partial,
    testcases: out.testcases,
    invocations: out.invocations,
    versions,
    facts: out.facts,
    durationMs: Math.round(performance.now() - started),
    requestCount: o.requestCount?.(),
  };
}
