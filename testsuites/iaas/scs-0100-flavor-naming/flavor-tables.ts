/**
 * The value tables of the SCS flavor naming standard (scs-0100 v1, v2, v3), written from the standard's
 * text. Each major version only adds entries; v3 is the one in force, v1 and v2 names are tolerated.
 */

export type SyntaxVersion = 'v1' | 'v2' | 'v3';

export type CpuTypeLetter = 'L' | 'V' | 'T' | 'C';
export type DiskTypeLetter = 'n' | 'h' | 's' | 'p';
export type HypervisorCode = 'kvm' | 'xen' | 'vmw' | 'hyv' | 'bms' | 'chy';
export type CpuVendor = 'i' | 'z' | 'a' | 'r';
export type GpuBrand = 'N' | 'A' | 'I';

/** vCPU type letter → the `scs:cpu-type` value (scs-0103) and prose. */
export const CPU_TYPES: Record<CpuTypeLetter, { spec: string; singular: string; plural: string }> = {
  L: { spec: 'crowded-core', singular: 'vCPU (heavily oversubscribed)', plural: 'vCPUs (heavily oversubscribed)' },
  V: { spec: 'shared-core', singular: 'vCPU (oversubscribed, at least 20% of a core)', plural: 'vCPUs (oversubscribed, at least 20% of a core each)' },
  T: { spec: 'dedicated-thread', singular: 'dedicated thread (SMT)', plural: 'dedicated threads (SMT)' },
  C: { spec: 'dedicated-core', singular: 'dedicated core', plural: 'dedicated cores' },
};

/** `scs:cpu-type` values from weakest to strongest guarantee. */
export const CPU_TYPE_STRENGTH: readonly string[] = ['crowded-core', 'shared-core', 'dedicated-thread', 'dedicated-core'];

/** Disk type letter → the `scs:diskN-type` value (scs-0103) and prose. */
export const DISK_TYPES: Record<DiskTypeLetter, { spec: string; prose: string }> = {
  n: { spec: 'network', prose: 'network shared storage (e.g. Ceph/Cinder)' },
  h: { spec: 'hdd', prose: 'local HDD (SATA/SAS class)' },
  s: { spec: 'ssd', prose: 'local SSD' },
  p: { spec: 'nvme', prose: 'local high-performance NVMe' },
};

/** The `scs:diskN-type` values scs-0103 defines. */
export const DISK_TYPE_VALUES: readonly string[] = Object.values(DISK_TYPES).map((d) => d.spec);

export const HYPERVISORS: Record<HypervisorCode, { prose: string; since: SyntaxVersion }> = {
  kvm: { prose: 'KVM (with QEMU)', since: 'v1' },
  xen: { prose: 'Xen', since: 'v1' },
  vmw: { prose: 'VMware', since: 'v1' },
  hyv: { prose: 'Hyper-V', since: 'v1' },
  bms: { prose: 'bare metal system, no hypervisor', since: 'v1' },
  chy: { prose: 'Cloud Hypervisor', since: 'v3' },
};

export const CPU_VENDORS: Record<CpuVendor, string> = {
  i: 'Intel x86-64',
  z: 'AMD (Zen) x86-64',
  a: 'ARM v8+ (AArch64)',
  r: 'RISC-V',
};

type GenTable = Record<string, string>;

const CPU_GEN_V3: Record<CpuVendor, GenTable> = {
  i: { 0: 'pre-Skylake', 1: 'Skylake', 2: 'Cascade Lake', 3: 'Ice Lake', 4: 'Sapphire Rapids', 5: 'Sierra Forest (E-cores)', 6: 'Granite Rapids (P-cores)' },
  z: { 0: 'pre-Zen', 1: 'Zen-1 (Naples)', 2: 'Zen-2 (Rome)', 3: 'Zen-3 (Milan)', 4: 'Zen-4 (Genoa/Bergamo)', 5: 'Zen-5 (Turin)', 6: 'Zen-6 (Venice)' },
  a: { 0: 'pre-Cortex-A76', 1: 'A76/Neoverse-N1 class', 2: 'A78/X1/Neoverse-V1 class', 3: 'A71x/Neoverse-N2/V2 (ARMv9)', 4: 'AmpereOne (ARMv8.6)', 5: 'A72x/Neoverse-N3/V3 (ARMv9.2)' },
  r: { 0: 'unspecified generation' },
};

