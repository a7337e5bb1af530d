/**
 * Scrubbing secrets out of anything the harness emits — the one implementation, used by the engine
 * (results, findings, progress), the OpenStack client (error messages, log lines) and the report
 * writers (argv, assignments, echoed values). Testcases and clients are written not to leak secrets;
 * this is the second line of defence.
 */

export const REDACTED = '<redacted>';

/** Secrets shorter than this are not searched for in free text (they would mangle ordinary words). */
const MIN_SECRET_LENGTH = 4;

/** A function that replaces every occurrence of the given secrets, longest first (overlaps vanish whole). */
export function makeRedactor(secrets: Iterable<string> | undefined): (text: string) => string {
  const list = [...new Set(secrets ?? [])].filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  if (list.length === 0) return (t) => t;
  return (text: string) => {
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  };
}

/** `makeRedactor(secrets)(text)`, for one-off messages. */
export function scrub(text: string, secrets: Iterable<string>): string {
  return makeRedactor(secrets)(text);
}

/** Deep copy of a JSON-like value with every string (keys too) scrubbed; Dates are copied. */
export function redactDeep<T>(value: T, redact: (t: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[redact(k)] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}

/** Keys whose values are secrets wherever they appear (argv, assignments, config dumps). */
export function isSecretKey(key: string): boolean {
  return /(pass(word|wd|phrase)?|secret|token|credential|private|cookie|api[_-]?key|^key$|_key$)/i.test(key);
}
