/**
 * Realistic, valid SCS flavors for benchmarks: systematic names with extensions (so they never clash
 * with the standard flavors of a profile), sizes and extra specs exactly as the names say.
 */
import { derivedSpec } from '../../../testsuites/iaas/scs-0100-flavor-naming/flavor-name.js';
import type { FlavorProfileEntry } from '../services/compute-flavors.js';

const CPUS = [1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128];
const CPU_TYPES = ['V', 'C', 'T', 'L'];
const RAM_PER_CPU = [2, 4, 8, 1];
const DISKS = ['', '-20s', '-50n', '-100p', '-200', '-2x100p', '-n', '-500h'];
const EXTENSIONS = [
  '_kvm', '_bms', '_kvm_hwv', '_z4h', '_i3', '_a1', '_bms_z3h', '_kvm_hwv_i4', '_chy_z5', '_GNa-56-24', '_kvm_GNl-58-24',
  '_bms_hwv_z4hh_GNg-132-80h_ib', '_ib', '_gNl', '_i2h_GA3-304-192h', '_xen', '_vmw_i1',
];

/** `n` distinct flavors with valid SCS names (throws RangeError beyond the number of combinations). */
export function generateFlavors(n: number): FlavorProfileEntry[] {
  const total = CPUS.length * CPU_TYPES.length * RAM_PER_CPU.length * DISKS.length * EXTENSIONS.length;
  if (!Number.isInteger(n) || n < 0 || n > total) throw new RangeError(`generateFlavors: n must be an integer from 0 to ${total}`);
  const out: FlavorProfileEntry[] = [];
  for (let k = 0; k < n; k++) {
    let r = k;
    const pick = <T>(list: readonly T[]): T => {
      const v = list[r % list.length]!;
      r = Math.floor(r / list.length);
      return v;
    };
    const ext = pick(EXTENSIONS);
    const disk = pick(DISKS);
    const ratio = pick(RAM_PER_CPU);
    const type = pick(CPU_TYPES);
    const cpus = pick(CPUS);
    const name = `SCS-${cpus}${type}-${cpus * ratio}${disk}${ext}`;
    const spec = derivedSpec(name);
    const extra: Record<string, string> = {};
    for (const [key, value] of Object.entries(spec)) if (key.startsWith('scs:')) extra[key] = String(value);
    out.push({ id: `gen-${k}`, name, vcpus: spec.cpus, ram: spec.ram * 1024, disk: spec.disk ?? 0, extra_specs: extra });
  }
  return out;
}
