/** The scs-0100 flavor-name parser: the standard's examples, every value table, every error kind, forms. */
import { describe, expect, it } from 'vitest';
import {
  CPU_GENERATIONS,
  CPU_TYPES,
  DISK_TYPES,
  FlavorNameError,
  GPU_GENERATIONS,
  HYPERVISORS,
  canonical,
  parseFlavorName,
  parseWithSyntax,
  short,
  toV1,
  tryParseFlavorName,
  v1Form,
  type CpuVendor,
  type FlavorNameErrorKind,
  type GpuBrand,
} from '../../testsuites/iaas/scs-0100-flavor-naming/flavor-name.js';

function errorOf(name: string): FlavorNameError {
  const r = tryParseFlavorName(name);
  if (r.ok) throw new Error(`${name} parsed, expected an error`);
  return r.error;
}

// Valid names from the scs-0100-v3 text (examples, proposal examples, naming policy) and the w1 GPU table.
const STANDARD_VALID = [
  'SCS-2C-4-10n', 'SCS-2T-4-10n', 'SCS-2V-4-10n', 'SCS-2L-4-10n', 'SCS-2Li-4-10n',
  'SCS-2C-3.5-10n', 'SCS-2C-4u-10n', 'SCS-2C-4o-10n', 'SCS-2C-4uo-10n',
  'SCS-2C-4-10s', 'SCS-2C-4-10s_bms_z3', 'SCS-2C-4-3x10s', 'SCS-2C-4-3x10s_bms_z3', 'SCS-2C-4-10', 'SCS-2C-4-10_bms_z3',
  'SCS-2C-4-n', 'SCS-2C-4-', 'SCS-2C-4-_bms_z3', 'SCS-2C-4-_bms_z3h_GNa-64_ib', 'SCS-2C-4-_ib', 'SCS-2C-4', 'SCS-2C-4_bms_z3',
  'SCS-2C-4-3x10', 'SCS-2C-4-10n_bms', 'SCS-2C-4-10n_bms_z3h', 'SCS-2C-4-10_kvm_hwv', 'SCS-2C-4-10_hwv', 'SCS-2C-4-10_bms_hwv',
  'SCS-2C-4-10n_z', 'SCS-2C-4-10n_z3', 'SCS-2C-4-10n_z3h', 'SCS-2C-4-10n_z3hh', 'SCS-2C-4-10n_bms_z3hh',
  'SCS-16V-64-500s_GNa-14-6h', 'SCS-8Ti-32-50p_i1', 'SCS-1L-1u-5', 'SCS-16T-64-200s_GNa-72-24_ib', 'SCS-4C-16-2x200p_a1', 'SCS-1V-0.5',
  'SCS-1C-1.5-8s', 'SCS-1T-1-5n', 'SCS-1V-1-5', 'SCS-2V-4-20p', 'SCS-8V-32-100', 'SCS-8T-16-50n_i2', 'SCS-8T-16-50n_z2',
];
const GPU_PIECES = [
  'GNa-72-24', 'GNa-84-48', 'GNa-56-24', 'GNa-28-12', 'GNa-14-6', 'GNa-56h-24h', 'GNa-108h-80h', 'GNa-54h-40h', 'GNa-27h-20h', 'GNa-15h-10h',
  'GNa-108-80h', 'GNl-58-24', 'GNl-142-48', 'GNl-142h-48', 'GNl-142hh-48', 'GNl-22-16', 'GNg-132-80h', 'GNg-18-10h', 'GNg-132-141h',
  'GNb-160-192h', 'GNb-44-45h', 'GNu-160-288h', 'GNu-80-144h', 'GNb-188-96', 'GA2-104-64h', 'GA2-220-128h', 'GA3-304-192h', 'GA4-256-288h',
  'GA4-256h-288h', 'GA3.1-96-48', 'GA4.1-64-32', 'GI3-56-48h', 'GI3-128-128h', 'GI4-128-16', 'GI4-256-32', 'GNl-80-16', 'GA3.1-96-24',
];
// Crossed-out (invalid) examples of the text, with the kind of error we report.
const STANDARD_INVALID: [string, FlavorNameErrorKind][] = [
  ['SCS-2-4-10n', 'cpu'],
  ['SCS-2iT-4-10n', 'order'],
  ['SCS-2C-4ou-10n', 'order'],
  ['SCS-2C-4-1.5n', 'value'],
  ['SCS-2C-4-10_hwv_xen', 'order'],
];

