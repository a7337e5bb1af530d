/**
 * A Sonobuoy-based testcase (cncf-k8s-conformance, kaas-networking-check): delete leftovers, run,
 * follow the status, retrieve and judge the results, always delete the run.
 *
 * Parameters (scope variables or `-a KEY=VALUE`):
 *   sonobuoy               path of the binary; empty: `sonobuoy` on PATH (or ~/.local/bin)
 *   execution_mode         parallel (default) | serial | dry
 *   sonobuoy_results_dir   base folder for the results: the tarball, the unpacked results and
 *                          junit_01.xml are kept in <base>/<testcase id>; default reports/sonobuoy
 *   sonobuoy_poll_seconds  how often `sonobuoy status --json` is asked (default 30)
 */
import { delimiter, join, resolve } from 'node:path';
import { abort, activeTestcase, type ActiveTestcase, type Outcome } from '../../../src/engine/types.js';
import { errorMessage } from '../../../src/engine/facts.js';
import { kubeTargetFact } from '../../../src/kubernetes/facts.js';
import { okToFailFact } from './facts.js';
import { judgeE2eResults, parseE2eResults } from './results.js';
import { clearResultsDir, exclusivePerCluster, findSonobuoy, INSTALL_ADVICE, retrieve, sonobuoy, waitForRun, type SonobuoyCommand } from './runner.js';

export const MODES = ['serial', 'parallel', 'dry'] as const;
export type ExecutionMode = (typeof MODES)[number];
const FLAKE_ARGS = ['--plugin-env', 'e2e.E2E_EXTRA_ARGS=--ginkgo.flake-attempts=2'];
const CLEANUP_TIMEOUT_MS = 15 * 60_000;

export interface SonobuoyTestcaseDef {
  id: string;
  /** For messages: `CNCF conformance tests`, `e2e tests focused on NetworkPolicy`. */
  what: string;
  /** Selection arguments of `sonobuoy run`. */
  runArgs: string[];
}

/** `sonobuoy run` arguments for a mode. */
export function runArguments(def: SonobuoyTestcaseDef, mode: ExecutionMode): string[] {
  const args = ['run', ...def.runArgs, ...FLAKE_ARGS];
  if (mode === 'parallel') args.push('--e2e-parallel=true');
  if (mode === 'dry') args.push('--plugin-env', 'e2e.E2E_DRYRUN=true');
  return args;
}

export function sonobuoyTestcase(def: SonobuoyTestcaseDef): ActiveTestcase {
  return activeTestcase({
    id: def.id,
    creates: [`a Sonobuoy run (namespace sonobuoy and its pods) running the ${def.what}; deleted at the end`],
    priority: 10,
    timeoutMs: 26 * 3_600_000,
    async run(ctx): Promise<Outcome> {
      const mode = (ctx.params.execution_mode || 'parallel') as ExecutionMode;
      if (!MODES.includes(mode)) return abort(`execution_mode "${mode}" is not one of ${MODES.join(', ')}`);
      const bin = findSonobuoy(ctx.params.sonobuoy, process.env);
      if (!bin) {
        const where = ctx.params.sonobuoy ? `at ${resolve(ctx.params.sonobuoy)} (not an executable file)` : 'on PATH or in ~/.local/bin';
        return abort(`sonobuoy not found ${where}: ${INSTALL_ADVICE}`);
      }
      const target = await ctx.fact(kubeTargetFact);
      const okToFail = await ctx.fact(okToFailFact);
      const env: Record<string, string | undefined> = { ...process.env };
      const targetArgs: string[] = [];
      if (target.kubeconfigPath && !target.kubeconfigPath.includes(delimiter)) targetArgs.push('--kubeconfig', target.kubeconfigPath);
      else if (target.kubeconfigPath) env.KUBECONFIG = target.kubeconfigPath;
      if (!target.inCluster) targetArgs.push('--context', target.context);
      const cmd: SonobuoyCommand = { bin, target: targetArgs, env, log: (m) => ctx.progress(m) };
      const dir = resolve(ctx.params.sonobuoy_results_dir || join('reports', 'sonobuoy'), def.id);
      const pollMs = Math.max(10, Number(ctx.params.sonobuoy_poll_seconds || '30') * 1000);

      try {
        return await exclusivePerCluster(target.cluster, ctx.signal, () => ctx.progress(`waiting for the other Sonobuoy run on ${target.cluster} to finish`), async () => {
          let outcome: Outcome;
          try {
            ctx.progress(`removing leftovers of earlier Sonobuoy runs on ${target.cluster}`);
            await sonobuoy(cmd, ['delete', '--wait'], ctx.signal);
            clearResultsDir(dir);
            await sonobuoy(cmd, runArguments(def, mode), ctx.signal);
            const final = await waitForRun(cmd, { pollMs, signal: ctx.signal, progress: ctx.progress });
            const got = await retrieve(cmd, dir, ctx.signal);
            ctx.progress(`results kept in ${dir}${got.junit ? ` (JUnit: ${got.junit})` : ''}`);
            const kept: Record<string, string> = { tarball: got.tarball, resultsDir: join(dir, 'results') };
            if (got.junit) kept.junit = got.junit;
            outcome = judgeE2eResults({ results: parseE2eResults(got.resultsYaml), okToFail, mode, what: def.what, cluster: target.cluster, url: ctx.url, kept });
            if (final.status === 'failed' && outcome.verdict === 'PASS') {
              outcome = abort(`sonobuoy ended with status "failed" (${final.line}) although the results show no failed test`, outcome.evidence);
            }
          } catch (err) {
            outcome = abort(ctx.signal.aborted ? `the Sonobuoy run was cancelled: ${errorMessage(ctx.signal.reason)}` : `the Sonobuoy run could not be completed: ${errorMessage(err)}`);
          }
          // Always delete the run, also after a failure or a cancellation (with its own time limit).
          try {
            await sonobuoy(cmd, ['delete', '--wait'], AbortSignal.timeout(CLEANUP_TIMEOUT_MS));
          } catch (err) {
            outcome.findings.push({ level: 'warning', text: `Deleting the Sonobuoy run failed (${errorMessage(err)}); remove it with "sonobuoy delete --wait".` });
          }
          return outcome;
        });
      } catch (err) {
        return abort(`the Sonobuoy run was cancelled while waiting for another run on the same cluster: ${errorMessage(err)}`);
      }
    },
  });
}
