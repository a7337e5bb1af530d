/**
 * The date formats scs-0102 allows, parsed strictly and always as UTC.
 *
 * - `image_build_date`: `YYYY-MM-DD` or `YYYY-MM-DD hh:mm[:ss]` (24 h clock).
 * - `provided_until`, `uuid_validity`: `YYYY-MM-DD`.
 * - Glance's own timestamps (`created_at`): ISO 8601 as Glance writes them (`2024-05-01T10:00:00Z`).
 */

const DAY_MS = 24 * 3600 * 1000;

/** `YYYY-MM-DD` → midnight UTC of that day; undefined when the text is not such a date. */
export function parseDay(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  return utc(+m[1]!, +m[2]!, +m[3]!, 0, 0, 0);
}

/** `image_build_date`: `YYYY-MM-DD`, `YYYY-MM-DD hh:mm` or `YYYY-MM-DD hh:mm:ss`, UTC. */
export function parseBuildDate(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return undefined;
  return utc(+m[1]!, +m[2]!, +m[3]!, m[4] === undefined ? 0 : +m[4], m[5] === undefined ? 0 : +m[5], m[6] === undefined ? 0 : +m[6]);
}

/** Glance's `created_at` (ISO 8601 with `Z` or an offset); undefined when unreadable. */
export function parseGlanceTimestamp(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The first instant after the given day (a promise "until YYYY-MM-DD" holds for that whole day). */
export function endOfDay(day: Date): Date {
  return new Date(day.getTime() + DAY_MS);
}

/** `YYYY-MM-DD` of an instant, UTC. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `YYYYMMDD` of an instant, UTC (the rename suffix scs-0102 recommends). */
export function compactDay(d: Date): string {
  return isoDay(d).replace(/-/g, '');
}

/** Adds calendar months in UTC, clamping to the last day of a shorter month (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target;
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject days that roll over (2024-02-30).
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date;
}