describe('flavor names: the standard text', () => {
  it.each(STANDARD_VALID)('%s is valid v3', (name) => {
    const p = parseFlavorName(name);
    expect(p.tolerated).toBeNull();
    expect(p.syntax).toBe('v3');
  });
  it.each(GPU_PIECES)('GPU piece %s of the implementation notes parses', (piece) => {
    const p = parseFlavorName(`SCS-16T-64_${piece}`).flavor.gpu!;
    expect(p.passthrough).toBe(true);
    expect(`G${p.brand}${p.generation}-${p.units}${'h'.repeat(p.unitsPerf)}-${p.vram}${'h'.repeat(p.vramPerf)}`).toBe(piece);
  });
  it.each(STANDARD_INVALID)('%s is invalid (%s)', (name, kind) => {
    expect(errorOf(name).kind).toBe(kind);
  });
  it('rejects SCS-2C-4-n_bms_3 of the disk examples: a CPU generation needs its vendor letter', () => {
    const e = errorOf('SCS-2C-4-n_bms_3');
    expect(e.kind).toBe('unexpected');
    expect(e.position).toBe(15);
    expect(e.message).toContain('vendor letter');
  });
  it('decodes the proposal examples component by component', () => {
    expect(parseFlavorName('SCS-8Ti-32-50p_i1').flavor).toEqual({
      cpus: 8, cpuType: 'T', insecure: true, ram: 32, ramNoEcc: false, ramOversubscribed: false,
      disk: { count: 1, size: 50, type: 'p' }, hwv: false, cpuBrand: { vendor: 'i', generation: 1, perf: 0 }, ib: false,
    });
    expect(parseFlavorName('SCS-1L-1u-5').flavor).toMatchObject({ cpus: 1, cpuType: 'L', ram: 1, ramNoEcc: true, disk: { count: 1, size: 5, type: undefined } });
    expect(parseFlavorName('SCS-4C-16-2x200p_a1').flavor).toMatchObject({ disk: { count: 2, size: 200, type: 'p' }, cpuBrand: { vendor: 'a', generation: 1, perf: 0 } });
    expect(parseFlavorName('SCS-1V-0.5').flavor).toMatchObject({ cpus: 1, ram: 0.5, disk: undefined });
    expect(parseFlavorName('SCS-16T-64-200s_GNa-72-24_ib').flavor).toMatchObject({
      ib: true, gpu: { passthrough: true, brand: 'N', generation: 'a', units: 72, unitsPerf: 0, vram: 24, vramPerf: 0 },
    });
    expect(parseFlavorName('SCS-2C-4-_bms_z3h_GNa-64_ib').flavor).toMatchObject({
      disk: { count: 1, size: undefined, type: undefined }, hypervisor: 'bms', cpuBrand: { vendor: 'z', generation: 3, perf: 1 }, gpu: { units: 64 }, ib: true,
    });
  });
  it('parses a GPU without compute units followed by _ib (the reference cannot)', () => {
    const f = parseFlavorName('SCS-2C-4_GNa_ib').flavor;
    expect(f.gpu).toEqual({ passthrough: true, brand: 'N', generation: 'a', unitsPerf: 0, vramPerf: 0 });
    expect(f.ib).toBe(true);
    expect(canonical('SCS-2C-4_gI_ib')).toBe('SCS-2C-4_gI_ib');
  });
});

