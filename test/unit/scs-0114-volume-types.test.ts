import { describe, expect, it } from 'vitest';
import { aspectProblems, correctedDescription, parseAspectList } from '../../testsuites/iaas/scs-0114-volume-types/aspects.js';
import { encryptedType, replicatedType, syntaxCheck } from '../../testsuites/iaas/scs-0114-volume-types/volume-types.js';
import { volumeTypesPath, type VolumeType } from '../../src/openstack/volume.js';
import type { EvalContext } from '../../src/engine/types.js';

const URL_ = 'https://docs.scs.community/standards/scs-0114-w1-volume-type-implementation#automated-tests';
const ctx = (id: string): EvalContext => ({ now: new Date('2026-11-23T00:00:00Z'), id, url: URL_, params: {} });
const vt = (name: string, description: string | null, id = `id-${name}`): VolumeType => ({ id, name, description, isPublic: true, extraSpecs: {} });

function problemsOf(description: string): string[] {
  const list = parseAspectList(description);
  if (list.kind !== 'list') return [`no list (${list.kind})`];
  return aspectProblems(list.aspects).map((p) => p.kind);
}

describe('scs-0114 aspect list parsing (the standard examples)', () => {
  it('accepts well-formed lists', () => {
    expect(problemsOf('[scs:encrypted, replicated] LUKS')).toEqual([]);
    expect(problemsOf('[scs:encrypted] This volume uses LUKS-encryption')).toEqual([]);
    expect(problemsOf('[scs:replicated]')).toEqual([]);
    expect(problemsOf('[scs:]')).toEqual([]);
    expect(parseAspectList('[scs:encrypted, replicated] LUKS')).toEqual({ kind: 'list', raw: '[scs:encrypted, replicated]', aspects: ['encrypted', 'replicated'], rest: ' LUKS' });
  });
  it('finds unsorted, duplicate and unknown aspects', () => {
    expect(problemsOf('[scs:replicated, encrypted]')).toEqual(['unsorted']);
    expect(problemsOf('[scs:encrypted,encrypted]')).toEqual(['duplicate']);
    expect(problemsOf('[scs:foo]')).toEqual(['unrecognised']);
    expect(problemsOf('[scs:Encrypted]')).toEqual(['unrecognised']);
    expect(problemsOf('[scs:encrypted,,replicated]')).toEqual(['unrecognised', 'unsorted']);
  });
  it('recognises only a list at the very start', () => {
    expect(parseAspectList(' [scs:encrypted]')).toEqual({ kind: 'none', misplaced: true });
    expect(parseAspectList('LUKS [scs:encrypted]')).toEqual({ kind: 'none', misplaced: true });
    expect(parseAspectList('plain')).toEqual({ kind: 'none', misplaced: false });
    expect(parseAspectList(null)).toEqual({ kind: 'none', misplaced: false });
    expect(parseAspectList('[scs:encrypted')).toEqual({ kind: 'unterminated' });
  });
  it('builds the corrected description for the fix', () => {
    expect(correctedDescription('[scs:replicated, encrypted] Ceph')).toBe('[scs:encrypted, replicated] Ceph');
    expect(correctedDescription('[scs:replicated,replicated,foo]')).toBe('[scs:replicated]');
    expect(correctedDescription('Ceph three replicas', 'replicated')).toBe('[scs:replicated] Ceph three replicas');
    expect(correctedDescription(null, 'encrypted')).toBe('[scs:encrypted]');
  });
});

