import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScope } from '../../src/spec/load.js';
import type { Scope, VersionSpec } from '../../src/spec/model.js';
import { SelectionError, selectVersions, testcaseParams, timelineEntryOn } from '../../src/spec/select.js';

const scope = loadScope(resolve(import.meta.dirname, '../fixtures/scopes/minimal.yaml'));
const v = (name: string): VersionSpec => scope.versions.find((x) => x.name === name)!;

function on(s: Scope, date: string, forced?: string[]): string[] {
  return selectVersions(s, { date, forced }).map((x) => `${x.version.name}:${x.validity}${x.listed ? '' : ':unlisted'}${x.forced ? ':forced' : ''}`);
}

function selectionMessage(s: Scope, date: string, forced?: string[]): string {
  try {
    selectVersions(s, { date, forced });
  } catch (e) {
    expect(e).toBeInstanceOf(SelectionError);
    return (e as Error).message;
  }
  throw new Error('no SelectionError');
}

describe('selectVersions by date', () => {
  it.each([
    ['2024-12-01', ['v2:draft', 'v1:effective']],
    ['2025-01-14', ['v2:draft', 'v1:effective']],
    ['2025-01-15', ['v2:effective', 'v1:warn']],
    ['2025-02-28', ['v2:effective', 'v1:warn']],
    ['2025-03-01', ['v3:draft', 'v2:effective', 'v1:deprecated']],
    ['2031-07-04', ['v3:draft', 'v2:effective', 'v1:deprecated']],
  ])('on %s selects %j (every listed version, in file order)', (date, expected) => {
    expect(on(scope, date)).toEqual(expected);
  });

  it('does not depend on the order of the timeline in the file', () => {
    const shuffled: Scope = { ...scope, timeline: [scope.timeline[1], scope.timeline[2], scope.timeline[0]] };
    for (const date of ['2024-12-01', '2025-01-20', '2025-03-02']) expect(on(shuffled, date)).toEqual(on(scope, date));
    expect(timelineEntryOn(shuffled, '2025-02-01')?.date).toBe('2025-01-15');
  });

  it('names the earliest timeline date when no version is valid yet', () => {
    const msg = selectionMessage(scope, '2024-11-30');
    expect(msg).toContain('no version of Fixture scope is valid on 2024-11-30');
    expect(msg).toContain('its timeline begins on 2024-12-01');
    expect(msg).toContain('--version (v3, v2, v1)');
  });

  it('explains an empty timeline and an entry that lists nothing', () => {
    expect(selectionMessage({ ...scope, timeline: [] }, '2025-01-01')).toContain('the scope has no timeline');
    const empty: Scope = { ...scope, timeline: [{ date: '2025-06-01', versions: {} }, ...scope.timeline] };
    expect(selectionMessage(empty, '2025-07-01')).toContain('the timeline entry of 2025-06-01 lists none');
  });

  it('rejects a reference date that is not a calendar date', () => {
    expect(selectionMessage(scope, '2025-1-5')).toContain('"2025-1-5" is not a date');
    expect(selectionMessage(scope, '2025-02-29')).toContain('is not a date');
  });
});

describe('selectVersions with forced versions', () => {
  it('checks exactly the forced versions with their validity on the date', () => {
    expect(on(scope, '2025-03-01', ['v1'])).toEqual(['v1:deprecated:forced']);
    expect(on(scope, '2025-01-20', ['v1'])).toEqual(['v1:warn:forced']);
    expect(on(scope, '2025-01-20', ['v3'])).toEqual(['v3:deprecated:unlisted:forced']);
    expect(on(scope, '2025-03-01', ['v1', 'v3'])).toEqual(['v3:draft:forced', 'v1:deprecated:forced']);
  });

  it('works before the timeline begins (unlisted, deprecated)', () => {
    expect(on(scope, '2020-01-01', ['v2'])).toEqual(['v2:deprecated:unlisted:forced']);
  });

  it('lists the version names for an unknown forced version', () => {
    expect(selectionMessage(scope, '2025-03-01', ['v9', 'v1'])).toBe('Fixture scope has no version "v9"; its versions are: v3, v2, v1');
  });

  it('treats an empty forced list as no forcing', () => {
    expect(on(scope, '2025-01-15', [])).toEqual(['v2:effective', 'v1:warn']);
  });
});

describe('testcaseParams', () => {
  it('takes the include parameters of the first version whose module lists the testcase', () => {
    expect(testcaseParams(scope, [v('v3')], 'fx-a')).toEqual({ spec_file: 'v3-spec.yaml' });
    expect(testcaseParams(scope, [v('v2'), v('v3')], 'fx-a')).toEqual({ spec_file: 'v2-spec.yaml' });
    expect(testcaseParams(scope, [v('v3'), v('v2')], 'fx-c')).toEqual({ spec_file: 'v3-spec.yaml' });
  });

  it('falls back to the module parameters when the include gives none', () => {
    expect(testcaseParams(scope, [v('v1')], 'fx-a')).toEqual({ spec_file: 'default-spec.yaml' });
  });

  it('gives {} when no selected version lists the testcase, or its module has no parameters', () => {
    expect(testcaseParams(scope, [v('v2')], 'fx-manual')).toEqual({});
    expect(testcaseParams(scope, [v('v1')], 'fx-c')).toEqual({});
    expect(testcaseParams(scope, [], 'fx-a')).toEqual({});
  });
});