function pick(table: GenTable, keys: string[]): GenTable {
  return Object.fromEntries(keys.map((k) => [k, table[k]!]));
}

/** CPU generations per vendor and syntax version. */
export const CPU_GENERATIONS: Record<SyntaxVersion, Record<CpuVendor, GenTable>> = {
  v3: CPU_GEN_V3,
  v2: { i: pick(CPU_GEN_V3.i, ['0', '1', '2', '3', '4']), z: pick(CPU_GEN_V3.z, ['0', '1', '2', '3', '4']), a: pick(CPU_GEN_V3.a, ['0', '1', '2', '3']), r: CPU_GEN_V3.r },
  v1: { i: pick(CPU_GEN_V3.i, ['0', '1', '2', '3']), z: pick(CPU_GEN_V3.z, ['0', '1', '2', '3', '4']), a: pick(CPU_GEN_V3.a, ['0', '1', '2', '3']), r: CPU_GEN_V3.r },
};

/** CPU frequency suffix: index = number of `h`. */
export const CPU_PERF: readonly string[] = ['', '> 2.75 GHz all-core', '> 3.25 GHz all-core', '> 3.75 GHz all-core'];

export const GPU_BRANDS: Record<GpuBrand, { vendor: string; units: string }> = {
  N: { vendor: 'nVidia', units: 'streaming multiprocessors (SMs)' },
  A: { vendor: 'AMD', units: 'compute units (CUs)' },
  I: { vendor: 'Intel', units: 'execution units (EUs)' },
};

const GPU_GEN_V3: Record<GpuBrand, GenTable> = {
  N: { f: 'Fermi', k: 'Kepler', m: 'Maxwell', p: 'Pascal', v: 'Volta', t: 'Turing', a: 'Ampere', l: 'Ada Lovelace', g: 'Grace Hopper', b: 'Blackwell', u: 'Blackwell Ultra' },
  A: {
    '0.4': 'GCN4 (Polaris)', '0.5': 'GCN5 (Vega)', '1': 'CDNA1', '1.1': 'RDNA1', '2': 'CDNA2', '2.1': 'RDNA2', '3': 'CDNA3', '3.1': 'RDNA3',
    '3.5': 'RDNA3.5', '4': 'CDNA4', '4.1': 'RDNA4', '5.1': 'RDNA5',
  },
  I: { '0.9': 'Gen9', '0.95': 'Gen9.5', '1': 'Xe (Gen12.1/DG1)', '2': 'Xe (Gen12.2)', '3': 'Arc (Gen12.7/DG2)', '4': 'Battlemage (Gen20.0)' },
};

/** GPU generations per brand and syntax version ('' = no generation given, always allowed). */
export const GPU_GENERATIONS: Record<SyntaxVersion, Record<GpuBrand, GenTable>> = {
  v3: GPU_GEN_V3,
  v2: {
    N: pick(GPU_GEN_V3.N, ['f', 'k', 'm', 'p', 'v', 't', 'a', 'l']),
    A: { '0.4': 'GCN4 (Polaris)', '0.5': 'GCN5 (Vega)', '1': 'RDNA1', '2': 'RDNA2', '3': 'RDNA3' },
    I: pick(GPU_GEN_V3.I, ['0.9', '1']),
  },
  v1: {
    N: pick(GPU_GEN_V3.N, ['f', 'k', 'm', 'p', 'v', 't', 'a']),
    A: { '0.4': 'GCN4 (Polaris)', '0.5': 'GCN5 (Vega)', '1': 'RDNA1', '2': 'RDNA2' },
    I: pick(GPU_GEN_V3.I, ['0.9', '1']),
  },
};

/** Most `h` after the GPU compute-unit count (v3 text: `h`, duplicated for even higher frequencies). */
export const GPU_UNIT_PERF_MAX = 2;
/** Most `h` after the VRAM size (v3 text: "an optional `h`" for high-bandwidth memory). */
export const GPU_VRAM_PERF_MAX = 1;
/** VRAM sizes in the GPU extension exist since v3. */
export const GPU_VRAM_SINCE: SyntaxVersion = 'v3';

export const VERSION_ORDER: readonly SyntaxVersion[] = ['v1', 'v2', 'v3'];

export function versionAtLeast(v: SyntaxVersion, min: SyntaxVersion): boolean {
  return VERSION_ORDER.indexOf(v) >= VERSION_ORDER.indexOf(min);
}
