/**
 * Commands that look without touching a cloud: `plan`, `list`, `validate`.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadScope, formatProblem, ScopeError } from '../../spec/load.js';
import { selectVersions } from '../../spec/select.js';
import { builtinTestcases } from '../../../testsuites/index.js';
import { UserError } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { BUILTIN_SCOPES, loadScopeArg, parseDate, select } from '../selection.js';
import { addSelectionOptions } from './check.js';

export function planCommand(io: CliIO, setExit: (code: number) => void): Command {
  const cmd = new Command('plan')
    .summary('show which testcases a check would run, and how')
    .description('Shows the versions selected for the date and every testcase a `check` with the same options would run:\nbuilt-in, external script from the scope file, or manual; and what creates resources in the cloud.');
  addSelectionOptions(cmd)
    .option('--json', 'print {versions:[…], testcases:[{id, version, target, kind}]} as JSON')
    .action((flags: { json?: boolean; create: boolean } & Parameters<typeof select>[0]) => {
      const sel = select({ ...flags, noCreate: !flags.create });
      if (flags.json) {
        const testcases = sel.plan.testcases.flatMap((t) =>
          t.targets.map((vt) => {
            const [version, target] = splitTarget(vt);
            return { id: t.id, version, target, kind: t.kind, ...(t.impl?.kind === 'active' ? { creates: t.impl.creates } : {}), ...(t.skipReason ? { skipped: t.skipReason } : {}) };
          }),
        );
        io.out(
          JSON.stringify(
            {
              scope: sel.scope.name,
              referenceDate: sel.referenceDate,
              versions: sel.selected.map((s) => ({ version: s.version.name, validity: s.validity, forced: s.forced })),
              testcases,
            },
            null,
            2,
          ) + '\n',
        );
        return setExit(0);
      }
      io.out(`${sel.scope.name} on ${sel.referenceDate}: ${sel.selected.map((s) => `${s.version.name} (${s.validity}${s.forced ? ', forced' : ''})`).join(', ')}\n`);
      const counts = { builtin: 0, script: 0, manual: 0 };
      for (const t of sel.plan.testcases) {
        counts[t.kind]++;
        const extra = t.skipReason ? `  [skipped: ${t.skipReason}]` : t.impl?.kind === 'active' ? `  [creates ${t.impl.creates.join(', ')}]` : '';
        io.out(`  ${t.kind.padEnd(8)} ${t.id.padEnd(40)} ${t.targets.join(' ')}${extra}\n`);
      }
      io.out(`${sel.plan.testcases.length} testcases: ${counts.builtin} built-in, ${counts.script} by external script, ${counts.manual} manual`);
      if (sel.plan.filteredOut.length) io.out(`; ${sel.plan.filteredOut.length} left out by --tests/--sections`);
      io.out('\n');
      setExit(0);
    });
  return cmd;
}

function splitTarget(vt: string): [string, string] {
  const at = vt.lastIndexOf('/');
  return [vt.slice(0, at), vt.slice(at + 1)];
}

export function listCommand(io: CliIO, setExit: (code: number) => void): Command {
  return new Command('list')
    .summary('list scopes, versions or testcases')
    .argument('<what>', 'scopes | versions | testcases')
    .option('-s, --scope <iaas|kaas|FILE>', 'scope for versions/testcases', 'iaas')
    .option('-d, --date <YYYY-MM-DD>', 'date for the validity column (default: today)')
    .option('-V, --version <name>', 'testcases of this version only')
    .action((what: string, flags: { scope: string; date?: string; version?: string }) => {
      if (what === 'scopes') {
        for (const [alias, file] of Object.entries(BUILTIN_SCOPES)) {
          const scope = loadScope(file);
          io.out(`${alias.padEnd(6)} ${scope.name.padEnd(24)} versions ${scope.versions.map((v) => v.name).join(', ')}  (${file})\n`);
        }
        return setExit(0);
      }
      const scope = loadScopeArg(flags.scope);
      const date = parseDate(flags.date);
      if (what === 'versions') {
        const valid = new Map(safeSelect(scope, date).map((s) => [s.version.name, s.validity]));
        for (const v of scope.versions) {
          io.out(`${v.name.padEnd(8)} ${(valid.get(v.name) ?? 'not listed').padEnd(11)} ${v.stabilizedAt ? `stabilized ${v.stabilizedAt}` : 'not stabilized'}  main: ${v.targets.main?.length ?? 0} testcases\n`);
        }
        return setExit(0);
      }
      if (what === 'testcases') {
        const builtins = builtinTestcases();
        let ids = [...scope.testcases.keys()];
        if (flags.version) {
          const v = scope.versions.find((x) => x.name === flags.version);
          if (!v) throw new UserError(`unknown version ${flags.version}`, `versions: ${scope.versions.map((x) => x.name).join(', ')}`);
          ids = [...new Set(Object.values(v.targets).flat())];
        }
        for (const id of ids.sort()) {
          const t = scope.testcases.get(id)!;
          const kind = builtins.has(id) ? 'builtin' : scope.scripts[t.script]?.executable ? 'script' : 'manual';
          io.out(`${id.padEnd(40)} ${kind.padEnd(8)} ${t.lifetime.padEnd(8)} ${(t.section ?? '-').padEnd(6)} ${t.description}\n`);
        }
        return setExit(0);
      }
      throw new UserError(`list ${what}: unknown`, 'use: list scopes | list versions | list testcases');
    });
}

function safeSelect(scope: Parameters<typeof selectVersions>[0], date: string) {
  try {
    return selectVersions(scope, { date });
  } catch {
    return [];
  }
}

export function validateCommand(io: CliIO, setExit: (code: number) => void): Command {
  return new Command('validate')
    .summary('check scope files for errors')
    .description('Checks scope YAML files (ours or the official SCS ones) and prints every problem with file, line and column.\nExit code 0 when all are valid, 1 otherwise.')
    .argument('<files...>', 'scope files')
    .action((files: string[]) => {
      let bad = 0;
      for (const f of files) {
        const path = resolve(io.cwd, f);
        try {
          const scope = loadScope(path);
          io.out(`${f}: valid (${scope.name}: ${scope.versions.length} versions, ${scope.testcases.size} testcases)\n`);
          for (const w of scope.warnings) io.out(`  warning: ${w}\n`);
        } catch (err) {
          if (!(err instanceof ScopeError)) throw err;
          bad++;
          for (const p of err.problems) io.out(`${formatProblem(p)}\n`);
        }
      }
      setExit(bad > 0 ? 1 : 0);
    });
}
