/**
 * Which versions of a scope a run checks on a reference date (scs-0003-v1 timeline semantics), and the
 * module parameters that apply to a testcase.
 */
import type { Scope, ScriptSpec, SelectedVersion, TimelineEntry, VersionSpec } from './model.js';
import { isCalendarDate } from './build-common.js';

/** No version can be selected; the message says what to do. */
export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectionError';
  }
}

export interface SelectOptions {
  /** Reference date, YYYY-MM-DD. */
  date: string;
  /** Version names given with --version: checked regardless of the timeline. */
  forced?: string[];
}

/** The timeline entry in force on `date`: the one with the greatest date ≤ `date` (file order does not matter). */
export function timelineEntryOn(scope: Scope, date: string): TimelineEntry | undefined {
  let best: TimelineEntry | undefined;
  for (const entry of scope.timeline) if (entry.date <= date && (!best || entry.date > best.date)) best = entry;
  return best;
}

/**
 * Without `forced`: every version the timeline entry in force lists explicitly (drafts and explicitly
 * deprecated ones included), in file order. With `forced`: exactly those versions, each with its
 * validity on that date (`deprecated` when the entry does not list it).
 */
export function selectVersions(scope: Scope, options: SelectOptions): SelectedVersion[] {
  const { date } = options;
  if (!isCalendarDate(date)) throw new SelectionError(`"${date}" is not a date; give the reference date as YYYY-MM-DD`);
  const entry = timelineEntryOn(scope, date);
  const names = scope.versions.map((v) => v.name);

  if (options.forced && options.forced.length > 0) {
    const unknown = options.forced.filter((f) => !names.includes(f));
    if (unknown.length > 0) {
      throw new SelectionError(`${scope.name} has no version ${unknown.map((u) => `"${u}"`).join(', ')}; its versions are: ${names.join(', ')}`);
    }
    const forced = new Set(options.forced);
    return scope.versions
      .filter((v) => forced.has(v.name))
      .map((version) => {
        const explicit = entry?.versions[version.name];
        return { version, validity: explicit ?? 'deprecated', listed: explicit !== undefined, forced: true };
      });
  }

  const selected = scope.versions
    .filter((v) => entry?.versions[v.name] !== undefined)
    .map((version) => ({ version, validity: entry!.versions[version.name], listed: true, forced: false }));
  if (selected.length > 0) return selected;

  const hint = `force one with --version (${names.join(', ') || 'the scope defines none'})`;
  if (scope.timeline.length === 0) throw new SelectionError(`no version of ${scope.name} is valid on ${date}: the scope has no timeline; ${hint}`);
  if (!entry) {
    const earliest = scope.timeline.map((e) => e.date).sort()[0];
    throw new SelectionError(`no version of ${scope.name} is valid on ${date}: its timeline begins on ${earliest}; pick a reference date on or after ${earliest}, or ${hint}`);
  }
  throw new SelectionError(`no version of ${scope.name} is valid on ${date}: the timeline entry of ${entry.date} lists none; ${hint}`);
}

/**
 * Parameters for testcase `id`: those of the include entry (over the module's own `parameters`) of the
 * first of `versions` that includes a module listing the testcase in any target; {} when none does.
 */
export function testcaseParams(scope: Scope, versions: VersionSpec[], id: string): Record<string, string> {
  for (const version of versions) {
    for (const inc of version.include) {
      const module = scope.modules.get(inc.module);
      if (!module) continue;
      if (Object.values(module.targets).some((ids) => ids.includes(id))) return { ...module.parameters, ...inc.parameters };
    }
  }
  return {};
}

/**
 * The script that checks testcase `id` for the given versions: the one the first of `versions` records
 * in `scriptOf` (previous-format files, where several modules may declare the same id), else the
 * script that declares the testcase. Undefined for an unknown id.
 */
export function scriptFor(scope: Scope, versions: VersionSpec[], id: string): ScriptSpec | undefined {
  for (const version of versions) {
    const index = version.scriptOf?.[id];
    if (index !== undefined) return scope.scripts[index];
  }
  const spec = scope.testcases.get(id);
  return spec === undefined ? undefined : scope.scripts[spec.script];
}