describe('scs-0114-syntax-check', () => {
  it('passes when every list is well formed and ignores types without a list', () => {
    const out = syntaxCheck.evaluate({ types: [vt('a', '[scs:encrypted, replicated] x'), vt('b', 'no list'), vt('c', null), vt('d', '[scs:]')] }, ctx('scs-0114-syntax-check'));
    expect(out.verdict).toBe('PASS');
    expect(out.findings).toEqual([]);
  });
  it('fails with a finding naming the type, rule, observed, expected, url and fix', () => {
    const out = syntaxCheck.evaluate({ types: [vt('hdd', '[scs:replicated, encrypted] Ceph', 'f00')] }, ctx('scs-0114-syntax-check'));
    expect(out.verdict).toBe('FAIL');
    const [f] = out.findings;
    expect(f).toMatchObject({
      level: 'error',
      object: 'volume type hdd (id f00)',
      observed: '[scs:replicated, encrypted] Ceph',
      expected: '[scs:encrypted, replicated] Ceph',
      url: URL_,
      fix: "openstack volume type set --description '[scs:encrypted, replicated] Ceph' f00",
    });
    expect(f!.rule).toMatch(/sorted/);
    expect(f!.text).toMatch(/not sorted/);
  });
  it('quotes descriptions with single quotes safely in the fix', () => {
    const out = syntaxCheck.evaluate({ types: [vt('x', "[scs:foo] it's", 'x1')] }, ctx('scs-0114-syntax-check'));
    expect(out.findings[0]!.fix).toBe("openstack volume type set --description '[scs:] it'\\''s' x1");
  });
  it('fails an unterminated list and only warns about a misplaced one', () => {
    expect(syntaxCheck.evaluate({ types: [vt('u', '[scs:encrypted LUKS')] }, ctx('x')).verdict).toBe('FAIL');
    const misplaced = syntaxCheck.evaluate({ types: [vt('m', 'LUKS [scs:encrypted]')] }, ctx('x'));
    expect(misplaced.verdict).toBe('PASS');
    expect(misplaced.findings.map((f) => f.level)).toEqual(['warning']);
  });
  it('reports each problem of each type', () => {
    const out = syntaxCheck.evaluate({ types: [vt('a', '[scs:replicated, encrypted]'), vt('b', '[scs:encrypted,encrypted]'), vt('c', '[scs:foo]')] }, ctx('x'));
    expect(out.findings.map((f) => f.object)).toEqual(['volume type a (id id-a)', 'volume type b (id id-b)', 'volume type c (id id-c)']);
  });
});

describe('scs-0114-encrypted-type and -replicated-type', () => {
  it('pass when a well-formed list advertises the aspect', () => {
    const types = [vt('__DEFAULT__', 'Default Volume Type'), vt('luks', '[scs:encrypted, replicated] LUKS')];
    expect(encryptedType.evaluate({ types }, ctx('scs-0114-encrypted-type')).verdict).toBe('PASS');
    expect(replicatedType.evaluate({ types }, ctx('scs-0114-replicated-type')).verdict).toBe('PASS');
  });
  it('fail when no type advertises it, naming the types seen', () => {
    const types = [vt('__DEFAULT__', 'Default Volume Type', 'd1'), vt('ssd', '[scs:replicated] SSD', 's1')];
    const out = encryptedType.evaluate({ types }, ctx('scs-0114-encrypted-type'));
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]).toMatchObject({ level: 'error', url: URL_, expected: 'a volume type whose description starts with e.g. "[scs:encrypted]"' });
    expect(out.findings[0]!.observed).toEqual([
      { id: 'd1', name: '__DEFAULT__', description: 'Default Volume Type' },
      { id: 's1', name: 'ssd', description: '[scs:replicated] SSD' },
    ]);
    expect(out.findings[0]!.fix).toContain("'[scs:encrypted, replicated] SSD' s1");
    expect(replicatedType.evaluate({ types }, ctx('scs-0114-replicated-type')).verdict).toBe('PASS');
  });
  it('do not count an aspect named only in a malformed list (decision, docs/decisions/scs-0114.md)', () => {
    const out = encryptedType.evaluate({ types: [vt('u', '[scs:replicated, encrypted] x', 'u1')] }, ctx('x'));
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]).toMatchObject({ object: 'volume type u (id u1)', expected: '[scs:encrypted, replicated] x' });
  });
  it('fail on an empty type list', () => {
    const out = replicatedType.evaluate({ types: [] }, ctx('x'));
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]!.text).toMatch(/no volume types at all/);
  });
});

describe('volumeTypesPath', () => {
  it('is relative to a versioned endpoint and adds v3/{project} to an unversioned one', () => {
    expect(volumeTypesPath('https://cinder.example:8776/v3/p1', 'p1')).toBe('types');
    expect(volumeTypesPath('https://cinder.example:8776/v3', 'p1')).toBe('types');
    expect(volumeTypesPath('https://cinder.example:8776/', 'p1')).toBe('v3/p1/types');
    expect(() => volumeTypesPath('https://cinder.example:8776/', undefined)).toThrow(/no project/);
  });
});
