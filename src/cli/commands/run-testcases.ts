/**
 * `scs-compliance run-testcases`: our built-in testsuites behind the SCS script line protocol, so the
 * SCS reference checker (and our own scope files' `executable`) can call them: one line
 * `<id>: PASS|FAIL|ABORT` per testcase on stdout, diagnostics as `LEVEL: text` on stderr.
 */
import { Command } from 'commander';
import { runPlan } from '../../engine/run.js';
import { buildPlan } from '../../engine/plan.js';
import { builtinTestcases } from '../../../testsuites/index.js';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from '../../engine/run.js';
import { buildEnvironment } from '../environment.js';
import { UserError } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { BUILTIN_SCOPES, loadScopeArg, parseAssignments } from '../selection.js';
import type { SelectedVersion } from '../../spec/model.js';

export function runTestcasesCommand(io: CliIO, setExit: (code: number) => void): Command {
  return new Command('run-testcases')
    .summary('run built-in testcases with the SCS line protocol (for the SCS checker)')
    .description('Runs the named testcases and prints `<id>: PASS|FAIL|ABORT` lines, as the scripts of SCS scope files do.\nExit code 0 whenever results were printed (verdicts are in the lines).')
    .argument('<ids...>', 'testcase ids')
    .option('-s, --scope <iaas|kaas|FILE>', 'scope that declares the testcases (default: the built-in one that has them)')
    .option('--os-cloud <name>', 'cloud name in clouds.yaml')
    .option('--kubeconfig <path>', 'kubeconfig of the cluster')
    .option('--context <name>', 'kubeconfig context')
    .option('-a, --assign <KEY=VALUE>', 'scope variable (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .action(async (ids: string[], flags: { scope?: string; osCloud?: string; kubeconfig?: string; context?: string; assign?: string[] }) => {
      // Without --scope: the built-in scope that declares every id (each scope file loaded once).
      const scope = flags.scope
        ? loadScopeArg(flags.scope)
        : (Object.keys(BUILTIN_SCOPES).map(loadScopeArg).find((s) => ids.every((id) => s.testcases.has(id))) ?? loadScopeArg('iaas'));
      const unknown = ids.filter((id) => !scope.testcases.has(id));
      // The protocol has no way to say "unknown id" but ABORT; say why on stderr too.
      for (const id of unknown) {
        io.err(`CRITICAL: ${id}: not a testcase of ${scope.name}\n`);
        io.out(`${id}: ABORT\n`);
      }
      const known = ids.filter((id) => scope.testcases.has(id));
      if (known.length === 0) return setExit(0);
      // Every version, newest first, so module parameters (e.g. image_spec) come from the newest that has the testcase.
      const selected: SelectedVersion[] = scope.versions.map((version) => ({ version, validity: 'draft', listed: false, forced: true }));
      const variables: Record<string, string> = {};
      for (const v of scope.variables) if (v.default !== undefined) variables[v.name] = v.default;
      if (flags.osCloud) variables.os_cloud = flags.osCloud;
      if (flags.kubeconfig) variables.kubeconfig = flags.kubeconfig;
      Object.assign(variables, parseAssignments(flags.assign));
      const escaped = known.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      const plan = buildPlan(scope, selected, builtinTestcases(), variables, { tests: `(?:${escaped.join('|')})$` });
      const notBuiltin = plan.testcases.filter((t) => t.kind !== 'builtin');
      if (notBuiltin.length) throw new UserError(`no built-in implementation for ${notBuiltin.map((t) => t.id).join(', ')}`);
      const built = buildEnvironment({ scope, plan, variables, osCloud: flags.osCloud, kubeconfig: flags.kubeconfig, context: flags.context, io, log: () => undefined });
      try {
        const out = await runPlan({
          plan,
          env: built.env,
          concurrency: DEFAULT_CONCURRENCY,
          timeoutMs: DEFAULT_TIMEOUT_MS,
          now: new Date(),
          signal: new AbortController().signal,
        });
        for (const r of out.testcases) {
          for (const f of r.findings) io.err(`${f.level === 'error' ? 'ERROR' : f.level.toUpperCase()}: ${r.id}: ${f.text}${f.url ? ` (${f.url})` : ''}\n`);
          if (r.verdict !== 'MISSING') io.out(`${r.id}: ${r.verdict}\n`);
          else io.err(`WARNING: ${r.id}: not run: ${r.reason ?? 'no reason'}\n`);
        }
      } finally {
        built.dispose();
      }
      setExit(0);
    });
}
