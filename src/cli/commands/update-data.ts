/**
 * `scs-compliance update-data`: refresh the Kubernetes release, end-of-life and CVE data (scs-0210).
 */
import { Command } from 'commander';
import { updateData } from '../../kubernetes/update-data.js';
import { dataDir } from '../../util/paths.js';
import type { CliIO } from '../io.js';

export function updateDataCommand(io: CliIO, setExit: (code: number) => void): Command {
  return new Command('update-data')
    .summary('refresh the Kubernetes release, end-of-life and CVE data used by version-policy-check')
    .description(
      'Downloads the Kubernetes releases (GitHub releases API), end-of-life dates and the official Kubernetes '+
        'CVE feed into standards/data/, stamped with the date they were taken. Needs internet access. '+
        'GITHUB_TOKEN (or --github-token-env NAME) raises the GitHub rate limit.',
    )
    .option('--data-dir <dir>', 'where the data files live', dataDir())
    .option('--github-token-env <name>', 'environment variable holding a GitHub token', 'GITHUB_TOKEN')
    .action(async (flags: { dataDir: string; githubTokenEnv: string }) => {
      const summary = await updateData({
        dataDir: flags.dataDir,
        now: new Date(),
        githubToken: io.env[flags.githubTokenEnv] || undefined,
        log: (m: string) => io.err(`${m}\n`),
      });
      io.out(`${typeof summary === 'string' ? summary : JSON.stringify(summary, null, 2)}\n`);
      setExit(0);
    });
}
