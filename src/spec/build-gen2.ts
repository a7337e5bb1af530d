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
import type { Lifetime, ModuleSpec, ScriptSpec, TestcaseSpec } from './model.js';
import type { Problems } from './problems.js';
import { parseSelector, matchesSelector, SelectorSyntaxError, type Selector } from './selector.js';
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

  for (const { entry: m, id, index: i } of uniqueEntries(raw.modules, 'id', 'module id', (k) => ['modules', k, 'id'], problems)) {
    const spec = moduleSpec(id, m, {});
    const known = new Set([...variables.map((v) => v.name), ...Object.keys(spec.parameters), 'testcases']);
    const runs = asList(m.run).map((r, k) => ({ run: asMap(r) ?? {}, k }));
    const section = runs.map(({ run }) => asString(run.section)).find((s) => s !== undefined);

    const testcases: Gen2Testcase[] = [];
    const declared = uniqueEntries(m.testcases, 'id', 'testcase id', (j) => ['modules', i, 'testcases', j, 'id'], problems, { where: ` in module "${id}"` });
    for (const { entry: tc, id: tcId } of declared) {
      const tcSpec: Gen2Testcase['spec'] = {
        id: tcId,
        lifetime: (asString(tc.lifetime) ?? 'week') as Lifetime,
        description: (asString(tc.description) ?? spec.name).trim(),
        url: asString(tc.url) ?? spec.url,
      };
      if (section !== undefined) tcSpec.section = section;
      testcases.push({ spec: tcSpec, tags: new Set(asList(tc.tags).filter((t): t is string => typeof t === 'string')) });
    }

    const ids = testcases.map((t) => t.spec.id);
    const module: Gen2Module = { spec, testcases };
    if (ids.length > 0 || runs.length > 0) module.script = scripts.length;
    for (const { run, k } of runs) {
      const script = scriptSpec(scripts.length, run, [...ids]);
      checkScriptTemplates(script, known, problems, ['modules', i, 'run', k]);
      scripts.push(script);
    }
    if (runs.length === 0 && ids.length > 0) scripts.push({ index: scripts.length, env: {}, args: '', testcases: [...ids] });
    modules.set(id, module);
  }

  const moduleSpecs = new Map([...modules].map(([id, m]) => [id, m.spec]));
  const chosen = new Map<string, { module: Gen2Module; tc: Gen2Testcase }>();
  const { versions, names } = buildVersions(raw.versions, moduleSpecs, problems, (v, i, name, include) => {

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
    return { targets, scriptOf };
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

  const timeline = buildTimeline(raw.timeline, names, problems);
  return { variables, scripts, testcases, modules: moduleSpecs, versions, timeline };
}
