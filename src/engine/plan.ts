/**
 * The plan: which testcases of the selected versions run, and how each is implemented
 * (built-in testsuite, external script from the scope file, or manual).
 */
import type { ImplementationKind } from './results.js';
import type { TestcaseImpl } from './types.js';
import type { Scope, ScriptSpec, SelectedVersion, TestcaseSpec } from '../spec/model.js';
import { scriptFor, testcaseParams } from '../spec/select.js';

export interface PlannedTestcase {
  id: string;
  spec: TestcaseSpec;
  kind: ImplementationKind;
  impl?: TestcaseImpl;
  /** The declaring script (for kind `script`, and for reference). */
  script?: ScriptSpec;
  /** Versions (names) and targets (`version/target`) that include it. */
  versions: string[];
  targets: string[];
  /** Module parameters merged with variables (variables win). */
  params: Record<string, string>;
  /** Set when the testcase will not run although selected, e.g. `--no-create`. */
  skipReason?: string;
}

export interface PlanFilters {
  /** Regular expression matched at the start of the id (as the SCS checker's `-t`). */
  tests?: string;
  /** Only testcases whose section is one of these. */
  sections?: string[];
  /** Skip testcases that would create objects in the cloud. */
  noCreate?: boolean;
}

export interface Plan {
  scope: Scope;
  selected: SelectedVersion[];
  testcases: PlannedTestcase[];
  /** Selected by version but left out by --tests/--sections. */
  filteredOut: string[];
  /** How many were left out by --sections because they have no section at all. */
  withoutSection: number;
  partial: boolean;
}

export class PlanError extends Error {}

export function buildPlan(
  scope: Scope,
  selected: SelectedVersion[],
  builtins: Map<string, TestcaseImpl>,
  variables: Record<string, string>,
  filters: PlanFilters = {},
): Plan {
  let testsRe: RegExp | undefined;
  if (filters.tests !== undefined) {
    try {
      testsRe = new RegExp(`^(?:${filters.tests})`);
    } catch (err) {
      throw new PlanError(`--tests: not a valid regular expression: ${(err as Error).message}`);
    }
  }
  const byId = new Map<string, { versions: Set<string>; targets: Set<string> }>();
  for (const sel of selected) {
    for (const [target, ids] of Object.entries(sel.version.targets)) {
      for (const id of ids) {
        const e = byId.get(id) ?? { versions: new Set(), targets: new Set() };
        e.versions.add(sel.version.name);
        e.targets.add(`${sel.version.name}/${target}`);
        byId.set(id, e);
      }
    }
  }
  const testcases: PlannedTestcase[] = [];
  const filteredOut: string[] = [];
  let withoutSection = 0;
  const versions = selected.map((s) => s.version);
  for (const [id, where] of [...byId.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const spec = scope.testcases.get(id);
    if (!spec) throw new PlanError(`testcase ${id} is in a target but not declared by any script of ${scope.file}`);
    if (testsRe && !testsRe.test(id)) {
      filteredOut.push(id);
      continue;
    }
    if (filters.sections) {
      if (spec.section === undefined) withoutSection++;
      if (spec.section === undefined || !filters.sections.includes(spec.section)) {
        filteredOut.push(id);
        continue;
      }
    }
    const impl = builtins.get(id);
    // Previous-format scope files may run the same id with a different script per version.
    const script = scriptFor(scope, versions, id) ?? scope.scripts[spec.script];
    const kind: ImplementationKind = impl ? 'builtin' : script?.executable ? 'script' : 'manual';
    const params = { ...testcaseParams(scope, versions, id), ...variables };
    const planned: PlannedTestcase = {
      id,
      spec,
      kind,
      impl,
      script,
      versions: [...where.versions],
      targets: [...where.targets],
      params,
    };
    if (filters.noCreate && impl?.kind === 'active') {
      planned.skipReason = `not run: --no-create was given and this testcase creates ${impl.creates.join(', ')}`;
    }
    testcases.push(planned);
  }
  return {
    scope,
    selected,
    testcases,
    filteredOut,
    withoutSection,
    partial: filters.tests !== undefined || filters.sections !== undefined,
  };
}
