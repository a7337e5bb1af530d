/**
 * The Cinder calls behind scs-0117 against the sandbox, one by one: statuses change over time, the
 * sandbox refuses what Cinder refuses (deleting or backing up a volume that is still being created), and
 * deleteCinderAndWait waits for the busy state to end before it deletes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/openstack/errors.js';
import { createOpenStackConnector } from '../../src/openstack/connect.js';
import { pollUntil } from '../../src/openstack/servers.js';
import type { OpenStackSession } from '../../src/openstack/types.js';
import {
  createBackup,
  createVolume,
  deleteCinderAndWait,
  deleteCinderObject,
  getCinderObject,
  listCinderByPrefix,
  restoreBackup,
} from '../../src/openstack/volumes.js';
import { sandboxCloud } from '../../src/sandbox/cloud-config.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';

let sb: RunningSandbox;
let session: OpenStackSession;

beforeAll(async () => {
  const p = loadProfile('compliant');
  sb = await startSandbox({ ...p, backup: { api: true, transition_ms: 300 } });
  session = await createOpenStackConnector(sandboxCloud(sb, { auth: 'password' })).session();
});
afterAll(async () => sb.close());

const available = (collection: 'volumes' | 'backups', id: string) =>
  pollUntil(`${id} available`, async () => ((await getCinderObject(session, collection, id))?.status === 'available' ? true : undefined), { initialMs: 100, timeoutMs: 10_000 });

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('sandbox Cinder through our client', () => {
  it('a new volume is "creating": delete and backup are refused with 400, as Cinder does', async () => {
    const v = await createVolume(session, 'scs-00000001-a', 1, 'test');
    expect(v.status).toBe('creating');
    expect((await refusal(deleteCinderObject(session, 'volumes', v.id))).status).toBe(400);
    expect((await refusal(createBackup(session, 'scs-00000001-b', v.id, 'test'))).status).toBe(400);
    await deleteCinderAndWait(session, 'volumes', v.id); // waits until "available", then deletes
    expect(await getCinderObject(session, 'volumes', v.id)).toBeUndefined();
  });

  it('backup and restore: the volume is "backing-up" meanwhile, the restored volume has our name', async () => {
    const v = await createVolume(session, 'scs-00000002-vol', 1, 'test');
    await available('volumes', v.id);
    const b = await createBackup(session, 'scs-00000002-backup', v.id, 'test');
    expect((await getCinderObject(session, 'volumes', v.id))?.status).toBe('backing-up');
    await available('backups', b.id);
    expect((await getCinderObject(session, 'volumes', v.id))?.status).toBe('available');
    const r = await restoreBackup(session, b.id, 'scs-00000002-restored');
    expect((await getCinderObject(session, 'volumes', r.id))).toMatchObject({ name: 'scs-00000002-restored', status: 'restoring-backup' });
    expect((await listCinderByPrefix(session, 'volumes', 'scs-00000002-')).map((x) => x.name).sort()).toEqual(['scs-00000002-restored', 'scs-00000002-vol']);
    // the backup is "restoring" now: deleting it waits
    await deleteCinderAndWait(session, 'backups', b.id);
    await deleteCinderAndWait(session, 'volumes', r.id);
    await deleteCinderAndWait(session, 'volumes', v.id);
    expect(await listCinderByPrefix(session, 'volumes', 'scs-00000002-')).toEqual([]);
    expect(await listCinderByPrefix(session, 'backups', 'scs-00000002-')).toEqual([]);
  });

  it('deleting what is already gone counts as deleted', async () => {
    await deleteCinderAndWait(session, 'volumes', '00000000-0000-0000-0000-000000000000');
    await deleteCinderObject(session, 'backups', '00000000-0000-0000-0000-000000000000');
  });
});
