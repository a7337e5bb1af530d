/** Every vector of the catalogue's §1.5 (SCS `add_period`), computed on UTC calendar fields. */
import { describe, expect, it } from 'vitest';
import { expiresAt, isCurrent } from '../../src/verdict/lifetime.js';
import type { Lifetime } from '../../src/spec/model.js';

const at = (iso: string) => new Date(`${iso}Z`);
const day = (d: Date) => d.toISOString();

describe('expiresAt', () => {
  it.each<[string, Lifetime, string]>([
    // dt = 2024-01-03 10:00 (a Wednesday)
    ['2024-01-03T10:00:00', 'day', '2024-01-05T00:00:00.000Z'],
    ['2024-01-03T10:00:00', 'week', '2024-01-15T00:00:00.000Z'],
    ['2024-01-03T10:00:00', 'month', '2024-03-01T00:00:00.000Z'],
    ['2024-01-03T10:00:00', 'quarter', '2024-07-01T00:00:00.000Z'],
    ['2024-01-03T10:00:00', 'year', '2025-03-01T00:00:00.000Z'],
    // a Sunday, just before midnight
    ['2024-01-07T23:59:00', 'week', '2024-01-15T00:00:00.000Z'],
    // end of year
    ['2024-12-31T23:00:00', 'day', '2025-01-02T00:00:00.000Z'],
    ['2024-12-31T23:00:00', 'week', '2025-01-13T00:00:00.000Z'],
    ['2024-12-31T23:00:00', 'month', '2025-02-01T00:00:00.000Z'],
    ['2024-12-31T23:00:00', 'quarter', '2025-04-01T00:00:00.000Z'],
    ['2024-12-31T23:00:00', 'year', '2026-02-01T00:00:00.000Z'],
    // mid-November
    ['2024-11-15T00:00:00', 'month', '2025-01-01T00:00:00.000Z'],
    ['2024-11-15T00:00:00', 'year', '2026-01-01T00:00:00.000Z'],
    // quarter boundaries
    ['2024-03-31T00:00:00', 'quarter', '2024-07-01T00:00:00.000Z'],
    ['2024-09-01T00:00:00', 'quarter', '2025-01-01T00:00:00.000Z'],
  ])('%s with lifetime %s expires at %s', (checked, lifetime, expected) => {
    expect(day(expiresAt(at(checked), lifetime))).toBe(expected);
  });

  it('a Monday result lasts until the Monday two weeks later', () => {
    expect(day(expiresAt(at('2024-01-08T00:00:00'), 'week'))).toBe('2024-01-22T00:00:00.000Z');
  });

  it('uses the UTC calendar day, not the local one', () => {
    // 23:30 at UTC-2 on Sunday is 01:30 UTC on Monday: the UTC Monday counts
    expect(day(expiresAt(new Date('2024-01-07T23:30:00-02:00'), 'week'))).toBe('2024-01-22T00:00:00.000Z');
    expect(day(expiresAt(new Date('2024-01-31T23:30:00-02:00'), 'month'))).toBe('2024-04-01T00:00:00.000Z');
  });

  it('rejects an unknown lifetime and an invalid date', () => {
    expect(() => expiresAt(at('2024-01-03T10:00:00'), 'infinite' as Lifetime)).toThrow(RangeError);
    expect(() => expiresAt(new Date('nope'), 'day')).toThrow(RangeError);
  });
});

describe('isCurrent', () => {
  it('is valid strictly before the expiry instant', () => {
    const checked = at('2024-01-03T10:00:00');
    expect(isCurrent(checked, 'day', at('2024-01-04T23:59:59'))).toBe(true);
    expect(isCurrent(checked, 'day', at('2024-01-05T00:00:00'))).toBe(false);
  });
});
