/**
 * SCS flavor names (scs-0100): our own parser for the v3 grammar (v1 and v2 names are tolerated),
 * the canonical, short and v1 forms, and the properties a name promises (`derivedSpec`).
 *
 * Grammar (v2/v3 separators; v1 uses `:` where v2 has `-` and `-` where v2 has `_`):
 *   SCS- <cpus><L|V|T|C>[i] -<ram>[u][o] [-[<M>x][<size>][n|h|s|p]] [_hyp][_hwv][_<cpu>][_<gpu>][_ib]
 * Extensions never contain `_`, so the part after the disk is split at `_` first and each piece is
 * read on its own; that is how `SCS-2C-4_GNa_ib` (a GPU without compute units, then Infiniband) parses.
 */
import {
  CPU_GENERATIONS,
  CPU_PERF,
  CPU_TYPES,
  DISK_TYPES,
  GPU_BRANDS,
  GPU_GENERATIONS,
  GPU_UNIT_PERF_MAX,
  GPU_VRAM_PERF_MAX,
  GPU_VRAM_SINCE,
  HYPERVISORS,
  versionAtLeast,
  type CpuTypeLetter,
  type CpuVendor,
  type DiskTypeLetter,
  type GpuBrand,
  type HypervisorCode,
  type SyntaxVersion,
} from './flavor-tables.js';

export * from './flavor-tables.js';

export interface DiskPart {
  /** How many disks (the `M` of `Mx`), 1 when not given. */
  count: number;
  /** Size in GB; undefined when the cloud chooses the size (`SCS-2C-4-n`). */
  size?: number;
  /** undefined when the name leaves the type to the cloud. */
  type?: DiskTypeLetter;
}

export interface CpuBrandPart {
  vendor: CpuVendor;
  /** undefined when no generation is given. */
  generation?: number;
  /** Number of `h` (0–3). */
  perf: number;
}

export interface GpuPart {
  /** `G`: pass-through; `g`: virtual GPU. */
  passthrough: boolean;
  brand: GpuBrand;
  /** Generation code as written (`a`, `3.1`, `0.95`); undefined when not given. */
  generation?: string;
  /** Compute units (SMs, CUs, EUs). */
  units?: number;
  /** Number of `h` after the unit count. */
  unitsPerf: number;
  /** Video memory in GiB. */
  vram?: number;
  /** Number of `h` after the VRAM size (high-bandwidth memory). */
  vramPerf: number;
}

/** A parsed SCS flavor name: every component of the grammar. */
export interface FlavorName {
  cpus: number;
  cpuType: CpuTypeLetter;
  /** `i`: insufficient CPU vulnerability mitigations. */
  insecure: boolean;
  /** GiB. */
  ram: number;
  /** `u`: no ECC memory. */
  ramNoEcc: boolean;
  /** `o`: memory oversubscribed. */
  ramOversubscribed: boolean;
  /** undefined: no disk component (boot from volume). */
  disk?: DiskPart;
  hypervisor?: HypervisorCode;
  hwv: boolean;
  cpuBrand?: CpuBrandPart;
  gpu?: GpuPart;
  ib: boolean;
}

export type FlavorNameErrorKind =
  /** The name does not start with `SCS-`. */
  | 'prefix'
  /** The vCPU count or vCPU type letter is missing or malformed. */
  | 'cpu'
  /** The RAM amount is missing or malformed. */
  | 'ram'
  /** A number is out of range (0 vCPUs, RAM not a multiple of 0.5, disk size 0, too many `h`, ...). */
  | 'value'
  /** A code that the standard's tables do not define (CPU generation 9, GPU vendor X, ...). */
  | 'unknown-value'
  /** Components in the wrong order or repeated. */
  | 'order'
  /** Characters the grammar does not allow at that place. */
  | 'unexpected';

/** Why a name is not a valid SCS flavor name: kind, position (0-based index into the name) and a message. */
export class FlavorNameError extends Error {
  override name = 'FlavorNameError';
  constructor(
    readonly kind: FlavorNameErrorKind,
    /** 0-based index of the first offending character. */
    readonly position: number,
    message: string,
    /** The syntax version the name was read as. */
    readonly syntax: SyntaxVersion = 'v3',
  ) {
    super(message);
  }
}