describe('flavor names: every value table', () => {
  it.each(Object.keys(CPU_TYPES))('vCPU type %s', (t) => {
    expect(parseFlavorName(`SCS-4${t}-8`).flavor.cpuType).toBe(t);
  });
  it.each(Object.keys(DISK_TYPES))('disk type %s', (t) => {
    expect(parseFlavorName(`SCS-4V-8-20${t}`).flavor.disk).toEqual({ count: 1, size: 20, type: t });
  });
  it.each(Object.keys(HYPERVISORS))('hypervisor %s', (h) => {
    expect(parseFlavorName(`SCS-4V-8_${h}`).flavor.hypervisor).toBe(h);
  });
  it('every CPU generation of every vendor, and no other', () => {
    const expected: Record<CpuVendor, number[]> = { i: [0, 1, 2, 3, 4, 5, 6], z: [0, 1, 2, 3, 4, 5, 6], a: [0, 1, 2, 3, 4, 5], r: [0] };
    for (const [vendor, gens] of Object.entries(expected) as [CpuVendor, number[]][]) {
      expect(Object.keys(CPU_GENERATIONS.v3[vendor]).map(Number)).toEqual(gens);
      for (const g of gens) expect(parseFlavorName(`SCS-4V-8_${vendor}${g}`).flavor.cpuBrand).toEqual({ vendor, generation: g, perf: 0 });
      expect(errorOf(`SCS-4V-8_${vendor}${gens.length}`).kind).toBe('unknown-value');
      expect(parseFlavorName(`SCS-4V-8_${vendor}`).flavor.cpuBrand).toEqual({ vendor, generation: undefined, perf: 0 });
    }
  });
  it('CPU frequency h, hh, hhh', () => {
    for (const n of [1, 2, 3]) expect(parseFlavorName(`SCS-4V-8_z4${'h'.repeat(n)}`).flavor.cpuBrand!.perf).toBe(n);
    expect(errorOf('SCS-2C-4-10n_z3hhhh').kind).toBe('value');
  });
  it('every GPU generation of every vendor, and no other', () => {
    const expected: Record<GpuBrand, string[]> = {
      N: ['f', 'k', 'm', 'p', 'v', 't', 'a', 'l', 'g', 'b', 'u'],
      A: ['0.4', '0.5', '1', '1.1', '2', '2.1', '3', '3.1', '3.5', '4', '4.1', '5.1'],
      I: ['0.9', '0.95', '1', '2', '3', '4'],
    };
    for (const [brand, gens] of Object.entries(expected) as [GpuBrand, string[]][]) {
      expect(Object.keys(GPU_GENERATIONS.v3[brand]).sort()).toEqual([...gens].sort());
      for (const g of gens) {
        expect(parseFlavorName(`SCS-4V-8_g${brand}${g}`).flavor.gpu).toMatchObject({ passthrough: false, brand, generation: g });
        expect(parseFlavorName(`SCS-4V-8_G${brand}${g}-8`).flavor.gpu).toMatchObject({ passthrough: true, brand, generation: g, units: 8 });
      }
    }
    expect(errorOf('SCS-2C-4_GNx').kind).toBe('unknown-value');
    expect(errorOf('SCS-2C-4_GA0.6').kind).toBe('unknown-value');
    expect(errorOf('SCS-2C-4_GX').kind).toBe('unknown-value');
  });
  it('GPU h modifiers: up to hh on the units, h on the VRAM', () => {
    expect(parseFlavorName('SCS-2C-4_GNl-142hh-48h').flavor.gpu).toMatchObject({ unitsPerf: 2, vramPerf: 1 });
    expect(errorOf('SCS-2C-4_GNa-14hhh').kind).toBe('value');
    expect(errorOf('SCS-2C-4_GNa-14-6hh').kind).toBe('value');
  });
});

describe('flavor names: errors', () => {
  const cases: [string, FlavorNameErrorKind, number][] = [
    ['scs-2C-4', 'prefix', 0],
    ['SCS2C-4', 'prefix', 0],
    ['SCS-V-4', 'cpu', 4],
    ['SCS-2X-4', 'cpu', 5],
    ['SCS-2C', 'ram', 6],
    ['SCS-2C-', 'ram', 7],
    ['SCS-2C-4.5.5', 'ram', 7],
    ['SCS-0V-4', 'value', 4],
    ['SCS-1V-1.25', 'value', 7],
    ['SCS-1V-0', 'value', 7],
    ['SCS-2C-4-0', 'value', 9],
    ['SCS-2C-4-0x10', 'value', 9],
    ['SCS-2C-4-x10', 'value', 9],
    ['SCS-2C-4_GNa-0', 'value', 13],
    ['SCS-2C-4_r1', 'unknown-value', 10],
    ['SCS-2C-4_i7', 'unknown-value', 10],
    ['SCS-2iT-4-10n', 'order', 5],
    ['SCS-2C-4ou-10n', 'order', 8],
    ['SCS-2C-4-10_hwv_xen', 'order', 15],
    ['SCS-2C-4_ib_bms', 'order', 11],
    ['SCS-2C-4_kvm_xen', 'order', 12],
    ['SCS-2C-4-10nx', 'unexpected', 12],
    ['SCS-2C-4_foo', 'unexpected', 9],
    ['SCS-2C-4_z3x', 'unexpected', 11],
    ['SCS-2C-4_GNah', 'unexpected', 12],
    ['SCS-2C-4_G', 'unexpected', 10],
    ['SCS-2C-4_', 'unexpected', 9],
    ['SCS-2C-4_KVM', 'unexpected', 9],
  ];
  it.each(cases)('%s → %s at %i', (name, kind, position) => {
    const e = errorOf(name);
    expect(e).toBeInstanceOf(FlavorNameError);
    expect({ kind: e.kind, position: e.position }).toEqual({ kind, position });
    expect(e.message.length).toBeGreaterThan(10);
  });
  it('says what to write instead where it can', () => {
    expect(errorOf('SCS-2iT-4-10n').message).toContain('write 2Ti, not 2iT');
    expect(errorOf('SCS-2C-4_ib_bms').message).toContain('hypervisor, hwv, CPU, GPU, ib');
  });
  it('parseFlavorName throws the typed error', () => {
    expect(() => parseFlavorName('SCS-2-4')).toThrow(FlavorNameError);
  });
});

