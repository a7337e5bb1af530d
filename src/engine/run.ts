/**
 * Running a plan: built-in testcases over shared facts, external scripts with the SCS line protocol,
 * manual results from a file. Concurrency is bounded (p-limit); every testcase has a timeout; a failed
 * fact ABORTs its dependants with the fact's own error.
 */
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { FactError, FactStore, errorMessage, type FactRecord } from './facts.js';
import type { TargetEnvironment } from './environment.js';
import type { Plan, PlannedTestcase } from './plan.js';
import type { Invocation, TestcaseResult } from './results.js';
import { countDiagnostics, parseResultLines, runScript, shellSplit, substitute } from './script.js';
import type { ActiveContext, EvalContext, Finding, Outcome, TestcaseVerdict } from './types.js';
import { makeRedactor, redactDeep } from './redact.js';
import type { Ledger } from './ledger.js';

export type RunEvent =
  | { type: 'start'; id: string; kind: string }
  | { type: 'progress'; id: string; message: string }
  | { type: 'done'; result: TestcaseResult };

export interface ManualResult {
  verdict: TestcaseVerdict;
  note?: string;
  checkedAt?: string;
  by?: string;
}

export interface RunOptions {
  plan: Plan;
  env: TargetEnvironment;
  /** At most this many testcases (and scripts) at once. */
  concurrency: number;
  /** Per testcase (or script) limit; testcases may declare a longer own limit unless `timeoutForced`. */
  timeoutMs: number;
  timeoutForced?: boolean;
  /** Reference instant (injectable clock for tests). */
  now: Date;
  signal: AbortSignal;
  manualResults?: Map<string, ManualResult>;
  /** Where the manual results came from, for the report. */
  manualSource?: string;
  onEvent?: (e: RunEvent) => void;
  /** Everything active testcases create goes through it; cleaned up per testcase and at the end. */
  ledger?: Ledger;
}

/** How long cleanup may take after a testcase (or the run) ends, even when interrupted. */
export const CLEANUP_TIMEOUT_MS = 5 * 60_000;
/** How long an interrupted testcase gets to notice its signal before its objects are cleaned up. */
const SETTLE_GRACE_MS = 30_000;