export interface ParsedName {
  input: string;
  flavor: FlavorName;
  /** The syntax version the name was read as. */
  syntax: SyntaxVersion;
  /** Non-null when the name is not v3 but merely tolerated. */
  tolerated: 'v1' | 'v2' | null;
}

const EXT_ORDER = ['hypervisor', 'hwv', 'cpu', 'gpu', 'ib'] as const;
type ExtKind = (typeof EXT_ORDER)[number];

interface Seps {
  main: string;
  ext: string;
}

/**
 * Parse a name in one syntax version (v1: colon syntax), with the value tables of `tables` (default:
 * the same version). Throws FlavorNameError.
 */
export function parseWithSyntax(name: string, syntax: SyntaxVersion, tables: SyntaxVersion = syntax): FlavorName {
  const seps: Seps = syntax === 'v1' ? { main: ':', ext: '-' } : { main: '-', ext: '_' };
  // v1 → v2 separators, character by character, so positions stay the same.
  const s = syntax === 'v1' ? 'SCS-' + name.slice(4).replace(/[-:]/g, (c) => (c === '-' ? '_' : '-')) : name;
  if (!name.startsWith('SCS-')) throw new FlavorNameError('prefix', 0, 'an SCS flavor name starts with "SCS-" (case-sensitive)', syntax);
  const err = (kind: FlavorNameErrorKind, pos: number, message: string): FlavorNameError => new FlavorNameError(kind, pos, message, syntax);
  let i = 4;
  const digitsAt = (from: number): string => /^[0-9]*/.exec(s.slice(from))![0];

  // 1. vCPUs
  const cpuDigits = digitsAt(i);
  if (!cpuDigits) throw err('cpu', i, 'expected the number of vCPUs right after "SCS-"');
  const cpus = Number(cpuDigits);
  if (cpus < 1) throw err('value', i, 'the number of vCPUs must be a positive integer');
  i += cpuDigits.length;
  const typeChar = s[i];
  if (typeChar === 'i' && s[i + 1] !== undefined && 'LVTC'.includes(s[i + 1]!)) {
    throw err('order', i, `the insecure suffix "i" must follow the vCPU type letter (write ${cpus}${s[i + 1]}i, not ${cpus}i${s[i + 1]})`);
  }
  if (typeChar === undefined || !'LVTC'.includes(typeChar)) {
    throw err('cpu', i, `expected a vCPU type letter L, V, T or C after "${cpuDigits}"${typeChar === undefined ? '' : `, found "${name[i]}"`}`);
  }
  const cpuType = typeChar as CpuTypeLetter;
  i++;
  const insecure = s[i] === 'i';
  if (insecure) i++;

  // 2. RAM
  if (s[i] !== '-') throw err('ram', i, `expected "${seps.main}" and the amount of RAM in GiB after the vCPU part`);
  i++;
  const ramText = /^[0-9.]*/.exec(s.slice(i))![0];
  if (!ramText) throw err('ram', i, `expected the amount of RAM in GiB after "${seps.main}"`);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(ramText)) throw err('ram', i, `"${ramText}" is not a number of GiB`);
  const ram = Number(ramText);
  if (ram <= 0) throw err('value', i, 'the amount of RAM must be positive');
  if (!Number.isInteger(ram * 2)) throw err('value', i, `RAM must be a multiple of 0.5 GiB, not ${ramText}`);
  i += ramText.length;
  const ramNoEcc = s[i] === 'u';
  if (ramNoEcc) i++;
  const ramOversubscribed = s[i] === 'o';
  if (ramOversubscribed) i++;
  if (s[i] === 'u' && ramOversubscribed && !ramNoEcc) throw err('order', i - 1, 'the memory suffixes must be in the order "u" (no ECC), then "o" (oversubscribed)');

  // 3. disk
  let disk: DiskPart | undefined;
  if (s[i] === '-') {
    i++;
    const first = digitsAt(i);
    let count = 1;
    let sizeText = first;
    let sizePos = i;
    i += first.length;
    if (s[i] === 'x') {
      if (!first) throw err('value', i, 'a disk count must come before "x" (e.g. 3x10s)');
      count = Number(first);
      if (count < 1) throw err('value', i - first.length, 'the disk count must be a positive integer');
      i++;
      sizePos = i;
      sizeText = digitsAt(i);
      i += sizeText.length;
    }
    if (s[i] === '.') throw err('value', i, 'disk sizes must be whole GB');
    let size: number | undefined;
    if (sizeText) {
      size = Number(sizeText);
      if (size < 1) throw err('value', sizePos, 'the disk size must be a positive number of GB (leave it out to let the cloud choose)');
    }
    let type: DiskTypeLetter | undefined;
    if (s[i] !== undefined && 'nhsp'.includes(s[i]!)) type = s[i++] as DiskTypeLetter;
    disk = { count, size, type };
  }

  const flavor: FlavorName = { cpus, cpuType, insecure, ram, ramNoEcc, ramOversubscribed, disk, hwv: false, ib: false };

  // 4. extensions
  if (i < s.length && s[i] !== '_') {
    const where = disk ? 'the disk part' : 'the RAM part';
    throw err('unexpected', i, `unexpected "${name.slice(i)}" after ${where}; extensions start with "${seps.ext}"`);
  }
  let last = -1;
  while (i < s.length) {
    const start = i + 1;
    let end = s.indexOf('_', start);
    if (end < 0) end = s.length;
    const token = s.slice(start, end);
    const kind = readExtension(token, start, flavor, tables, seps, err);
    const rank = EXT_ORDER.indexOf(kind);
    if (rank === last) throw err('order', i, `the ${kind} extension appears twice`);
    if (rank < last) {
      throw err('order', i, `extension "${seps.ext}${name.slice(start, end)}" is out of order: extensions must follow the order hypervisor, hwv, CPU, GPU, ib`);
    }
    last = rank;
    i = end;
  }
  return flavor;
}

