/**
 * `scs-compliance flavor-name`: explain SCS flavor names, for operators naming new flavors.
 */
import { Command } from 'commander';
import { flavorNameReport } from '../../../testsuites/iaas/scs-0100-flavor-naming/flavor-name-report.js';
import type { CliIO } from '../io.js';

export function flavorNameCommand(io: CliIO, setExit: (code: number) => void): Command {
  return new Command('flavor-name')
    .summary('explain SCS flavor names (scs-0100): valid?, canonical and short form, what they promise')
    .description('Parses SCS flavor names and explains each component in prose, or as JSON with --json.\nExit code 1 if any name is invalid.')
    .argument('<names...>', 'flavor names, e.g. SCS-2V-4-20s SCS-16T-64-3x10s_bms_hwv_i3h_GNa-64_ib')
    .option('--json', 'print [{name, valid, tolerated, error, canonical, short, spec}]')
    .addHelpText('after', '\nExamples:\n  scs-compliance flavor-name SCS-2V-4-20s\n  scs-compliance flavor-name --json SCS-4C-16-2x200p_a1 SCS-2V:4:10\n')
    .action((names: string[], flags: { json?: boolean }) => {
      const r = flavorNameReport(names, Boolean(flags.json));
      io.out(r.text.endsWith('\n') ? r.text : r.text + '\n');
      setExit(r.exitCode);
    });
}