export interface RunOutput {
  testcases: TestcaseResult[];
  invocations: Invocation[];
  facts: FactRecord[];
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export async function runPlan(opts: RunOptions): Promise<RunOutput> {
  const { env } = opts;
  const store = new FactStore(env, opts.signal, opts.now);
  const heavy = pLimit(Math.max(1, opts.concurrency));
  const light = pLimit(Math.max(1, opts.concurrency));
  const results = new Map<string, TestcaseResult>();
  const invocations: Invocation[] = [];
  const emit = opts.onEvent ?? (() => undefined);
  const builtinInvocationId = randomUUID();
  const manualInvocationId = randomUUID();
  const runStarted = performance.now();
  const redact = makeRedactor(env.secrets);

  const record = (r: TestcaseResult) => {
    const clean = redactDeep(r, redact);
    results.set(r.id, clean);
    emit({ type: 'done', result: clean });
  };

  const base = (tc: PlannedTestcase): Omit<TestcaseResult, 'verdict' | 'findings'> => ({
    id: tc.id,
    kind: tc.kind,
    description: tc.spec.description,
    url: tc.spec.url,
    lifetime: tc.spec.lifetime,
    section: tc.spec.section,
  });

  const tasks: Promise<void>[] = [];
  const builtins: PlannedTestcase[] = [];
  const scripts = new Map<number, PlannedTestcase[]>();
  for (const tc of opts.plan.testcases) {
    if (tc.skipReason) {
      record({ ...base(tc), verdict: 'MISSING', findings: [], reason: tc.skipReason });
    } else if (tc.kind === 'manual') {
      const m = opts.manualResults?.get(tc.id);
      if (m) {
        record({
          ...base(tc),
          verdict: m.verdict,
          findings: m.note ? [{ level: m.verdict === 'PASS' ? 'info' : 'error', text: m.note }] : [],
          reason: m.verdict === 'PASS' ? undefined : m.note ?? `recorded as ${m.verdict} in ${opts.manualSource}`,
          checkedAt: m.checkedAt ?? opts.now.toISOString(),
          invocation: manualInvocationId,
        });
      } else {
        record({
          ...base(tc),
          verdict: 'MISSING',
          findings: [],
          reason: 'manual testcase: no result recorded (give one with --manual-results FILE)',
        });
      }
    } else if (tc.kind === 'script') {
      const list = scripts.get(tc.script!.index) ?? [];
      list.push(tc);
      scripts.set(tc.script!.index, list);
    } else builtins.push(tc);
  }

  // Long-running testcases first, so that the read-only ones run while a VM boots.
  const active = builtins.filter((t) => t.impl!.kind === 'active');
  active.sort((a, b) => priority(b) - priority(a));
  const reads = builtins.filter((t) => t.impl!.kind === 'read');

  for (const tc of active) tasks.push(heavy(() => runBuiltin(tc)));
  for (const [, tcs] of scripts) tasks.push(heavy(() => runScriptTestcases(tcs)));
  for (const tc of reads) tasks.push(light(() => runBuiltin(tc)));

  async function runBuiltin(tc: PlannedTestcase): Promise<void> {
    const impl = tc.impl!;
    emit({ type: 'start', id: tc.id, kind: impl.kind });
    const started = performance.now();
    const declared = impl.kind === 'active' ? impl.timeoutMs : undefined;
    const limit = opts.timeoutForced || !declared ? opts.timeoutMs : Math.max(declared, opts.timeoutMs);
    const timeout = AbortSignal.timeout(limit);
    const signal = AbortSignal.any([opts.signal, timeout]);
    const evalCtx: EvalContext = { now: opts.now, id: tc.id, url: tc.spec.url, params: tc.params };
    let outcome: Outcome;
    let cleanupNotes: Finding[] = [];
    try {
      if (opts.signal.aborted) throw new Cancelled('the run was interrupted before this testcase started');
      if (impl.kind === 'read') {
        const facts = await raceSignal(store.getAll(impl.needs), signal, limit, opts.signal);
        try {
          outcome = impl.evaluate(facts, evalCtx);
        } catch (err) {
          outcome = internalError(tc.id, err);
        }
      } else {
        const scope = opts.ledger?.scope(tc.id);
        const ctx: ActiveContext = {
          ...evalCtx,
          signal,
          fact: (def) => store.get(def),
          progress: (message) => emit({ type: 'progress', id: tc.id, message: redact(message) }),
          ledger: scope,
        };
        const running = impl.run(ctx);
        try {
          outcome = await raceSignal(running, signal, limit, opts.signal);
        } finally {
          if (scope) cleanupNotes = await cleanupAfter(running, scope, tc.id);
        }
      }
      outcome = checkOutcome(tc.id, outcome);
    } catch (err) {
      outcome = { verdict: 'ABORT', findings: [{ level: 'error', text: abortReason(err) }] };
    }
    if (cleanupNotes.length) outcome = { ...outcome, findings: [...outcome.findings, ...cleanupNotes] };
    const durationMs = Math.round(performance.now() - started);
    record({
      ...base(tc),
      verdict: outcome.verdict,
      findings: outcome.findings,
      evidence: outcome.evidence,
      reason: outcome.verdict === 'ABORT' ? outcome.findings.find((f) => f.level === 'error')?.text : undefined,
      checkedAt: new Date(opts.now.getTime() + (performance.now() - runStarted)).toISOString(),
      durationMs,
      invocation: builtinInvocationId,
    });
  }

  async function runScriptTestcases(tcs: PlannedTestcase[]): Promise<void> {
    const script = tcs[0]!.script!;
    const ids = tcs.map((t) => t.id).sort();
    for (const id of ids) emit({ type: 'start', id, kind: 'script' });
    const started = performance.now();
    const vars = { ...tcs[0]!.params, testcases: ids.join(' ') };
    const invocationId = randomUUID();
    let args: string[] = [];
    let envVars: Record<string, string> = {};
    let prepError: string | undefined;
    try {
      args = shellSplit(substitute(script.args, vars, `script #${script.index + 1} args`));
      for (const [k, v] of Object.entries(script.env)) envVars[k] = substitute(v, vars, `script #${script.index + 1} env ${k}`);
    } catch (err) {
      prepError = errorMessage(err);
      envVars = {};
    }
    const limit = opts.timeoutMs * Math.max(1, Math.min(ids.length, 6));
    const signal = AbortSignal.any([opts.signal, AbortSignal.timeout(limit)]);
    const output = prepError
      ? { rc: 127, stdout: [], stderr: [], failure: prepError }
      : await runScript({ executable: script.executable!, args, env: envVars, cwd: opts.plan.scope.dir, signal });
    const stdout = output.stdout.map(redact);
    const stderr = output.stderr.map(redact);
    const { results: parsed, ignored } = parseResultLines(stdout, new Set(ids));
    const cmd = redact(
      [...Object.entries(envVars).map(([k, v]) => `${k}=${v}`), script.executable, ...args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a))].join(' '),
    );
    const inv: Invocation = {
      id: invocationId,
      cmd,
      results: {},
      rc: output.rc,
      stdout,
      stderr: output.failure ? [...stderr, `CRITICAL: ${redact(output.failure)}`] : stderr,
      ...countDiagnostics([...stdout, ...stderr]),
    };
    if (output.failure) inv.critical++;
    const durationMs = Math.round(performance.now() - started);
    for (const tc of tcs) {
      const v = parsed.get(tc.id);
      const findings: Finding[] = [];
      let verdict: TestcaseVerdict;
      if (v) {
        verdict = v;
        if (v !== 'PASS') {
          const diag = stderr.filter((l) => /^(error|critical|warning)/i.test(l)).slice(-5);
          findings.push({
            level: 'error',
            text: `${tc.id}: the script reported ${v}${diag.length ? `; its diagnostics: ${diag.join(' | ')}` : ' without diagnostics'}`,
          });
        }
      } else {
        verdict = 'ABORT';
        const why = output.failure ?? `the script exited with code ${output.rc} without a result line "${tc.id}: PASS|FAIL|ABORT"`;
        const tail = stderr.slice(-3).join(' | ');
        findings.push({ level: 'error', text: `${why}${tail ? `; last stderr lines: ${tail}` : ''}` });
      }
      inv.results[tc.id] = verdict === 'PASS' ? 1 : verdict === 'FAIL' ? -1 : 0;
      record({
        ...base(tc),
        verdict,
        findings,
        reason: verdict === 'ABORT' ? findings[0]?.text : undefined,
        checkedAt: new Date(opts.now.getTime() + (performance.now() - runStarted)).toISOString(),
        durationMs,
        invocation: invocationId,
      });
    }
    if (ignored.length) inv.stderr.push(`WARNING: ignored result lines for testcases not requested from this script: ${ignored.join(', ')}`);
    invocations.push(inv);
  }

  await Promise.all(tasks);
  if (opts.ledger) {
    const final = await opts.ledger.cleanup(AbortSignal.timeout(CLEANUP_TIMEOUT_MS));
    for (const f of final.failed) env.log(`could not delete ${f.ref.kind} ${f.ref.name} (${f.ref.id}): ${f.error}`);
    opts.ledger.close();
  }

  // One invocation holds all built-in results, in the SCS report's shape.
  const builtinResults = opts.plan.testcases.filter((t) => t.kind === 'builtin').map((t) => results.get(t.id)!).filter((r) => r.invocation === builtinInvocationId);
  if (builtinResults.length > 0) invocations.unshift(builtinInvocation(builtinInvocationId, builtinResults));
  const manual = opts.plan.testcases.map((t) => results.get(t.id)!).filter((r) => r.invocation === manualInvocationId);
  if (manual.length > 0) invocations.push(manualInvocation(manualInvocationId, manual, opts.manualSource ?? 'manual results'));

  return {
    testcases: opts.plan.testcases.map((t) => results.get(t.id)!),
    invocations,
    facts: store.summary(),
  };
}

