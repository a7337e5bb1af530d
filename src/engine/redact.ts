/**
 * Scrubbing secrets out of anything a run emits. Testcases and clients are written not to leak secrets;
 * this is the second line of defence, applied to every result, finding and log line.
 */

export const REDACTED = '<redacted>';

/** Secrets shorter than this are not scrubbed (they would mangle ordinary words). */
const MIN_SECRET_LENGTH = 6;

export function makeRedactor(secrets: Iterable<string> | undefined): (text: string) => string {
  const list = [...(secrets ?? [])].filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  if (list.length === 0) return (t) => t;
  return (text: string) => {
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  };
}

/** Deep copy of a JSON-like value with every string scrubbed. */
export function redactDeep<T>(value: T, redact: (t: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}

/** Keys whose values are secrets wherever they appear (argv, assignments, config dumps). */
export function isSecretKey(key: string): boolean {
  return /(pass(word)?|secret|token|credential|private|api[_-]?key|^key$|_key$)/i.test(key);
}
