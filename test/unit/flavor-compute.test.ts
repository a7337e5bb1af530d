/** listFlavors over a scripted OpenStackSession (no network): negotiation, fallbacks, malformed answers; the generator. */
import { describe, expect, it } from 'vitest';
import { compareMicroversions, listFlavors } from '../../src/openstack/compute.js';
import type { OpenStackSession, PaginateOptions, RequestOptions } from '../../src/openstack/types.js';
import { generateFlavors } from '../../src/sandbox/generators/flavors.js';
import { evaluateSemantics, evaluateSyntax, parseFlavorName } from '../../testsuites/iaas/scs-0100-flavor-naming/index.js';

interface Script {
  max: string | undefined;
  list: unknown[];
  specs?: Record<string, unknown>;
}

function fakeSession(script: Script) {
  const calls: string[] = [];
  const session = {
    maxMicroversion: async () => script.max,
    paginate: async (_t: string | string[], path: string, opts: PaginateOptions) => {
      calls.push(`paginate ${path} limit=${opts.limit} mv=${opts.microversion ?? '-'}`);
      return script.list;
    },
    request: async (_t: string | string[], path: string, _o?: RequestOptions) => {
      calls.push(`GET ${path}`);
      const id = decodeURIComponent(path.split('/')[2]!);
      return { status: 200, headers: {}, body: script.specs && id in script.specs ? script.specs[id] : { extra_specs: {} } };
    },
  } as unknown as OpenStackSession;
  return { session, calls };
}

const raw = (id: string, name: string, extra?: Record<string, string>) => ({
  id, name, vcpus: 2, ram: 4096, disk: 0, 'os-flavor-access:is_public': false, ...(extra ? { extra_specs: extra } : {}),
});

describe('listFlavors', () => {
  it('compares microversions numerically', () => {
    expect(compareMicroversions('2.9', '2.61')).toBeLessThan(0);
    expect(compareMicroversions('2.61', '2.61')).toBe(0);
    expect(compareMicroversions('2.100', '2.61')).toBeGreaterThan(0);
    expect(compareMicroversions('3.0', '2.93')).toBeGreaterThan(0);
  });
  it('asks for 2.61 with limit 1000 when the cloud has it, and maps the fields', async () => {
    const { session, calls } = fakeSession({ max: '2.93', list: [raw('a', 'SCS-2V-4', { 'scs:cpu-type': 'shared-core' })] });
    expect(await listFlavors(session)).toEqual([{ id: 'a', name: 'SCS-2V-4', vcpus: 2, ram: 4096, disk: 0, is_public: false, extra_specs: { 'scs:cpu-type': 'shared-core' } }]);
    expect(calls).toEqual(['paginate /flavors/detail limit=1000 mv=2.61']);
  });
  it('below 2.61 or without discovery: one os-extra_specs call per flavor', async () => {
    for (const max of ['2.60', undefined]) {
      const { session, calls } = fakeSession({ max, list: [raw('a', 'x'), raw('b/c', 'y')], specs: { a: { extra_specs: { k: 'v' } } } });
      const flavors = await listFlavors(session);
      expect(flavors.map((f) => f.extra_specs)).toEqual([{ k: 'v' }, {}]);
      expect(calls).toEqual(['paginate /flavors/detail limit=1000 mv=-', 'GET /flavors/a/os-extra_specs', 'GET /flavors/b%2Fc/os-extra_specs']);
    }
  });
  it('completes flavors whose inlined extra specs are hidden', async () => {
    const { session, calls } = fakeSession({ max: '2.93', list: [raw('a', 'x', {}), raw('b', 'y')], specs: { b: { extra_specs: { s: '1' } } } });
    expect((await listFlavors(session)).map((f) => f.extra_specs)).toEqual([{}, { s: '1' }]);
    expect(calls).toEqual(['paginate /flavors/detail limit=1000 mv=2.61', 'GET /flavors/b/os-extra_specs']);
  });
  it('rejects malformed answers instead of judging half-read data', async () => {
    await expect(listFlavors(fakeSession({ max: '2.93', list: [{ ...raw('a', 'x', {}), vcpus: '2' }] }).session)).rejects.toThrow(/malformed "vcpus"/);
    await expect(listFlavors(fakeSession({ max: '2.93', list: [{ name: 'x', extra_specs: {} }] }).session)).rejects.toThrow(/without an id/);
    await expect(listFlavors(fakeSession({ max: '2.93', list: [raw('a', 'x', ['bad'] as unknown as Record<string, string>)] }).session)).rejects.toThrow(/malformed extra_specs/);
    await expect(listFlavors(fakeSession({ max: '2.1', list: [raw('a', 'x')], specs: { a: { nope: 1 } } }).session)).rejects.toThrow(/without "extra_specs"/);
  });
});

describe('generateFlavors', () => {
  it('makes distinct, valid, truthful flavors', () => {
    const gen = generateFlavors(2000);
    expect(gen).toHaveLength(2000);
    expect(new Set(gen.map((f) => f.name)).size).toBe(2000);
    expect(new Set(gen.map((f) => f.id)).size).toBe(2000);
    const flavors = gen.map((f) => ({ id: f.id!, name: f.name, vcpus: f.vcpus, ram: f.ram, disk: f.disk, extra_specs: f.extra_specs!, is_public: true }));
    expect(evaluateSyntax(flavors, { url: '' })).toMatchObject({ verdict: 'PASS', findings: [] });
    expect(evaluateSemantics(flavors, { url: '' })).toMatchObject({ verdict: 'PASS', findings: [] });
    // every generated name carries an extension, so it never collides with a standard flavor
    expect(gen.every((f) => f.name.includes('_'))).toBe(true);
    expect(parseFlavorName(gen[0]!.name).flavor.hypervisor).toBe('kvm');
    expect(() => generateFlavors(-1)).toThrow(RangeError);
  });
});

describe('sandbox compute profile section', () => {
  it('reads flavors and rejects typos and bad values', async () => {
    const { readComputeSection } = await import('../../src/sandbox/services/compute-flavors.js');
    const ok = readComputeSection('p', { flavors: [{ name: 'SCS-1V-2', vcpus: 1, ram: 2048, disk: 0, extra_specs: { a: 1 } }] });
    expect(ok.max).toBe('2.93');
    expect(ok.flavors).toEqual([{ id: '', name: 'SCS-1V-2', vcpus: 1, ram: 2048, disk: 0, extra_specs: { a: '1' }, is_public: true, description: null }]);
    expect(() => readComputeSection('p', { flavor: [] })).toThrow(/unknown key "flavor"/);
    expect(() => readComputeSection('p', { flavors: [{ name: 'x', vcpus: 1, ram: 1, disk: 0, extraspecs: {} }] })).toThrow(/unknown key "extraspecs"/);
    expect(() => readComputeSection('p', { flavors: [{ name: 'x', vcpus: 0, ram: 1, disk: 0 }] })).toThrow(/vcpus must be a positive integer/);
    expect(() => readComputeSection('p', { max_microversion: '2.x' })).toThrow(/max_microversion/);
    expect(() => readComputeSection('p', { flavors: [{ id: 'a', name: 'x', vcpus: 1, ram: 1, disk: 0 }, { id: 'a', name: 'y', vcpus: 1, ram: 1, disk: 0 }] })).toThrow(/used twice/);
  });
});
