/**
 * The contracts between the engine and the testsuites.
 *
 * A testsuite exports testcase implementations keyed by the SCS testcase id. A *read-only* testcase
 * names the facts it needs and evaluates them with a pure function; a *creating* testcase (one that
 * makes objects in the cloud) gets a context with the resource ledger instead.
 */
import type { FactDef } from './facts.js';
import type { LedgerScope } from './ledger.js';

/** The result of one testcase as the SCS tooling knows it. MISSING is never produced by a testcase. */
export type TestcaseVerdict = 'PASS' | 'FAIL' | 'ABORT';
export type Verdict = TestcaseVerdict | 'MISSING';

/**
 * One line of explanation. A FAIL always carries at least one `error` finding that names the object,
 * the rule, the observed and the expected value, and the documentation URL.
 */
export interface Finding {
  level: 'error' | 'warning' | 'info';
  /** A full sentence a human can act on. */
  text: string;
  /** The object concerned, e.g. `flavor SCS-2V-4 (id 7e1…)`, `image "Ubuntu 24.04" (id …)`, `node cp-1`. */
  object?: string;
  /** The rule, in a few words, e.g. `scs:cpu-type must match the name`. */
  rule?: string;
  observed?: unknown;
  expected?: unknown;
  /** Documentation URL of the rule. */
  url?: string;
  /** A paste-ready command that fixes the problem, where one exists. */
  fix?: string;
}

export interface Outcome {
  verdict: TestcaseVerdict;
  findings: Finding[];
  /** Small, JSON-serialisable facts that back the verdict (counts, ids, versions). Never secrets. */
  evidence?: Record<string, unknown>;
}

/** What every evaluation may read besides its facts. Pure data: no I/O. */
export interface EvalContext {
  /** The reference instant of the run (injectable clock). */
  now: Date;
  /** Testcase id being evaluated. */
  id: string;
  /** Documentation URL of the testcase, from the scope file (may be empty). */
  url: string;
  /** Module parameters of the including module(s) (e.g. `image_spec`) merged with variables. */
  params: Readonly<Record<string, string>>;
}

/** Values of a map of fact definitions. */
export type FactValues<N extends Record<string, FactDef<unknown>>> = {
  [K in keyof N]: N[K] extends FactDef<infer T> ? T : never;
};

/** A testcase that only reads: facts in, outcome out. */
export interface ReadTestcase<N extends Record<string, FactDef<unknown>> = Record<string, FactDef<unknown>>> {
  kind: 'read';
  id: string;
  needs: N;
  evaluate(facts: FactValues<N>, ctx: EvalContext): Outcome;
}

/** Progress and log output of a running testcase; the engine decides where it goes. */
export interface ProgressSink {
  (message: string): void;
}

/** Context of a testcase that creates objects in the cloud. */
export interface ActiveContext extends EvalContext {
  signal: AbortSignal;
  /** Read any fact (memoised, shared with every other testcase). */
  fact<T>(def: FactDef<T>): Promise<T>;
  /**
   * The resource ledger: create every cloud object through it (named `scs-<runid>-…`, journaled,
   * deleted when the testcase ends). Undefined when the run has no cloud to create in.
   */
  ledger?: LedgerScope;
  progress: ProgressSink;
}

/** A testcase that must create something; `run` does its own I/O through the context. */
export interface ActiveTestcase {
  kind: 'active';
  id: string;
  /** Human-readable list of what it creates, shown by `plan` and used by `--no-create`. */
  creates: string[];
  /** Start early: long-running testcases (a VM boot) get scheduled before the read-only ones. */
  priority?: number;
  /** Its own time limit when longer than the run's default (a Sonobuoy run takes hours). */
  timeoutMs?: number;
  run(ctx: ActiveContext): Promise<Outcome>;
}

export type TestcaseImpl = ReadTestcase<any> | ActiveTestcase; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Declare a read-only testcase with typed facts. */
export function readTestcase<N extends Record<string, FactDef<unknown>>>(def: {
  id: string;
  needs: N;
  evaluate(facts: FactValues<N>, ctx: EvalContext): Outcome;
}): ReadTestcase<N> {
  return { kind: 'read', ...def };
}

/** Declare a testcase that creates objects in the cloud. */
export function activeTestcase(def: Omit<ActiveTestcase, 'kind'>): ActiveTestcase {
  return { kind: 'active', ...def };
}

/** A PASS with optional informational findings. */
export function pass(findings: Finding[] = [], evidence?: Record<string, unknown>): Outcome {
  return { verdict: 'PASS', findings, evidence };
}

/** FAIL when any finding is an error, else PASS. The common shape of "scan all objects" testcases. */
export function judge(findings: Finding[], evidence?: Record<string, unknown>): Outcome {
  return { verdict: findings.some((f) => f.level === 'error') ? 'FAIL' : 'PASS', findings, evidence };
}

/** ABORT: could not decide. The reason is mandatory. */
export function abort(reason: string, evidence?: Record<string, unknown>): Outcome {
  return { verdict: 'ABORT', findings: [{ level: 'error', text: reason }], evidence };
}
