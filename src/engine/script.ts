/**
 * External scripts from the scope file, run with the SCS line protocol: the script gets its selected
 * testcase ids (via `{testcases}` in its args) and prints `<id>: PASS|FAIL|ABORT` lines on stdout.
 */
import { spawn } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import type { Invocation } from './results.js';
import type { TestcaseVerdict } from './types.js';

export class TemplateError extends Error {}

/**
 * Substitutes `{name}` from `vars` as Python's str.format does for plain names; `{{` and `}}` are
 * literal braces. An unknown name is an error that names it.
 */
export function substitute(template: string, vars: Record<string, string>, where: string): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i++;
        continue;
      }
      const end = template.indexOf('}', i);
      if (end < 0) throw new TemplateError(`${where}: unmatched "{" in ${JSON.stringify(template)}`);
      const name = template.slice(i + 1, end);
      if (!(name in vars)) {
        throw new TemplateError(`${where}: uses the variable {${name}}, which is not assigned: give it with -a ${name}=VALUE`);
      }
      out += vars[name];
      i = end;
    } else if (c === '}') {
      if (template[i + 1] === '}') i++;
      out += '}';
    } else out += c;
  }
  return out;
}

/** Splits a command line as a POSIX shell would for words and quotes (no expansions). */
export function shellSplit(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new TemplateError(`unterminated ${quote} quote in ${JSON.stringify(line)}`);
  if (inWord) words.push(cur);
  return words;
}

/** Parses the SCS line protocol: the last `:` splits id and verdict; other lines are ignored. */
export function parseResultLines(lines: string[], requested: Set<string>): { results: Map<string, TestcaseVerdict>; ignored: string[] } {
  const results = new Map<string, TestcaseVerdict>();
  const ignored: string[] = [];
  for (const line of lines) {
    const at = line.lastIndexOf(':');
    if (at < 0) continue;
    const value = line.slice(at + 1).trim().toUpperCase();
    if (value !== 'PASS' && value !== 'FAIL' && value !== 'ABORT') continue;
    const id = line.slice(0, at).trim();
    if (!requested.has(id)) {
      ignored.push(id);
      continue;
    }
    results.set(id, value);
  }
  return { results, ignored };
}

/** Counts diagnostic lines by their first word, as the SCS checker does. */
export function countDiagnostics(lines: string[]): Pick<Invocation, 'info' | 'warning' | 'error' | 'critical'> {
  const counts = { info: 0, warning: 0, error: 0, critical: 0 };
  for (const line of lines) {
    const l = line.toLowerCase();
    for (const k of ['info', 'warning', 'error', 'critical'] as const) if (l.startsWith(k)) counts[k]++;
  }
  return counts;
}

export interface ScriptCall {
  /** From the scope file, relative to `cwd`; `file://` is stripped. */
  executable: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  signal: AbortSignal;
}

export interface ScriptOutput {
  rc: number;
  stdout: string[];
  stderr: string[];
  /** Set when the script could not be started or was killed. */
  failure?: string;
}

/** Runs a script to completion (or until the signal fires: SIGTERM, then SIGKILL after 5 s). */
export function runScript(call: ScriptCall): Promise<ScriptOutput> {
  let exe = call.executable.replace(/^file:\/\//, '');
  if (/^https?:\/\//.test(exe)) {
    return Promise.resolve({ rc: 127, stdout: [], stderr: [], failure: `executables given as URLs are not supported: ${exe}` });
  }
  if (!isAbsolute(exe) && (exe.startsWith('.') || exe.includes('/'))) exe = resolve(call.cwd, exe);
  // Python scripts run with python3 (the SCS checker uses its own interpreter); our .js with this Node.
  let cmd = exe;
  let argv = call.args;
  if (exe.endsWith('.py')) [cmd, argv] = ['python3', [exe, ...call.args]];
  else if (exe.endsWith('.js')) [cmd, argv] = [process.execPath, [exe, ...call.args]];
  return new Promise((resolveOut) => {
    let settled = false;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const child = spawn(cmd, argv, { cwd: call.cwd, env: { ...process.env, ...call.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
    };
    call.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const finish = (rc: number, failure?: string) => {
      if (settled) return;
      settled = true;
      call.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      resolveOut({ rc, stdout: lines(out), stderr: lines(err), failure });
    };
    child.on('error', (e) => finish(127, `could not start ${exe}: ${e.message}`));
    child.on('close', (code, sig) => {
      if (call.signal.aborted) finish(code ?? 137, `killed after the timeout (${sig ?? 'exit'})`);
      else finish(code ?? 128, sig ? `terminated by ${sig}` : undefined);
    });
  });
}

function lines(chunks: Buffer[]): string[] {
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return [];
  return text.replace(/\n$/, '').split('\n');
}
