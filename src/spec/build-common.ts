/**
 * Pieces shared by both scope formats: reading plain YAML values defensively (the schema has already
 * reported wrong types, so these only skip what is malformed), unique ids, variables, modules, scripts,
 * versions with their includes, and the timeline.
 */
import type { ModuleSpec, ScriptSpec, TimelineEntry, Validity, Variable, VersionSpec } from './model.js';
import type { Problems, YamlPath } from './problems.js';
import { didYouMean } from './suggest.js';

export type Raw = Record<string, unknown>;

export function asMap(v: unknown): Raw | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : undefined;
}

export function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(asMap(v) ?? {})) if (typeof val === 'string') out[k] = val;
  return out;
}

/** `- name` (required) or `- name: default` (optional). */
export function buildVariables(raw: unknown): Variable[] {
  const out: Variable[] = [];
  for (const item of asList(raw)) {
    if (typeof item === 'string') out.push({ name: item });
    const m = asMap(item);
    // a malformed map item is reported by the schema; its names still count, so that templates
    // using them do not cause a second, misleading problem
    for (const [name, value] of Object.entries(m ?? {})) out.push(typeof value === 'string' ? { name, default: value } : { name });
  }
  return out;
}

/** Reports a duplicate id: the first occurrence's line goes into the hint. */
function reportDuplicate(problems: Problems, kind: string, id: string, path: YamlPath, firstPath: YamlPath, where = ''): void {
  const first = problems.locate(firstPath);
  problems.at(path, `duplicate ${kind} "${id}"${where}`, `first defined at line ${first.line}`);
}

/** Checks `{name}` placeholders of a template against the names that will be assigned. */
function checkPlaceholders(template: string, known: ReadonlySet<string>, problems: Problems, path: YamlPath): void {
  const text = template.replace(/\{\{|\}\}/g, '');
  for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
    const name = m[1];
    if (known.has(name)) continue;
    problems.at(path, `unknown variable "{${name}}"`, didYouMean(name, known) ?? `declare it under "variables"`);
  }
  const stray = text.replace(/\{[^{}]*\}/g, '');
  if (/[{}]/.test(stray)) problems.at(path, 'unbalanced brace in template', 'write {{ or }} for a literal brace');
}

/** Normalises a version's include list; unknown modules are reported. */
function buildIncludes(
  raw: unknown,
  path: YamlPath,
  modules: ReadonlyMap<string, unknown>,
  versionName: string,
  problems: Problems,
): VersionSpec['include'] {
  const out: VersionSpec['include'] = [];
  const seen = new Set<string>();
  asList(raw).forEach((item, k) => {
    const m = asMap(item);
    const id = typeof item === 'string' ? item : asString(m?.ref);
    if (id === undefined) return;
    const at = typeof item === 'string' ? [...path, k] : [...path, k, 'ref'];
    if (!modules.has(id)) {
      problems.at(at, `version "${versionName}" includes the unknown module "${id}"`, didYouMean(id, modules.keys()) ?? 'define it under "modules"');
      return;
    }
    if (seen.has(id)) {
      problems.at(at, `version "${versionName}" includes module "${id}" twice`);
      return;
    }
    seen.add(id);
    out.push({ module: id, parameters: stringMap(m?.parameters) });
  });
  return out;
}

/** Warns about include parameters that the module does not declare (likely typos). */
function checkIncludeParameters(version: VersionSpec, modules: ReadonlyMap<string, ModuleSpec>, path: YamlPath, problems: Problems): void {
  version.include.forEach((inc, k) => {
    const declared = Object.keys(modules.get(inc.module)?.parameters ?? {});
    for (const name of Object.keys(inc.parameters)) {
      if (!declared.includes(name)) problems.warn([...path, k], `module "${inc.module}" declares no parameter "${name}"`);
    }
  });
}

/** Union per target name over the included modules, ids sorted. */
export function unionTargets(include: VersionSpec['include'], modules: ReadonlyMap<string, ModuleSpec>): Record<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const inc of include) {
    for (const [target, ids] of Object.entries(modules.get(inc.module)?.targets ?? {})) {
      let s = sets.get(target);
      if (!s) sets.set(target, (s = new Set()));
      for (const id of ids) s.add(id);
    }
  }
  const out: Record<string, string[]> = {};
  for (const [target, s] of sets) out[target] = [...s].sort();
  return out;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Reports a well-formed but impossible date such as 2024-02-30 (malformed ones are the schema's). */
function checkCalendarDate(value: unknown, path: YamlPath, problems: Problems, what: string): void {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !isCalendarDate(value)) {
    problems.at(path, `${what}: "${value}" is not a day of the calendar`, 'write dates as YYYY-MM-DD, e.g. 2024-12-19');
  }
}

