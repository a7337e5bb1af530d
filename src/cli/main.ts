/**
 * The `scs-compliance` command line. The only place that parses argv, prints and picks exit codes.
 */
import { Command, CommanderError } from 'commander';
import { ScopeError, formatProblem } from '../spec/load.js';
import { SelectionError } from '../spec/select.js';
import { PlanError } from '../engine/plan.js';
import { TemplateError } from '../engine/script.js';
import { ProfileError } from '../sandbox/profile.js';
import { ConfigError } from '../openstack/config.js';
import { KubeConfigError } from '../kubernetes/errors.js';
import { checkCommand } from './commands/check.js';
import { listCommand, planCommand, validateCommand } from './commands/inspect.js';
import { sandboxCommand } from './commands/sandbox.js';
import { runTestcasesCommand } from './commands/run-testcases.js';
import { flavorNameCommand } from './commands/flavor-name.js';
import { updateDataCommand } from './commands/update-data.js';
import { cleanupCommand } from './commands/cleanup.js';
import { EXIT, EXIT_CODES_HELP, UserError } from './exit-codes.js';
import { harnessInfo } from './harness.js';
import { processIO, type CliIO } from './io.js';

export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('scs-compliance')
    .description(
      'Tests OpenStack clouds and Kubernetes clusters against the Sovereign Cloud Stack (SCS) standards: '+
        'loads the certificate scopes (SCS-compatible IaaS v3, v4, v5.1, next; KaaS v1), runs their testcases '+
        'and writes reports for CI and the SCS compliance monitor.',
    )
    .version(harnessInfo().version, '--tool-version', 'print the version of scs-compliance')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride()
    .addHelpText(
      'after',
      `
Start here:
  scs-compliance check --sandbox             a full IaaS run against the built-in emulated cloud
  scs-compliance check --os-cloud mycloud    your cloud (clouds.yaml, OS_* variables as the openstack CLI)
  scs-compliance plan --os-cloud mycloud     what would run, without running it

${EXIT_CODES_HELP}`,
    );
  for (const make of [checkCommand, planCommand, listCommand, validateCommand, sandboxCommand, flavorNameCommand, runTestcasesCommand, updateDataCommand, cleanupCommand]) {
    const sub = make(io, setExit);
    sub.configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) }).exitOverride().showHelpAfterError('(run with --help for usage)');
    program.addCommand(sub);
  }
  return program;
}

/** Runs the CLI and returns the exit code; never throws for a user's mistake. */
export async function runCli(argv: string[], baseIO: CliIO = processIO()): Promise<number> {
  const io: CliIO = { ...baseIO, argv };
  let code: number = EXIT.PASS;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    return reportError(err, io, argv.includes('--debug') || io.env.SCS_COMPLIANCE_DEBUG === '1');
  }
}

export function reportError(err: unknown, io: CliIO, debug: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.PASS;
    return EXIT.USAGE; // commander already printed the message
  }
  if (err instanceof ScopeError) {
    io.err(`scs-compliance: the scope file has ${err.problems.length} problem(s):\n`);
    for (const p of err.problems) io.err(`  ${formatProblem(p)}\n`);
    return EXIT.USAGE;
  }
  const known = [UserError, SelectionError, PlanError, TemplateError, ProfileError, ConfigError, KubeConfigError];
  if (known.some((k) => err instanceof k)) {
    const hint = (err as { hint?: string }).hint;
    io.err(`scs-compliance: ${(err as Error).message}${hint ? `\n  hint: ${hint}` : ''}\n`);
    return EXIT.USAGE;
  }
  io.err(`scs-compliance: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (debug && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
  else io.err('  This is a bug in scs-compliance. Please report it with the output of the same command and SCS_COMPLIANCE_DEBUG=1.\n');
  return EXIT.INTERNAL;
}
