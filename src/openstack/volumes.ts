/**
 * Cinder volumes and backups (`/v3/{project_id}/volumes`, `/v3/{project_id}/backups`): create, read,
 * restore, delete, and find by name prefix. Deletes treat 404 as "already gone".
 */
import { BLOCK_STORAGE_TYPES } from './volume.js';
import type { OpenStackSession } from './types.js';
import { pollUntil } from './servers.js';

export { BLOCK_STORAGE_TYPES };

export interface CinderObject {
  id: string;
  name: string;
  status: string;
  /** Backups: why it failed (`fail_reason`), when Cinder says. */
  failReason?: string;
}

/** Path of a block-storage resource relative to the endpoint (`…/v3/{project}` or unversioned). */
export function blockStoragePath(endpoint: string, projectId: string | undefined, resource: string): string {
  if (/\/v3(\/|$)/.test(new URL(endpoint).pathname)) return resource;
  if (!projectId) throw new Error(`the block-storage endpoint ${endpoint} names no API version and the token has no project`);
  return `v3/${projectId}/${resource}`;
}

function path(session: OpenStackSession, resource: string): string {
  return blockStoragePath(session.endpoint(BLOCK_STORAGE_TYPES), session.token.project?.id, resource);
}

interface RawCinder {
  id?: unknown;
  name?: unknown;
  status?: unknown;
  fail_reason?: unknown;
}

function toObject(raw: RawCinder | undefined, what: string): CinderObject {
  if (!raw || typeof raw.id !== 'string') throw new Error(`block-storage returned ${what} without an id`);
  return {
    id: raw.id,
    name: typeof raw.name === 'string' ? raw.name : '',
    status: typeof raw.status === 'string' ? raw.status : '(no status)',
    failReason: typeof raw.fail_reason === 'string' && raw.fail_reason ? raw.fail_reason : undefined,
  };
}

/** `POST /volumes` with an empty volume of `sizeGiB`. */
export async function createVolume(session: OpenStackSession, name: string, sizeGiB: number, description: string, signal?: AbortSignal): Promise<CinderObject> {
  const res = await session.request<{ volume?: RawCinder }>(BLOCK_STORAGE_TYPES, path(session, 'volumes'), {
    method: 'POST',
    json: { volume: { name, size: sizeGiB, description } },
    signal,
  });
  return toObject(res.body?.volume, `the new volume ${name} (status ${res.status})`);
}

/** `GET /volumes/{id}` or `/backups/{id}`; undefined on 404. */
export async function getCinderObject(session: OpenStackSession, collection: 'volumes' | 'backups', id: string, signal?: AbortSignal): Promise<CinderObject | undefined> {
  const key = collection === 'volumes' ? 'volume' : 'backup';
  const res = await session.request<Record<string, RawCinder>>(BLOCK_STORAGE_TYPES, path(session, `${collection}/${encodeURIComponent(id)}`), { okStatus: [404], signal });
  if (res.status === 404) return undefined;
  return toObject(res.body?.[key], `${key} ${id}`);
}

/** `POST /backups` of a volume. */
export async function createBackup(session: OpenStackSession, name: string, volumeId: string, description: string, signal?: AbortSignal): Promise<CinderObject> {
  const res = await session.request<{ backup?: RawCinder }>(BLOCK_STORAGE_TYPES, path(session, 'backups'), {
    method: 'POST',
    json: { backup: { name, volume_id: volumeId, description } },
    signal,
  });
  return toObject({ status: 'creating', ...res.body?.backup }, `the new backup ${name} (status ${res.status})`);
}

/** `POST /backups/{id}/restore {name}`: restores into a new volume; returns its id. */
export async function restoreBackup(session: OpenStackSession, backupId: string, name: string, signal?: AbortSignal): Promise<CinderObject> {
  const res = await session.request<{ restore?: { volume_id?: unknown; volume_name?: unknown } }>(BLOCK_STORAGE_TYPES, path(session, `backups/${encodeURIComponent(backupId)}/restore`), {
    method: 'POST',
    json: { restore: { name } },
    signal,
  });
  const id = res.body?.restore?.volume_id;
  if (typeof id !== 'string') throw new Error(`block-storage answered the restore of backup ${backupId} with status ${res.status} but without restore.volume_id`);
  return { id, name, status: 'restoring-backup' };
}

/** `DELETE /volumes/{id}` or `/backups/{id}`; 404 = gone. Does not wait. */
export async function deleteCinderObject(session: OpenStackSession, collection: 'volumes' | 'backups', id: string, signal?: AbortSignal): Promise<void> {
  await session.request(BLOCK_STORAGE_TYPES, path(session, `${collection}/${encodeURIComponent(id)}`), { method: 'DELETE', okStatus: [404], signal });
}

/** Volumes or backups whose name starts with the prefix (`GET …/detail`, filtered here). */
export async function listCinderByPrefix(session: OpenStackSession, collection: 'volumes' | 'backups', prefix: string, signal?: AbortSignal): Promise<CinderObject[]> {
  const list = await session.paginate<RawCinder>(BLOCK_STORAGE_TYPES, path(session, `${collection}/detail`), { itemsKey: collection, signal });
  return list.map((r, i) => toObject(r, `${collection} entry ${i}`)).filter((o) => o.name.startsWith(prefix));
}

/** Statuses in which Cinder refuses a delete because an operation is still running. */
const BUSY = new Set(['creating', 'backing-up', 'restoring', 'restoring-backup', 'downloading', 'uploading', 'attaching', 'detaching', 'extending', 'retyping', 'maintenance']);

/**
 * Deletes a volume or backup safely: waits (back-off, ≤ 5 min) until no operation runs on it, deletes
 * it, and waits until Cinder no longer knows it. Gone at any point = done; `error_deleting` throws.
 */
export async function deleteCinderAndWait(session: OpenStackSession, collection: 'volumes' | 'backups', id: string, signal?: AbortSignal): Promise<void> {
  const what = `${collection === 'volumes' ? 'volume' : 'backup'} ${id}`;
  const settled = await pollUntil(`${what} to finish its current operation before deletion`, async () => {
    const o = await getCinderObject(session, collection, id, signal);
    if (!o) return { gone: true as const };
    return BUSY.has(o.status) ? undefined : { gone: false as const, status: o.status };
  }, { initialMs: 500, timeoutMs: 5 * 60_000, signal });
  if (settled.gone) return;
  if (settled.status !== 'deleting') await deleteCinderObject(session, collection, id, signal);
  await pollUntil(`${what} to be deleted`, async () => {
    const o = await getCinderObject(session, collection, id, signal);
    if (!o) return true;
    if (o.status === 'error_deleting') throw new Error(`${what} went to status error_deleting`);
    return undefined;
  }, { initialMs: 500, timeoutMs: 5 * 60_000, signal });
}
