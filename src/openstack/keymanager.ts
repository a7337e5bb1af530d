/**
 * Barbican (service type `key-manager`): create, find, read and delete secrets (`/v1/secrets`).
 * A secret's id is the last path segment of its `secret_ref` href.
 */
import type { OpenStackSession } from './types.js';

export const KEY_MANAGER_TYPES = ['key-manager'];

/** The uuid at the end of a Barbican `secret_ref` (`https://barbican:9311/v1/secrets/<uuid>`). */
export function secretIdFromRef(ref: string): string {
  return ref.replace(/\/+$/, '').split('/').pop() ?? ref;
}

/** Path of the secrets collection relative to the key-manager endpoint (`…/v1` or unversioned). */
export function secretsPath(endpoint: string, id?: string): string {
  const base = /\/v1\/?$/.test(new URL(endpoint).pathname) ? '' : 'v1/';
  return `${base}secrets${id ? `/${encodeURIComponent(id)}` : ''}`;
}

export interface SecretMeta {
  id: string;
  name?: string;
  status?: string;
  secretType?: string;
  href: string;
}

/** Barbican refused the call for the token's roles (HTTP 403). */
export class SecretForbiddenError extends Error {
  override name = 'SecretForbiddenError';
  constructor(
    readonly operation: string,
    message: string,
  ) {
    super(message);
  }
}

interface RawSecret {
  secret_ref?: unknown;
  name?: unknown;
  status?: unknown;
  secret_type?: unknown;
}

function toMeta(raw: RawSecret | undefined): SecretMeta | undefined {
  if (!raw || typeof raw.secret_ref !== 'string') return undefined;
  return {
    id: secretIdFromRef(raw.secret_ref),
    href: raw.secret_ref,
    ...(typeof raw.name === 'string' ? { name: raw.name } : {}),
    ...(typeof raw.status === 'string' ? { status: raw.status } : {}),
    ...(typeof raw.secret_type === 'string' ? { secretType: raw.secret_type } : {}),
  };
}

/** Store an opaque text secret; SecretForbiddenError on 403. */
export async function createSecret(session: OpenStackSession, name: string, payload: string, signal?: AbortSignal): Promise<SecretMeta> {
  const path = secretsPath(session.endpoint(KEY_MANAGER_TYPES));
  const res = await session.request<{ secret_ref?: unknown }>(KEY_MANAGER_TYPES, path, {
    method: 'POST',
    json: { name, payload, payload_content_type: 'text/plain', secret_type: 'opaque' },
    okStatus: [403],
    signal,
  });
  if (res.status === 403) throw new SecretForbiddenError('create', `Barbican refused to store secret "${name}" (POST ${path} answered 403)`);
  const meta = toMeta(res.body as RawSecret);
  if (!meta) throw new Error(`Barbican answered POST ${path} with status ${res.status} but without a secret_ref`);
  return { ...meta, name };
}

/** Secrets of the project with exactly this name (`GET /v1/secrets?name=`); SecretForbiddenError on 403. */
export async function findSecrets(session: OpenStackSession, name: string, signal?: AbortSignal): Promise<SecretMeta[]> {
  const path = secretsPath(session.endpoint(KEY_MANAGER_TYPES));
  const res = await session.request<{ secrets?: RawSecret[] }>(KEY_MANAGER_TYPES, path, { searchParams: { name, limit: 100 }, okStatus: [403], signal });
  if (res.status === 403) throw new SecretForbiddenError('list', `Barbican refused to list secrets (GET ${path} answered 403)`);
  if (!Array.isArray(res.body?.secrets)) throw new Error(`Barbican answered GET ${path} without a "secrets" list`);
  return res.body.secrets.map(toMeta).filter((m): m is SecretMeta => m !== undefined);
}

/** Every secret of the project (pages of `limit`/`offset`), for cleanup by name prefix. */
export async function listSecrets(session: OpenStackSession, signal?: AbortSignal): Promise<SecretMeta[]> {
  const path = secretsPath(session.endpoint(KEY_MANAGER_TYPES));
  const out: SecretMeta[] = [];
  for (let offset = 0; offset < 100_000; ) {
    const res = await session.request<{ secrets?: RawSecret[]; total?: number }>(KEY_MANAGER_TYPES, path, { searchParams: { limit: 100, offset }, signal });
    const page = Array.isArray(res.body?.secrets) ? res.body.secrets : [];
    out.push(...page.map(toMeta).filter((m): m is SecretMeta => m !== undefined));
    offset += page.length;
    if (page.length === 0 || (typeof res.body.total === 'number' && offset >= res.body.total)) break;
  }
  return out;
}

/** The metadata of one secret, or undefined on 404; SecretForbiddenError on 403. */
export async function getSecret(session: OpenStackSession, id: string, signal?: AbortSignal): Promise<SecretMeta | undefined> {
  const path = secretsPath(session.endpoint(KEY_MANAGER_TYPES), id);
  const res = await session.request<RawSecret>(KEY_MANAGER_TYPES, path, { headers: { Accept: 'application/json' }, okStatus: [403, 404], signal });
  if (res.status === 403) throw new SecretForbiddenError('read', `Barbican refused to read secret ${id} (GET ${path} answered 403)`);
  if (res.status === 404) return undefined;
  return toMeta(res.body);
}

/** Delete a secret; 404 counts as deleted; SecretForbiddenError on 403. */
export async function deleteSecret(session: OpenStackSession, id: string, signal?: AbortSignal): Promise<void> {
  const path = secretsPath(session.endpoint(KEY_MANAGER_TYPES), id);
  const res = await session.request(KEY_MANAGER_TYPES, path, { method: 'DELETE', okStatus: [403, 404], signal });
  if (res.status === 403) throw new SecretForbiddenError('delete', `Barbican refused to delete secret ${id} (DELETE ${path} answered 403)`);
}
