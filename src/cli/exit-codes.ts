/** Exit codes of `scs-compliance`, documented in --help and the README. */
export const EXIT = {
  /** Every selected version that counts passes. */
  PASS: 0,
  /** Some testcase FAILed or is MISSING. */
  FAIL: 1,
  /** Nothing failed, but something ABORTed (could not be decided). */
  ABORT: 2,
  /** The run could not start: bad arguments, bad scope file, no credentials. */
  USAGE: 3,
  /** A bug in scs-compliance itself. */
  INTERNAL: 4,
  /** Interrupted (SIGINT/SIGTERM); reports of what finished are still written. */
  INTERRUPTED: 130,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0    every selected version that counts (effective or warn, or forced with --version) passes
  1    some testcase FAILed or is MISSING (not run, manual without result)
  2    nothing failed, but some testcase ABORTed (could not be decided; see the reason)
  3    the run could not start: bad arguments, bad scope file, missing credentials or kubeconfig
  4    internal error of scs-compliance (please report it, with --debug output)
  130  interrupted; reports of what finished are written, created resources are cleaned up`;

/** A mistake of the user: printed as one line, exit 3, never a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
