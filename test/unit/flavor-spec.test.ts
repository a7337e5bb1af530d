/** derivedSpec of the 31 standard flavors (our table, written from the scs-0103-v1 text), explain and the flavor-name report. */
import { describe, expect, it } from 'vitest';
import { derivedSpec } from '../../testsuites/iaas/scs-0100-flavor-naming/flavor-name.js';
import { explain, flavorNameReport } from '../../testsuites/iaas/scs-0100-flavor-naming/flavor-name-report.js';
import { parseFlavorName } from '../../testsuites/iaas/scs-0100-flavor-naming/flavor-name.js';
import { STANDARD_FLAVORS, testcaseId } from '../../testsuites/iaas/scs-0103-standard-flavors/standard-flavors.js';

// name, vCPUs, vCPU type, RAM GiB, root disk GB (null: none), status — from the standard's tables.
const TABLE: [string, number, string, number, number | null, 'mandatory' | 'recommended'][] = [
  ['SCS-1V-4', 1, 'shared-core', 4, null, 'mandatory'],
  ['SCS-2V-8', 2, 'shared-core', 8, null, 'mandatory'],
  ['SCS-4V-16', 4, 'shared-core', 16, null, 'mandatory'],
  ['SCS-4V-16-100s', 4, 'shared-core', 16, 100, 'mandatory'],
  ['SCS-8V-32', 8, 'shared-core', 32, null, 'mandatory'],
  ['SCS-1V-2', 1, 'shared-core', 2, null, 'mandatory'],
  ['SCS-2V-4', 2, 'shared-core', 4, null, 'mandatory'],
  ['SCS-2V-4-20s', 2, 'shared-core', 4, 20, 'mandatory'],
  ['SCS-4V-8', 4, 'shared-core', 8, null, 'mandatory'],
  ['SCS-8V-16', 8, 'shared-core', 16, null, 'mandatory'],
  ['SCS-16V-32', 16, 'shared-core', 32, null, 'mandatory'],
  ['SCS-1V-8', 1, 'shared-core', 8, null, 'mandatory'],
  ['SCS-2V-16', 2, 'shared-core', 16, null, 'mandatory'],
  ['SCS-4V-32', 4, 'shared-core', 32, null, 'mandatory'],
  ['SCS-1L-1', 1, 'crowded-core', 1, null, 'mandatory'],
  ['SCS-1V-4-10', 1, 'shared-core', 4, 10, 'recommended'],
  ['SCS-2V-8-20', 2, 'shared-core', 8, 20, 'recommended'],
  ['SCS-4V-16-50', 4, 'shared-core', 16, 50, 'recommended'],
  ['SCS-8V-32-100', 8, 'shared-core', 32, 100, 'recommended'],
  ['SCS-1V-2-5', 1, 'shared-core', 2, 5, 'recommended'],
  ['SCS-2V-4-10', 2, 'shared-core', 4, 10, 'recommended'],
  ['SCS-4V-8-20', 4, 'shared-core', 8, 20, 'recommended'],
  ['SCS-8V-16-50', 8, 'shared-core', 16, 50, 'recommended'],
  ['SCS-16V-32-100', 16, 'shared-core', 32, 100, 'recommended'],
  ['SCS-1V-8-20', 1, 'shared-core', 8, 20, 'recommended'],
  ['SCS-2V-16-50', 2, 'shared-core', 16, 50, 'recommended'],
  ['SCS-4V-32-100', 4, 'shared-core', 32, 100, 'recommended'],
  ['SCS-1L-1-5', 1, 'crowded-core', 1, 5, 'recommended'],
  ['SCS-16V-64', 16, 'shared-core', 64, null, 'recommended'],
  ['SCS-8V-64', 8, 'shared-core', 64, null, 'recommended'],
  ['SCS-16V-128', 16, 'shared-core', 128, null, 'recommended'],
];
// The colon forms, typed by hand ("each dash after the first replaced by a colon").
const NAME_V1: Record<string, string> = {
  'SCS-1V-4': 'SCS-1V:4', 'SCS-2V-8': 'SCS-2V:8', 'SCS-4V-16': 'SCS-4V:16', 'SCS-4V-16-100s': 'SCS-4V:16:100s', 'SCS-8V-32': 'SCS-8V:32',
  'SCS-1V-2': 'SCS-1V:2', 'SCS-2V-4': 'SCS-2V:4', 'SCS-2V-4-20s': 'SCS-2V:4:20s', 'SCS-4V-8': 'SCS-4V:8', 'SCS-8V-16': 'SCS-8V:16',
  'SCS-16V-32': 'SCS-16V:32', 'SCS-1V-8': 'SCS-1V:8', 'SCS-2V-16': 'SCS-2V:16', 'SCS-4V-32': 'SCS-4V:32', 'SCS-1L-1': 'SCS-1L:1',
  'SCS-1V-4-10': 'SCS-1V:4:10', 'SCS-2V-8-20': 'SCS-2V:8:20', 'SCS-4V-16-50': 'SCS-4V:16:50', 'SCS-8V-32-100': 'SCS-8V:32:100',
  'SCS-1V-2-5': 'SCS-1V:2:5', 'SCS-2V-4-10': 'SCS-2V:4:10', 'SCS-4V-8-20': 'SCS-4V:8:20', 'SCS-8V-16-50': 'SCS-8V:16:50',
  'SCS-16V-32-100': 'SCS-16V:32:100', 'SCS-1V-8-20': 'SCS-1V:8:20', 'SCS-2V-16-50': 'SCS-2V:16:50', 'SCS-4V-32-100': 'SCS-4V:32:100',
  'SCS-1L-1-5': 'SCS-1L:1:5', 'SCS-16V-64': 'SCS-16V:64', 'SCS-8V-64': 'SCS-8V:64', 'SCS-16V-128': 'SCS-16V:128',
};

