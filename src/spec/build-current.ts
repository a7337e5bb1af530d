/**
 * Builds the scope model from a file in the current SCS format: top-level `scripts` declaring the
 * testcases, modules mapping target names to lists of testcase ids, versions including modules.
 */
import type { Lifetime, ModuleSpec, Scope, ScriptSpec, TestcaseSpec } from './model.js';
import type { Problems, YamlPath } from './problems.js';
import { didYouMean } from './suggest.js';
import {
  asList,
  asMap,
  asString,
  buildTimeline,
  buildVariables,
  buildVersions,
  checkScriptTemplates,
  moduleSpec,
  scriptSpec,
  uniqueEntries,
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
    const script = scriptSpec(i, s, []);
    if (script.executable !== undefined) checkScriptTemplates(script, known, problems, ['scripts', i]);
    const declared = uniqueEntries(s.testcases, 'id', 'testcase id', (j) => ['scripts', i, 'testcases', j, 'id'], problems, { seen: testcasePaths });
    for (const { entry: tc, id } of declared) {
      script.testcases.push(id);
      testcases.set(id, testcaseSpec(id, tc, i));
    }
    scripts.push(script);
  });

  // without a list of scripts (reported by the schema) every target entry would be "undeclared"
  const scriptsGiven = Array.isArray(raw.scripts);
  const modules = new Map<string, ModuleSpec>();
  for (const { entry: m, id, index: i } of uniqueEntries(raw.modules, 'id', 'module id', (k) => ['modules', k, 'id'], problems)) {
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
    modules.set(id, moduleSpec(id, m, targets));
  }

  const { versions, names } = buildVersions(raw.versions, modules, problems, (v, i, name, include) => {
    if (v.targets !== undefined) problems.warn(['versions', i], `version "${name}": "targets" is a key of the previous format and is ignored`, 'targets');
    return { targets: unionTargets(include, modules) };
  });

  const timeline = buildTimeline(raw.timeline, names, problems);
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
