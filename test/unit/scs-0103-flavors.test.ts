/** The scs-0103 standard-flavor testcases over hand-made flavor facts. */
import { describe, expect, it } from 'vitest';
import type { Flavor } from '../../src/openstack/compute.js';
import { evaluateStandardFlavor, findStandardFlavor, STANDARD_FLAVORS, testcases } from '../../testsuites/iaas/scs-0103-standard-flavors/index.js';

const URL_ = 'https://docs.scs.community/standards/scs-0103-w1-standard-flavors-implementation#automated-tests';
const ctx = { url: URL_ };
const std = (name: string) => STANDARD_FLAVORS.find((s) => s.name === name)!;

function flavor(name: string, vcpus: number, ramMiB: number, disk: number, extra_specs: Record<string, string>, id = `id-${name}`): Flavor {
  return { id, name, vcpus, ram: ramMiB, disk, extra_specs, is_public: true };
}
const good2v4 = () => flavor('SCS-2V-4', 2, 4096, 0, { 'scs:cpu-type': 'shared-core', 'scs:name-v1': 'SCS-2V:4', 'scs:name-v2': 'SCS-2V-4' });
const good20s = () =>
  flavor('SCS-2V-4-20s', 2, 4096, 20, { 'scs:cpu-type': 'shared-core', 'scs:disk0-type': 'ssd', 'scs:name-v1': 'SCS-2V:4:20s', 'scs:name-v2': 'SCS-2V-4-20s' });

describe('scs-0103 standard flavors', () => {
  it('has one read testcase per standard flavor', () => {
    expect(testcases).toHaveLength(31);
    expect(testcases.slice(0, 3).map((t) => t.id)).toEqual(['scs-0103-flavor-1v-4', 'scs-0103-flavor-2v-8', 'scs-0103-flavor-4v-16']);
    expect(testcases.every((t) => t.kind === 'read')).toBe(true);
  });
  it('passes an exact flavor', () => {
    expect(evaluateStandardFlavor(std('SCS-2V-4'), [good2v4()], ctx)).toMatchObject({ verdict: 'PASS', findings: [] });
    expect(evaluateStandardFlavor(std('SCS-2V-4-20s'), [good20s()], ctx).verdict).toBe('PASS');
  });
  it('fails a missing flavor with a paste-ready create command', () => {
    const o = evaluateStandardFlavor(std('SCS-2V-4-20s'), [good2v4()], ctx);
    expect(o.verdict).toBe('FAIL');
    expect(o.findings[0]).toMatchObject({
      level: 'error',
      object: 'flavor SCS-2V-4-20s',
      observed: 'absent',
      url: URL_,
      fix: 'openstack flavor create --public --vcpus 2 --ram 4096 --disk 20 --property scs:cpu-type=shared-core --property scs:disk0-type=ssd --property scs:name-v1=SCS-2V:4:20s --property scs:name-v2=SCS-2V-4-20s SCS-2V-4-20s',
    });
  });
  it('finds by scs:name-v2 first, then by name', () => {
    const byName = { ...good2v4(), extra_specs: { 'scs:cpu-type': 'shared-core' } };
    const bySpec = { ...good2v4(), id: 'other', name: 'custom-2-4' };
    expect(findStandardFlavor([byName, bySpec], 'SCS-2V-4')).toEqual({ flavor: bySpec, foundBy: 'scs:name-v2' });
    const nameOnly = { ...good2v4(), extra_specs: { 'scs:cpu-type': 'shared-core', 'scs:name-v1': 'SCS-2V:4' } };
    expect(findStandardFlavor([nameOnly], 'SCS-2V-4')?.foundBy).toBe('name');
    const o = evaluateStandardFlavor(std('SCS-2V-4'), [nameOnly], ctx);
    expect(o.verdict).toBe('FAIL');
    expect(o.findings.filter((f) => f.level === 'error').map((f) => f.fix)).toEqual(['openstack flavor set --property scs:name-v2=SCS-2V-4 SCS-2V-4']);
  });
  it('compares sizes exactly: more is also wrong', () => {
    const o = evaluateStandardFlavor(std('SCS-2V-4'), [{ ...good2v4(), vcpus: 4, ram: 4000, disk: 10, id: 'f9' }], ctx);
    expect(o.verdict).toBe('FAIL');
    expect(o.findings.map((f) => [f.observed, f.expected])).toEqual([
      ['4', '2'],
      ['4000 MiB', '4096 MiB'],
      ['10 GB', '0 GB'],
    ]);
    expect(o.findings[0]!.fix).toMatch(/^openstack flavor delete f9 && openstack flavor create --public --vcpus 2 --ram 4096 --disk 0 /);
    expect(o.findings[0]!.object).toBe('flavor SCS-2V-4 (id f9)');
  });
  it('requires scs:cpu-type, scs:name-v1 and scs:name-v2 to be exact', () => {
    const f = good2v4();
    f.extra_specs['scs:cpu-type'] = 'dedicated-core';
    f.extra_specs['scs:name-v1'] = 'SCS-2V-4';
    const o = evaluateStandardFlavor(std('SCS-2V-4'), [f], ctx);
    expect(o.findings.map((x) => [x.observed, x.expected, x.fix])).toEqual([
      ['dedicated-core', 'shared-core', 'openstack flavor set --property scs:cpu-type=shared-core SCS-2V-4'],
      ['SCS-2V-4', 'SCS-2V:4', 'openstack flavor set --property scs:name-v1=SCS-2V:4 SCS-2V-4'],
    ]);
  });
  it('scs:disk0-type: ssd for the s flavors (nvme accepted), any defined value for "(any)", unset without disk', () => {
    const nvme = good20s();
    nvme.extra_specs['scs:disk0-type'] = 'nvme';
    const n = evaluateStandardFlavor(std('SCS-2V-4-20s'), [nvme], ctx);
    expect(n.verdict).toBe('PASS');
    expect(n.findings[0]).toMatchObject({ level: 'info' });
    const net = good20s();
    net.extra_specs['scs:disk0-type'] = 'network';
    expect(evaluateStandardFlavor(std('SCS-2V-4-20s'), [net], ctx).findings[0]).toMatchObject({ observed: 'network', expected: 'ssd' });

    const any = (v?: string) =>
      flavor('SCS-2V-4-10', 2, 4096, 10, { 'scs:cpu-type': 'shared-core', 'scs:name-v1': 'SCS-2V:4:10', 'scs:name-v2': 'SCS-2V-4-10', ...(v ? { 'scs:disk0-type': v } : {}) });
    for (const v of ['network', 'hdd', 'ssd', 'nvme']) expect(evaluateStandardFlavor(std('SCS-2V-4-10'), [any(v)], ctx).verdict).toBe('PASS');
    expect(evaluateStandardFlavor(std('SCS-2V-4-10'), [any()], ctx).verdict).toBe('FAIL');
    expect(evaluateStandardFlavor(std('SCS-2V-4-10'), [any('floppy')], ctx).verdict).toBe('FAIL');

    const nodisk = good2v4();
    nodisk.extra_specs['scs:disk0-type'] = 'network';
    const o = evaluateStandardFlavor(std('SCS-2V-4'), [nodisk], ctx);
    expect(o.verdict).toBe('FAIL');
    expect(o.findings[0]!.fix).toBe('openstack flavor unset --property scs:disk0-type SCS-2V-4');
  });
});
