/**
 * Builds the scope model from a file in the previous SCS format (2024-08 … 2026-01): modules carry
 * `run` entries and `testcases` with `tags`; versions select their targets with selector strings.
 *
 * Normalisation: every `run` entry becomes a ScriptSpec declaring all testcases of its module; a module
 * with testcases but no `run` becomes one manual ScriptSpec. The same testcase id may be declared by
 * several modules (e.g. `flavor-name-check` in every flavor-naming module): Scope.testcases then holds
 * the declaration of the module that the first version (file order) including such a module uses, and
 * every version records in `scriptOf` which script checks each of its testcases. A module's `targets`
 * are the union, over the versions that include it, of the selected testcases it declares.
 */
import type { Lifetime, ModuleSpec, ScriptSpec, TestcaseSpec, VersionSpec } from './model.js';
import type { Problems, YamlPath } from './problems.js';
import { parseSelector, matchesSelector, SelectorSyntaxError, type Selector } from './selector.js';
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
  type Raw,
} from './build-common.js';
import type { ScopeBody } from './build-current.js';

interface Gen2Testcase {
  spec: Omit<TestcaseSpec, 'script'>;
  tags: Set<string>;
}

interface Gen2Module {
  spec: ModuleSpec;
  /** Index of the first script of the module (undefined: no testcases). */
  script?: number;
  testcases: Gen2Testcase[];
}

