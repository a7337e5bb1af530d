/**
 * Are the real services up and seeded? And the tail of their logs, for failure reports.
 */
import { existsSync, readFileSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import got from 'got';
import { LOG_DIR, PROCESSES, SEED_MARKER, enabledServices, type ProcessDef } from './target.js';

export function enabledProcesses(): ProcessDef[] {
  const services = enabledServices();
  return PROCESSES.filter((p) => services.includes(p.service));
}

/** Names of the enabled processes that do not answer HTTP on their port. */
export async function downProcesses(): Promise<string[]> {
  const down: string[] = [];
  await Promise.all(
    enabledProcesses().map(async (p) => {
      try {
        await got(p.probe, { throwHttpErrors: false, retry: { limit: 0 }, timeout: { request: 5000 } });
      } catch {
        down.push(p.process);
      }
    }),
  );
  return down.sort();
}

export function seededVersion(): string | undefined {
  return existsSync(SEED_MARKER) ? readFileSync(SEED_MARKER, 'utf8').trim() : undefined;
}

/** Every log file of the enabled services, with its current size. */
export function logSizes(): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const p of enabledProcesses()) {
    for (const f of p.logs) {
      const path = join(LOG_DIR, f);
      if (existsSync(path)) sizes.set(path, statSync(path).size);
    }
  }
  return sizes;
}

/** The lines each log file gained since `before` (at most `maxLines` of the end per file). */
export function newLogLines(before: Map<string, number>, maxLines = 40): { file: string; lines: string[] }[] {
  const out: { file: string; lines: string[] }[] = [];
  for (const [path, size] of logSizes()) {
    const from = before.get(path) ?? 0;
    if (size <= from) continue;
    const length = Math.min(size - from, 256 * 1024);
    const buf = Buffer.alloc(length);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buf, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
    const lines = buf.toString('utf8').split('\n').filter((l) => l.trim() !== '');
    out.push({ file: path, lines: lines.slice(-maxLines) });
  }
  return out;
}

/** The last lines of every service log (for a failed start). */
export function logTails(maxLines = 20): { file: string; lines: string[] }[] {
  const empty = new Map<string, number>();
  for (const path of logSizes().keys()) empty.set(path, 0);
  return newLogLines(empty, maxLines);
}
