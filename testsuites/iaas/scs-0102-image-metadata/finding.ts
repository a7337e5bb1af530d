/** How scs-0102 testcases word a finding about one image. */
import type { Finding } from '../../../src/engine/types.js';
import { describeImage, type GlanceImage } from '../../../src/openstack/image.js';

export interface Problem {
  /** The property concerned, as Glance names it. */
  property: string;
  /** The rule in a few words. */
  rule: string;
  observed: unknown;
  expected: unknown;
  url: string;
  fix?: string;
  /** What is wrong, completing "image X (id Y): …". Defaults to "<property> is <observed>". */
  detail?: string;
}

export function imageFinding(level: Finding['level'], image: GlanceImage, p: Problem): Finding {
  const object = describeImage(image);
  const detail = p.detail ?? `${p.property} is ${show(p.observed)}, expected ${show(p.expected)}`;
  return {
    level,
    text: `${object}: ${detail} (rule: ${p.rule}; see ${p.url})`,
    object,
    rule: p.rule,
    observed: p.observed,
    expected: p.expected,
    url: p.url,
    ...(p.fix ? { fix: p.fix } : {}),
  };
}

/** `openstack image set --property key=value <id>` with shell-safe quoting. */
export function setPropertyFix(image: GlanceImage, key: string, value: string): string {
  return `openstack image set --property ${quote(`${key}=${value}`)} ${image.id}`;
}

export function quote(s: string): string {
  return /^[A-Za-z0-9_.:/=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function show(v: unknown): string {
  if (v === undefined) return 'missing';
  if (typeof v === 'string') return `"${v}"`;
  if (Array.isArray(v) && v.length > 8) return `one of ${v.slice(0, 6).join(', ')}, … (${v.length} values)`;
  if (Array.isArray(v)) return `one of ${v.join(', ')}`;
  return JSON.stringify(v);
}
