/**
 * `scs-compliance check`: the main job. Select versions, run their testcases, write reports, exit with
 * a code CI can gate on.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { performCheck } from '../../engine/check.js';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, type ManualResult } from '../../engine/run.js';
import type { TestcaseVerdict } from '../../engine/types.js';
import { exitCodeFor } from '../../verdict/index.js';
import { parseFormats, renderConsole, writeReports } from '../../report/index.js';
import { loadProfile } from '../../sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { fakeSonobuoyPath } from '../../sandbox/kubeconfig.js';
import { buildEnvironment } from '../environment.js';
import { EXIT, EXIT_CODES_HELP, UserError } from '../exit-codes.js';
import { useColor, type CliIO } from '../io.js';
import { createProgress } from '../progress.js';
import { missingVariables, select } from '../selection.js';
import { harnessInfo } from '../harness.js';
import { Ledger, defaultJournalDir } from '../../engine/ledger.js';
import { openstackResourceKinds } from '../../openstack/resources/index.js';

export interface CheckFlags {
  scope: string;
  subject?: string;
  osCloud?: string;
  kubeconfig?: string;
  context?: string;
  date?: string;
  version?: string[];
  tests?: string;
  sections?: string;
  concurrency: string;
  timeout?: string;
  output: string;
  format: string;
  sandbox?: string | boolean;
  assign?: string[];
  manualResults?: string;
  sonobuoy?: string;
  journalDir?: string;
  create: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Options shared by `check`, `plan` and `run-testcases`. */
export function addSelectionOptions(cmd: Command): Command {
  return cmd
    .option('-s, --scope <iaas|kaas|FILE>', 'certificate scope: the built-in iaas or kaas, or a scope YAML file (also the official SCS files)', 'iaas')
    .option('-d, --date <YYYY-MM-DD>', 'reference date: picks the versions valid on it from the timeline (default: today, UTC)')
    .option('-V, --version <name>', 'check this scope version regardless of the timeline (repeatable)', collect)
    .option('-t, --tests <regex>', 'only testcases whose id matches (anchored at the start, as the SCS checker)')
    .option('-S, --sections <list>', 'only testcases of these sections, comma-separated (e.g. light); testcases without a section are left out')
    .option('-a, --assign <KEY=VALUE>', 'set a scope variable (repeatable), e.g. -a execution_mode=serial', collect)
    .option('--no-create', 'skip every testcase that would create something in the cloud (reported as MISSING)');
}

export function checkCommand(io: CliIO, setExit: (code: number) => void): Command {
  const cmd = new Command('check')
    .summary('run the testcases of a certificate scope and write reports')
    .description(
      'Runs every testcase of the scope versions valid on the reference date (or the versions given with '+
        '--version) against an OpenStack cloud and/or a Kubernetes cluster, prints failures first, and '+
        'writes reports (SCS report YAML for the compliance monitor, JSON, JUnit XML, Markdown, SVG badges).',
    );
  addSelectionOptions(cmd)
    .option('--subject <name>', 'name of the subject in reports (default: the cloud or kube context name)')
    .option('--os-cloud <name>', 'cloud name in clouds.yaml (default: OS_CLOUD, the OS_* variables, or the only cloud)')
    .option('--kubeconfig <path>', 'kubeconfig of the cluster (default: KUBECONFIG, ~/.kube/config, in-cluster)')
    .option('--context <name>', 'kubeconfig context (default: current-context)')
    .addOption(new Option('--sandbox [profile]', 'run against the built-in emulated cloud (profiles: compliant, violations, or a path)'))
    .option('-c, --concurrency <n>', 'testcases running at once', String(DEFAULT_CONCURRENCY))
    .option('--timeout <seconds>', `time limit per testcase (default ${DEFAULT_TIMEOUT_MS / 1000}; Sonobuoy testcases have their own, longer one)`)
    .option('-o, --output <dir>', 'folder for the reports', 'reports')
    .option('-f, --format <list>', 'report formats: yaml,json,junit,md,badge', 'yaml,json,junit,md,badge')
    .option('--manual-results <file>', 'YAML file with results of manual testcases (see README)')
    .option('--sonobuoy <path>', 'sonobuoy binary for the KaaS conformance testcases (default: from PATH)')
    .option('--journal-dir <dir>', 'where the journal of created resources is kept (default: ~/.local/state/scs-compliance/journal)')
    .option('-q, --quiet', 'only the summary, no progress')
    .option('-v, --verbose', 'also list passed testcases and diagnostics')
    .addHelpText(
      'after',
      `
Examples:
  scs-compliance check --sandbox                         full IaaS run against the built-in sandbox
  scs-compliance check --os-cloud mycloud                IaaS versions valid today, against clouds.yaml entry "mycloud"
  scs-compliance check --os-cloud mycloud -V v5.1 -t scs-0103   only the standard-flavor testcases of v5.1
  scs-compliance check --scope kaas --kubeconfig ./kubeconfig.yaml --sections light
  scs-compliance check --scope ./scs-compatible-iaas.yaml --os-cloud mycloud   an official SCS scope file

${EXIT_CODES_HELP}`,
    )
    .action(async (flags: CheckFlags) => setExit(await runCheck(flags, io)));
  return cmd;
}

