/** What the CLI talks to: streams, environment, working directory. Tests pass their own. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  home: string;
  /** Whether stdout is an interactive terminal (progress redraws, colours). */
  isTTY: boolean;
  /** The arguments the CLI was called with (recorded in reports, secrets redacted there). */
  argv?: string[];
  /** Installs a handler for SIGINT/SIGTERM; returns a function that removes it. Tests may omit it. */
  onSignal?: (handler: (signal: 'SIGINT' | 'SIGTERM') => void) => () => void;
}

export function processIO(): CliIO {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    home: process.env.HOME ?? process.env.USERPROFILE ?? '/',
    isTTY: Boolean(process.stdout.isTTY) && process.env.CI !== 'true' && process.env.TERM !== 'dumb',
    onSignal: (handler) => {
      const h1 = () => handler('SIGINT');
      const h2 = () => handler('SIGTERM');
      process.on('SIGINT', h1);
      process.on('SIGTERM', h2);
      return () => {
        process.off('SIGINT', h1);
        process.off('SIGTERM', h2);
      };
    },
  };
}

/** Colour only on a terminal, and never with NO_COLOR; FORCE_COLOR forces it. */
export function useColor(io: CliIO): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}