/** The timeline: real dates, strictly descending (newest first), only known versions. */
export function buildTimeline(raw: unknown, versionNames: ReadonlySet<string>, problems: Problems): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  let previous: { date: string; line: number } | undefined;
  asList(raw).forEach((item, i) => {
    const m = asMap(item);
    if (!m) return;
    const date = asString(m.date);
    checkCalendarDate(date, ['timeline', i, 'date'], problems, `timeline entry #${i + 1}, date`);
    const versions: Record<string, Validity> = {};
    for (const [name, validity] of Object.entries(asMap(m.versions) ?? {})) {
      if (!versionNames.has(name)) {
        problems.at(['timeline', i, 'versions'], `timeline entry ${date ?? `#${i + 1}`} names the unknown version "${name}"`, didYouMean(name, versionNames) ?? 'define it under "versions"', { key: name });
      }
      if (typeof validity === 'string') versions[name] = validity as Validity;
    }
    if (date === undefined || !isCalendarDate(date)) return;
    if (previous && date >= previous.date) {
      problems.at(
        ['timeline', i, 'date'],
        `timeline dates must be strictly descending: ${date} follows ${previous.date} (line ${previous.line})`,
        'list the newest entry first and give every entry its own date',
      );
    }
    previous = { date, line: problems.locate(['timeline', i, 'date']).line };
    out.push({ date, versions });
  });
  return out;
}

export interface KeyedEntry {
  entry: Raw;
  id: string;
  index: number;
}

/**
 * The map items of a list that carry a string `key`, in file order, without repeats: a repeated id is
 * reported (the hint names the first one's line) and skipped. Lazy, so that problems keep file order.
 * Pass `seen` to share one namespace between several lists; `where` is added to the message.
 */
export function* uniqueEntries(
  raw: unknown,
  key: string,
  kind: string,
  pathOf: (index: number) => YamlPath,
  problems: Problems,
  options: { seen?: Map<string, YamlPath>; where?: string } = {},
): Generator<KeyedEntry> {
  const seen = options.seen ?? new Map<string, YamlPath>();
  const list = asList(raw);
  for (let index = 0; index < list.length; index++) {
    const entry = asMap(list[index]);
    const id = asString(entry?.[key]);
    if (!entry || id === undefined) continue;
    const path = pathOf(index);
    const first = seen.get(id);
    if (first) {
      reportDuplicate(problems, kind, id, path, first, options.where);
      continue;
    }
    seen.set(id, path);
    yield { entry, id, index };
  }
}

/** A module's name, URL and parameters; the name defaults to the id. */
export function moduleSpec(id: string, m: Raw, targets: ModuleSpec['targets']): ModuleSpec {
  return { id, name: asString(m.name) ?? id, url: asString(m.url) ?? '', parameters: stringMap(m.parameters), targets };
}

/** A script (current format) or `run` entry (previous format) declaring the given testcases. */
export function scriptSpec(index: number, raw: Raw, testcases: string[]): ScriptSpec {
  const script: ScriptSpec = { index, env: stringMap(raw.env), args: asString(raw.args) ?? '', testcases };
  const executable = asString(raw.executable);
  if (executable !== undefined) script.executable = executable;
  return script;
}

/** Checks the placeholders of a script's args and env values; `path` is the script's. */
export function checkScriptTemplates(script: ScriptSpec, known: ReadonlySet<string>, problems: Problems, path: YamlPath): void {
  checkPlaceholders(script.args, known, problems, [...path, 'args']);
  for (const [name, v] of Object.entries(script.env)) checkPlaceholders(v, known, problems, [...path, 'env', name]);
}

/** What a format decides about one version: its targets and, previous format, the script of each testcase. */
export interface VersionTargets {
  targets: Record<string, string[]>;
  scriptOf?: Record<string, number>;
}

/**
 * The versions list, in both formats: names unique, stabilized_at a real day, includes resolved and
 * their parameters checked. `targetsOf` gives each version's targets as the format defines them.
 * Returns the versions and the set of version names (for the timeline).
 */
export function buildVersions(
  raw: unknown,
  modules: ReadonlyMap<string, ModuleSpec>,
  problems: Problems,
  targetsOf: (v: Raw, index: number, name: string, include: VersionSpec['include']) => VersionTargets,
): { versions: VersionSpec[]; names: Set<string> } {
  const versions: VersionSpec[] = [];
  const seen = new Map<string, YamlPath>();
  for (const { entry: v, id: name, index: i } of uniqueEntries(raw, 'version', 'version', (k) => ['versions', k, 'version'], problems, { seen })) {
    checkCalendarDate(v.stabilized_at, ['versions', i, 'stabilized_at'], problems, `version "${name}", stabilized_at`);
    const include = buildIncludes(v.include, ['versions', i, 'include'], modules, name, problems);
    const { targets, scriptOf } = targetsOf(v, i, name, include);
    const version: VersionSpec = { name, include, targets };
    if (scriptOf) version.scriptOf = scriptOf;
    const stabilizedAt = asString(v.stabilized_at);
    if (stabilizedAt !== undefined) version.stabilizedAt = stabilizedAt;
    checkIncludeParameters(version, modules, ['versions', i, 'include'], problems);
    versions.push(version);
  }
  return { versions, names: new Set(seen.keys()) };
}
