/** Runs the CLI in-process with captured output, for integration tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function cli(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string; home?: string } = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'scs-home-'));
  const io: CliIO = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    // A clean environment: no OS_* or KUBECONFIG of the machine leaks into tests.
    env: { PATH: process.env.PATH, ...(opts.env ?? {}) },
    cwd: opts.cwd ?? mkdtempSync(join(tmpdir(), 'scs-cwd-')),
    home,
    isTTY: false,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}
