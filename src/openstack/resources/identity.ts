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

/** The registered sessions of the run a name (or name prefix) belongs to, with their keys. */
function sessionsFor(name: string): [string, OpenStackSession][] {
  return [...clients].filter(([key]) => name.startsWith(key.slice(0, key.lastIndexOf('dm/'))) && key.includes('dm/'));
}

/**
 * Objects by name prefix: with the run's domain-manager sessions when they are registered (a create
 * whose answer was lost is then still found and deleted with the right token), else with the ledger's.
 */
function byName(collection: 'users' | 'projects' | 'groups' | 'roles', kind: string): ResourceKind<OpenStackSession>['list'] {
  return async (fallback, prefix, signal) => {
    const sessions: [string | undefined, OpenStackSession][] = sessionsFor(prefix);
    if (sessions.length === 0) sessions.push([undefined, fallback]);
    const found = new Map<string, ResourceRef>();
    let lastError: Error | undefined;
    for (const [key, session] of sessions) {
      const res = await identityCall<Record<string, { id: string; name: string }[]>>(session, 'GET', collection, { searchParams: { name__startswith: prefix }, signal });
      if (res.status !== 200) {
        lastError = new Error(`Keystone refused GET /v3/${collection} (HTTP ${res.status})`);
        continue;
      }
      for (const o of res.body[collection] ?? []) {
        if (o.name.startsWith(prefix) && !found.has(o.id)) found.set(o.id, { kind, id: o.id, name: o.name, ...(key ? { attrs: { client: key } } : {}) });
      }
    }
    if (found.size === 0 && lastError) throw lastError;
    return [...found.values()];
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
