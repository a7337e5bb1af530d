/**
 * The shape comparison of the contract tests must be able to fail: unit tests of lib/shape.ts.
 */
import { describe, expect, it } from 'vitest';
import { missingPaths, sandboxNotCovered, shapeOf } from './lib/shape.js';

const diff = (sandbox: unknown, real: unknown, openMaps?: string[]) => sandboxNotCovered(shapeOf(sandbox), shapeOf(real), { openMaps });

describe('sandboxNotCovered', () => {
  it('accepts a sandbox answer that is a subset of the real one', () => {
    expect(diff({ a: 1, b: { c: 'x' } }, { a: 2, b: { c: 'y', d: true }, e: null })).toEqual([]);
  });

  it('reports keys only the sandbox sends, with their path', () => {
    expect(diff({ a: 1, list: [{ id: 'x', extra: 1 }] }, { a: 1, list: [{ id: 'y' }] })).toEqual(['$.list[].extra: only the sandbox sends it']);
  });

  it('reports a changed type, but lets null stand for any type', () => {
    expect(diff({ ram: '1024' }, { ram: 1024 })).toEqual(['$.ram: sandbox type string, real number']);
    expect(diff({ description: 'x' }, { description: null })).toEqual([]);
    expect(diff({ description: null }, { description: 'x' })).toEqual([]);
  });

  it('merges array items, so one real item with the key covers the sandbox', () => {
    expect(diff([{ a: 1, b: 2 }], [{ a: 1 }, { a: 2, b: 3 }])).toEqual([]);
  });

  it('allows data keys in open maps only when they are strings', () => {
    expect(diff({ extra_specs: { 'scs:x': 'y' } }, { extra_specs: { 'hw:z': 'w' } }, ['$.extra_specs'])).toEqual([]);
    expect(diff({ extra_specs: { 'scs:x': 1 } }, { extra_specs: {} }, ['$.extra_specs'])).toEqual(['$.extra_specs.scs:x: only the sandbox sends it']);
    expect(diff({ extra_specs: { 'scs:x': 'y' } }, { extra_specs: {} })).toEqual(['$.extra_specs.scs:x: only the sandbox sends it']);
  });
});

describe('missingPaths', () => {
  it('names the paths that are absent, with array indexes', () => {
    const v = { token: { roles: [{ name: 'member' }], catalog: [] as unknown[] } };
    expect(missingPaths(v, ['token.roles[0].name', 'token.catalog[0].type', 'token.user.id'])).toEqual(['token.catalog[0].type', 'token.user.id']);
  });
});