/** Waits (briefly) for an interrupted testcase to stop, then deletes what it created. */
async function cleanupAfter(running: Promise<unknown>, scope: NonNullable<ActiveContext['ledger']>, id: string): Promise<Finding[]> {
  await Promise.race([running.catch(() => undefined), new Promise((r) => setTimeout(r, SETTLE_GRACE_MS).unref())]);
  const report = await scope.cleanup(AbortSignal.timeout(CLEANUP_TIMEOUT_MS));
  return report.failed.map((f) => ({
    level: 'warning' as const,
    text: `${id}: could not delete ${f.ref.kind} ${f.ref.name} (id ${f.ref.id}): ${f.error}; remove it with \`scs-compliance cleanup --run ${scope.prefix.split('-')[1]}\``,
    object: `${f.ref.kind} ${f.ref.name} (id ${f.ref.id})`,
  }));
}

function priority(tc: PlannedTestcase): number {
  return tc.impl?.kind === 'active' ? tc.impl.priority ?? 0 : 0;
}

class Cancelled extends Error {}
class TimedOut extends Error {}

/** Resolves with `p`, or rejects when the signal fires (the work itself may go on in the background). */
function raceSignal<T>(p: Promise<T>, signal: AbortSignal, limitMs: number, runSignal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(reasonOf(runSignal, limitMs));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reasonOf(runSignal, limitMs));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function reasonOf(runSignal: AbortSignal, limitMs: number): Error {
  if (runSignal.aborted) return new Cancelled('the run was interrupted');
  return new TimedOut(`timed out after ${Math.round(limitMs / 1000)} s (raise it with --timeout SECONDS)`);
}

