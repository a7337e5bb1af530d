/**
 * scs-0114-v1 testcases over the project's volume types.
 */
import { judge, readTestcase, type EvalContext, type Finding } from '../../../src/engine/types.js';
import { volumeTypesFact, type VolumeType } from '../../../src/openstack/volume.js';
import { advertises, aspectProblems, correctedDescription, describeProblem, parseAspectList, type Aspect } from './aspects.js';

/** Where the aspect list is defined. */
export const ASPECT_LIST_URL = 'https://docs.scs.community/standards/scs-0114-v1-volume-type-standard#systematic-description-of-volume-types';
export const RECOMMENDED_URL = 'https://docs.scs.community/standards/scs-0114-v1-volume-type-standard#recommended-volume-types';

export function typeLabel(t: VolumeType): string {
  return `volume type ${t.name || '(unnamed)'} (id ${t.id})`;
}

/** Single-quoted for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function fixCommand(t: VolumeType, add?: Aspect): string {
  return `openstack volume type set --description ${shellQuote(correctedDescription(t.description, add))} ${t.id}`;
}

/** Findings of the syntax rule for every volume type (errors for broken lists, warnings for misplaced ones). */
export function syntaxFindings(types: readonly VolumeType[], url: string): Finding[] {
  const findings: Finding[] = [];
  for (const t of types) {
    const list = parseAspectList(t.description);
    const base = { object: typeLabel(t), url, observed: t.description };
    if (list.kind === 'unterminated') {
      findings.push({
        ...base,
        level: 'error',
        text: `${typeLabel(t)}: its description starts with "[scs:" but the aspect list is not closed by "]".`,
        rule: 'an aspect list has the form [scs:aspect1, aspect2, …] at the start of the description',
        expected: correctedDescription(t.description),
        fix: fixCommand(t),
      });
    } else if (list.kind === 'none' && list.misplaced) {
      findings.push({
        ...base,
        level: 'warning',
        text: `${typeLabel(t)}: its description contains "[scs:" but not at the very start, so it is no aspect list and advertises nothing.`,
        rule: 'the aspect list must start the description',
        expected: 'the aspect list [scs:…] as the very first characters of the description',
      });
    } else if (list.kind === 'list') {
      for (const p of aspectProblems(list.aspects)) {
        findings.push({
          ...base,
          level: 'error',
          text: `${typeLabel(t)}: in its aspect list ${list.raw}, ${describeProblem(p)}.`,
          rule: 'aspects are recognised ones, sorted alphabetically, each listed at most once',
          expected: correctedDescription(t.description),
          fix: fixCommand(t),
        });
      }
    }
  }
  return findings;
}

/** Whether a type advertises the aspect in a well-formed aspect list (the standardised, discoverable form). */
export function offers(t: VolumeType, aspect: Aspect): boolean {
  const list = parseAspectList(t.description);
  return list.kind === 'list' && list.aspects.includes(aspect) && aspectProblems(list.aspects).length === 0;
}

/** Findings of "a volume type advertises <aspect>". */
export function aspectPresenceFindings(types: readonly VolumeType[], aspect: Aspect, url: string): Finding[] {
  const offering = types.filter((t) => offers(t, aspect));
  if (offering.length > 0) {
    return offering.map((t) => ({ level: 'info' as const, text: `${typeLabel(t)} advertises [scs:${aspect}].`, object: typeLabel(t) }));
  }
  const malformed = types.filter((t) => advertises(t.description, aspect));
  if (malformed.length > 0) {
    return malformed.map((t) => ({
      level: 'error' as const,
      text: `${typeLabel(t)} names "${aspect}" only in a malformed aspect list, which programs following scs-0114 cannot rely on; no volume type advertises [scs:${aspect}] in the standard form.`,
      object: typeLabel(t),
      rule: `at least one volume type's description starts with a well-formed aspect list containing "${aspect}" (recommended)`,
      observed: t.description,
      expected: correctedDescription(t.description),
      url,
      fix: fixCommand(t),
    }));
  }
  const example = types.find((t) => t.name.toLowerCase() !== '__default__') ?? types[0];
  return [
    {
      level: 'error',
      text:
        types.length === 0
          ? `The project sees no volume types at all, so none advertises [scs:${aspect}].`
          : `None of the ${types.length} volume types visible to the project advertises [scs:${aspect}] at the start of its description.`,
      object: 'volume types of the project',
      rule: `at least one volume type's description starts with an aspect list containing "${aspect}" (recommended)`,
      observed: types.map((t) => ({ id: t.id, name: t.name, description: t.description })),
      expected: `a volume type whose description starts with e.g. "[scs:${aspect}]"`,
      url,
      fix: example ? `${fixCommand(example, aspect)}   # only if volumes of this type really are ${aspect}` : undefined,
    },
  ];
}

function evidence(types: readonly VolumeType[]): Record<string, unknown> {
  return { volumeTypes: types.length };
}

export const syntaxCheck = readTestcase({
  id: 'scs-0114-syntax-check',
  needs: { types: volumeTypesFact },
  evaluate: ({ types }, ctx: EvalContext) => judge(syntaxFindings(types, ctx.url || ASPECT_LIST_URL), evidence(types)),
});

export const encryptedType = readTestcase({
  id: 'scs-0114-encrypted-type',
  needs: { types: volumeTypesFact },
  evaluate: ({ types }, ctx: EvalContext) => judge(aspectPresenceFindings(types, 'encrypted', ctx.url || RECOMMENDED_URL), evidence(types)),
});

export const replicatedType = readTestcase({
  id: 'scs-0114-replicated-type',
  needs: { types: volumeTypesFact },
  evaluate: ({ types }, ctx: EvalContext) => judge(aspectPresenceFindings(types, 'replicated', ctx.url || RECOMMENDED_URL), evidence(types)),
});
