/**
 * When a testcase result expires (scs-0003-v1 "lifetime", `add_period` of the SCS tooling): a result is
 * valid until the end of the period after the one it was checked in; for `year`, until the end of the
 * following month plus one year. The returned instant is the first moment the result is no longer valid.
 *
 * The SCS tooling computes on naive local date-times; we compute on the UTC calendar fields of
 * `checkedAt`, so that the answer does not depend on the machine's time zone.
 */
import type { Lifetime } from '../spec/model.js';

const DAY_MS = 86_400_000;

export function expiresAt(checkedAt: Date, lifetime: Lifetime): Date {
  const t = checkedAt.getTime();
  if (Number.isNaN(t)) throw new RangeError('expiresAt: invalid checkedAt date');
  const y = checkedAt.getUTCFullYear();
  const m = checkedAt.getUTCMonth();
  const midnight = Date.UTC(y, m, checkedAt.getUTCDate());
  switch (lifetime) {
    case 'day':
      return new Date(midnight + 2 * DAY_MS);
    case 'week': {
      const mondayBased = (checkedAt.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
      return new Date(midnight + (14 - mondayBased) * DAY_MS);
    }
    case 'month':
      return new Date(Date.UTC(y, m + 2, 1));
    case 'quarter':
      return new Date(Date.UTC(y, Math.floor(m / 3) * 3 + 6, 1));
    case 'year':
      return new Date(Date.UTC(y + 1, m + 2, 1));
    default:
      throw new RangeError(`unknown lifetime ${String(lifetime)}`);
  }
}

/** Whether a result checked at `checkedAt` is still valid at `now`. */
export function isCurrent(checkedAt: Date, lifetime: Lifetime, now: Date): boolean {
  return now.getTime() < expiresAt(checkedAt, lifetime).getTime();
}
