/** scs-0114 through real HTTP against the sandbox (Keystone + Cinder volume types). */
import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/engine/facts.js';
import type { ReadTestcase } from '../../src/engine/types.js';
import { createOpenStackConnector } from '../../src/openstack/connect.js';
import { listVolumeTypes } from '../../src/openstack/volume.js';
import { sandboxCloud } from '../../src/sandbox/cloud-config.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { testcases } from '../../testsuites/iaas/scs-0114-volume-types/index.js';
import { sandboxesPerSuite, sandboxFacts, sandboxSession, withSandbox } from '../helpers/sandbox.js';

const DOC = 'https://docs.scs.community/standards/scs-0114-w1-volume-type-implementation#automated-tests';

async function run(sb: RunningSandbox) {
  const connector = createOpenStackConnector(sandboxCloud(sb));
  const store = new FactStore({ openstack: connector, variables: {}, runId: 'itest', log: () => undefined }, new AbortController().signal, new Date());
  const out: Record<string, ReturnType<ReadTestcase['evaluate']>> = {};
  for (const tc of testcases) {
    if (tc.kind !== 'read') throw new Error('scs-0114 testcases are read-only');
    out[tc.id] = tc.evaluate(await store.getAll(tc.needs), { now: new Date(), id: tc.id, url: DOC, params: {} });
  }
  return { out, session: await connector.session() };
}

describe('scs-0114 against the sandbox', () => {
  const sandboxes = sandboxesPerSuite({
    compliant: loadProfile('compliant'),
    // The violations catalog has no block storage (scs-0123-storage-apis fails there), so its volume
    // section is served behind the compliant Keystone.
    violations: { ...loadProfile('compliant'), volume: loadProfile('violations').volume },
  });

  it('lists the volume types of the project through the catalog endpoint', async () => {
    const session = await sandboxSession(sandboxes.compliant);
    const types = await listVolumeTypes(session);
    expect(types.map((t) => t.name)).toEqual(['__DEFAULT__', 'ssd', 'hdd-three-replicas-LUKS', 'replicated', 'plain']);
    expect(types[2]).toEqual({
      id: '8c2d7e9f-1a3b-4c5d-9e6f-7a8b9c0d1e03',
      name: 'hdd-three-replicas-LUKS',
      description: '[scs:encrypted, replicated] Replicated three times; LUKS encryption.',
      isPublic: true,
      extraSpecs: { multiattach: '<is> False' },
    });
    expect(sandboxes.compliant.requests.some((r) => r.path === `/volume/v3/${session.token.project!.id}/types` && r.status === 200)).toBe(true);
  });

  it('announces its microversion range in the version documents', async () => {
    const session = await sandboxSession(sandboxes.compliant);
    expect(await session.maxMicroversion('block-storage')).toBe('3.70');
  });

  it('passes all three testcases on the compliant profile', async () => {
    const { out } = await run(sandboxes.compliant);
    expect(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.verdict]))).toEqual({
      'scs-0114-syntax-check': 'PASS',
      'scs-0114-encrypted-type': 'PASS',
      'scs-0114-replicated-type': 'PASS',
    });
    expect(out['scs-0114-encrypted-type']!.findings.map((f) => f.object)).toEqual(['volume type hdd-three-replicas-LUKS (id 8c2d7e9f-1a3b-4c5d-9e6f-7a8b9c0d1e03)']);
  });

  it('fails all three testcases on the violations profile, naming each broken type', async () => {
    const { out } = await run(sandboxes.violations);
    expect(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.verdict]))).toEqual({
      'scs-0114-syntax-check': 'FAIL',
      'scs-0114-encrypted-type': 'FAIL',
      'scs-0114-replicated-type': 'FAIL',
    });
    const syntax = out['scs-0114-syntax-check']!.findings.filter((f) => f.level === 'error');
    expect(syntax.map((f) => f.object)).toEqual([
      'volume type unsorted (id 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c12)',
      'volume type dup (id 2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d13)',
      'volume type typo (id 3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e14)',
    ]);
    for (const f of syntax) {
      expect(f.url).toBe(DOC);
      expect(f.fix).toMatch(/^openstack volume type set --description '\[scs:/);
    }
    expect(out['scs-0114-syntax-check']!.findings.find((f) => f.level === 'warning')!.object).toBe('volume type misplaced (id 4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f15)');
  });

  it('ABORTs with the catalog as the reason when the cloud has no block storage at all', async () => {
    const base = loadProfile('compliant');
    const identity = base.identity as { catalog: { type: string }[] };
    const noBlockStorage = { ...identity, catalog: identity.catalog.filter((c) => !/^(volume|volumev[23]|block-storage)$/.test(c.type)) };
    await withSandbox({ ...base, identity: noBlockStorage }, async (sb) => {
      const store = sandboxFacts(sb);
      await expect(store.getAll(testcases[0]!.kind === 'read' ? testcases[0]!.needs : {})).rejects.toThrow(/volume\.types: no endpoint of type "block-storage"/);
    });
  });

  it('follows Cinder paging (limit 1000, volume_types_links) across pages', async () => {
    const types = Array.from({ length: 1001 }, (_, i) => ({ id: `t-${String(i).padStart(4, '0')}`, name: `type-${i}`, description: i === 1000 ? '[scs:encrypted]' : null }));
    await withSandbox({ ...loadProfile('compliant'), volume: { types } }, async (sb) => {
      const session = await sandboxSession(sb);
      const list = await listVolumeTypes(session);
      expect(list).toHaveLength(1001);
      expect(list[1000]).toMatchObject({ id: 't-1000', description: '[scs:encrypted]' });
      expect(sb.requests.filter((r) => r.path.endsWith('/types')).length).toBe(2);
    });
  });

  it('rejects a malformed volume section at start-up', async () => {
    await expect(startSandbox({ ...loadProfile('compliant'), volume: { types: [{ description: 'no name' }] } })).rejects.toThrow('sandbox profile, section volume: types[0] needs a name');
  });

  it('hides private volume types of other projects', async () => {
    const types = [{ name: 'public', description: '[scs:encrypted]' }, { name: 'private', is_public: false, access_projects: ['someone-else'] }];
    await withSandbox({ ...loadProfile('compliant'), volume: { types } }, async (sb) => {
      const session = await sandboxSession(sb);
      expect((await listVolumeTypes(session)).map((t) => t.name)).toEqual(['public']);
    });
  });
});