describe('flavor names: forms and tolerance', () => {
  it('normalises to the canonical name', () => {
    expect(canonical('SCS-2C-4-1x10')).toBe('SCS-2C-4-10');
    expect(canonical('SCS-2C-4_r0')).toBe('SCS-2C-4_r');
    expect(canonical('SCS-2C-4_i0h')).toBe('SCS-2C-4_ih');
    expect(canonical('SCS-02C-4.0')).toBe('SCS-2C-4');
    expect(canonical('SCS-2C-3.50')).toBe('SCS-2C-3.5');
  });
  it.each([...STANDARD_VALID, ...GPU_PIECES.map((g) => `SCS-4V-8-20s_${g}_ib`)])('round-trips %s', (name) => {
    const c = canonical(name);
    expect(canonical(c)).toBe(c);
    expect(parseFlavorName(c).flavor).toEqual(parseFlavorName(name).flavor);
    const v1 = parseFlavorName(toV1(name));
    expect(v1.tolerated).toBe('v1');
    expect(canonical(v1.flavor)).toBe(c);
  });
  it('short names keep CPU-RAM, disk, GPU without h, ib, and the ARM/RISC-V letter', () => {
    expect(short('SCS-16T-64-3x10s_bms_hwv_i3h_GNa-64_ib')).toBe('SCS-16T-64-3x10s_GNa-64_ib');
    expect(short('SCS-4C-16-2x200p_a1')).toBe('SCS-4C-16-2x200p_a');
    expect(short('SCS-2C-4_r')).toBe('SCS-2C-4_r');
    expect(short('SCS-2C-4_kvm_hwv_z4hh')).toBe('SCS-2C-4');
    expect(short('SCS-2C-4_GNa-108h-80h')).toBe('SCS-2C-4_GNa-108-80');
    expect(toV1(short('SCS-16T-64-3x10s_bms_hwv_i3h_GNa-64_ib'))).toBe('SCS-16T:64:3x10s-GNa:64-ib');
  });
  it('v1 form: dashes after the prefix become colons, underscores dashes', () => {
    expect(v1Form('SCS-16T-64-3x10s_bms_hwv_i3h_GNa-64_ib')).toBe('SCS-16T:64:3x10s-bms-hwv-i3h-GNa:64-ib');
    expect(toV1('SCS-2V-4')).toBe('SCS-2V:4');
  });
  it('tolerates v1 (colon) names from the v1 text, with their v3 spelling', () => {
    const v1: [string, string][] = [
      ['SCS-2C:4:10n', 'SCS-2C-4-10n'],
      ['SCS-8Ti:32:50p-i1', 'SCS-8Ti-32-50p_i1'],
      ['SCS-1L:1u:5', 'SCS-1L-1u-5'],
      ['SCS-16T:64:200s-GNa:64-ib', 'SCS-16T-64-200s_GNa-64_ib'],
      ['SCS-2C:4:-bms-z3h-GNa:64-ib', 'SCS-2C-4-_bms_z3h_GNa-64_ib'],
      ['SCS-2V:4:10-bms', 'SCS-2V-4-10_bms'],
      ['SCS-1V:0.5', 'SCS-1V-0.5'],
    ];
    for (const [name, v3] of v1) {
      const p = parseFlavorName(name);
      expect([p.tolerated, p.syntax, canonical(p.flavor)]).toEqual(['v1', 'v1', v3]);
    }
  });
  it('reports the colon-syntax error for a broken v1 name', () => {
    const e = errorOf('SCS-2C:4:10-hwv-xen');
    expect([e.kind, e.syntax, e.position]).toEqual(['order', 'v1', 15]);
    expect(e.message).toContain('"-xen"');
    expect(errorOf('SCS-2iT:4:10n').kind).toBe('order');
  });
  it('strict v1 and v2 readings use their own, smaller tables; v2 names are v3 names', () => {
    expect(() => parseWithSyntax('SCS-2C:4-chy', 'v1')).toThrow(/not defined in v1/);
    expect(() => parseWithSyntax('SCS-2C-4_i5', 'v2')).toThrow(FlavorNameError);
    expect(() => parseWithSyntax('SCS-2C-4_GNa-64-24', 'v2')).toThrow(/VRAM/);
    expect(parseWithSyntax('SCS-2C-4_GNl-64h', 'v2').gpu).toMatchObject({ generation: 'l', units: 64, unitsPerf: 1 });
    expect(parseFlavorName('SCS-2C-4_GNl-64h').tolerated).toBeNull();
  });
});
