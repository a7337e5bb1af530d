/** Report formats and the file names each one writes (stable, derived from the scope's name). */
import { badgeBaseName } from './badges.js';
import { slug } from './summary.js';

export const FORMATS = ['yaml', 'json', 'junit', 'md', 'badge'] as const;
export type Format = (typeof FORMATS)[number];

const ALIASES: Record<string, Format> = { yml: 'yaml', xml: 'junit', markdown: 'md', badges: 'badge', svg: 'badge' };

/**
 * Parse a comma-separated list such as `yaml,json,junit`. `all` selects every format. Duplicates are
 * dropped; order follows FORMATS. Throws an Error naming the bad entry and the known formats.
 */
export function parseFormats(list: string): Format[] {
  const words = list
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== '');
  if (words.length === 0) throw new Error(`no report format given (known: ${FORMATS.join(', ')}, or all)`);
  const chosen = new Set<Format>();
  for (const w of words) {
    if (w === 'all') FORMATS.forEach((f) => chosen.add(f));
    else if ((FORMATS as readonly string[]).includes(w)) chosen.add(w as Format);
    else if (ALIASES[w]) chosen.add(ALIASES[w]);
    else throw new Error(`unknown report format ${JSON.stringify(w)} (known: ${FORMATS.join(', ')}, or all)`);
  }
  return FORMATS.filter((f) => chosen.has(f));
}

/** File names of the single-file formats: `<scope-slug>.yaml`, `.json`, `.junit.xml`, `.md`. */
export function reportFileName(scopeName: string, format: Exclude<Format, 'badge'>): string {
  const base = slug(scopeName);
  switch (format) {
    case 'yaml':
      return `${base}.yaml`;
    case 'json':
      return `${base}.json`;
    case 'junit':
      return `${base}.junit.xml`;
    case 'md':
      return `${base}.md`;
  }
}

export { badgeBaseName };
