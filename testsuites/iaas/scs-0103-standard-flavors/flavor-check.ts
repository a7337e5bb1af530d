/**
 * One scs-0103 standard flavor: find it (by extra spec `scs:name-v2`, then by name) and compare it
 * exactly with what its name says (scs-0100 derivedSpec): vCPUs, RAM, root disk, scs:cpu-type,
 * scs:name-v1, scs:name-v2, and scs:disk0-type (must be set exactly when the flavor has a disk).
 */
import type { Flavor } from '../../../src/openstack/compute.js';
import { judge, type EvalContext, type Finding, type Outcome } from '../../../src/engine/types.js';
import { DISK_TYPE_VALUES, derivedSpec, parseFlavorName, v1Form, type DerivedSpec } from '../scs-0100-flavor-naming/flavor-name.js';
import { flavorObject, setPropertyFix, unsetPropertyFix } from '../scs-0100-flavor-naming/findings.js';
import type { StandardFlavor } from './standard-flavors.js';

export const SCS_0103_URL = 'https://docs.scs.community/standards/scs-0103-v1-standard-flavors#guarantees-and-properties';

/** What the standard requires of a standard flavor (RAM in MiB, disk in GB). */
export interface StandardFlavorExpectation {
  name: string;
  vcpus: number;
  ramMiB: number;
  disk: number;
  cpuType: string;
  nameV1: string;
  /** The disk letter of the name: 's' → ssd, undefined → "(any)" type; absent when the flavor has no disk. */
  diskType?: { letter: string | undefined; spec: string };
  spec: DerivedSpec;
}

export function expectationOf(name: string): StandardFlavorExpectation {
  const parsed = parseFlavorName(name).flavor;
  const spec = derivedSpec(parsed);
  return {
    name,
    vcpus: spec.cpus,
    ramMiB: spec.ram * 1024,
    disk: spec.disk ?? 0,
    cpuType: spec['scs:cpu-type'],
    nameV1: v1Form(name),
    diskType: parsed.disk ? { letter: parsed.disk.type, spec: spec['scs:disk0-type']! } : undefined,
    spec,
  };
}

/** The flavor that stands for a standard flavor: extra spec `scs:name-v2` first, then the name. */
export function findStandardFlavor(flavors: Flavor[], name: string): { flavor: Flavor; foundBy: 'scs:name-v2' | 'name' } | undefined {
  const bySpec = flavors.find((f) => f.extra_specs['scs:name-v2'] === name);
  if (bySpec) return { flavor: bySpec, foundBy: 'scs:name-v2' };
  const byName = flavors.find((f) => f.name === name);
  return byName ? { flavor: byName, foundBy: 'name' } : undefined;
}

function createCommand(e: StandardFlavorExpectation): string {
  const props: [string, string][] = [['scs:cpu-type', e.cpuType]];
  if (e.diskType) props.push(['scs:disk0-type', e.diskType.spec]);
  props.push(['scs:name-v1', e.nameV1], ['scs:name-v2', e.name]);
  return `openstack flavor create --public --vcpus ${e.vcpus} --ram ${e.ramMiB} --disk ${e.disk} ${props.map(([k, v]) => `--property ${k}=${v}`).join(' ')} ${e.name}`;
}

