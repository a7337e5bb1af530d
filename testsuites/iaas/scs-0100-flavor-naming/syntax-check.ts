/**
 * scs-0100-syntax-check: every flavor whose name starts with `SCS-` has a valid SCS flavor name.
 * Names in the v1 (colon) syntax are tolerated: they pass with a warning.
 */
import { flavorsFact, type Flavor } from '../../../src/openstack/compute.js';
import { judge, readTestcase, type EvalContext, type Finding, type Outcome } from '../../../src/engine/types.js';
import { canonical, tryParseFlavorName } from './flavor-name.js';
import { flavorObject } from './findings.js';

export const SCS_0100_URL = 'https://docs.scs.community/standards/scs-0100-v3-flavor-naming';

export function evaluateSyntax(flavors: Flavor[], ctx: Pick<EvalContext, 'url'>): Outcome {
  const url = ctx.url || SCS_0100_URL;
  const findings: Finding[] = [];
  const scs = flavors.filter((f) => f.name.startsWith('SCS-'));
  let invalid = 0;
  let tolerated = 0;
  for (const f of scs) {
    const r = tryParseFlavorName(f.name);
    if (!r.ok) {
      invalid++;
      const e = r.error;
      findings.push({
        level: 'error',
        text: `Flavor ${f.name} (id ${f.id}) starts with "SCS-" but is not a valid SCS flavor name: ${e.message} (character ${e.position + 1}). Create it under a valid name or one that does not start with "SCS-".`,
        object: flavorObject(f),
        rule: 'a flavor name starting with "SCS-" must follow the SCS flavor naming syntax',
        observed: f.name,
        expected: `a name following scs-0100-v3 (${e.kind} error at character ${e.position + 1}: ${e.message})`,
        url,
      });
    } else if (r.parsed.tolerated) {
      tolerated++;
      findings.push({
        level: 'warning',
        text: `Flavor ${f.name} (id ${f.id}) uses the ${r.parsed.tolerated} syntax, which is merely tolerated; the current form of the name is ${canonical(r.parsed.flavor)}.`,
        object: flavorObject(f),
        rule: 'flavor names should use the current (v3) syntax',
        observed: f.name,
        expected: canonical(r.parsed.flavor),
        url,
      });
    }
  }
  if (scs.length === 0) findings.push({ level: 'info', text: `None of the ${flavors.length} flavors has a name starting with "SCS-"; nothing to check.` });
  return judge(findings, { flavors: flavors.length, scsFlavors: scs.length, invalid, tolerated });
}

export const syntaxCheck = readTestcase({
  id: 'scs-0100-syntax-check',
  needs: { flavors: flavorsFact },
  evaluate: ({ flavors }, ctx) => evaluateSyntax(flavors, ctx),
});
