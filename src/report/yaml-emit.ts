/**
 * A small YAML emitter for documents that a YAML 1.1 reader (PyYAML's `safe_load`, used by the SCS
 * compliance monitor) must read back exactly.
 *
 * Every string is double-quoted with escapes for everything PyYAML refuses in a stream, so no string
 * can turn into a boolean (`no`, `on`), a number (`1:20`, `0x1F`), a date or null. Timestamps and
 * dates are written plain on purpose (wrapped in `PlainScalar`) so that they load as datetime/date.
 */

/** A scalar written exactly as given, unquoted. Only for values checked to be well-formed. */
export class PlainScalar {
  constructor(readonly text: string) {}
}

export type YamlValue = string | number | boolean | null | PlainScalar | YamlValue[] | { [key: string]: YamlValue };

/** Keys that may stay unquoted: identifiers that no YAML 1.1 resolver reads as anything but a string. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RESERVED = /^(y|n|yes|no|true|false|on|off|null)$/i;

const SIMPLE_ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
  '"': '\\"',
  '\\': '\\\\',
};

/** A double-quoted YAML scalar; every character outside the printable set is escaped. */
export function quote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const simple = SIMPLE_ESCAPES[ch];
    if (simple) out += simple;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${hex(code, 2)}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\uFFFD'; // a lone surrogate: not a character
    else if (code === 0x2028 || code === 0x2029 || code === 0xfeff || code === 0xfffe || code === 0xffff) out += `\\u${hex(code, 4)}`;
    else out += ch;
  }
  return out + '"';
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

function key(k: string): string {
  return PLAIN_KEY.test(k) && !RESERVED.test(k) ? k : quote(k);
}

function scalar(v: Exclude<YamlValue, YamlValue[] | { [key: string]: YamlValue }>): string {
  if (v === null) return 'null';
  if (v instanceof PlainScalar) return v.text;
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (!Number.isFinite(v)) throw new Error(`cannot write ${v} to YAML`);
  if (Number.isSafeInteger(v)) return String(v);
  // YAML 1.1 floats need a dot in the mantissa (`1e+21` would load as a string).
  const e = v.toExponential();
  return e.replace(/^(-?\d+)e/, '$1.0e');
}

function isCollection(v: YamlValue): v is YamlValue[] | { [key: string]: YamlValue } {
  return v !== null && typeof v === 'object' && !(v instanceof PlainScalar);
}

function isEmpty(v: YamlValue[] | { [key: string]: YamlValue }): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

function emit(v: YamlValue, indent: string, lines: string[], prefix: string): void {
  if (!isCollection(v)) {
    lines.push(prefix ? `${prefix} ${scalar(v)}` : scalar(v));
    return;
  }
  if (isEmpty(v)) {
    const flow = Array.isArray(v) ? '[]' : '{}';
    lines.push(prefix ? `${prefix} ${flow}` : flow);
    return;
  }
  if (prefix) lines.push(prefix);
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isCollection(item) && !isEmpty(item) && !Array.isArray(item)) {
        // `- key: value` with the map's further keys aligned under the first.
        const sub: string[] = [];
        emit(item, `${indent}  `, sub, '');
        sub[0] = `${indent}- ${sub[0]!.slice(indent.length + 2)}`;
        lines.push(...sub);
      } else emit(item, `${indent}  `, lines, `${indent}-`);
    }
  } else {
    for (const [k, item] of Object.entries(v)) emit(item, `${indent}  `, lines, `${indent}${key(k)}:`);
  }
}

/** One YAML document, starting with `---` (so reports can be concatenated into one stream). */
export function yamlDocument(root: { [key: string]: YamlValue }): string {
  const lines: string[] = ['---'];
  for (const [k, v] of Object.entries(root)) emit(v, '  ', lines, key(k) + ':');
  return lines.join('\n') + '\n';
}
