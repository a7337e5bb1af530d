/**
 * Ledger kinds of Keystone objects a testcase creates as a domain manager: user, project, group,
 * group-membership, role-assignment, role.
 *
 * Deleting them needs the token that may: the domain manager's, not the run's (a project member may
 * not delete users). A testcase registers each manager session under a key (`registerIdentityClient`)
 * and puts the key into the ResourceRef's `attrs.client`; the kind deletes with that session and falls
 * back to the ledger's own client (the run's cloud — e.g. an admin running `scs-compliance cleanup`)
 * when the key is unknown, as in another process.
 */
import type { ResourceKind, ResourceRef } from '../../engine/ledger.js';
import { grantPath, identityCall, type GrantActor, type GrantTarget } from '../identity-admin.js';
import type { OpenStackSession } from '../types.js';

const clients = new Map<string, OpenStackSession>();

/** Make a session available to the identity kinds under `key` (e.g. `<runid>/<domain id>`). */
export function registerIdentityClient(key: string, session: OpenStackSession): void {
  clients.set(key, session);
}

/** Forget the sessions of a run (keys starting with the prefix). */
export function forgetIdentityClients(prefix: string): void {
  for (const key of [...clients.keys()]) if (key.startsWith(prefix)) clients.delete(key);
}

function clientFor(ref: ResourceRef, fallback: OpenStackSession): OpenStackSession {
  return (ref.attrs?.client && clients.get(ref.attrs.client)) || fallback;
}

/** Keystone refused a deletion (e.g. 403): the status is kept for checks that expect one. */
export class IdentityRefusedError extends Error {
  override name = 'IdentityRefusedError';
  constructor(
    readonly status: number,
    path: string,
  ) {
    super(`Keystone refused DELETE /v3/${path} (HTTP ${status})`);
  }
}

async function remove(session: OpenStackSession, path: string, signal: AbortSignal): Promise<void> {
  const res = await identityCall(session, 'DELETE', path, { signal });
  if (res.status === 404 || (res.status >= 200 && res.status < 300)) return;
  throw new IdentityRefusedError(res.status, path);
}

function byName(collection: 'users' | 'projects' | 'groups' | 'roles', kind: string): ResourceKind<OpenStackSession>['list'] {
  return async (session, prefix, signal) => {
    const res = await identityCall<Record<string, { id: string; name: string }[]>>(session, 'GET', collection, { searchParams: { name__startswith: prefix }, signal });
    if (res.status !== 200) throw new Error(`Keystone refused GET ${collection} (${res.status})`);
    return (res.body[collection] ?? []).filter((o) => o.name.startsWith(prefix)).map((o) => ({ kind, id: o.id, name: o.name }));
  };
}

export const USER_KIND = 'user';
export const PROJECT_KIND = 'project';
export const GROUP_KIND = 'group';
export const MEMBERSHIP_KIND = 'group-membership';
export const GRANT_KIND = 'role-assignment';
export const ROLE_KIND = 'role';

/** Ledger id of a grant: its path below /v3 (`projects/…/users/…/roles/…`). */
export function grantId(target: GrantTarget, actor: GrantActor, roleId: string): string {
  return grantPath(target, actor, roleId);
}

export const identityResourceKinds: Record<string, ResourceKind<OpenStackSession>> = {
  [GRANT_KIND]: { order: 70, delete: (s, ref, signal) => remove(clientFor(ref, s), ref.id, signal) },
  [MEMBERSHIP_KIND]: { order: 70, delete: (s, ref, signal) => remove(clientFor(ref, s), ref.id, signal) },
  [USER_KIND]: { order: 40, delete: (s, ref, signal) => remove(clientFor(ref, s), `users/${encodeURIComponent(ref.id)}`, signal), list: byName('users', USER_KIND) },
  [GROUP_KIND]: { order: 40, delete: (s, ref, signal) => remove(clientFor(ref, s), `groups/${encodeURIComponent(ref.id)}`, signal), list: byName('groups', GROUP_KIND) },
  [PROJECT_KIND]: { order: 30, delete: (s, ref, signal) => remove(clientFor(ref, s), `projects/${encodeURIComponent(ref.id)}`, signal), list: byName('projects', PROJECT_KIND) },
  [ROLE_KIND]: { order: 20, delete: (s, ref, signal) => remove(clientFor(ref, s), `roles/${encodeURIComponent(ref.id)}`, signal), list: byName('roles', ROLE_KIND) },
};