export async function runCheck(flags: CheckFlags, io: CliIO): Promise<number> {
  const concurrency = positiveInt(flags.concurrency, '--concurrency');
  const timeoutMs = flags.timeout !== undefined ? positiveInt(flags.timeout, '--timeout') * 1000 : DEFAULT_TIMEOUT_MS;
  let formats: ReturnType<typeof parseFormats>;
  try {
    formats = parseFormats(flags.format);
  } catch (err) {
    throw new UserError(`--format: ${(err as Error).message}`);
  }
  const outputDir = isAbsolute(flags.output) ? flags.output : resolve(io.cwd, flags.output);
  const derived: Record<string, string> = {};
  const sandboxProfile = flags.sandbox === undefined || flags.sandbox === false ? undefined : flags.sandbox === true ? 'compliant' : flags.sandbox;
  if (sandboxProfile) derived.os_cloud = 'sandbox';
  else if (flags.osCloud ?? io.env.OS_CLOUD) derived.os_cloud = (flags.osCloud ?? io.env.OS_CLOUD)!;
  if (flags.kubeconfig) derived.kubeconfig = flags.kubeconfig;
  if (flags.sonobuoy) derived.sonobuoy = flags.sonobuoy;
  else if (sandboxProfile) derived.sonobuoy = fakeSonobuoyPath();
  derived.sonobuoy_results_dir = join(outputDir, 'sonobuoy');

  const sel = select({ ...flags, noCreate: !flags.create }, derived);
  if (sel.plan.testcases.length === 0) {
    throw new UserError(
      `nothing to run: the selection leaves no testcase of ${sel.scope.name} ${sel.selected.map((s) => s.version.name).join(', ')}`,
      sel.plan.withoutSection > 0 ? `${sel.plan.withoutSection} testcases have no section and --sections leaves them out` : 'check --tests and --sections (see `scs-compliance plan`)',
    );
  }
  const missing = missingVariables(sel);
  if (missing.length > 0 && !sandboxProfile) {
    throw new UserError(`the scope needs values for ${missing.join(', ')}`, `give them with ${missing.map((m) => `-a ${m}=VALUE`).join(' ')}`);
  }
  const manual = flags.manualResults ? readManualResults(resolve(io.cwd, flags.manualResults)) : undefined;

  const debug = (m: string) => {
    if (flags.verbose) io.err(`debug: ${m}\n`);
  };
  let sandbox: RunningSandbox | undefined;
  if (sandboxProfile) {
    sandbox = await startSandbox(loadProfile(sandboxProfile));
    if (!flags.quiet) io.err(`sandbox "${sandboxProfile}" listening on ${sandbox.url}\n`);
  }
  const controller = new AbortController();
  let interrupted = false;
  const removeSignal = io.onSignal?.((signal) => {
    if (interrupted) {
      io.err(`\n${signal} again: stopping now without waiting for cleanup\n`);
      process.exit(EXIT.INTERRUPTED);
    }
    interrupted = true;
    io.err(`\n${signal}: stopping the run; finished results are kept and created resources are cleaned up (press Ctrl-C again to quit at once)\n`);
    controller.abort();
  });
  let built: ReturnType<typeof buildEnvironment> | undefined;
  try {
    built = buildEnvironment({
      scope: sel.scope,
      plan: sel.plan,
      variables: sel.variables,
      osCloud: flags.osCloud,
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      sandbox,
      io,
      log: debug,
    });
    const openstack = built.env.openstack;
    const ledger =
      openstack && sel.plan.testcases.some((t) => t.impl?.kind === 'active' && !t.skipReason)
        ? new Ledger({
            runId: built.env.runId,
            cloud: openstack.cloudName,
            journalDir: flags.journalDir ? resolve(io.cwd, flags.journalDir) : defaultJournalDir(io.env, io.home),
            kinds: openstackResourceKinds,
            client: () => openstack.session(),
            log: debug,
          })
        : undefined;
    if (ledger && !flags.quiet) io.err(`run ${built.env.runId}: objects this run creates are named ${ledger.prefix}… and journaled in ${ledger.journalFile}\n`);
    const progress = createProgress(io, sel.plan.testcases.length, { quiet: Boolean(flags.quiet) });
    const result = await performCheck({
      plan: sel.plan,
      env: built.env,
      subject: flags.subject ?? built.subject,
      referenceDate: sel.referenceDate,
      now: new Date(),
      concurrency,
      timeoutMs,
      timeoutForced: flags.timeout !== undefined,
      signal: controller.signal,
      manualResults: manual?.results,
      manualSource: manual?.file,
      argv: ['scs-compliance', ...(io.argv ?? [])],
      assignment: sel.assignment,
      sections: sel.sections,
      forcedVersions: flags.version?.length ? flags.version : null,
      forcedTests: flags.tests ?? null,
      harness: harnessInfo(),
      runId: undefined,
      onEvent: (e) => progress.onEvent(e),
      requestCount: built.requestCount,
      ledger,
    });
    progress.stop();
    const secrets = [...(built.env.secrets ?? [])];
    const paths = await writeReports(result, { dir: outputDir, formats, secrets });
    io.out(renderConsole(result, { color: useColor(io), verbose: Boolean(flags.verbose), secrets }));
    if (!flags.quiet) io.out(`\nReports: ${paths.map((p) => relativeTo(io.cwd, p)).join(', ')}\n`);
    return interrupted ? EXIT.INTERRUPTED : exitCodeFor(result.versions);
  } finally {
    removeSignal?.();
    built?.dispose();
    await sandbox?.close();
  }
}

