/**
 * Driving the `sonobuoy` binary: find it, delete leftovers, run, follow `status --json`, retrieve the
 * results tarball, and always delete the run at the end. The only I/O of the Sonobuoy testcases.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { x as extractTar } from 'tar';

export const INSTALL_ADVICE =
  'install Sonobuoy (https://github.com/vmware-tanzu/sonobuoy/releases, e.g. v0.57.3: unpack the sonobuoy binary into a folder on PATH) or pass its path with -a sonobuoy=/path/to/sonobuoy';

export class SonobuoyError extends Error {}

/** The sonobuoy binary: the given path, else `sonobuoy` on PATH, else ~/.local/bin/sonobuoy. */
export function findSonobuoy(given: string | undefined, env: Record<string, string | undefined>): string | undefined {
  if (given && given.trim() !== '') {
    const p = resolve(given);
    return isExecutable(p) ? p : undefined;
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  if (env.HOME) dirs.push(join(env.HOME, '.local', 'bin'));
  for (const d of dirs) {
    const p = join(d, 'sonobuoy');
    if (isExecutable(p)) return p;
  }
  return undefined;
}

function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface SonobuoyCommand {
  bin: string;
  /** `--kubeconfig`/`--context` arguments. */
  target: string[];
  env: Record<string, string | undefined>;
  log: (m: string) => void;
}

/** Runs one sonobuoy subcommand; resolves to stdout, rejects with the last lines of stderr. */
export function sonobuoy(cmd: SonobuoyCommand, args: string[], signal?: AbortSignal): Promise<string> {
  const all = [...args, ...cmd.target];
  if (args[0] !== 'status') cmd.log(`sonobuoy ${args.join(' ')}`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd.bin, all, { env: cmd.env as NodeJS.ProcessEnv, signal, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(new SonobuoyError(`sonobuoy ${args[0]}: ${e.message}`)));
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) return resolvePromise(stdout);
      const tail = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' | ');
      reject(new SonobuoyError(`sonobuoy ${args[0]} exited with ${code}${tail ? `: ${tail}` : ''}`));
    });
  });
}

/** What `sonobuoy status --json` says, condensed. */
export interface SonobuoyStatus {
  status: string;
  line: string;
}

export function parseStatus(json: string): SonobuoyStatus {
  let doc: { status?: unknown; plugins?: unknown };
  try {
    doc = JSON.parse(json) as typeof doc;
  } catch {
    throw new SonobuoyError('sonobuoy status --json did not answer JSON');
  }
  const status = typeof doc.status === 'string' ? doc.status : 'unknown';
  const parts: string[] = [];
  for (const p of (Array.isArray(doc.plugins) ? doc.plugins : []) as Record<string, unknown>[]) {
    const prog = p.progress as { completed?: unknown; total?: unknown; failures?: unknown } | undefined;
    let s = `${String(p.plugin ?? '?')}: ${String(p.status ?? '?')}`;
    if (prog && typeof prog.total === 'number') s += `, ${String(prog.completed ?? 0)}/${prog.total} tests done`;
    if (prog && Array.isArray(prog.failures) && prog.failures.length) s += `, ${prog.failures.length} failed so far`;
    if (typeof p['result-status'] === 'string' && p['result-status']) s += `, result ${p['result-status']}`;
    parts.push(s);
  }
  return { status, line: `sonobuoy ${status}${parts.length ? ` (${parts.join('; ')})` : ''}` };
}

const DONE = new Set(['complete', 'failed']);
/** How long `status` may fail in a row before the run counts as broken. */
export const STATUS_GRACE_MS = 15 * 60_000;

/**
 * Polls `status --json` until the run is complete or failed; reports each change through `progress`.
 * The interval starts at one second and doubles up to `pollMs`.
 */
export async function waitForRun(cmd: SonobuoyCommand, opts: { pollMs: number; signal: AbortSignal; progress: (m: string) => void }): Promise<SonobuoyStatus> {
  let last = '';
  let failingSince: number | undefined;
  let interval = Math.min(1000, opts.pollMs);
  for (;;) {
    opts.signal.throwIfAborted();
    try {
      const st = parseStatus(await sonobuoy(cmd, ['status', '--json'], opts.signal));
      failingSince = undefined;
      if (st.line !== last) opts.progress(st.line);
      last = st.line;
      if (DONE.has(st.status)) return st;
    } catch (err) {
      if (opts.signal.aborted) throw err;
      // The aggregator pod needs a while to come up (image pulls); status fails until then.
      failingSince ??= Date.now();
      if (Date.now() - failingSince > STATUS_GRACE_MS) throw err;
    }
    await sleep(interval, opts.signal);
    interval = Math.min(opts.pollMs, interval * 2);
  }
}

const tails = new Map<string, Promise<void>>();

/**
 * Runs `fn` when no other Sonobuoy run of this process uses the same cluster: Sonobuoy allows one run
 * per namespace, and the serial conformance tests assume an otherwise quiet cluster.
 */
export async function exclusivePerCluster<T>(key: string, signal: AbortSignal, onWait: () => void, fn: () => Promise<T>): Promise<T> {
  const before = tails.get(key);
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  const tail = (before ?? Promise.resolve()).then(() => done);
  tails.set(key, tail);
  try {
    if (before) {
      onWait();
      await new Promise<void>((res, rej) => {
        const onAbort = () => rej(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        before.then(() => (signal.removeEventListener('abort', onAbort), res()));
      });
    }
    return await fn();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((res, rej) => {
    const t = setTimeout(res, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), rej(signal.reason)), { once: true });
  });
}

export interface Retrieved {
  tarball: string;
  resultsYaml: string;
  junit?: string;
}

/**
 * `sonobuoy retrieve DIR`, then unpack the tarball into DIR/results and copy the e2e JUnit file to
 * DIR/junit_01.xml (kept next to our report).
 */
export async function retrieve(cmd: SonobuoyCommand, dir: string, signal: AbortSignal): Promise<Retrieved> {
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const out = await sonobuoy(cmd, ['retrieve', dir], signal);
  const named = out.trim().split('\n').map((l) => l.trim()).reverse().find((l) => l.endsWith('.tar.gz'));
  const fresh = readdirSync(dir).filter((f) => f.endsWith('.tar.gz') && !before.has(f));
  const tarball = named && existsSync(resolve(named)) ? resolve(named) : fresh[0] ? join(dir, fresh[0]) : undefined;
  if (!tarball) throw new SonobuoyError(`sonobuoy retrieve wrote no results tarball into ${dir}`);
  const into = join(dir, 'results');
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  await extractTar({ file: tarball, cwd: into, strict: true });
  const yamlPath = join(into, 'plugins', 'e2e', 'sonobuoy_results.yaml');
  if (!existsSync(yamlPath)) throw new SonobuoyError(`the results tarball ${tarball} has no plugins/e2e/sonobuoy_results.yaml`);
  const junitSrc = join(into, 'plugins', 'e2e', 'results', 'global', 'junit_01.xml');
  let junit: string | undefined;
  if (existsSync(junitSrc)) {
    junit = join(dir, 'junit_01.xml');
    copyFileSync(junitSrc, junit);
  }
  return { tarball, resultsYaml: readFileSync(yamlPath, 'utf8'), junit };
}

/** Removes what an earlier run of ours left in DIR (tarballs, unpacked results, JUnit copy), nothing else. */
export function clearResultsDir(dir: string): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    if (/_sonobuoy_.*\.tar\.gz$/.test(f) || f === 'junit_01.xml' || f === 'results') rmSync(join(dir, f), { recursive: true, force: true });
  }
}
