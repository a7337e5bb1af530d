import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScopeError, loadScope } from '../../src/spec/load.js';
import { matchesSelector, parseSelector, SelectorSyntaxError } from '../../src/spec/selector.js';
import { scriptFor, testcaseParams } from '../../src/spec/select.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/scopes');

describe('target selectors of the previous format', () => {
  const tags = (...t: string[]) => new Set(t);

  it('matches a single tag', () => {
    const s = parseSelector('mandatory');
    expect(matchesSelector(s, tags('mandatory'))).toBe(true);
    expect(matchesSelector(s, tags('recommended'))).toBe(false);
    expect(matchesSelector(s, tags())).toBe(false);
  });

  it('"/" is OR, space is AND, "!" is NOT, "," separates alternatives', () => {
    const or = parseSelector('domain-manager/availability-zones');
    expect(matchesSelector(or, tags('availability-zones'))).toBe(true);
    expect(matchesSelector(or, tags('mandatory'))).toBe(false);
    const and = parseSelector('recommended !fancy');
    expect(matchesSelector(and, tags('recommended'))).toBe(true);
    expect(matchesSelector(and, tags('recommended', 'fancy'))).toBe(false);
    const alt = parseSelector('a b, c');
    expect(matchesSelector(alt, tags('a'))).toBe(false);
    expect(matchesSelector(alt, tags('a', 'b'))).toBe(true);
    expect(matchesSelector(alt, tags('c'))).toBe(true);
    expect(parseSelector('  x   y ')).toEqual([[[{ tag: 'x', negated: false }], [{ tag: 'y', negated: false }]]]);
  });

  it('rejects empty selectors and bare "!"', () => {
    for (const bad of ['', 'a,', ',a', 'a/!', 'a//b', '!']) expect(() => parseSelector(bad), bad).toThrow(SelectorSyntaxError);
  });
});

describe('loading a previous-format scope', () => {
  const scope = loadScope(join(FIXTURES, 'gen2-selectors.yaml'));
  const v2 = scope.versions[0];
  const v1 = scope.versions[1];

  it('resolves every target by its selectors over the included modules', () => {
    expect(scope.format).toBe('previous');
    expect(v2.targets).toEqual({ main: ['g-check'], recommended: ['g-extra'], preview: ['g-docs-check'] });
    expect(v1.targets).toEqual({ main: ['g-check'] });
  });

  it('makes one script per run entry and one manual script per module without run', () => {
    expect(scope.scripts).toEqual([
      { index: 0, executable: './old.py', env: {}, args: '-c {cloud} --old', testcases: ['g-check'] },
      { index: 1, executable: './new.py', env: {}, args: '-c {cloud} -s {spec}', testcases: ['g-check', 'g-extra', 'g-silent'] },
      { index: 2, env: {}, args: '', testcases: ['g-docs-check'] },
    ]);
  });

  it('uses the declaration of the first version for a shared id, and records each version\'s script', () => {
    expect(scope.testcases.get('g-check')).toEqual({
      id: 'g-check', lifetime: 'month', section: 'heavy', description: 'The new check.', url: 'https://example.invalid/new', script: 1,
    });
    expect(v2.scriptOf).toEqual({ 'g-check': 1, 'g-extra': 1, 'g-silent': 1, 'g-docs-check': 2 });
    expect(v1.scriptOf).toEqual({ 'g-check': 0, 'g-docs-check': 2 });
    expect(scope.testcases.get('g-silent')?.description).toBe('New checks');
  });

  it('gives module targets as the union of what the including versions select', () => {
    expect(scope.modules.get('g-new')?.targets).toEqual({ main: ['g-check'], recommended: ['g-extra'] });
    expect(scope.modules.get('g-old')?.targets).toEqual({ main: ['g-check'] });
  });

  it('scriptFor picks the script of the first version that has the testcase', () => {
    expect(scriptFor(scope, [v1], 'g-check')?.executable).toBe('./old.py');
    expect(scriptFor(scope, [v2, v1], 'g-check')?.executable).toBe('./new.py');
    expect(scriptFor(scope, [v1], 'g-extra')?.executable).toBe('./new.py');
    expect(scriptFor(scope, [], 'g-docs-check')?.executable).toBeUndefined();
    expect(scriptFor(scope, [], 'g-docs-check')?.testcases).toEqual(['g-docs-check']);
    expect(scriptFor(scope, [v1], 'nope')).toBeUndefined();
  });

  it('passes include parameters over the module parameters', () => {
    expect(testcaseParams(scope, [v2], 'g-check')).toEqual({ spec: 'https://example.invalid/spec.yaml' });
    expect(testcaseParams(scope, [v1], 'g-check')).toEqual({});
    expect(testcaseParams(scope, [v1, v2], 'g-extra')).toEqual({ spec: 'https://example.invalid/spec.yaml' });
  });

  it('reports the problems of a bad previous-format file with positions', () => {
    try {
      loadScope(join(FIXTURES, 'gen2-bad.yaml'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScopeError);
      expect((e as ScopeError).problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
        '10:15 unknown variable "{config}"',
        '22:13 duplicate testcase id "other" in module "b"',
        '30:18 version "v1" includes testcase "same" twice: from module "a" and from module "b"',
        '32:13 version "v1", target "main": empty selector in "mandatory,"',
        '33:16 version "v1", target "preview": "!" is not a tag or a negated tag in "man/!"',
      ]);
    }
  });
});