function readExtension(
  token: string,
  pos: number,
  flavor: FlavorName,
  syntax: SyntaxVersion,
  seps: Seps,
  err: (kind: FlavorNameErrorKind, pos: number, message: string) => FlavorNameError,
): ExtKind {
  if (token === '') throw err('unexpected', pos, `empty extension after "${seps.ext}"`);
  if (token in HYPERVISORS) {
    const h = token as HypervisorCode;
    if (!versionAtLeast(syntax, HYPERVISORS[h].since)) throw err('unknown-value', pos, `hypervisor "${h}" is not defined in ${syntax} of the standard`);
    flavor.hypervisor = h;
    return 'hypervisor';
  }
  if (token === 'hwv') {
    flavor.hwv = true;
    return 'hwv';
  }
  if (token === 'ib') {
    flavor.ib = true;
    return 'ib';
  }
  if ('izar'.includes(token[0]!)) {
    const m = /^([izar])([0-9]*)(h*)/.exec(token)!;
    if (m[0].length < token.length) throw err('unexpected', pos + m[0].length, `unexpected "${token.slice(m[0].length)}" in the CPU extension "${token}"`);
    const vendor = m[1] as CpuVendor;
    let generation: number | undefined;
    if (m[2]) {
      generation = Number(m[2]);
      if (!(String(generation) in CPU_GENERATIONS[syntax][vendor])) {
        const known = Object.keys(CPU_GENERATIONS[syntax][vendor]).join(', ');
        throw err('unknown-value', pos + 1, `CPU generation ${m[2]} is not defined for vendor "${vendor}" (${known})`);
      }
    }
    const perf = m[3]!.length;
    if (perf >= CPU_PERF.length) throw err('value', pos + 1 + m[2]!.length, `at most ${CPU_PERF.length - 1} "h" may follow the CPU generation`);
    flavor.cpuBrand = { vendor, generation, perf };
    return 'cpu';
  }
  if (token[0] === 'g' || token[0] === 'G') {
    flavor.gpu = readGpu(token, pos, syntax, seps, err);
    return 'gpu';
  }
  if (/^[0-9]/.test(token)) throw err('unexpected', pos, `unknown extension "${seps.ext}${token}": a CPU generation needs a vendor letter (i, z, a or r) before it`);
  throw err('unexpected', pos, `unknown extension "${seps.ext}${token}"; the extensions are a hypervisor (kvm, xen, vmw, hyv, bms, chy), hwv, a CPU (i, z, a, r), a GPU (g or G) and ib`);
}

