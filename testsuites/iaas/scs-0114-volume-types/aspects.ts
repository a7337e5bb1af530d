/**
 * The aspect list of scs-0114: a volume type's description may start with `[scs:a, b, …]`, aspects
 * sorted alphabetically, each at most once, from the recognised set. Pure functions.
 */

/** The aspects scs-0114-v1 defines. */
export const RECOGNISED_ASPECTS = ['encrypted', 'replicated'] as const;
export type Aspect = (typeof RECOGNISED_ASPECTS)[number];

export type AspectList =
  /** The description does not start with `[scs:`. */
  | { kind: 'none'; misplaced: boolean }
  /** It starts with `[scs:` but the list is not closed by `]` (or contains a nested `[`). */
  | { kind: 'unterminated' }
  /** A list: its raw text (between `[` and `]`), the aspects in order and the rest of the description. */
  | { kind: 'list'; raw: string; aspects: string[]; rest: string };

const LIST = /^\[scs:([^[\]]*)\]/;

export function parseAspectList(description: string | null | undefined): AspectList {
  const text = description ?? '';
  const m = LIST.exec(text);
  if (m) {
    const content = m[1]!.trim();
    const aspects = content === '' ? [] : content.split(',').map((a) => a.trim());
    return { kind: 'list', raw: m[0], aspects, rest: text.slice(m[0].length) };
  }
  if (text.startsWith('[scs:')) return { kind: 'unterminated' };
  return { kind: 'none', misplaced: text.includes('[scs:') };
}

export type AspectProblem =
  | { kind: 'unrecognised'; aspect: string }
  | { kind: 'duplicate'; aspect: string }
  | { kind: 'unsorted'; observed: string[]; expected: string[] };

/** Everything wrong with a list of aspects (an empty list is fine). */
export function aspectProblems(aspects: readonly string[]): AspectProblem[] {
  const problems: AspectProblem[] = [];
  for (const a of aspects) {
    if (!(RECOGNISED_ASPECTS as readonly string[]).includes(a)) problems.push({ kind: 'unrecognised', aspect: a });
  }
  const seen = new Set<string>();
  for (const a of aspects) {
    if (seen.has(a) && !problems.some((p) => p.kind === 'duplicate' && p.aspect === a)) problems.push({ kind: 'duplicate', aspect: a });
    seen.add(a);
  }
  const sorted = [...aspects].sort(compareAspects);
  if (sorted.some((a, i) => a !== aspects[i])) problems.push({ kind: 'unsorted', observed: [...aspects], expected: sorted });
  return problems;
}

/** Alphabetical order by code point, which is what "sorted alphabetically" means for these ASCII words. */
function compareAspects(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether the description advertises an aspect (even when its list has other problems). */
export function advertises(description: string | null | undefined, aspect: Aspect): boolean {
  const list = parseAspectList(description);
  return list.kind === 'list' && list.aspects.includes(aspect);
}

/**
 * The description with a corrected aspect list: recognised aspects only, sorted, each once, plus
 * `add` if given; the rest of the description is kept.
 */
export function correctedDescription(description: string | null | undefined, add?: Aspect): string {
  const list = parseAspectList(description);
  const text = description ?? '';
  const current = list.kind === 'list' ? list.aspects : [];
  const rest = list.kind === 'list' ? list.rest : list.kind === 'unterminated' ? text.replace(/^\[scs:[^\]]*/, '').trimStart() : text;
  const wanted = new Set(current.filter((a): a is Aspect => (RECOGNISED_ASPECTS as readonly string[]).includes(a)));
  if (add) wanted.add(add);
  const head = `[scs:${[...wanted].sort(compareAspects).join(', ')}]`;
  const tail = rest.trimStart();
  return tail ? `${head} ${tail}` : head;
}

export function describeProblem(p: AspectProblem): string {
  switch (p.kind) {
    case 'unrecognised':
      return p.aspect === '' ? 'the list has an empty aspect' : `"${p.aspect}" is not an aspect of scs-0114-v1 (recognised: ${RECOGNISED_ASPECTS.join(', ')}; case matters)`;
    case 'duplicate':
      return `"${p.aspect}" is listed more than once`;
    case 'unsorted':
      return `the aspects are not sorted alphabetically (${p.observed.join(', ')} instead of ${p.expected.join(', ')})`;
  }
}
