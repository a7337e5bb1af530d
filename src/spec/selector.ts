/**
 * Target selectors of the previous scope format (scs-0003-v1 as of 2024-08): a target value is one or
 * more selectors joined by "," (OR); a selector is terms joined by spaces (AND); a term is atoms joined
 * by "/" (OR); an atom is a tag or "!tag" (NOT). A tag contains no space, ",", "/" or "!".
 */

export interface Atom {
  tag: string;
  negated: boolean;
}
/** OR over selectors, each an AND over terms, each an OR over atoms. */
export type Selector = Atom[][][];

export class SelectorSyntaxError extends Error {}

const TAG = /^[^\s,/!]+$/;

export function parseSelector(text: string): Selector {
  const selectors = text.split(',').map((s) => s.trim());
  return selectors.map((sel) => {
    if (sel === '') throw new SelectorSyntaxError(`empty selector in "${text}"`);
    return sel.split(/\s+/).map((term) =>
      term.split('/').map((atom) => {
        const negated = atom.startsWith('!');
        const tag = negated ? atom.slice(1) : atom;
        if (!TAG.test(tag)) throw new SelectorSyntaxError(`"${atom}" is not a tag or a negated tag in "${text}"`);
        return { tag, negated };
      }),
    );
  });
}

export function matchesSelector(selector: Selector, tags: ReadonlySet<string>): boolean {
  return selector.some((terms) => terms.every((atoms) => atoms.some((a) => tags.has(a.tag) !== a.negated)));
}
