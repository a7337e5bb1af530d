/**
 * scs-0100-semantics-check: every SCS-named flavor provides at least what its name promises, as far as
 * the API shows it: vCPUs, RAM, root disk size, and no `scs:` extra spec that contradicts the name
 * (scs:cpu-type, scs:diskN-type). Names given in `scs:name-vN` extra specs are promises as well: they
 * must be valid SCS names and the flavor must keep them too. Not discoverable (and not checked): the
 * `i`, `u`, `o` suffixes, hypervisor, hwv, CPU brand, GPU, Infiniband.
 */
import { flavorsFact, type Flavor } from '../../../src/openstack/compute.js';
import { judge, readTestcase, type EvalContext, type Finding, type Outcome } from '../../../src/engine/types.js';
import {
  CPU_TYPES,
  CPU_TYPE_STRENGTH,
  DISK_TYPES,
  DISK_TYPE_VALUES,
  canonical,
  tryParseFlavorName,
  type DiskTypeLetter,
  type FlavorName,
} from './flavor-name.js';
import { flavorObject, propertyArgs, setPropertyFix, shellQuote, unsetPropertyFix } from './findings.js';
import { SCS_0100_URL } from './syntax-check.js';

/** Whether a disk of type `actual` (scs:diskN-type value) keeps the promise of name letter `promised`. */
export function diskTypeSatisfies(promised: DiskTypeLetter | undefined, actual: string): boolean {
  if (promised === undefined) return true;
  const want = DISK_TYPES[promised].spec;
  // scs-0100-v3: an SCS-2V-4-20s flavor may be implemented with a local NVMe (20p).
  return actual === want || (want === 'ssd' && actual === 'nvme');
}

interface Claim {
  /** Where the name comes from: `name` or the extra spec key. */
  source: string;
  text: string;
  parsed: FlavorName;
}

/** The checks of one flavor against one name it claims. */
export function checkPromises(f: Flavor, claim: Claim, url: string): Finding[] {
  const out: Finding[] = [];
  const p = claim.parsed;
  const by = claim.source === 'name' ? `its name ${claim.text}` : `its extra spec ${claim.source}=${claim.text}`;
  const object = flavorObject(f);
  // Nova cannot resize a flavor: replace it with one of the promised size, or drop the false name variant.
  const sizeFix =
    claim.source === 'name'
      ? `openstack flavor delete ${f.id} && openstack flavor create --vcpus ${Math.max(f.vcpus, p.cpus)} --ram ${Math.max(f.ram, p.ram * 1024)} --disk ${Math.max(f.disk, p.disk?.size ?? 0)}${propertyArgs(f.extra_specs)}${f.is_public ? ' --public' : ' --private'} ${shellQuote(f.name)}`
      : unsetPropertyFix(f, claim.source);
  if (f.vcpus < p.cpus) {
    out.push({ level: 'error', text: `Flavor ${f.name} (id ${f.id}) has ${f.vcpus} vCPUs, but ${by} promises ${p.cpus}.`, object, rule: 'a flavor provides at least the vCPUs its name promises', observed: f.vcpus, expected: `≥ ${p.cpus}`, url, fix: sizeFix });
  }
  const ramMiB = p.ram * 1024;
  if (f.ram < ramMiB) {
    out.push({ level: 'error', text: `Flavor ${f.name} (id ${f.id}) has ${f.ram} MiB RAM, but ${by} promises ${p.ram} GiB (${ramMiB} MiB).`, object, rule: 'a flavor provides at least the RAM its name promises', observed: `${f.ram} MiB`, expected: `≥ ${ramMiB} MiB`, url, fix: sizeFix });
  }
  if (p.disk?.size !== undefined && f.disk < p.disk.size) {
    out.push({ level: 'error', text: `Flavor ${f.name} (id ${f.id}) has a ${f.disk} GB root disk, but ${by} promises ${p.disk.size} GB.`, object, rule: 'a flavor provides at least the root disk its name promises', observed: `${f.disk} GB`, expected: `≥ ${p.disk.size} GB`, url, fix: sizeFix });
  }
  const wantCpu = CPU_TYPES[p.cpuType].spec;
  const cpuSpec = f.extra_specs['scs:cpu-type'];
  if (cpuSpec !== undefined) {
    const have = CPU_TYPE_STRENGTH.indexOf(cpuSpec);
    if (have < 0) {
      out.push({ level: 'error', text: `Flavor ${f.name} (id ${f.id}) has scs:cpu-type=${cpuSpec}, which is not a value the standard defines (${CPU_TYPE_STRENGTH.join(', ')}); ${by} says ${wantCpu}.`, object, rule: 'scs:cpu-type must be one of the defined vCPU types', observed: cpuSpec, expected: wantCpu, url, fix: setPropertyFix(f, { 'scs:cpu-type': wantCpu }) });
    } else if (have < CPU_TYPE_STRENGTH.indexOf(wantCpu)) {
      out.push({ level: 'error', text: `Flavor ${f.name} (id ${f.id}) declares scs:cpu-type=${cpuSpec}, weaker than the ${wantCpu} that ${by} promises: the name or the extra spec is wrong.`, object, rule: 'scs:cpu-type must not contradict the vCPU type of the name', observed: cpuSpec, expected: `${wantCpu} or stronger`, url, fix: setPropertyFix(f, { 'scs:cpu-type': wantCpu }) });
    }
  }
  if (p.disk) {
    for (let i = 0; i < p.disk.count; i++) {
      const key = `scs:disk${i}-type`;
      const v = f.extra_specs[key];
      if (v === undefined) continue;
      if (!DISK_TYPE_VALUES.includes(v)) {
        out.push({ level: 'error', text: `Flavor ${f.name} (id ${f.id}) has ${key}=${v}, which is not a value the standard defines (${DISK_TYPE_VALUES.join(', ')}).`, object, rule: 'scs:diskN-type must be one of the defined disk types', observed: v, expected: DISK_TYPE_VALUES.join(' | '), url, ...(p.disk.type ? { fix: setPropertyFix(f, { [key]: DISK_TYPES[p.disk.type].spec }) } : {}) });
      } else if (!diskTypeSatisfies(p.disk.type, v)) {
        const want = DISK_TYPES[p.disk.type!].spec;
        out.push({ level: 'error', text: `Flavor ${f.name} (id ${f.id}) declares ${key}=${v}, but ${by} promises ${want}: the name or the extra spec is wrong.`, object, rule: 'scs:diskN-type must not contradict the disk type of the name', observed: v, expected: want === 'ssd' ? 'ssd or nvme' : want, url, fix: setPropertyFix(f, { [key]: want }) });
      }
    }
  }
  return out;
}