function readGpu(
  token: string,
  pos: number,
  syntax: SyntaxVersion,
  seps: Seps,
  err: (kind: FlavorNameErrorKind, pos: number, message: string) => FlavorNameError,
): GpuPart {
  const brandChar = token[1];
  if (brandChar === undefined) throw err('unexpected', pos + 1, 'a GPU extension needs a vendor letter N, A or I');
  if (!'NAI'.includes(brandChar)) throw err('unknown-value', pos + 1, `GPU vendor "${brandChar}" is not defined (N nVidia, A AMD, I Intel)`);
  const brand = brandChar as GpuBrand;
  let j = 2;
  const gen = /^[^-h]*/.exec(token.slice(j))![0];
  let generation: string | undefined;
  if (gen) {
    if (!(gen in GPU_GENERATIONS[syntax][brand])) {
      const known = Object.keys(GPU_GENERATIONS[syntax][brand]).join(', ');
      throw err('unknown-value', pos + j, `GPU generation "${gen}" is not defined for ${GPU_BRANDS[brand].vendor} (${known})`);
    }
    generation = gen;
  }
  j += gen.length;
  if (token[j] === 'h') throw err('unexpected', pos + j, `"h" (high frequency) may only follow the compute-unit count, e.g. G${brand}${gen}-64h`);
  const part: GpuPart = { passthrough: token[0] === 'G', brand, generation, unitsPerf: 0, vramPerf: 0 };
  const number = (what: string): number => {
    const d = /^[0-9]*/.exec(token.slice(j))![0];
    if (!d) throw err('unexpected', pos + j, `expected the ${what} after "${seps.main}"`);
    const n = Number(d);
    if (n < 1) throw err('value', pos + j, `the ${what} must be a positive integer`);
    j += d.length;
    return n;
  };
  const hs = (max: number, what: string): number => {
    const h = /^h*/.exec(token.slice(j))![0].length;
    if (h > max) throw err('value', pos + j, `at most ${max} "h" may follow the ${what}`);
    j += h;
    return h;
  };
  if (token[j] === '-') {
    j++;
    part.units = number(`number of ${GPU_BRANDS[brand].units}`);
    part.unitsPerf = hs(GPU_UNIT_PERF_MAX, 'compute-unit count');
    if (token[j] === '-') {
      if (!versionAtLeast(syntax, GPU_VRAM_SINCE)) throw err('unexpected', pos + j, `the VRAM size in the GPU extension is not defined in ${syntax} of the standard`);
      j++;
      part.vram = number('VRAM size in GiB');
      part.vramPerf = hs(GPU_VRAM_PERF_MAX, 'VRAM size');
    }
  }
  if (j < token.length) throw err('unexpected', pos + j, `unexpected "${token.slice(j)}" in the GPU extension "${token}"`);
  return part;
}

/**
 * Parse a name the way the testcases do: v3 first; a name in v1 (colon) syntax is tolerated. The
 * colon spelling is read with the v3 tables, so the v1 form of every v3 name (as `scs:name-v1` carries
 * it) parses. Every v2 name is also a v3 name (v3 only added table entries), so `tolerated: 'v2'` does
 * not occur. Throws FlavorNameError (for a name with `:` the error of reading it in colon syntax).
 */
export function parseFlavorName(name: string): ParsedName {
  try {
    return { input: name, flavor: parseWithSyntax(name, 'v3'), syntax: 'v3', tolerated: null };
  } catch (e3) {
    if (!(e3 instanceof FlavorNameError) || !name.includes(':')) throw e3;
    return { input: name, flavor: parseWithSyntax(name, 'v1', 'v3'), syntax: 'v1', tolerated: 'v1' };
  }
}

export type ParseAttempt = { ok: true; parsed: ParsedName } | { ok: false; error: FlavorNameError };

/** parseFlavorName without throwing. */
export function tryParseFlavorName(name: string): ParseAttempt {
  try {
    return { ok: true, parsed: parseFlavorName(name) };
  } catch (e) {
    if (e instanceof FlavorNameError) return { ok: false, error: e };
    throw e;
  }
}

function asFlavor(name: string | FlavorName): FlavorName {
  return typeof name === 'string' ? parseFlavorName(name).flavor : name;
}