describe('derived spec of the 31 standard flavors', () => {
  it('the standard-flavor list is the standard table, in order', () => {
    expect(STANDARD_FLAVORS.map((s) => [s.name, s.status])).toEqual(TABLE.map((r) => [r[0], r[5]]));
    expect(new Set(STANDARD_FLAVORS.map((s) => testcaseId(s.name))).size).toBe(31);
    expect(testcaseId('SCS-2V-4-20s')).toBe('scs-0103-flavor-2v-4-20s');
    expect(testcaseId('SCS-1L-1')).toBe('scs-0103-flavor-1l-1');
  });
  it.each(TABLE)('%s', (name, cpus, cpuType, ram, disk) => {
    const expected: Record<string, unknown> = { cpus, ram, 'scs:cpu-type': cpuType };
    if (disk !== null) {
      expected.disk = disk;
      // the two mandatory disk flavors are ssd; "(any)" is written as network (see docs/decisions/scs-0103.md)
      expected['scs:disk0-type'] = name.endsWith('s') ? 'ssd' : 'network';
    }
    expected['scs:name-v1'] = NAME_V1[name];
    expected['scs:name-v2'] = name;
    expect(derivedSpec(name)).toEqual(expected);
  });
  it('numbers the name variants longest first, v1 before v2', () => {
    expect(derivedSpec('SCS-16T-64-3x10s_bms_hwv_i3h_GNa-64_ib')).toEqual({
      cpus: 16, ram: 64, 'scs:cpu-type': 'dedicated-thread', disk: 10,
      'scs:disk0-type': 'ssd', 'scs:disk1-type': 'ssd', 'scs:disk2-type': 'ssd',
      'scs:name-v1': 'SCS-16T:64:3x10s-bms-hwv-i3h-GNa:64-ib',
      'scs:name-v2': 'SCS-16T-64-3x10s_bms_hwv_i3h_GNa-64_ib',
      'scs:name-v3': 'SCS-16T:64:3x10s-GNa:64-ib',
      'scs:name-v4': 'SCS-16T-64-3x10s_GNa-64_ib',
    });
  });
  it('a disk without size has disk null; no disk component has no disk keys', () => {
    expect(derivedSpec('SCS-2C-4-n')).toMatchObject({ disk: null, 'scs:disk0-type': 'network' });
    expect(Object.keys(derivedSpec('SCS-2C-4')).sort()).toEqual(['cpus', 'ram', 'scs:cpu-type', 'scs:name-v1', 'scs:name-v2']);
    expect(derivedSpec('SCS-2V:4:10')['scs:name-v2']).toBe('SCS-2V-4-10');
  });
});

