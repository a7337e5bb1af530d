/**
 * Prose and JSON about flavor names: `explain` (one line per component) and the pure logic of the
 * `scs-compliance flavor-name [--json] NAME…` command (the CLI prints `text` and exits with `exitCode`).
 */
import {
  CPU_GENERATIONS,
  CPU_PERF,
  CPU_TYPES,
  CPU_VENDORS,
  DISK_TYPES,
  GPU_BRANDS,
  GPU_GENERATIONS,
  HYPERVISORS,
  canonical,
  derivedSpec,
  short,
  tryParseFlavorName,
  type DerivedSpec,
  type FlavorName,
  type ParsedName,
} from './flavor-name.js';

/** Prose, one line per component (CPU, RAM, disk, hypervisor, hwv, CPU brand, GPU, Infiniband); v3 tables. */
export function explain(parsed: ParsedName | FlavorName): string {
  const f = 'flavor' in parsed ? parsed.flavor : parsed;
  const lines: string[] = [];
  const t = CPU_TYPES[f.cpuType];
  lines.push(`CPU: ${f.cpus} ${f.cpus === 1 ? t.singular : t.plural}${f.insecure ? '; insecure: CPU vulnerability mitigations are not assured (i)' : ''}`);
  const ramNotes = [f.ramNoEcc ? 'no ECC (u)' : 'ECC', f.ramOversubscribed ? 'oversubscribed (o)' : 'not oversubscribed'];
  lines.push(`RAM: ${f.ram} GiB, ${ramNotes.join(', ')}`);
  if (!f.disk) lines.push('Disk: none; boot from a volume (create one or use block_device_mapping_v2)');
  else {
    const size = f.disk.size === undefined ? 'a size chosen by the cloud (at least the image min_disk)' : `${f.disk.size} GB`;
    const type = f.disk.type ? DISK_TYPES[f.disk.type].prose : 'a type chosen by the cloud';
    lines.push(`Disk: ${f.disk.count === 1 ? '' : `${f.disk.count} × `}${size}, ${type}`);
  }
  lines.push(`Hypervisor: ${f.hypervisor ? `${HYPERVISORS[f.hypervisor].prose} (${f.hypervisor})` : 'not specified (KVM assumed)'}`);
  lines.push(`Hardware virtualisation: ${f.hwv ? 'available inside the instance (hwv)' : 'not promised'}`);
  if (!f.cpuBrand) lines.push('CPU brand: not specified (generic x86-64)');
  else {
    const { vendor, generation, perf } = f.cpuBrand;
    const parts = [CPU_VENDORS[vendor]];
    if (generation !== undefined) parts.push(`generation ${generation}: ${CPU_GENERATIONS.v3[vendor][String(generation)]}`);
    if (perf > 0) parts.push(`${CPU_PERF[perf]} (${'h'.repeat(perf)})`);
    lines.push(`CPU brand: ${parts.join(', ')}`);
  }
  if (!f.gpu) lines.push('GPU: none');
  else {
    const g = f.gpu;
    const b = GPU_BRANDS[g.brand];
    const parts = [`${g.passthrough ? 'pass-through' : 'virtual'} ${b.vendor} GPU`];
    if (g.generation !== undefined) parts.push(`generation ${GPU_GENERATIONS.v3[g.brand][g.generation]} (${g.generation})`);
    if (g.units !== undefined) parts.push(`${g.units} ${b.units}${g.unitsPerf ? ` at high frequency (${'h'.repeat(g.unitsPerf)})` : ''}`);
    if (g.vram !== undefined) parts.push(`${g.vram} GiB video memory${g.vramPerf ? ' with high bandwidth (h)' : ''}`);
    lines.push(`GPU: ${parts.join(', ')}`);
  }
  lines.push(`Infiniband: ${f.ib ? 'yes (ib)' : 'no'}`);
  return lines.join('\n');
}

export interface FlavorNameJson {
  name: string;
  valid: boolean;
  tolerated: 'v1' | 'v2' | null;
  error: { kind: string; position: number; message: string } | null;
  canonical: string | null;
  short: string | null;
  spec: DerivedSpec | null;
}

/** One name as the JSON output describes it. */
export function describeName(name: string): FlavorNameJson {
  const r = tryParseFlavorName(name);
  if (!r.ok) {
    return { name, valid: false, tolerated: null, error: { kind: r.error.kind, position: r.error.position, message: r.error.message }, canonical: null, short: null, spec: null };
  }
  const f = r.parsed.flavor;
  return { name, valid: true, tolerated: r.parsed.tolerated, error: null, canonical: canonical(f), short: short(f), spec: derivedSpec(f) };
}

function prose(name: string): string {
  const r = tryParseFlavorName(name);
  if (!r.ok) {
    const e = r.error;
    return [`${name}: INVALID (${e.kind}) at character ${e.position + 1}: ${e.message}`, `  ${name}`, `  ${' '.repeat(e.position)}^`].join('\n');
  }
  const f = r.parsed.flavor;
  const head = r.parsed.tolerated
    ? `${name}: tolerated (${r.parsed.tolerated} syntax; the current name is ${canonical(f)})`
    : `${name}: valid`;
  const lines = [head, `  canonical: ${canonical(f)}`, `  short:     ${short(f)}`];
  for (const l of explain(r.parsed).split('\n')) lines.push(`  ${l}`);
  return lines.join('\n');
}

/**
 * The flavor-name command: prose per name (or a JSON array of FlavorNameJson); exit code 1 when any
 * name is invalid (tolerated names count as valid).
 */
export function flavorNameReport(names: string[], json: boolean): { text: string; exitCode: 0 | 1 } {
  const described = names.map(describeName);
  const exitCode = described.every((d) => d.valid) ? 0 : 1;
  const text = json ? JSON.stringify(described, null, 2) : names.map(prose).join('\n\n');
  return { text, exitCode };
}