function abortReason(err: unknown): string {
  if (err instanceof FactError) return `could not fetch ${err.fact}: ${errorMessage(err.original)}`;
  if (err instanceof Cancelled || err instanceof TimedOut) return err.message;
  return `unexpected error: ${errorMessage(err)}`;
}

function internalError(id: string, err: unknown): Outcome {
  return {
    verdict: 'ABORT',
    findings: [{ level: 'error', text: `internal error while evaluating ${id}: ${errorMessage(err)} (please report this as a bug)` }],
  };
}

/** Holds testcases to the contract: a known verdict; a FAIL explains itself; an ABORT has a reason. */
function checkOutcome(id: string, o: Outcome): Outcome {
  if (!o || !['PASS', 'FAIL', 'ABORT'].includes(o.verdict)) {
    return internalError(id, new Error(`returned an invalid verdict ${JSON.stringify(o?.verdict)}`));
  }
  const findings = Array.isArray(o.findings) ? o.findings : [];
  if (o.verdict !== 'PASS' && !findings.some((f) => f.level === 'error')) {
    findings.push({ level: 'error', text: `${id} reported ${o.verdict} without saying why (harness bug: please report)` });
  }
  return { ...o, findings };
}

function builtinInvocation(id: string, rs: TestcaseResult[]): Invocation {
  const stdout = rs.map((r) => `${r.id}: ${r.verdict}`);
  const stderr: string[] = [];
  for (const r of rs) {
    for (const f of r.findings) stderr.push(`${f.level === 'error' ? (r.verdict === 'ABORT' ? 'CRITICAL' : 'ERROR') : f.level.toUpperCase()}: ${r.id}: ${f.text}`);
  }
  const results: Invocation['results'] = {};
  for (const r of rs) if (r.verdict !== 'MISSING') results[r.id] = r.verdict === 'PASS' ? 1 : r.verdict === 'FAIL' ? -1 : 0;
  return { id, cmd: 'scs-compliance built-in testsuites', results, rc: 0, stdout, stderr, ...countDiagnostics(stderr) };
}

function manualInvocation(id: string, rs: TestcaseResult[], source: string): Invocation {
  const results: Invocation['results'] = {};
  for (const r of rs) if (r.verdict !== 'MISSING') results[r.id] = r.verdict === 'PASS' ? 1 : r.verdict === 'FAIL' ? -1 : 0;
  return { id, cmd: `manual results from ${source}`, results, rc: 0, stdout: rs.map((r) => `${r.id}: ${r.verdict}`), stderr: [], info: 0, warning: 0, error: 0, critical: 0 };
}