describe('explain and the flavor-name report', () => {
  it('explains one line per component', () => {
    const lines = explain(parseFlavorName('SCS-16T-64-3x10s_bms_hwv_i3h_GNa-64_ib')).split('\n');
    expect(lines).toEqual([
      'CPU: 16 dedicated threads (SMT)',
      'RAM: 64 GiB, ECC, not oversubscribed',
      'Disk: 3 × 10 GB, local SSD',
      'Hypervisor: bare metal system, no hypervisor (bms)',
      'Hardware virtualisation: available inside the instance (hwv)',
      'CPU brand: Intel x86-64, generation 3: Ice Lake, > 2.75 GHz all-core (h)',
      'GPU: pass-through nVidia GPU, generation Ampere (a), 64 streaming multiprocessors (SMs)',
      'Infiniband: yes (ib)',
    ]);
    const minimal = explain(parseFlavorName('SCS-1Li-0.5uo'));
    expect(minimal).toContain('CPU: 1 vCPU (heavily oversubscribed); insecure');
    expect(minimal).toContain('RAM: 0.5 GiB, no ECC (u), oversubscribed (o)');
    expect(minimal).toContain('Disk: none; boot from a volume');
    expect(minimal).toContain('GPU: none');
  });
  it('prose: valid, tolerated and invalid names; exit 1 when any is invalid', () => {
    const ok = flavorNameReport(['SCS-2V-4-20s', 'SCS-2V:4:10'], false);
    expect(ok.exitCode).toBe(0);
    expect(ok.text).toContain('SCS-2V-4-20s: valid');
    expect(ok.text).toContain('SCS-2V:4:10: tolerated (v1 syntax; the current name is SCS-2V-4-10)');
    const bad = flavorNameReport(['SCS-2V-4', 'SCS-2iT-4'], false);
    expect(bad.exitCode).toBe(1);
    expect(bad.text).toContain('SCS-2iT-4: INVALID (order) at character 6');
    expect(bad.text).toContain('\n  SCS-2iT-4\n       ^');
  });
  it('JSON: one object per name with spec in GiB', () => {
    const r = flavorNameReport(['SCS-2V-4-20s', 'SCS-2V:4:10', 'SCS-2-4'], true);
    expect(r.exitCode).toBe(1);
    const out = JSON.parse(r.text);
    expect(out[0]).toEqual({
      name: 'SCS-2V-4-20s', valid: true, tolerated: null, error: null, canonical: 'SCS-2V-4-20s', short: 'SCS-2V-4-20s',
      spec: { cpus: 2, ram: 4, disk: 20, 'scs:cpu-type': 'shared-core', 'scs:disk0-type': 'ssd', 'scs:name-v1': 'SCS-2V:4:20s', 'scs:name-v2': 'SCS-2V-4-20s' },
    });
    expect(out[1]).toMatchObject({ valid: true, tolerated: 'v1', canonical: 'SCS-2V-4-10' });
    expect(out[2]).toMatchObject({ name: 'SCS-2-4', valid: false, canonical: null, spec: null, error: { kind: 'cpu', position: 5 } });
  });
});
