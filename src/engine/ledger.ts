/**
 * The resource ledger: everything a testcase creates in a cloud goes through it.
 *
 * - Names carry a fixed prefix and the run id (`scs-<runid>-<what>`), so leftovers can be recognised.
 * - The journal (one JSON line per event, in a file per run) records the intent BEFORE the create call
 *   and the id right after it returns, so a killed run leaves a trail `scs-compliance cleanup` can follow.
 * - Deletion is in reverse order of creation, when the testcase ends, when the run ends or fails, and
 *   on SIGINT/SIGTERM; deleting something already gone counts as deleted.
 *
 * The ledger is cloud-agnostic: how a kind of resource is deleted or listed is given by `ResourceKinds`
 * (see src/openstack/resources.ts).
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from './facts.js';

/** A created object, as the journal records it. `attrs` holds what deletion needs (e.g. router id). */
export interface ResourceRef {
  kind: string;
  id: string;
  name: string;
  attrs?: Record<string, string>;
}

/** How one kind of resource is deleted and found by name prefix. `T` is the client (a session). */
export interface ResourceKind<T = unknown> {
  /** Delete; resolve when gone. Must treat "not found" as success. */
  delete(client: T, ref: ResourceRef, signal: AbortSignal): Promise<void>;
  /** Every object of this kind whose name starts with the prefix (for cleanup without a journal). */
  list?(client: T, prefix: string, signal: AbortSignal): Promise<ResourceRef[]>;
  /** Lower = deleted later when cleaning up by prefix (servers before networks, ...). */
  order: number;
}

export type JournalEvent =
  | { op: 'run'; runId: string; cloud: string; at: string; pid: number }
  | { op: 'intent'; seq: number; kind: string; name: string; testcase?: string; at: string }
  | { op: 'created'; seq: number; kind: string; id: string; name: string; attrs?: Record<string, string>; testcase?: string; at: string }
  | { op: 'deleted'; seq: number; at: string }
  | { op: 'delete-failed'; seq: number; error: string; at: string }
  | { op: 'closed'; at: string };

export const NAME_PREFIX = 'scs';

/** `scs-<runid>-`; run ids are 8 hex characters. */
export function runPrefix(runId: string): string {
  return `${NAME_PREFIX}-${runId}-`;
}

/** Matches names made by any run of ours. */
export const ANY_RUN_NAME = /^scs-[0-9a-f]{8}-/;

export interface CleanupReport {
  deleted: ResourceRef[];
  failed: { ref: ResourceRef; error: string }[];
}

export interface LedgerOptions<T> {
  runId: string;
  cloud: string;
  /** Folder of the journal files; created when needed. */
  journalDir: string;
  kinds: Record<string, ResourceKind<T>>;
  client: () => Promise<T>;
  log?: (message: string) => void;
}

interface Entry {
  seq: number;
  ref?: ResourceRef;
  name: string;
  kind: string;
  testcase?: string;
  deleted: boolean;
}

export class Ledger<T = unknown> {
  readonly prefix: string;
  readonly journalFile: string;
  private readonly entries: Entry[] = [];
  private seq = 0;
  private closed = false;

  constructor(private readonly o: LedgerOptions<T>) {
    this.prefix = runPrefix(o.runId);
    mkdirSync(o.journalDir, { recursive: true, mode: 0o700 });
    this.journalFile = join(o.journalDir, `${o.runId}.jsonl`);
    this.write({ op: 'run', runId: o.runId, cloud: o.cloud, at: now(), pid: process.pid });
  }

  /** A name for a new object: `scs-<runid>-<base>`. */
  name(base: string): string {
    return `${this.prefix}${base}`;
  }

  /** The view a testcase gets: what it creates is deleted when it ends. */
  scope(testcase: string): LedgerScope<T> {
    return new LedgerScope(this, testcase);
  }

  /**
   * Creates through `create`, journaling the intent first and the id as soon as it is known.
   * `create` gets the name to use.
   */
  async create<R extends { id: string }>(kind: string, base: string, create: (name: string) => Promise<R>, opts: { attrs?: (r: R) => Record<string, string>; testcase?: string } = {}): Promise<R> {
    if (this.closed) throw new Error('the run is over: nothing more may be created');
    if (!this.o.kinds[kind]) throw new Error(`ledger: unknown resource kind ${kind}`);
    const name = this.name(base);
    const seq = ++this.seq;
    const entry: Entry = { seq, name, kind, testcase: opts.testcase, deleted: false };
    this.entries.push(entry);
    this.write({ op: 'intent', seq, kind, name, testcase: opts.testcase, at: now() });
    const created = await create(name);
    entry.ref = { kind, id: created.id, name, attrs: opts.attrs?.(created) };
    this.write({ op: 'created', seq, kind, id: created.id, name, attrs: entry.ref.attrs, testcase: opts.testcase, at: now() });
    return created;
  }

  /** Records an object created as a side effect (e.g. a boot volume), so cleanup knows it. */
  adopt(ref: ResourceRef, testcase?: string): void {
    const seq = ++this.seq;
    this.entries.push({ seq, name: ref.name, kind: ref.kind, ref, testcase, deleted: false });
    this.write({ op: 'created', seq, kind: ref.kind, id: ref.id, name: ref.name, attrs: ref.attrs, testcase, at: now() });
  }

  /** Deletes one object now (e.g. a step of the testcase) and marks it deleted. */
  async delete(id: string, signal: AbortSignal): Promise<void> {
    const e = this.entries.find((x) => x.ref?.id === id && !x.deleted);
    if (!e) throw new Error(`ledger: ${id} is not a live resource of this run`);
    await this.deleteEntry(e, signal);
  }

