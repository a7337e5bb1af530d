/** Nova flavors through real HTTP against the sandbox: both microversion paths, paging, the testcases, the wire format. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FactStore } from '../../src/engine/facts.js';
import type { Outcome } from '../../src/engine/types.js';
import { createOpenStackConnector } from '../../src/openstack/connect.js';
import { listFlavors } from '../../src/openstack/compute.js';
import { sandboxCloud } from '../../src/sandbox/cloud-config.js';
import { generateFlavors } from '../../src/sandbox/generators/flavors.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import type { SandboxProfile } from '../../src/sandbox/world.js';
import { testcases as t0100 } from '../../testsuites/iaas/scs-0100-flavor-naming/index.js';
import { testcases as t0103 } from '../../testsuites/iaas/scs-0103-standard-flavors/index.js';
import { sandboxesPerSuite, sandboxSession } from '../helpers/sandbox.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of the wire-format tests
type Json = any;
const j = async (r: Response | Promise<Response>): Promise<Json> => (await r).json() as Promise<Json>;

function withCompute(base: SandboxProfile, compute: Record<string, unknown>): SandboxProfile {
  return { ...base, compute: { ...(base.compute as Record<string, unknown>), ...compute } };
}

const computeRequests = (sb: RunningSandbox) => sb.requests.filter((r) => r.path.startsWith('/compute'));

async function runAll(sb: RunningSandbox): Promise<Record<string, Outcome>> {
  const connector = createOpenStackConnector(sandboxCloud(sb));
  const store = new FactStore({ openstack: connector, variables: {}, runId: 'itest', log: () => undefined }, new AbortController().signal, new Date());
  const out: Record<string, Outcome> = {};
  for (const tc of [...t0100, ...t0103]) {
    if (tc.kind !== 'read') throw new Error('flavor testcases are read-only');
    out[tc.id] = tc.evaluate(await store.getAll(tc.needs), { now: new Date(), id: tc.id, url: '', params: {} });
  }
  return out;
}

describe('Nova flavors against the sandbox', () => {
  const compliant = loadProfile('compliant');
  const sandboxes = sandboxesPerSuite({
    modern: withCompute(compliant, { max_microversion: '2.93' }),
    old: withCompute(compliant, { max_microversion: '2.60' }),
    big: withCompute(compliant, { flavors: generateFlavors(2500) }),
    violations: loadProfile('violations'),
  });

  it('≥ 2.61: one flavor list with inlined extra specs, no os-extra_specs calls', async () => {
    const session = await sandboxSession(sandboxes.modern);
    const before = computeRequests(sandboxes.modern).length;
    const flavors = await listFlavors(session);
    const calls = computeRequests(sandboxes.modern).slice(before);
    expect(flavors).toHaveLength(37);
    expect(flavors.find((f) => f.name === 'SCS-2V-4-20s')).toMatchObject({
      vcpus: 2,
      ram: 4096,
      disk: 20,
      is_public: true,
      extra_specs: { 'scs:cpu-type': 'shared-core', 'scs:disk0-type': 'ssd', 'scs:name-v1': 'SCS-2V:4:20s', 'scs:name-v2': 'SCS-2V-4-20s' },
    });
    expect(calls.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /compute/v2.1 200', 'GET /compute/v2.1/flavors/detail 200']);
  });

  it('< 2.61: the list plus one os-extra_specs call per flavor, same result', async () => {
    const session = await sandboxSession(sandboxes.old);
    const before = computeRequests(sandboxes.old).length;
    const flavors = await listFlavors(session);
    const calls = computeRequests(sandboxes.old).slice(before);
    expect(flavors).toHaveLength(37);
    expect(calls.filter((r) => r.path.endsWith('/os-extra_specs'))).toHaveLength(37);
    expect(calls.filter((r) => r.path === '/compute/v2.1/flavors/detail')).toHaveLength(1);
    expect(calls).toHaveLength(39);
    const modernFlavors = await listFlavors(await sandboxSession(sandboxes.modern));
    expect(flavors.map((f) => [f.name, f.extra_specs])).toEqual(modernFlavors.map((f) => [f.name, f.extra_specs]));
  });

  it('pages through 2,500 flavors with limit 1000 (three list requests)', async () => {
    const session = await sandboxSession(sandboxes.big);
    const before = computeRequests(sandboxes.big).length;
    const flavors = await listFlavors(session);
    expect(flavors).toHaveLength(2500);
    expect(new Set(flavors.map((f) => f.id)).size).toBe(2500);
    expect(computeRequests(sandboxes.big).slice(before).filter((r) => r.path === '/compute/v2.1/flavors/detail')).toHaveLength(3);
  });

  it('compliant: every flavor testcase passes, from one fetch of the flavors', async () => {
    const before = computeRequests(sandboxes.modern).length;
    const out = await runAll(sandboxes.modern);
    expect(Object.keys(out)).toHaveLength(33);
    expect(Object.entries(out).filter(([, o]) => o.verdict !== 'PASS').map(([id]) => id)).toEqual([]);
    // 33 testcases share the fact: discovery + one list.
    expect(computeRequests(sandboxes.modern).slice(before).map((r) => r.path)).toEqual(['/compute/v2.1', '/compute/v2.1/flavors/detail']);
  });

  it('compliant with Nova 2.60: still every testcase passes', async () => {
    const before = computeRequests(sandboxes.old).length;
    const out = await runAll(sandboxes.old);
    expect(Object.values(out).every((o) => o.verdict === 'PASS')).toBe(true);
    expect(computeRequests(sandboxes.old).slice(before)).toHaveLength(1 + 1 + 37);
  });

  it('violations: the documented testcases fail, the others pass', async () => {
    const out = await runAll(sandboxes.violations);
    const failing = Object.entries(out).filter(([, o]) => o.verdict === 'FAIL').map(([id]) => id).sort();
    expect(failing).toEqual(
      [
        'scs-0100-syntax-check',
        'scs-0100-semantics-check',
        'scs-0103-flavor-1v-4',
        'scs-0103-flavor-2v-8',
        'scs-0103-flavor-4v-16',
        'scs-0103-flavor-2v-4-20s',
        'scs-0103-flavor-1v-2',
        'scs-0103-flavor-8v-32',
        'scs-0103-flavor-2v-4',
        'scs-0103-flavor-1v-4-10',
        'scs-0103-flavor-4v-8',
        'scs-0103-flavor-8v-16',
      ].sort(),
    );
    expect(Object.values(out).some((o) => o.verdict === 'ABORT')).toBe(false);
    for (const id of failing) {
      const errors = out[id]!.findings.filter((f) => f.level === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.object).toMatch(/^flavor /);
        expect(e.rule).toBeTruthy();
        expect(e.url).toMatch(/^https:\/\/docs\.scs\.community\//);
        expect('observed' in e && 'expected' in e).toBe(true);
      }
    }
    expect(out['scs-0100-syntax-check']!.findings.map((f) => [f.level, f.observed])).toEqual([
      ['error', 'SCS-2iT-4-10n'],
      ['error', 'SCS-4V-16_xyz'],
      ['warning', 'SCS-2V:4:10'],
    ]);
  });
});

describe('sandbox Nova wire format', () => {
  let sb: RunningSandbox;
  let token: string;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${sb.url}${path}`, { headers: { 'X-Auth-Token': token, ...headers } });
  beforeAll(async () => {
    sb = await startSandbox(withCompute(loadProfile('compliant'), { max_microversion: '2.93' }));
    token = sb.world.issueToken({ userId: 'u1', projectId: 'p1', roles: ['member'] }).tokenId;
  });
  afterAll(async () => sb?.close());

  it('serves the version documents without a token', async () => {
    const root = await j(fetch(`${sb.url}/compute`));
    expect(root.versions).toEqual([expect.objectContaining({ id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1' })]);
    const v21 = await fetch(`${sb.url}/compute/v2.1`);
    expect(v21.status).toBe(200);
    expect((await j(v21)).version).toMatchObject({ id: 'v2.1', version: '2.93', min_version: '2.1', links: expect.any(Array) });
  });

  it('needs a token for the flavor API', async () => {
    expect((await fetch(`${sb.url}/compute/v2.1/flavors`)).status).toBe(401);
  });

  it('inlines extra specs from 2.61 only and echoes the microversion', async () => {
    const r261 = await get('/compute/v2.1/flavors/detail?limit=1', { 'OpenStack-API-Version': 'compute 2.61' });
    expect(r261.headers.get('openstack-api-version')).toBe('compute 2.61');
    expect(r261.headers.get('x-openstack-nova-api-version')).toBe('2.61');
    expect(r261.headers.get('vary')).toContain('OpenStack-API-Version');
    const b261 = await j(r261);
    expect(b261.flavors[0]).toMatchObject({ name: 'SCS-1V-4', vcpus: 1, ram: 4096, disk: 0, extra_specs: { 'scs:name-v2': 'SCS-1V-4' }, 'os-flavor-access:is_public': true });
    const r21 = await get('/compute/v2.1/flavors/detail?limit=1');
    expect(r21.headers.get('openstack-api-version')).toBe('compute 2.1');
    const b21 = await j(r21);
    expect(b21.flavors[0]).not.toHaveProperty('extra_specs');
    expect(b21.flavors[0].swap).toBe('');
    const legacy = await get('/compute/v2.1/flavors/detail?limit=1', { 'X-OpenStack-Nova-API-Version': '2.75' });
    expect((await j(legacy)).flavors[0].swap).toBe(0);
    const latest = await get('/compute/v2.1/flavors?limit=1', { 'OpenStack-API-Version': 'compute latest' });
    expect(latest.headers.get('openstack-api-version')).toBe('compute 2.93');
  });

  it('rejects versions as Nova does: 406 outside the range, 400 when malformed', async () => {
    const high = await get('/compute/v2.1/flavors', { 'OpenStack-API-Version': 'compute 2.94' });
    expect(high.status).toBe(406);
    expect((await j(high)).computeFault.message).toBe('Version 2.94 is not supported by the API. Minimum is 2.1 and maximum is 2.93.');
    const bad = await get('/compute/v2.1/flavors', { 'OpenStack-API-Version': 'compute two' });
    expect(bad.status).toBe(400);
    expect((await j(bad)).badRequest.message).toContain('invalid format');
  });

  it('pages with limit/marker and a flavors_links next link on full pages', async () => {
    const first = await j(get('/compute/v2.1/flavors?limit=30'));
    expect(first.flavors).toHaveLength(30);
    const next = first.flavors_links.find((l: { rel: string }) => l.rel === 'next').href as string;
    expect(next).toBe(`${sb.url}/compute/v2.1/flavors?limit=30&marker=${first.flavors[29].id}`);
    const second = await j(get(new URL(next).pathname + new URL(next).search));
    expect(second.flavors).toHaveLength(7);
    expect(second).not.toHaveProperty('flavors_links');
    expect(second.flavors.map((f: { name: string }) => f.name)).toEqual(['SCS-16V-128', 'SCS-2C-4-n', 'SCS-4C-16-2x200p_a1', 'SCS-16T-64-200s_GNa-72-24_ib', 'SCS-8V-32-100s_kvm_hwv_z4h', 'SCS-2V-4-20p', 'm1.small']);
    expect((await get('/compute/v2.1/flavors?marker=nope')).status).toBe(400);
  });

  it('shows one flavor and its extra specs; 404 for an unknown id', async () => {
    const list = await j(get('/compute/v2.1/flavors?limit=1'));
    const id = list.flavors[0].id;
    expect((await j(get(`/compute/v2.1/flavors/${id}`))).flavor).toMatchObject({ id, name: 'SCS-1V-4' });
    expect(await j(get(`/compute/v2.1/flavors/${id}/os-extra_specs`))).toEqual({
      extra_specs: { 'scs:cpu-type': 'shared-core', 'scs:name-v1': 'SCS-1V:4', 'scs:name-v2': 'SCS-1V-4' },
    });
    expect(await j(get(`/compute/v2.1/flavors/${id}/os-extra_specs/scs:cpu-type`))).toEqual({ 'scs:cpu-type': 'shared-core' });
    const missing = await get('/compute/v2.1/flavors/nope');
    expect(missing.status).toBe(404);
    expect((await j(missing)).itemNotFound.message).toBe('Flavor nope could not be found.');
  });
});
