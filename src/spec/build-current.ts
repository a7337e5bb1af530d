/**
 * Builds the scope model from a file in the current SCS format: top-level `scripts` declaring the
 * testcases, modules mapping target names to lists of testcase ids, versions including modules.
 */
import type { Lifetime, ModuleSpec, Scope, ScriptSpec, TestcaseSpec, VersionSpec } from './model.js';
import type { Problems, YamlPath } from './problems.js';
import { didYouMean } from './suggest.js';
import {
  asList,
  asMap,
  asString,
  buildIncludes,
  buildTimeline,
  buildVariables,
  checkCalendarDate,
  checkIncludeParameters,
  checkPlaceholders,
  reportDuplicate,
  stringMap,
  unionTargets,
  type Raw,
} from './build-common.js';

export type ScopeBody = Pick<Scope, 'variables' | 'scripts' | 'testcases' | 'modules' | 'versions' | 'timeline'>;

export function buildCurrent(raw: Raw, problems: Problems): ScopeBody {
  const variables = buildVariables(raw.variables);
  const known = new Set([...variables.map((v) => v.name), 'testcases']);

  const scripts: ScriptSpec[] = [];
  const testcases = new Map<string, TestcaseSpec>();
  const testcasePaths = new Map<string, YamlPath>();
  asList(raw.scripts).forEach((item, i) => {
    const s = asMap(item) ?? {};
    const script: ScriptSpec = { index: i, env: stringMap(s.env), args: asString(s.args) ?? '', testcases: [] };
    const executable = asString(s.executable);
    if (executable !== undefined) script.executable = executable;
    if (executable !== undefined) {
      checkPlaceholders(script.args, known, problems, ['scripts', i, 'args']);
      for (const [k, v] of Object.entries(script.env)) checkPlaceholders(v, known, problems, ['scripts', i, 'env', k]);
    }
    asList(s.testcases).forEach((tcItem, j) => {
      const tc = asMap(tcItem);
      const id = asString(tc?.id);
      if (!tc || id === undefined) return;
      const path = ['scripts', i, 'testcases', j, 'id'];
      const first = testcasePaths.get(id);
      if (first) return reportDuplicate(problems, 'testcase id', id, path, first);
      testcasePaths.set(id, path);
      script.testcases.push(id);
      testcases.set(id, testcaseSpec(id, tc, i));
    });
    scripts.push(script);
  });

  // without a list of scripts (reported by the schema) every target entry would be "undeclared"
  const scriptsGiven = Array.isArray(raw.scripts);
  const modules = new Map<string, ModuleSpec>();
  const modulePaths = new Map<string, YamlPath>();
  asList(raw.modules).forEach((item, i) => {
    const m = asMap(item);
    const id = asString(m?.id);
    if (!m || id === undefined) return;
    const first = modulePaths.get(id);
    if (first) return reportDuplicate(problems, 'module id', id, ['modules', i, 'id'], first);
    modulePaths.set(id, ['modules', i, 'id']);
    const targets: Record<string, string[]> = {};
    for (const [target, ids] of Object.entries(asMap(m.targets) ?? {})) {
      targets[target] = [];
      asList(ids).forEach((tcId, k) => {
        if (typeof tcId !== 'string') return;
        if (!testcases.has(tcId) && scriptsGiven) {
          problems.at(
            ['modules', i, 'targets', target, k],
            `testcase "${tcId}" in target "${target}" of module "${id}" is not declared by any script`,
            didYouMean(tcId, testcases.keys()) ?? 'declare it under "scripts"',
          );
          return;
        }
        if (testcases.has(tcId) && !targets[target].includes(tcId)) targets[target].push(tcId);
      });
    }
    modules.set(id, { id, name: asString(m.name) ?? id, url: asString(m.url) ?? '', parameters: stringMap(m.parameters), targets });
  });

  const versions: VersionSpec[] = [];
  const versionPaths = new Map<string, YamlPath>();
  asList(raw.versions).forEach((item, i) => {
    const v = asMap(item);
    const name = asString(v?.version);
    if (!v || name === undefined) return;
    const first = versionPaths.get(name);
    if (first) return reportDuplicate(problems, 'version', name, ['versions', i, 'version'], first);
    versionPaths.set(name, ['versions', i, 'version']);
    checkCalendarDate(v.stabilized_at, ['versions', i, 'stabilized_at'], problems, `version "${name}", stabilized_at`);
    if (v.targets !== undefined) problems.warn(['versions', i], `version "${name}": "targets" is a key of the previous format and is ignored`, 'targets');
    const include = buildIncludes(v.include, ['versions', i, 'include'], modules, name, problems);
    const version: VersionSpec = { name, include, targets: unionTargets(include, modules) };
    const stabilizedAt = asString(v.stabilized_at);
    if (stabilizedAt !== undefined) version.stabilizedAt = stabilizedAt;
    checkIncludeParameters(version, modules, ['versions', i, 'include'], problems);
    versions.push(version);
  });

  const timeline = buildTimeline(raw.timeline, new Set(versionPaths.keys()), problems);
  return { variables, scripts, testcases, modules, versions, timeline };
}

function testcaseSpec(id: string, tc: Raw, script: number): TestcaseSpec {
  const spec: TestcaseSpec = {
    id,
    lifetime: (asString(tc.lifetime) ?? 'week') as Lifetime,
    description: (asString(tc.description) ?? '').trim(),
    url: asString(tc.url) ?? '',
    script,
  };
  const section = asString(tc.section);
  if (section !== undefined) spec.section = section;
  return spec;
}
