/**
 * Progress while a run goes on: one redrawn status line on a terminal, plain lines in CI and pipes,
 * and a heartbeat for long testcases so a CI log never looks stuck.
 */
import type { RunEvent } from '../engine/run.js';
import type { CliIO } from './io.js';

const HEARTBEAT_MS = 60_000;

export interface Progress {
  onEvent(e: RunEvent): void;
  stop(): void;
}

export function createProgress(io: CliIO, total: number, opts: { quiet: boolean }): Progress {
  const running = new Map<string, number>();
  let done = 0;
  let lastLine = '';
  const started = Date.now();
  const tty = io.isTTY;
  const clear = () => {
    if (tty && lastLine) io.err('\r\x1b[2K');
    lastLine = '';
  };
  const draw = () => {
    if (!tty || opts.quiet) return;
    const names = [...running.keys()];
    const shown = names.slice(0, 2).join(', ') + (names.length > 2 ? ` +${names.length - 2}` : '');
    const line = `[${done}/${total}] ${Math.round((Date.now() - started) / 1000)}s ${shown ? `running ${shown}` : ''}`;
    io.err(`\r\x1b[2K${line.slice(0, 160)}`);
    lastLine = line;
  };
  const timer = setInterval(() => {
    if (opts.quiet) return;
    if (tty) return draw();
    for (const [id, since] of running) {
      const secs = Math.round((Date.now() - since) / 1000);
      if (secs >= HEARTBEAT_MS / 1000) io.err(`… ${id} still running (${secs} s)\n`);
    }
  }, tty ? 1000 : HEARTBEAT_MS);
  timer.unref();
  return {
    onEvent(e) {
      if (e.type === 'start') {
        running.set(e.id, Date.now());
        draw();
      } else if (e.type === 'progress') {
        if (opts.quiet) return;
        clear();
        io.err(`  ${e.id}: ${e.message}\n`);
        draw();
      } else {
        running.delete(e.result.id);
        done++;
        if (!tty && !opts.quiet) {
          const t = e.result.durationMs !== undefined ? ` (${e.result.durationMs} ms)` : '';
          io.err(`${e.result.verdict.padEnd(7)} ${e.result.id}${t}\n`);
        }
        draw();
      }
    },
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}
