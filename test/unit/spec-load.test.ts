import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScopeError, formatProblem, loadScope, parseScope, resolveScopeArg } from '../../src/spec/load.js';
import type { Problem } from '../../src/spec/model.js';
import { standardsDir } from '../../src/util/paths.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/scopes');
const fixture = (name: string) => join(FIXTURES, name);

/** The problems of a bad fixture as `line:col message (hint)` strings, file name stripped. */
function problemsOf(name: string): Problem[] {
  try {
    loadScope(fixture(name));
  } catch (e) {
    expect(e).toBeInstanceOf(ScopeError);
    return (e as ScopeError).problems;
  }
  throw new Error(`${name} loaded without problems`);
}

function problemsOfText(text: string): Problem[] {
  try {
    parseScope(text, 'text.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ScopeError);
    return (e as ScopeError).problems;
  }
  throw new Error('loaded without problems');
}

function brief(p: Problem): string {
  return `${p.line}:${p.column} ${p.message}${p.hint ? ` | ${p.hint}` : ''}`;
}

describe('loadScope: a valid file in the current format', () => {
  const scope = loadScope(fixture('minimal.yaml'));

  it('keeps the header, file, folder and a sha256 digest', () => {
    expect(scope.uuid).toBe('00000000-0000-4000-8000-000000000001');
    expect(scope.name).toBe('Fixture scope');
    expect(scope.file).toBe(fixture('minimal.yaml'));
    expect(scope.dir).toBe(FIXTURES);
    expect(scope.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(scope.format).toBe('current');
    expect(scope.warnings).toEqual([]);
  });

  it('reads variables, scripts and testcases with defaults', () => {
    expect(scope.variables).toEqual([{ name: 'cloud' }, { name: 'mode', default: 'fast' }]);
    expect(scope.scripts).toHaveLength(2);
    expect(scope.scripts[0]).toEqual({
      index: 0,
      executable: './check.sh',
      env: { LEVEL: '{mode}' },
      args: '--cloud {cloud} --mode {mode} {testcases}',
      testcases: ['fx-a', 'fx-b', 'fx-c'],
    });
    expect(scope.scripts[1].executable).toBeUndefined();
    expect(scope.scripts[1].testcases).toEqual(['fx-manual']);
    expect(scope.testcases.get('fx-a')).toEqual({
      id: 'fx-a', lifetime: 'day', section: 'light', description: 'First testcase.', url: 'https://example.invalid/docs#a', script: 0,
    });
    expect(scope.testcases.get('fx-b')?.lifetime).toBe('week');
    expect(scope.testcases.get('fx-b')?.section).toBeUndefined();
    expect(scope.testcases.get('fx-manual')?.script).toBe(1);
  });

  it('resolves version targets as the union over included modules, sorted', () => {
    const byName = Object.fromEntries(scope.versions.map((v) => [v.name, v]));
    expect(scope.versions.map((v) => v.name)).toEqual(['v3', 'v2', 'v1']);
    expect(byName.v3.targets).toEqual({ main: ['fx-a', 'fx-b', 'fx-c'], recommended: ['fx-c'], preview: ['fx-manual'] });
    expect(byName.v2.targets).toEqual({ main: ['fx-a', 'fx-b', 'fx-c'] });
    expect(byName.v2.stabilizedAt).toBe('2025-01-10');
    expect(byName.v2.include).toEqual([
      { module: 'mod-a2', parameters: { spec_file: 'v2-spec.yaml' } },
      { module: 'mod-empty', parameters: {} },
    ]);
    expect(byName.v1.targets.main).toEqual(['fx-a', 'fx-b']);
    expect(scope.modules.get('mod-empty')?.targets).toEqual({});
  });

  it('keeps the timeline in file order', () => {
    expect(scope.timeline.map((e) => e.date)).toEqual(['2025-03-01', '2025-01-15', '2024-12-01']);
    expect(scope.timeline[0].versions).toEqual({ v2: 'effective', v1: 'deprecated', v3: 'draft' });
  });

  it('gives the same digest for the same bytes and another for different bytes', () => {
    const text = readFileSync(fixture('minimal.yaml'), 'utf8');
    const base = parseScope(text, 'a.yaml').digest;
    expect(parseScope(text, 'b.yaml').digest).toBe(base);
    expect(parseScope(`${text}# changed\n`, 'a.yaml').digest).not.toBe(base);
  });
});

describe('loadScope: problems with file, line and column', () => {
  it('reports YAML syntax errors', () => {
    const ps = problemsOf('yaml-syntax.yaml');
    expect(ps.length).toBeGreaterThanOrEqual(1);
    expect(ps[0].file).toBe(fixture('yaml-syntax.yaml'));
    expect(ps[0].message).toMatch(/^YAML syntax: .*quote/i);
    expect(ps[0].line).toBeGreaterThanOrEqual(6);
  });

  it('reports unknown keys with "did you mean" hints', () => {
    expect(problemsOf('unknown-keys.yaml').map(brief)).toEqual([
      '5:5 unknown key "executible" in script #1 | did you mean "executable"?',
      '8:9 unknown key "descripton" in testcase "uk-a" | did you mean "description"?',
      '13:5 unknown key "target" in module "m" | did you mean "targets"?',
      '22:5 unknown key "stabilised_at" in version "v1" | did you mean "stabilized_at"?',
    ]);
  });

  it('reports wrong types, with a hint to quote numbers as written', () => {
    expect(problemsOf('wrong-types.yaml').map(brief)).toEqual([
      '6:11 script "./check.sh", key "args": expected a string, found a list',
      '14:13 module "m", key "targets", key "main": expected a list, found a string',
      '18:7 timeline entry 2025-01-01 names the unknown version "1" | define it under "versions"',
      '20:14 version #1, key "version": expected a string, found a number | quote the value: "1.0"',
    ]);
  });

  it('reports duplicate testcase, module and version ids with the first definition', () => {
    expect(problemsOf('duplicates.yaml').map(brief)).toEqual([
      '11:13 duplicate testcase id "dup-a" | first defined at line 7',
      '18:9 duplicate module id "m" | first defined at line 13',
      '28:14 duplicate version "v1" | first defined at line 26',
    ]);
  });

  it('reports references to undefined variables, testcases, modules and versions', () => {
    expect(problemsOf('unknown-refs.yaml').map(brief)).toEqual([
      '8:11 unknown variable "{clod}" | did you mean "cloud"?',
      '16:14 testcase "ur-syntax-chek" in target "main" of module "ur-module" is not declared by any script | did you mean "ur-syntax-check"?',
      '21:7 timeline entry 2025-01-01 names the unknown version "v2" | did you mean "v1"?',
      '25:9 version "v1" includes the unknown module "ur-modul" | did you mean "ur-module"?',
    ]);
  });

  it('reports timeline order and bad dates', () => {
    expect(problemsOf('timeline-dates.yaml').map(brief)).toEqual([
      '18:11 timeline dates must be strictly descending: 2024-09-01 follows 2024-06-01 (line 15) | list the newest entry first and give every entry its own date',
      '21:11 timeline entry #3, date: "2024-02-30" is not a day of the calendar | write dates as YYYY-MM-DD, e.g. 2024-12-19',
      '24:11 timeline entry "24-1-1", key "date": "24-1-1" is not a date | write dates as YYYY-MM-DD, e.g. 2024-12-19',
      '29:20 version "v1", stabilized_at: "2024-13-01" is not a day of the calendar | write dates as YYYY-MM-DD, e.g. 2024-12-19',
    ]);
  });

  it('reports unknown lifetimes and validity codes', () => {
    expect(problemsOf('unknown-codes.yaml').map(brief)).toEqual([
      '8:19 unknown lifetime "weekly" in testcase "uc-a", key "lifetime" | did you mean "week"?',
      '10:19 unknown lifetime "fortnight" in testcase "uc-b", key "lifetime" | one of day, week, month, quarter, year',
      '20:11 unknown validity code "effectiv" for version "v1" | did you mean "effective"?',
      '21:11 unknown validity code "obsolete" for version "v0" | the code "obsolete" was renamed "deprecated"',
    ]);
  });

  it('formats a problem as file:line:col: message (hint: …)', () => {
    const [p] = problemsOf('unknown-keys.yaml');
    expect(formatProblem(p)).toBe(`${fixture('unknown-keys.yaml')}:5:5: unknown key "executible" in script #1 (hint: did you mean "executable"?)`);
    expect(formatProblem({ file: 'x.yaml', line: 0, column: 0, message: 'no such file' })).toBe('x.yaml: no such file');
  });

  it('puts every problem into the error message, sorted by position', () => {
    try {
      loadScope(fixture('unknown-refs.yaml'));
      expect.unreachable();
    } catch (e) {
      const lines = (e as Error).message.split('\n');
      expect(lines[0]).toBe(`4 problems in scope file ${fixture('unknown-refs.yaml')}:`);
      expect(lines.slice(1).map((l) => l.split(':')[1])).toEqual(['8', '16', '21', '25']);
    }
  });
});

describe('loadScope: what is not a scope file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scs-spec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('turns a missing file into a ScopeError with a hint', () => {
    const missing = join(dir, 'nope.yaml');
    expect(() => loadScope(missing)).toThrow(ScopeError);
    try {
      loadScope(missing);
    } catch (e) {
      const [p] = (e as ScopeError).problems;
      expect(p).toMatchObject({ file: missing, line: 0, message: 'no such file' });
      expect(p.hint).toContain('"iaas"');
    }
  });

  it('turns a folder into a ScopeError', () => {
    expect(() => loadScope(dir)).toThrow(/is a folder/);
  });

  it('rejects a YAML list, an empty file and the first-generation format', () => {
    const cases: [string, RegExp][] = [
      ['- a\n- b\n', /must be a YAML map/],
      ['', /must be a YAML map/],
      ['name: old\nurl: u\nversions:\n  - version: v1\n    standards: []\n', /first-generation/],
    ];
    for (const [text, re] of cases) {
      const f = join(dir, 'case.yaml');
      writeFileSync(f, text);
      expect(() => loadScope(f)).toThrow(re);
    }
  });

  it('rejects duplicate keys in a map as a YAML problem with a position', () => {
    const text = readFileSync(fixture('minimal.yaml'), 'utf8').replace('name: Fixture scope\n', 'name: Fixture scope\nname: Again\n');
    try {
      parseScope(text, 'dup-keys.yaml');
      expect.unreachable();
    } catch (e) {
      const [p] = (e as ScopeError).problems;
      expect(p.line).toBe(4);
      expect(p.message).toMatch(/YAML syntax: .*unique/i);
    }
  });

  it('throws nothing but ScopeError for hostile or odd input', () => {
    const base = readFileSync(fixture('minimal.yaml'), 'utf8');
    const aliases = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'];
    const cases: [string, string, string][] = [
      ['alias bomb', `${aliases.join('\n')}\n`, '1:1 YAML: Excessive alias count'],
      ['__proto__ as a target name', base.replace('      main: [fx-a, fx-b]\n', '      main: [fx-a, fx-b]\n      __proto__: [fx-a]\n'), '39:7 "__proto__" cannot be used as a name'],
      ['constructor as a target name', base.replace('      main: [fx-a, fx-b]\n', '      main: [fx-a, fx-b]\n      constructor: [fx-a]\n'), '39:7 "constructor" cannot be used as a name'],
      ['two YAML documents', `${base}---\nfoo: bar\n`, 'YAML syntax: Source contains multiple documents'],
      ['tabs as indentation', 'uuid: x\n\tname: y\n', '2:1 YAML syntax: Tabs'],
      ['control characters', '\u0000\u0001', '1:1 a scope file must be a YAML map'],
    ];
    for (const [name, text, expected] of cases) {
      let thrown: unknown;
      try {
        parseScope(text, 'odd.yaml');
      } catch (e) {
        thrown = e;
      }
      expect(thrown, name).toBeInstanceOf(ScopeError);
      expect(brief((thrown as ScopeError).problems[0]), name).toContain(expected);
    }
  });

  it('reports a root cause once instead of its consequences', () => {
    const base = readFileSync(fixture('minimal.yaml'), 'utf8');
    const twoKeys = base.replace('  - mode: fast\n', '  - mode: fast\n    other: x\n');
    expect(problemsOfText(twoKeys).map(brief)).toEqual([
      '7:5 variable #2 must be a bare name or a map with exactly one key | write `- name` or `- name: default`',
    ]);
    const noScripts = base.replace(/scripts:[\s\S]*?modules:/, 'modules:');
    expect(problemsOfText(noScripts).map(brief)).toEqual(['2:1 the scope lacks the required key "scripts"']);
  });

  it('warns about include parameters the module does not declare', () => {
    const text = readFileSync(fixture('minimal.yaml'), 'utf8').replace('          spec_file: v2-spec.yaml\n', '          spec_file: v2-spec.yaml\n          spec_fiel: typo.yaml\n');
    const scope = parseScope(text, join(dir, 'params.yaml'));
    expect(scope.warnings).toEqual([`${join(dir, 'params.yaml')}:79: module "mod-a2" declares no parameter "spec_fiel"`]);
  });

  it('warns about `prerequisite` and legacy version targets but loads the file', () => {
    const text = readFileSync(fixture('minimal.yaml'), 'utf8')
      .replace('variables:\n', 'prerequisite:\n  name: Other\n  url: https://example.invalid/other.yaml\nvariables:\n')
      .replace('  - version: v1\n', '  - version: v1\n    targets: {main: mandatory}\n');
    const scope = parseScope(text, join(dir, 'warn.yaml'));
    expect(scope.warnings).toHaveLength(2);
    expect(scope.warnings[0]).toMatch(/warn\.yaml:5: "prerequisite" is not evaluated/);
    expect(scope.warnings[1]).toMatch(/version "v1": "targets" is a key of the previous format/);
  });
});

describe('resolveScopeArg', () => {
  it('maps iaas and kaas to our shipped files and anything else to a path', () => {
    expect(resolveScopeArg('iaas')).toBe(join(standardsDir(), 'scs-compatible-iaas.yaml'));
    expect(resolveScopeArg('kaas')).toBe(join(standardsDir(), 'scs-compatible-kaas.yaml'));
    expect(resolveScopeArg('some/where.yaml')).toBe(resolve('some/where.yaml'));
  });
});