export function evaluateStandardFlavor(std: StandardFlavor, flavors: Flavor[], ctx: Pick<EvalContext, 'url'>): Outcome {
  const url = ctx.url || SCS_0103_URL;
  const e = expectationOf(std.name);
  const found = findStandardFlavor(flavors, std.name);
  if (!found) {
    return judge(
      [
        {
          level: 'error',
          text: `The ${std.status} standard flavor ${std.name} is missing: no flavor has the extra spec scs:name-v2=${std.name} or the name ${std.name}.`,
          object: `flavor ${std.name}`,
          rule: `scs-0103: the ${std.status} standard flavor ${std.name} must exist`,
          observed: 'absent',
          expected: `${e.vcpus} vCPUs (${e.cpuType}), ${e.ramMiB} MiB RAM, ${e.disk ? `${e.disk} GB root disk` : 'no root disk'}`,
          url,
          fix: createCommand(e),
        },
      ],
      { status: std.status, found: false },
    );
  }
  const f = found.flavor;
  const object = flavorObject(f);
  const who = f.name === std.name ? `${f.name} (id ${f.id})` : `${std.name} (flavor ${f.name}, id ${f.id})`;
  const findings: Finding[] = [];
  const replace = `openstack flavor delete ${f.id} && ${createCommand(e)}`;
  const exact = (what: string, observed: number, expected: number, unit: string) => {
    if (observed !== expected) {
      const u = unit ? ` ${unit}` : '';
      findings.push({ level: 'error', text: `Standard flavor ${who} has ${observed}${u} ${what}; the standard requires exactly ${expected}${u}. Nova cannot resize a flavor: replace it.`, object, rule: `scs-0103: ${what} of ${std.name} must match exactly`, observed: `${observed}${u}`, expected: `${expected}${u}`, url, fix: replace });
    }
  };
  exact('vCPUs', f.vcpus, e.vcpus, '');
  exact('RAM', f.ram, e.ramMiB, 'MiB');
  exact('root disk', f.disk, e.disk, 'GB');
  const spec = (key: string, expected: string, rule: string) => {
    const v = f.extra_specs[key];
    if (v !== expected) {
      findings.push({ level: 'error', text: `Standard flavor ${who} has ${v === undefined ? `no extra spec ${key}` : `${key}=${v}`}; the standard requires ${key}=${expected}.`, object, rule, observed: v ?? null, expected, url, fix: setPropertyFix(f, { [key]: expected }) });
    }
  };
  spec('scs:cpu-type', e.cpuType, 'scs-0103: scs:cpu-type must reflect the vCPU type');
  spec('scs:name-v1', e.nameV1, 'scs-0103: scs:name-v1 must be the name with every dash after the first replaced by a colon');
  spec('scs:name-v2', e.name, 'scs-0103: scs:name-v2 must be the recommended name');
  const disk0 = f.extra_specs['scs:disk0-type'];
  if (!e.diskType) {
    if (disk0 !== undefined) {
      findings.push({ level: 'error', text: `Standard flavor ${who} has no root disk but sets scs:disk0-type=${disk0}; the standard says it is not set when no disk is provided.`, object, rule: 'scs-0103: scs:disk0-type is not set when no disk is provided', observed: disk0, expected: null, url, fix: unsetPropertyFix(f, 'scs:disk0-type') });
    }
  } else if (e.diskType.letter === undefined) {
    // "(any)" disk type: any of the defined values, but it must be set (see docs/decisions/scs-0103.md).
    if (disk0 === undefined || !DISK_TYPE_VALUES.includes(disk0)) {
      findings.push({ level: 'error', text: `Standard flavor ${who} has ${disk0 === undefined ? 'no extra spec scs:disk0-type' : `scs:disk0-type=${disk0}`}; the standard requires it set to the disk type (${DISK_TYPE_VALUES.join(', ')}).`, object, rule: 'scs-0103: scs:disk0-type must reflect the disk type', observed: disk0 ?? null, expected: DISK_TYPE_VALUES.join(' | '), url, fix: setPropertyFix(f, { 'scs:disk0-type': 'network' }) + '   # or hdd, ssd, nvme: the real type' });
    }
  } else if (disk0 !== e.diskType.spec) {
    if (e.diskType.spec === 'ssd' && disk0 === 'nvme') {
      findings.push({ level: 'info', text: `Standard flavor ${who} declares scs:disk0-type=nvme: a local NVMe meets the SSD requirement (scs-0100-v3).`, object });
    } else {
      spec('scs:disk0-type', e.diskType.spec, 'scs-0103: scs:disk0-type must reflect the disk type');
    }
  }
  if (found.foundBy === 'name') {
    findings.push({ level: 'info', text: `Standard flavor ${std.name} was found by its name; no flavor carries scs:name-v2=${std.name}.`, object });
  }
  return judge(findings, { status: std.status, found: true, flavor: { id: f.id, name: f.name }, foundBy: found.foundBy });
}