function formatRam(ram: number): string {
  return Number.isInteger(ram) ? String(ram) : ram.toFixed(1);
}

function format(f: FlavorName, shortForm: boolean): string {
  let out = `SCS-${f.cpus}${f.cpuType}${f.insecure ? 'i' : ''}-${formatRam(f.ram)}${f.ramNoEcc ? 'u' : ''}${f.ramOversubscribed ? 'o' : ''}`;
  if (f.disk) out += `-${f.disk.count !== 1 ? `${f.disk.count}x` : ''}${f.disk.size ?? ''}${f.disk.type ?? ''}`;
  if (!shortForm) {
    if (f.hypervisor) out += `_${f.hypervisor}`;
    if (f.hwv) out += '_hwv';
  }
  if (f.cpuBrand) {
    const { vendor, generation, perf } = f.cpuBrand;
    if (!shortForm) out += `_${vendor}${generation ? generation : ''}${'h'.repeat(perf)}`;
    else if (vendor === 'a' || vendor === 'r') out += `_${vendor}`;
  }
  if (f.gpu) {
    const g = f.gpu;
    out += `_${g.passthrough ? 'G' : 'g'}${g.brand}${g.generation ?? ''}`;
    if (g.units !== undefined) {
      out += `-${g.units}${shortForm ? '' : 'h'.repeat(g.unitsPerf)}`;
      if (g.vram !== undefined) out += `-${g.vram}${shortForm ? '' : 'h'.repeat(g.vramPerf)}`;
    }
  }
  if (f.ib) out += '_ib';
  return out;
}

/** The canonical v3 spelling, e.g. `SCS-2C-4-1x10` → `SCS-2C-4-10`, `SCS-2V:4:10` → `SCS-2V-4-10`. */
export function canonical(name: string | FlavorName): string {
  return format(asFlavor(name), false);
}

/**
 * The short name: CPU-RAM, disk, GPU (without `h` modifiers) and ib; hypervisor and hwv dropped; the
 * CPU brand dropped for x86 vendors, kept as the bare letter for ARM and RISC-V (architecture matters).
 */
export function short(name: string | FlavorName): string {
  return format(asFlavor(name), true);
}

/** The v1 (colon) spelling of a v2/v3 name string: `SCS-2V-4-10s_bms` → `SCS-2V:4:10s-bms`. */
export function v1Form(v2name: string): string {
  return 'SCS-' + v2name.slice(4).replace(/[-_]/g, (c) => (c === '-' ? ':' : '-'));
}

/** The v1 form of the canonical name. */
export function toV1(name: string | FlavorName): string {
  return v1Form(canonical(name));
}

/** What a name promises, keyed as scs-0103 names the properties. ram in GiB, disk in GB. */
export interface DerivedSpec {
  cpus: number;
  ram: number;
  /** Present when the name has a disk component; null when the cloud chooses the size. */
  disk?: number | null;
  [scsKey: `scs:${string}`]: string;
}

/**
 * The property dict of a name: cpus, ram (GiB), `scs:cpu-type`; with a disk component `disk` and
 * `scs:disk{i}-type` for every disk (an unspecified type is written as `network`); and the name
 * variants {v1 full, v2 full, v1 short, v2 short} (duplicates removed, longest first, v1 before v2)
 * as `scs:name-v1`, `scs:name-v2`, ...
 */
export function derivedSpec(name: string | FlavorName): DerivedSpec {
  const f = asFlavor(name);
  const spec: DerivedSpec = { cpus: f.cpus, ram: f.ram, 'scs:cpu-type': CPU_TYPES[f.cpuType].spec };
  if (f.disk) {
    spec.disk = f.disk.size ?? null;
    for (let i = 0; i < f.disk.count; i++) spec[`scs:disk${i}-type`] = DISK_TYPES[f.disk.type ?? 'n'].spec;
  }
  const full = canonical(f);
  const brief = short(f);
  const variants: string[] = [];
  for (const v of [v1Form(full), full, v1Form(brief), brief]) if (!variants.includes(v)) variants.push(v);
  variants.sort((a, b) => b.length - a.length); // stable: v1 stays before v2 of the same length
  variants.forEach((v, i) => (spec[`scs:name-v${i + 1}`] = v));
  return spec;
}