export function buildGen2(raw: Raw, problems: Problems): ScopeBody {
  const variables = buildVariables(raw.variables);
  const scripts: ScriptSpec[] = [];
  const modules = new Map<string, Gen2Module>();
  const modulePaths = new Map<string, YamlPath>();

  asList(raw.modules).forEach((item, i) => {
    const m = asMap(item);
    const id = asString(m?.id);
    if (!m || id === undefined) return;
    const first = modulePaths.get(id);
    if (first) return reportDuplicate(problems, 'module id', id, ['modules', i, 'id'], first);
    modulePaths.set(id, ['modules', i, 'id']);
    const spec: ModuleSpec = { id, name: asString(m.name) ?? id, url: asString(m.url) ?? '', parameters: stringMap(m.parameters), targets: {} };
    const known = new Set([...variables.map((v) => v.name), ...Object.keys(spec.parameters), 'testcases']);
    const runs = asList(m.run).map((r, k) => ({ run: asMap(r) ?? {}, k }));
    const section = runs.map(({ run }) => asString(run.section)).find((s) => s !== undefined);

    const testcases: Gen2Testcase[] = [];
    const seen = new Map<string, YamlPath>();
    asList(m.testcases).forEach((tcItem, j) => {
      const tc = asMap(tcItem);
      const tcId = asString(tc?.id);
      if (!tc || tcId === undefined) return;
      const path = ['modules', i, 'testcases', j, 'id'];
      const dup = seen.get(tcId);
      if (dup) return reportDuplicate(problems, 'testcase id', tcId, path, dup, ` in module "${id}"`);
      seen.set(tcId, path);
      const tcSpec: Gen2Testcase['spec'] = {
        id: tcId,
        lifetime: (asString(tc.lifetime) ?? 'week') as Lifetime,
        description: (asString(tc.description) ?? spec.name).trim(),
        url: asString(tc.url) ?? spec.url,
      };
      if (section !== undefined) tcSpec.section = section;
      testcases.push({ spec: tcSpec, tags: new Set(asList(tc.tags).filter((t): t is string => typeof t === 'string')) });
    });

    const ids = testcases.map((t) => t.spec.id);
    const module: Gen2Module = { spec, testcases };
    if (ids.length > 0 || runs.length > 0) module.script = scripts.length;
    for (const { run, k } of runs) {
      const script: ScriptSpec = { index: scripts.length, env: stringMap(run.env), args: asString(run.args) ?? '', testcases: [...ids] };
      const executable = asString(run.executable);
      if (executable !== undefined) script.executable = executable;
      checkPlaceholders(script.args, known, problems, ['modules', i, 'run', k, 'args']);
      for (const [name, v] of Object.entries(script.env)) checkPlaceholders(v, known, problems, ['modules', i, 'run', k, 'env', name]);
      scripts.push(script);
    }
    if (runs.length === 0 && ids.length > 0) scripts.push({ index: scripts.length, env: {}, args: '', testcases: [...ids] });
    modules.set(id, module);
  });

  const moduleSpecs = new Map([...modules].map(([id, m]) => [id, m.spec]));
  const versions: VersionSpec[] = [];
  const versionPaths = new Map<string, YamlPath>();
  const chosen = new Map<string, { module: Gen2Module; tc: Gen2Testcase }>();
  asList(raw.versions).forEach((item, i) => {
    const v = asMap(item);
    const name = asString(v?.version);
    if (!v || name === undefined) return;
    const first = versionPaths.get(name);
    if (first) return reportDuplicate(problems, 'version', name, ['versions', i, 'version'], first);
    versionPaths.set(name, ['versions', i, 'version']);
    checkCalendarDate(v.stabilized_at, ['versions', i, 'stabilized_at'], problems, `version "${name}", stabilized_at`);
    const include = buildIncludes(v.include, ['versions', i, 'include'], moduleSpecs, name, problems);

    // testcases of the included modules must be pairwise different (scs-0003-v1)
    const owner = new Map<string, string>();
    const scriptOf: Record<string, number> = {};
    include.forEach((inc, k) => {
      const module = modules.get(inc.module);
      if (!module) return;
      for (const tc of module.testcases) {
        const other = owner.get(tc.spec.id);
        if (other !== undefined) {
          problems.at(['versions', i, 'include', k], `version "${name}" includes testcase "${tc.spec.id}" twice: from module "${other}" and from module "${inc.module}"`);
          continue;
        }
        owner.set(tc.spec.id, inc.module);
        if (module.script !== undefined) scriptOf[tc.spec.id] = module.script;
        if (!chosen.has(tc.spec.id)) chosen.set(tc.spec.id, { module, tc });
      }
    });

    const targets: Record<string, string[]> = {};
    for (const [target, text] of Object.entries(asMap(v.targets) ?? {})) {
      if (typeof text !== 'string') continue;
      let selector: Selector;
      try {
        selector = parseSelector(text);
      } catch (e) {
        if (!(e instanceof SelectorSyntaxError)) throw e;
        problems.at(['versions', i, 'targets', target], `version "${name}", target "${target}": ${e.message}`, 'a selector is tags joined by "/" (or) and spaces (and), "!" negates, "," separates alternatives');
        continue;
      }
      const selected = new Set<string>();
      for (const inc of include) {
        const module = modules.get(inc.module);
        for (const tc of module?.testcases ?? []) {
          if (!matchesSelector(selector, tc.tags)) continue;
          selected.add(tc.spec.id);
          const own = module!.spec.targets;
          const mt = Object.hasOwn(own, target) ? own[target] : (own[target] = []);
          if (!mt.includes(tc.spec.id)) mt.push(tc.spec.id);
        }
      }
      targets[target] = [...selected].sort();
    }
    const version: VersionSpec = { name, include, targets, scriptOf };
    const stabilizedAt = asString(v.stabilized_at);
    if (stabilizedAt !== undefined) version.stabilizedAt = stabilizedAt;
    checkIncludeParameters(version, moduleSpecs, ['versions', i, 'include'], problems);
    versions.push(version);
  });

  // one declaration per testcase id: the one the first version uses, else the first in file order
  const testcases = new Map<string, TestcaseSpec>();
  for (const module of modules.values()) {
    for (const tc of module.testcases) {
      if (testcases.has(tc.spec.id)) continue;
      const pick = chosen.get(tc.spec.id) ?? { module, tc };
      testcases.set(tc.spec.id, { ...pick.tc.spec, script: pick.module.script ?? 0 });
    }
  }

  const timeline = buildTimeline(raw.timeline, new Set(versionPaths.keys()), problems);
  return { variables, scripts, testcases, modules: moduleSpecs, versions, timeline };
}
