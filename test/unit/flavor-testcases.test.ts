/** scs-0100-syntax-check and scs-0100-semantics-check over hand-made flavor facts. */
import { describe, expect, it } from 'vitest';
import type { Flavor } from '../../src/openstack/compute.js';
import { evaluateSemantics, evaluateSyntax, testcases } from '../../testsuites/iaas/scs-0100-flavor-naming/index.js';

const URL_ = 'https://docs.scs.community/standards/scs-0100-w1-flavor-naming-implementation-testing#automated-tests';
const ctx = { url: URL_ };

function flavor(name: string, vcpus: number, ramMiB: number, disk: number, extra_specs: Record<string, string> = {}, id = `id-${name}`): Flavor {
  return { id, name, vcpus, ram: ramMiB, disk, extra_specs, is_public: true };
}

describe('scs-0100-syntax-check', () => {
  it('is registered with the flavors fact', () => {
    const tc = testcases.find((t) => t.id === 'scs-0100-syntax-check');
    expect(tc?.kind).toBe('read');
    expect(tc && tc.kind === 'read' ? Object.values(tc.needs).map((f) => (f as { name: string }).name) : []).toEqual(['compute.flavors']);
  });
  it('passes valid names and ignores names without the SCS- prefix', () => {
    const o = evaluateSyntax([flavor('SCS-2V-4', 2, 4096, 0), flavor('m1.tiny', 1, 512, 1), flavor('scs-2-4', 1, 512, 1)], ctx);
    expect(o.verdict).toBe('PASS');
    expect(o.findings).toEqual([]);
    expect(o.evidence).toEqual({ flavors: 3, scsFlavors: 1, invalid: 0, tolerated: 0 });
  });
  it('fails every invalid SCS name with object, rule, observed, expected and URL', () => {
    const o = evaluateSyntax([flavor('SCS-2iT-4-10n', 2, 4096, 10, {}, 'abc'), flavor('SCS-2V-4_xyz', 2, 4096, 0, {}, 'def'), flavor('SCS-2V-4', 2, 4096, 0)], ctx);
    expect(o.verdict).toBe('FAIL');
    expect(o.findings).toHaveLength(2);
    const [a, b] = o.findings;
    expect(a).toMatchObject({ level: 'error', object: 'flavor SCS-2iT-4-10n (id abc)', observed: 'SCS-2iT-4-10n', url: URL_ });
    expect(a!.rule).toContain('SCS flavor naming syntax');
    expect(String(a!.expected)).toContain('order error at character 6');
    expect(a!.text).toContain('SCS-2iT-4-10n (id abc)');
    expect(b!.object).toBe('flavor SCS-2V-4_xyz (id def)');
  });
  it('passes a tolerated v1 name with a warning naming the current form', () => {
    const o = evaluateSyntax([flavor('SCS-2V:4:10', 2, 4096, 10)], ctx);
    expect(o.verdict).toBe('PASS');
    expect(o.findings).toEqual([expect.objectContaining({ level: 'warning', expected: 'SCS-2V-4-10', observed: 'SCS-2V:4:10' })]);
  });
  it('uses the standard URL when the scope gives none', () => {
    const o = evaluateSyntax([flavor('SCS-2-4', 2, 4096, 0)], { url: '' });
    expect(o.findings[0]!.url).toBe('https://docs.scs.community/standards/scs-0100-v3-flavor-naming');
  });
});

