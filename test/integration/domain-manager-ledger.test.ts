/**
 * The identity ledger kinds against the sandbox: objects a domain manager created are deleted with the
 * manager's registered session although the ledger's own client is a project member; a create whose
 * answer was lost is found by name and deleted; without the manager's session the member is refused.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../src/engine/ledger.js';
import { ResolvedCloud } from '../../src/openstack/config.js';
import { createOpenStackConnector } from '../../src/openstack/connect.js';
import { identityCall } from '../../src/openstack/identity-admin.js';
import { openstackResourceKinds } from '../../src/openstack/resources/index.js';
import { registerIdentityClient } from '../../src/openstack/resources/identity.js';
import type { OpenStackSession } from '../../src/openstack/types.js';
import { sandboxCloud } from '../../src/sandbox/cloud-config.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { identityObjectsNamed } from '../../src/sandbox/services/identity-admin.js';

let sb: RunningSandbox;
let member: OpenStackSession;
let manager: OpenStackSession;

beforeAll(async () => {
  sb = await startSandbox(loadProfile('compliant'));
  member = await createOpenStackConnector(sandboxCloud(sb)).session();
  const cloud = new ResolvedCloud('dm-a', 'password', { authUrl: `${sb.url}/identity/v3`, username: 'scs-domain-a-manager', password: 'sandbox-fake-dm-a-password', userDomainName: 'scs-domain-a', domainName: 'scs-domain-a' }, undefined, 'public', true, undefined, undefined, undefined, 'test');
  manager = await createOpenStackConnector(cloud).session();
});
afterAll(async () => sb?.close());

function ledger(runId: string): Ledger<OpenStackSession> {
  return new Ledger<OpenStackSession>({ runId, cloud: 'sandbox', journalDir: mkdtempSync(join(tmpdir(), 'scs-dm-ledger-')), kinds: openstackResourceKinds, client: async () => member });
}

const createUser = async (name: string) => {
  const res = await identityCall<{ user: { id: string } }>(manager, 'POST', 'users', { json: { user: { name, domain_id: manager.token.domain!.id } } });
  expect(res.status).toBe(201);
  return res.body.user;
};

describe('identity ledger kinds', () => {
  it('deletes with the registered manager session, also a create whose answer was lost', async () => {
    const l = ledger('0a0b0c01');
    const key = `${l.prefix}dm/${manager.token.domain!.id}`;
    registerIdentityClient(key, manager);
    const kept = await l.create('user', 'kept', createUser, { attrs: () => ({ client: key }) });
    await expect(l.create('user', 'lost', async (name) => (await createUser(name), Promise.reject(new Error('the answer was lost'))))).rejects.toThrow('lost');
    expect(identityObjectsNamed(sb.world, l.prefix).sort()).toEqual([`user ${l.prefix}kept`, `user ${l.prefix}lost`]);
    const report = await l.cleanup(AbortSignal.timeout(10_000));
    expect(report.failed).toEqual([]);
    expect(report.deleted.map((r) => r.name).sort()).toEqual([`${l.prefix}kept`, `${l.prefix}lost`]);
    expect(kept.id).toMatch(/^[0-9a-f]{32}$/);
    expect(identityObjectsNamed(sb.world, l.prefix)).toEqual([]);
  });

  it('without the manager session the member is refused, and the failure is reported, not hidden', async () => {
    const l = ledger('0a0b0c02');
    await l.create('user', 'orphan', createUser, { attrs: () => ({ client: 'not-registered' }) });
    const report = await l.cleanup(AbortSignal.timeout(10_000));
    expect(report.failed.map((f) => [f.ref.name, f.error])).toEqual([[`${l.prefix}orphan`, expect.stringMatching(/refused DELETE \/v3\/users\/[0-9a-f]{32} \(HTTP 403\)/)]]);
    // tidy up as the manager
    const id = report.failed[0]!.ref.id;
    expect((await identityCall(manager, 'DELETE', `users/${id}`)).status).toBe(204);
  });
});
