/**
 * The checks every profile section's parser starts with, so that a typo in a profile surfaces at
 * start-up with the section's name: the error thrower, and "a mapping with only known keys".
 */

/** Throws a problem of a profile section (declare the variable with this type, so that TS narrows after a call). */
export type SectionProblem = (message: string) => never;

/** A thrower whose messages name the section: `sandbox profile, section <name>: <message>`. */
export function sectionProblem(section: string): SectionProblem {
  return (message) => {
    throw new Error(`sandbox profile, section ${section}: ${message}`);
  };
}

/** The section as a mapping (else "must be a mapping"), with only `known` keys when they are given. */
export function sectionMapping<T = Record<string, unknown>>(raw: unknown, bad: SectionProblem, known?: readonly string[]): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad('must be a mapping');
  if (known) for (const k of Object.keys(raw as object)) if (!known.includes(k)) bad(`unknown key "${k}" (known: ${known.join(', ')})`);
  return raw as T;
}