describe('scs-0100-semantics-check', () => {
  it('passes flavors that deliver at least what the name promises', () => {
    const o = evaluateSemantics(
      [
        flavor('SCS-2V-4-20s', 2, 4096, 20, { 'scs:cpu-type': 'shared-core', 'scs:disk0-type': 'ssd' }),
        flavor('SCS-2V-4-20p', 4, 8192, 40, { 'scs:cpu-type': 'dedicated-core', 'scs:disk0-type': 'nvme' }),
        flavor('SCS-2V-4-20s_kvm', 2, 4096, 20, { 'scs:disk0-type': 'nvme' }),
        flavor('SCS-2C-4', 2, 4096, 0),
        flavor('m1.small', 1, 2048, 20),
      ],
      ctx,
    );
    expect(o.verdict).toBe('PASS');
    expect(o.findings).toEqual([]);
    expect(o.evidence).toMatchObject({ checked: 4, failures: 0 });
  });
  it('does not ABORT on a disk without size (the reference does) and checks no size then', () => {
    const o = evaluateSemantics([flavor('SCS-2C-4-n', 2, 4096, 0, { 'scs:disk0-type': 'network' }), flavor('SCS-2C-4-', 2, 4096, 0)], ctx);
    expect(o.verdict).toBe('PASS');
  });
  it('fails too few vCPUs, too little RAM and a too small disk, each with its numbers', () => {
    const o = evaluateSemantics([flavor('SCS-4C-8-50s', 2, 8000, 40, {}, 'f1')], ctx);
    expect(o.verdict).toBe('FAIL');
    expect(o.findings.map((f) => [f.level, f.object, f.observed, f.expected, f.url])).toEqual([
      ['error', 'flavor SCS-4C-8-50s (id f1)', 2, '≥ 4', URL_],
      ['error', 'flavor SCS-4C-8-50s (id f1)', '8000 MiB', '≥ 8192 MiB', URL_],
      ['error', 'flavor SCS-4C-8-50s (id f1)', '40 GB', '≥ 50 GB', URL_],
    ]);
    expect(o.findings[0]!.fix).toBe('openstack flavor delete f1 && openstack flavor create --vcpus 4 --ram 8192 --disk 50 --public SCS-4C-8-50s');
  });
  it('RAM is compared in MiB: 1.5 GiB needs 1536 MiB', () => {
    expect(evaluateSemantics([flavor('SCS-1V-1.5', 1, 1536, 0)], ctx).verdict).toBe('PASS');
    expect(evaluateSemantics([flavor('SCS-1V-1.5', 1, 1535, 0)], ctx).verdict).toBe('FAIL');
  });
  it('fails an scs:cpu-type weaker than the name, or not defined, with a paste-ready fix', () => {
    const o = evaluateSemantics([flavor('SCS-2V-4', 2, 4096, 0, { 'scs:cpu-type': 'crowded-core' }), flavor('SCS-2T-4', 2, 4096, 0, { 'scs:cpu-type': 'fast' })], ctx);
    expect(o.verdict).toBe('FAIL');
    expect(o.findings.map((f) => [f.observed, f.expected, f.fix])).toEqual([
      ['crowded-core', 'shared-core or stronger', 'openstack flavor set --property scs:cpu-type=shared-core SCS-2V-4'],
      ['fast', 'dedicated-thread', 'openstack flavor set --property scs:cpu-type=dedicated-thread SCS-2T-4'],
    ]);
  });
  it('fails an scs:diskN-type that contradicts the name, for every disk of Mx', () => {
    const o = evaluateSemantics([flavor('SCS-4C-16-2x200p', 4, 16384, 200, { 'scs:disk0-type': 'nvme', 'scs:disk1-type': 'ssd' })], ctx);
    expect(o.verdict).toBe('FAIL');
    expect(o.findings).toHaveLength(1);
    expect(o.findings[0]).toMatchObject({ observed: 'ssd', expected: 'nvme', fix: 'openstack flavor set --property scs:disk1-type=nvme SCS-4C-16-2x200p' });
    const unknown = evaluateSemantics([flavor('SCS-4C-16-20', 4, 16384, 20, { 'scs:disk0-type': 'tape' })], ctx);
    expect(unknown.verdict).toBe('FAIL');
  });
  it('holds a flavor to the names of its scs:name-vN extra specs as well', () => {
    const o = evaluateSemantics(
      [
        flavor('my-flavor', 2, 4096, 0, { 'scs:name-v2': 'SCS-4V-4' }, 'x1'),
        flavor('other', 2, 4096, 0, { 'scs:name-v1': 'SCS-2V:4', 'scs:name-v2': 'SCS-2V-4', 'scs:name-v3': 'SCS-nonsense' }, 'x2'),
      ],
      ctx,
    );
    expect(o.verdict).toBe('FAIL');
    expect(o.findings.map((f) => [f.object, f.observed])).toEqual([
      ['flavor my-flavor (id x1)', 2],
      ['flavor other (id x2)', 'SCS-nonsense'],
    ]);
    expect(o.findings[0]!.text).toContain('its extra spec scs:name-v2=SCS-4V-4 promises 4');
    expect(o.findings[0]!.fix).toBe('openstack flavor unset --property scs:name-v2 my-flavor');
    const quoted = evaluateSemantics([flavor('SCS-2V-4', 1, 4096, 0, { 'hw:cpu_policy': 'shared', note: "it's fine" }, 'q1')], ctx);
    expect(quoted.findings[0]!.fix).toBe(`openstack flavor delete q1 && openstack flavor create --vcpus 2 --ram 4096 --disk 0 --property hw:cpu_policy=shared --property 'note=it'\\''s fine' --public SCS-2V-4`);
  });
  it('leaves invalid own names to the syntax check and warns about uneven large RAM', () => {
    const o = evaluateSemantics([flavor('SCS-2-4', 1, 1, 0), flavor('SCS-4V-12.5', 4, 12800, 0)], ctx);
    expect(o.verdict).toBe('PASS');
    expect(o.findings).toEqual([expect.objectContaining({ level: 'warning', observed: 12.5 })]);
  });
});
