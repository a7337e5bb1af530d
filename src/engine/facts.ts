/**
 * Facts: named, memoised, single-flight async getters shared by every testcase of a run.
 *
 * A fact is fetched at most once per run, however many testcases need it; concurrent callers share
 * one promise. A failed fact stays failed (its error is memoised), so every dependant ABORTs with the
 * fact's own error as the reason, and the report shows that error once.
 */
import type { TargetEnvironment } from './environment.js';

export interface FactContext {
  /** Read another fact (memoised). */
  get<T>(def: FactDef<T>): Promise<T>;
  /** Aborted when the run is cancelled (SIGINT, global timeout). */
  signal: AbortSignal;
  /** Reference instant of the run. */
  now: Date;
  /** Connections and settings of the subject under test. */
  env: TargetEnvironment;
}

export interface FactDef<T> {
  /** Unique, stable name, e.g. `compute.flavors`; shown in reports when the fact fails. */
  name: string;
  /** A short description of what is fetched, e.g. `GET /flavors/detail with extra specs`. */
  describe?: string;
  fetch(ctx: FactContext): Promise<T>;
}

export function defineFact<T>(name: string, fetch: (ctx: FactContext) => Promise<T>, describe?: string): FactDef<T> {
  return { name, fetch, describe };
}

/** The error a testcase sees when a fact it needs has failed. */
export class FactError extends Error {
  constructor(
    readonly fact: string,
    readonly original: unknown,
  ) {
    super(`${fact}: ${errorMessage(original)}`);
    this.name = 'FactError';
  }
}

export interface FactRecord {
  name: string;
  ok: boolean;
  error?: string;
  startedMs: number;
  durationMs?: number;
}

export class FactStore {
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly records = new Map<string, FactRecord>();
  private readonly ctx: FactContext;

  constructor(env: TargetEnvironment, signal: AbortSignal, now: Date, private readonly clock: () => number = () => performance.now()) {
    this.ctx = { get: (def) => this.get(def), signal, now, env };
  }

  get<T>(def: FactDef<T>): Promise<T> {
    let p = this.cache.get(def.name) as Promise<T> | undefined;
    if (!p) {
      const started = this.clock();
      const record: FactRecord = { name: def.name, ok: false, startedMs: started };
      this.records.set(def.name, record);
      p = Promise.resolve()
        .then(() => def.fetch(this.ctx))
        .then(
          (value) => {
            record.ok = true;
            record.durationMs = this.clock() - started;
            return value;
          },
          (err: unknown) => {
            record.durationMs = this.clock() - started;
            // A dependency's failure is reported under the dependency's name only.
            const wrapped = err instanceof FactError ? err : new FactError(def.name, err);
            record.error = wrapped instanceof FactError && wrapped.fact !== def.name ? `depends on ${wrapped.fact}` : errorMessage(err);
            throw wrapped;
          },
        );
      // Avoid unhandled-rejection noise for facts nobody awaits any more.
      p.catch(() => undefined);
      this.cache.set(def.name, p);
    }
    return p;
  }

  /** Fetch several facts concurrently; resolves to their values keyed like the input. */
  async getAll<N extends Record<string, FactDef<unknown>>>(needs: N): Promise<{ [K in keyof N]: N[K] extends FactDef<infer T> ? T : never }> {
    const keys = Object.keys(needs);
    const values = await Promise.all(keys.map((k) => this.get(needs[k]!)));
    const out: Record<string, unknown> = {};
    keys.forEach((k, i) => (out[k] = values[i]));
    return out as { [K in keyof N]: N[K] extends FactDef<infer T> ? T : never };
  }

  /** What was fetched, how long it took, and which facts failed (each failure listed once). */
  summary(): FactRecord[] {
    return [...this.records.values()];
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