  /** Deletes what is still alive (of one testcase, or everything), newest first. Never throws. */
  async cleanup(signal: AbortSignal, testcase?: string): Promise<CleanupReport> {
    const report: CleanupReport = { deleted: [], failed: [] };
    const live = this.entries.filter((e) => !e.deleted && (testcase === undefined || e.testcase === testcase)).reverse();
    for (const e of live) {
      if (!e.ref) {
        // The create call never returned: find it by its unique name.
        const found = await this.findByName(e, signal);
        if (!found) {
          e.deleted = true;
          this.write({ op: 'deleted', seq: e.seq, at: now() });
          continue;
        }
        e.ref = found;
      }
      try {
        await this.deleteEntry(e, signal);
        report.deleted.push(e.ref);
      } catch (err) {
        report.failed.push({ ref: e.ref, error: errorMessage(err) });
      }
    }
    return report;
  }

  /** After the final cleanup: marks the journal closed (and renames it when nothing is left). */
  close(): void {
    this.closed = true;
    this.write({ op: 'closed', at: now() });
    if (this.entries.every((e) => e.deleted) && existsSync(this.journalFile)) {
      renameSync(this.journalFile, this.journalFile.replace(/\.jsonl$/, '.done.jsonl'));
    }
  }

  /** Objects still alive (for messages). */
  live(): ResourceRef[] {
    return this.entries.filter((e) => !e.deleted && e.ref).map((e) => e.ref!);
  }

  private async findByName(e: Entry, signal: AbortSignal): Promise<ResourceRef | undefined> {
    const kind = this.o.kinds[e.kind];
    if (!kind?.list) return undefined;
    try {
      const client = await this.o.client();
      return (await kind.list(client, e.name, signal)).find((r) => r.name === e.name);
    } catch {
      return undefined;
    }
  }

  private async deleteEntry(e: Entry, signal: AbortSignal): Promise<void> {
    const kind = this.o.kinds[e.kind]!;
    try {
      await kind.delete(await this.o.client(), e.ref!, signal);
      e.deleted = true;
      this.write({ op: 'deleted', seq: e.seq, at: now() });
      this.o.log?.(`deleted ${e.kind} ${e.name} (${e.ref!.id})`);
    } catch (err) {
      this.write({ op: 'delete-failed', seq: e.seq, error: errorMessage(err), at: now() });
      throw err;
    }
  }

  private write(ev: JournalEvent): void {
    appendFileSync(this.journalFile, JSON.stringify(ev) + '\n', { mode: 0o600 });
  }
}

/** What one testcase sees of the ledger. */
export class LedgerScope<T = unknown> {
  constructor(
    private readonly ledger: Ledger<T>,
    readonly testcase: string,
  ) {}

  get prefix(): string {
    return this.ledger.prefix;
  }

  name(base: string): string {
    return this.ledger.name(base);
  }

  create<R extends { id: string }>(kind: string, base: string, create: (name: string) => Promise<R>, attrs?: (r: R) => Record<string, string>): Promise<R> {
    return this.ledger.create(kind, base, create, { attrs, testcase: this.testcase });
  }

  adopt(ref: ResourceRef): void {
    this.ledger.adopt(ref, this.testcase);
  }

  delete(id: string, signal: AbortSignal): Promise<void> {
    return this.ledger.delete(id, signal);
  }

  cleanup(signal: AbortSignal): Promise<CleanupReport> {
    return this.ledger.cleanup(signal, this.testcase);
  }
}

/** What a journal says is still alive (created and not deleted), newest first. */
export function liveFromJournal(file: string): { runId: string; cloud: string; live: ResourceRef[]; pending: { kind: string; name: string }[] } {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  let runId = '';
  let cloud = '';
  const byseq = new Map<number, { kind: string; name: string; ref?: ResourceRef; deleted: boolean }>();
  for (const line of lines) {
    let ev: JournalEvent;
    try {
      ev = JSON.parse(line) as JournalEvent;
    } catch {
      continue; // a line cut short by a kill
    }
    if (ev.op === 'run') ({ runId, cloud } = ev);
    else if (ev.op === 'intent') byseq.set(ev.seq, { kind: ev.kind, name: ev.name, deleted: false });
    else if (ev.op === 'created') byseq.set(ev.seq, { kind: ev.kind, name: ev.name, ref: { kind: ev.kind, id: ev.id, name: ev.name, attrs: ev.attrs }, deleted: false });
    else if (ev.op === 'deleted') {
      const e = byseq.get(ev.seq);
      if (e) e.deleted = true;
    }
  }
  const entries = [...byseq.entries()].sort(([a], [b]) => b - a).map(([, e]) => e).filter((e) => !e.deleted);
  return {
    runId,
    cloud,
    live: entries.filter((e) => e.ref).map((e) => e.ref!),
    pending: entries.filter((e) => !e.ref).map((e) => ({ kind: e.kind, name: e.name })),
  };
}

/** Journal files of unfinished runs in a folder. */
export function openJournals(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^[0-9a-f]{8}\.jsonl$/.test(f))
    .map((f) => join(dir, f));
}

/** Default journal folder: $XDG_STATE_HOME/scs-compliance/journal or ~/.local/state/scs-compliance/journal. */
export function defaultJournalDir(env: Record<string, string | undefined>, home: string): string {
  return join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'scs-compliance', 'journal');
}

function now(): string {
  return new Date().toISOString();
}