function relativeTo(cwd: string, p: string): string {
  return p.startsWith(cwd + '/') ? p.slice(cwd.length + 1) : p;
}

export function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${name} ${JSON.stringify(value)}: expected a whole number ≥ 1`);
  return n;
}

const VERDICTS: TestcaseVerdict[] = ['PASS', 'FAIL', 'ABORT'];

/**
 * Manual results file:
 *   results:
 *     domain-manager-check: PASS
 *     availability-zones-check: { result: FAIL, note: "fire zones not documented", checked_at: 2026-11-01, by: auditor }
 */
export function readManualResults(file: string): { file: string; results: Map<string, ManualResult> } {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`--manual-results ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const results = new Map<string, ManualResult>();
  const map = (doc as { results?: unknown } | null)?.results;
  if (!map || typeof map !== 'object' || Array.isArray(map)) {
    throw new UserError(`--manual-results ${file}: expected a mapping "results:" of testcase id → PASS|FAIL|ABORT or {result, note, checked_at, by}`);
  }
  for (const [id, v] of Object.entries(map as Record<string, unknown>)) {
    const entry = typeof v === 'string' ? { result: v } : (v as Record<string, unknown>);
    const verdict = String(entry?.result ?? '').toUpperCase() as TestcaseVerdict;
    if (!VERDICTS.includes(verdict)) throw new UserError(`--manual-results ${file}: ${id}: result must be PASS, FAIL or ABORT, not ${JSON.stringify(entry?.result)}`);
    results.set(id, {
      verdict,
      note: entry.note === undefined ? undefined : String(entry.note),
      checkedAt: entry.checked_at === undefined ? undefined : new Date(String(entry.checked_at)).toISOString(),
      by: entry.by === undefined ? undefined : String(entry.by),
    });
  }
  return { file, results };
}
