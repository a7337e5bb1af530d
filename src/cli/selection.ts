/**
 * What `check`, `plan` and `run-testcases` share: scope loading, version selection, variables, the plan.
 */
import { builtinTestcases } from '../../testsuites/index.js';
import { buildPlan, type Plan } from '../engine/plan.js';
import type { Scope, SelectedVersion } from '../spec/model.js';
import { loadScope, resolveScopeArg } from '../spec/load.js';
import { selectVersions } from '../spec/select.js';
import { UserError } from './exit-codes.js';
import { join } from 'node:path';
import { standardsDir } from '../util/paths.js';

/** The scopes we ship, by their short names. */
export const BUILTIN_SCOPES: Record<string, string> = {
  iaas: join(standardsDir(), 'scs-compatible-iaas.yaml'),
  kaas: join(standardsDir(), 'scs-compatible-kaas.yaml'),
};

export interface SelectionOptions {
  scope: string;
  date?: string;
  version?: string[];
  tests?: string;
  sections?: string;
  assign?: string[];
  noCreate?: boolean;
}

export interface Selection {
  scope: Scope;
  selected: SelectedVersion[];
  plan: Plan;
  referenceDate: string;
  /** Only the -a values the user gave. */
  assignment: Record<string, string>;
  /** Defaults, derived values and assignments (what scripts and testcases see). */
  variables: Record<string, string>;
  sections: string[] | null;
}

export function todayUTC(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function parseDate(value: string | undefined, now = new Date()): string {
  if (value === undefined) return todayUTC(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new UserError(`--date ${JSON.stringify(value)} is not a date`, 'write it as YYYY-MM-DD, e.g. --date 2026-06-30');
  }
  return value;
}

export function parseAssignments(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UserError(`-a ${JSON.stringify(item)}: expected KEY=VALUE`, 'e.g. -a os_cloud=mycloud');
    const key = item.slice(0, at).trim();
    if (key in out) throw new UserError(`-a ${key}=… is given twice`, 'give each variable once');
    out[key] = item.slice(at + 1);
  }
  return out;
}

export function loadScopeArg(arg: string): Scope {
  return loadScope(resolveScopeArg(arg));
}

/**
 * Builds the selection. `derived` are variables the CLI knows from its own options (os_cloud from
 * --os-cloud or the sandbox, kubeconfig from --kubeconfig); explicit -a assignments win over them.
 */
export function select(opts: SelectionOptions, derived: Record<string, string> = {}, now = new Date()): Selection {
  const referenceDate = parseDate(opts.date, now);
  const scope = loadScopeArg(opts.scope);
  const selected = selectVersions(scope, { date: referenceDate, forced: opts.version?.length ? opts.version : undefined });
  const assignment = parseAssignments(opts.assign);
  const defaults: Record<string, string> = {};
  for (const v of scope.variables) if (v.default !== undefined) defaults[v.name] = v.default;
  const variables = { ...defaults, ...derived, ...assignment };
  const sections = opts.sections ? opts.sections.split(',').map((s) => s.trim()).filter(Boolean) : null;
  const plan = buildPlan(scope, selected, builtinTestcases(), variables, {
    tests: opts.tests,
    sections: sections ?? undefined,
    noCreate: opts.noCreate,
  });
  return { scope, selected, plan, referenceDate, assignment, variables, sections };
}

/** Required scope variables that are still unassigned after defaults and derivation. */
export function missingVariables(sel: Selection): string[] {
  const needed = new Set<string>();
  // Only variables of scripts that will actually run are needed, plus os_cloud/kubeconfig for built-ins.
  for (const v of sel.scope.variables) if (v.default === undefined && !(v.name in sel.variables)) needed.add(v.name);
  const scriptTemplates = sel.plan.testcases.filter((t) => t.kind === 'script').map((t) => `${t.script!.args} ${Object.values(t.script!.env).join(' ')}`);
  return [...needed].filter((name) => scriptTemplates.some((tpl) => tpl.includes(`{${name}}`)));
}
