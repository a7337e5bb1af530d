import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/types.js';
import type { VersionOutcome } from '../../src/engine/results.js';
import type { SelectedVersion, Validity } from '../../src/spec/model.js';
import { exitCodeFor, targetOutcome, versionOutcome } from '../../src/verdict/outcome.js';
import { scopeSummary } from '../../src/verdict/scope-summary.js';

const results: Record<string, Verdict> = { a: 'PASS', b: 'PASS', c: 'FAIL', d: 'ABORT', r: 'FAIL', p: 'ABORT' };
const verdictOf = (id: string): Verdict => results[id] ?? 'MISSING';

function selected(targets: Record<string, string[]>, validity: Validity = 'effective', forced = false): SelectedVersion {
  return { version: { name: 'v1', include: [], targets, stabilizedAt: '2024-01-01' }, validity, listed: !forced, forced };
}

describe('targetOutcome', () => {
  it('counts each verdict and takes the worst', () => {
    expect(targetOutcome('main', ['a', 'b', 'c', 'd', 'x'], verdictOf)).toEqual({
      name: 'main',
      verdict: 'FAIL',
      testcases: ['a', 'b', 'c', 'd', 'x'],
      counts: { passed: 2, failed: 1, aborted: 1, missing: 1 },
    });
    expect(targetOutcome('t', ['a', 'd', 'x'], verdictOf).verdict).toBe('MISSING');
    expect(targetOutcome('t', ['a', 'd'], verdictOf).verdict).toBe('ABORT');
    expect(targetOutcome('t', ['a', 'b'], verdictOf).verdict).toBe('PASS');
  });
});

describe('versionOutcome', () => {
  it('takes the verdict of main only; other targets are reported but do not count', () => {
    const o = versionOutcome(selected({ preview: ['p'], main: ['a', 'b'], recommended: ['r'], extra: ['x'] }), verdictOf);
    expect(o.verdict).toBe('PASS');
    expect(o.targets.map((t) => [t.name, t.verdict])).toEqual([['main', 'PASS'], ['recommended', 'FAIL'], ['preview', 'ABORT'], ['extra', 'MISSING']]);
    expect(o).toMatchObject({ version: 'v1', validity: 'effective', stabilizedAt: '2024-01-01', counts: true });
  });

  it('counts effective, warn and forced versions only', () => {
    const counts = (validity: Validity, forced = false) => versionOutcome(selected({ main: ['a'] }, validity, forced), verdictOf).counts;
    expect([counts('effective'), counts('warn'), counts('draft'), counts('deprecated'), counts('deprecated', true)]).toEqual([true, true, false, false, true]);
  });

  it('gives validUntil as the earliest expiry of main when main passed', () => {
    const expiry: Record<string, Date> = { a: new Date('2025-03-01T00:00:00Z'), b: new Date('2025-02-10T00:00:00Z'), r: new Date('2024-01-01T00:00:00Z') };
    const o = versionOutcome(selected({ main: ['a', 'b'], recommended: ['r'] }), verdictOf, (id) => expiry[id]);
    expect(o.validUntil).toBe('2025-02-10T00:00:00.000Z');
  });

  it('gives no validUntil when main did not pass or an expiry is unknown', () => {
    const expiry = () => new Date('2025-03-01T00:00:00Z');
    expect(versionOutcome(selected({ main: ['a', 'c'] }), verdictOf, expiry).validUntil).toBeUndefined();
    expect(versionOutcome(selected({ main: ['a', 'b'] }), verdictOf, (id) => (id === 'a' ? expiry() : undefined)).validUntil).toBeUndefined();
    expect(versionOutcome(selected({ main: ['a'] }), verdictOf).validUntil).toBeUndefined();
  });

  it('treats a version without main as having nothing that fails', () => {
    const o = versionOutcome(selected({ recommended: ['r'] }), verdictOf);
    expect(o.verdict).toBe('PASS');
    expect(o.targets.map((t) => t.name)).toEqual(['recommended']);
  });
});

function outcome(version: string, verdict: Verdict, counts: boolean, validity = counts ? 'effective' : 'draft'): VersionOutcome {
  return { version, validity, verdict, targets: [], counts };
}

describe('exitCodeFor', () => {
  it.each<[string, VersionOutcome[], 0 | 1 | 2]>([
    ['all counting versions pass', [outcome('v2', 'PASS', true), outcome('next', 'FAIL', false)], 0],
    ['a counting version fails', [outcome('v2', 'FAIL', true), outcome('v1', 'PASS', true)], 1],
    ['a counting version misses results', [outcome('v2', 'MISSING', true)], 1],
    ['a counting version aborted', [outcome('v2', 'ABORT', true), outcome('next', 'PASS', false)], 2],
    ['FAIL beats ABORT', [outcome('v2', 'ABORT', true), outcome('v1', 'FAIL', true)], 1],
    ['no version counts: all are considered (fail)', [outcome('next', 'PASS', false), outcome('v0', 'FAIL', false, 'deprecated')], 1],
    ['no version counts: all are considered (abort)', [outcome('next', 'ABORT', false)], 2],
    ['no version counts: all are considered (pass)', [outcome('next', 'PASS', false)], 0],
    ['no versions at all: nothing decided', [], 2],
  ])('%s → %i', (_name, versions, code) => {
    expect(exitCodeFor(versions)).toBe(code);
  });
});

describe('scopeSummary (as the SCS monitor shows a scope)', () => {
  it('the first non-FAIL version in file order wins', () => {
    const s = scopeSummary([outcome('v5.1', 'FAIL', true), outcome('v4', 'ABORT', true, 'warn'), outcome('v3', 'PASS', false, 'deprecated')]);
    expect(s).toEqual({ result: 'ABORT', passed: ['v4'], winner: 'v4', validity: 'warn' });
  });

  it('skips drafts unless asked, and a draft never wins', () => {
    const vs = [outcome('next', 'PASS', false, 'draft'), outcome('v5.1', 'PASS', true)];
    expect(scopeSummary(vs)).toEqual({ result: 'PASS', passed: ['v5.1'], winner: 'v5.1', validity: 'effective' });
    expect(scopeSummary(vs, { includeDrafts: true })).toEqual({ result: 'PASS', passed: ['next', 'v5.1'], winner: 'v5.1', validity: 'effective' });
  });

  it('without a winner: the last visited result and validity deprecated', () => {
    expect(scopeSummary([outcome('v5.1', 'FAIL', true), outcome('v4', 'FAIL', false, 'deprecated')])).toEqual({ result: 'FAIL', passed: [], validity: 'deprecated' });
    expect(scopeSummary([outcome('next', 'PASS', false, 'draft')])).toEqual({ result: 'FAIL', passed: [], validity: 'deprecated' });
  });
});
