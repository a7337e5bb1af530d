/**
 * `scs-compliance cleanup`: deletes what a killed run left behind — from its journal, then by the
 * run's name prefix — and never anything else.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { ANY_RUN_NAME, defaultJournalDir, liveFromJournal, openJournals, runPrefix, type ResourceRef } from '../../engine/ledger.js';
import { errorMessage } from '../../engine/facts.js';
import { resolveCloud } from '../../openstack/config.js';
import { createOpenStackConnector } from '../../openstack/connect.js';
import { openstackResourceKinds } from '../../openstack/resources/index.js';
import type { OpenStackSession } from '../../openstack/types.js';
import { UserError } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { renameSync } from 'node:fs';

interface CleanupFlags {
  run?: string;
  allRuns?: boolean;
  osCloud?: string;
  journalDir?: string;
  dryRun?: boolean;
}

export function cleanupCommand(io: CliIO, setExit: (code: number) => void): Command {
  return new Command('cleanup')
    .summary('delete what an interrupted run left in the cloud (from its journal and by its name prefix)')
    .description(
      'Every object a run creates is named scs-<run id>-… and journaled before it is created. This deletes the ' +
        'objects of one run (--run ID) or of every run of ours (--all-runs) in the cloud: first those in the ' +
        'journals, then any object whose name carries the run prefix. Objects without our prefix are never touched.',
    )
    .option('--run <id>', 'the run id (8 hex characters, printed at the start of `check` and in the reports)')
    .option('--all-runs', 'every run of scs-compliance (names matching scs-<8 hex>-)')
    .option('--os-cloud <name>', 'cloud name in clouds.yaml (default: OS_CLOUD, the OS_* variables, or the only cloud)')
    .option('--journal-dir <dir>', 'journal folder (default: ~/.local/state/scs-compliance/journal)')
    .option('--dry-run', 'only list what would be deleted')
    .addHelpText('after', '\nExamples:\n  scs-compliance cleanup --os-cloud mycloud --run 3f9a0c12\n  scs-compliance cleanup --os-cloud mycloud --all-runs --dry-run\n')
    .action(async (flags: CleanupFlags) => setExit(await runCleanup(flags, io)));
}

export async function runCleanup(flags: CleanupFlags, io: CliIO): Promise<number> {
  if (!flags.run === !flags.allRuns) throw new UserError('say which run to clean up', 'give --run ID or --all-runs');
  if (flags.run && !/^[0-9a-f]{8}$/.test(flags.run)) throw new UserError(`--run ${JSON.stringify(flags.run)}: a run id is 8 hex characters, e.g. 3f9a0c12`);
  const cloud = resolveCloud({ cloud: flags.osCloud, env: io.env, cwd: io.cwd, home: io.home });
  const connector = createOpenStackConnector(cloud);
  const session = await connector.session();
  const signal = AbortSignal.timeout(15 * 60_000);
  const journalDir = flags.journalDir ? resolve(io.cwd, flags.journalDir) : defaultJournalDir(io.env, io.home);
  const deleted: ResourceRef[] = [];
  const failed: { ref: ResourceRef; error: string }[] = [];
  const seen = new Set<string>();

  const remove = async (ref: ResourceRef) => {
    const key = `${ref.kind}/${ref.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    const kind = openstackResourceKinds[ref.kind];
    if (!kind) return void failed.push({ ref, error: `unknown kind ${ref.kind}` });
    if (flags.dryRun) return void io.out(`would delete ${ref.kind} ${ref.name} (${ref.id})\n`);
    try {
      await kind.delete(session, ref, signal);
      deleted.push(ref);
      io.out(`deleted ${ref.kind} ${ref.name} (${ref.id})\n`);
    } catch (err) {
      failed.push({ ref, error: errorMessage(err) });
      io.err(`could not delete ${ref.kind} ${ref.name} (${ref.id}): ${errorMessage(err)}\n`);
    }
  };

  // 1. The journals of this cloud (and run).
  const journals = openJournals(journalDir).filter((f) => {
    const j = liveFromJournal(f);
    return j.cloud === connector.cloudName && (flags.allRuns || j.runId === flags.run);
  });
  for (const file of journals) {
    const j = liveFromJournal(file);
    for (const ref of j.live) await remove(ref);
  }

  // 2. Anything else carrying the prefix, in deletion order (servers before volumes before networks).
  const prefix = flags.run ? runPrefix(flags.run) : 'scs-';
  const kinds = Object.entries(openstackResourceKinds).sort(([, a], [, b]) => b.order - a.order);
  for (const [name, kind] of kinds) {
    if (!kind.list) continue;
    let found: ResourceRef[];
    try {
      found = await kind.list(session as OpenStackSession, prefix, signal);
    } catch (err) {
      io.err(`could not list ${name}s: ${errorMessage(err)}\n`);
      continue;
    }
    for (const ref of found.filter((r) => (flags.run ? r.name.startsWith(prefix) : ANY_RUN_NAME.test(r.name)))) await remove(ref);
  }

  if (!flags.dryRun && failed.length === 0) for (const f of journals) renameSync(f, f.replace(/\.jsonl$/, '.done.jsonl'));
  io.out(`${flags.dryRun ? 'dry run: nothing deleted' : `${deleted.length} deleted, ${failed.length} could not be deleted`}\n`);
  return failed.length > 0 ? 1 : 0;
}