export function evaluateSemantics(flavors: Flavor[], ctx: Pick<EvalContext, 'url'>): Outcome {
  const url = ctx.url || SCS_0100_URL;
  const findings: Finding[] = [];
  let checked = 0;
  for (const f of flavors) {
    const claims: Claim[] = [];
    const seen = new Set<string>();
    const sources: [string, string][] = [];
    if (f.name.startsWith('SCS-')) sources.push(['name', f.name]);
    for (const [k, v] of Object.entries(f.extra_specs).sort(([a], [b]) => a.localeCompare(b))) if (/^scs:name-v\d+$/.test(k)) sources.push([k, v]);
    for (const [source, text] of sources) {
      const r = tryParseFlavorName(text);
      if (!r.ok) {
        if (source === 'name') continue; // scs-0100-syntax-check reports it
        findings.push({ level: 'error', text: `Flavor ${f.name} (id ${f.id}) has ${source}=${text}, which is not a valid SCS flavor name: ${r.error.message}.`, object: flavorObject(f), rule: 'scs:name-vN must be a valid SCS name of the flavor', observed: text, expected: 'a valid SCS flavor name', url });
        continue;
      }
      const key = canonical(r.parsed.flavor);
      if (seen.has(key)) continue;
      seen.add(key);
      claims.push({ source, text, parsed: r.parsed.flavor });
    }
    if (claims.length === 0) continue;
    checked++;
    for (const claim of claims) findings.push(...checkPromises(f, claim, url));
    const own = claims.find((c) => c.source === 'name')?.parsed;
    if (own && own.ram >= 10 && !Number.isInteger(own.ram)) {
      findings.push({ level: 'warning', text: `Flavor ${f.name} (id ${f.id}) names ${own.ram} GiB RAM; the standard advises whole GiB from 10 GiB on.`, object: flavorObject(f), rule: 'RAM of 10 GiB or more should be a whole number of GiB', observed: own.ram, expected: 'a whole number', url });
    }
  }
  if (checked === 0) findings.push({ level: 'info', text: 'No flavor has a valid SCS name (by name or scs:name-vN); nothing to check.' });
  return judge(findings, { flavors: flavors.length, checked, failures: findings.filter((x) => x.level === 'error').length });
}

export const semanticsCheck = readTestcase({
  id: 'scs-0100-semantics-check',
  needs: { flavors: flavorsFact },
  evaluate: ({ flavors }, ctx) => evaluateSemantics(flavors, ctx),
});
