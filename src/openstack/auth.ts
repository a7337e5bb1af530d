/**
 * Keystone v3 authentication: the request body for password, application credential and token auth
 * with project, domain, system or no scope, and the token answer turned into TokenInfo.
 */
import type { ResolvedCloud } from './config.js';
import { ApiError, AuthError, errorBodyMessage, safeUrl, scrub } from './errors.js';
import type { HttpClient } from './http.js';
import type { CatalogService, TokenInfo } from './types.js';

/** `https://keystone/` → `https://keystone/v3`; a URL already ending in `/v3` stays. */
export function identityV3Url(authUrl: string): string {
  const trimmed = authUrl.replace(/\/+$/, '');
  if (/\/v3(\.\d+)?$/.test(trimmed)) return trimmed;
  if (/\/v2\.0$/.test(trimmed)) return trimmed.replace(/\/v2\.0$/, '/v3');
  return `${trimmed}/v3`;
}

type Ref = { id: string } | { name: string };

function domainRef(id: string | undefined, name: string | undefined): Ref | undefined {
  if (id) return { id };
  if (name) return { name };
  return undefined;
}

/** The JSON body of `POST /v3/auth/tokens` for a cloud. Contains the secret: never log it. */
export function authRequestBody(cloud: ResolvedCloud): Record<string, unknown> {
  const a = cloud.auth;
  const userRef = (): Record<string, unknown> =>
    a.userId ? { id: a.userId } : { name: a.username, domain: domainRef(a.userDomainId, a.userDomainName) };
  let identity: Record<string, unknown>;
  if (cloud.authType === 'v3applicationcredential') {
    const cred: Record<string, unknown> = a.applicationCredentialId
      ? { id: a.applicationCredentialId, secret: a.applicationCredentialSecret }
      : { name: a.applicationCredentialName, secret: a.applicationCredentialSecret, user: userRef() };
    // An application credential is bound to its project: no scope may be requested.
    return { auth: { identity: { methods: ['application_credential'], application_credential: cred } } };
  } else if (cloud.authType === 'token') {
    identity = { methods: ['token'], token: { id: a.token } };
  } else {
    identity = { methods: ['password'], password: { user: { ...userRef(), password: a.password } } };
  }
  let scope: Record<string, unknown> | undefined;
  if (a.projectId) scope = { project: { id: a.projectId } };
  else if (a.projectName) scope = { project: { name: a.projectName, domain: domainRef(a.projectDomainId, a.projectDomainName) } };
  else if (a.domainId || a.domainName) scope = { domain: domainRef(a.domainId, a.domainName) };
  else if (a.systemScope) scope = { system: { [a.systemScope]: true } };
  return { auth: scope ? { identity, scope } : { identity } };
}

export interface IssuedToken {
  /** The token itself: a secret. */
  id: string;
  info: TokenInfo;
}

interface KeystoneRef {
  id?: string;
  name?: string;
  domain?: { id?: string; name?: string };
}

function ref(r: KeystoneRef | undefined): { id: string; name?: string; domain?: { id: string; name?: string } } | undefined {
  if (!r || typeof r !== 'object' || typeof r.id !== 'string') return undefined;
  const out: { id: string; name?: string; domain?: { id: string; name?: string } } = { id: r.id };
  if (typeof r.name === 'string') out.name = r.name;
  if (r.domain && typeof r.domain.id === 'string') out.domain = { id: r.domain.id, ...(typeof r.domain.name === 'string' ? { name: r.domain.name } : {}) };
  return out;
}

/** TokenInfo from the body of a Keystone token answer; throws when the answer is not a token. */
export function parseTokenBody(body: unknown): TokenInfo {
  const t = (body as { token?: Record<string, unknown> } | undefined)?.token;
  if (!t || typeof t !== 'object') throw new Error('the answer has no "token" object');
  const user = ref(t.user as KeystoneRef);
  if (!user) throw new Error('the token has no user');
  if (typeof t.expires_at !== 'string') throw new Error('the token has no expires_at');
  const roles = Array.isArray(t.roles)
    ? (t.roles as { id?: unknown; name?: unknown }[])
        .filter((r) => typeof r?.name === 'string')
        .map((r) => ({ ...(typeof r.id === 'string' ? { id: r.id } : {}), name: r.name as string }))
    : [];
  const catalog: CatalogService[] = Array.isArray(t.catalog)
    ? (t.catalog as CatalogService[])
        .filter((s) => s && typeof s.type === 'string')
        .map((s) => ({ ...s, endpoints: Array.isArray(s.endpoints) ? s.endpoints.filter((e) => e && typeof e.url === 'string') : [] }))
    : [];
  const info: TokenInfo = {
    user,
    roles,
    expiresAt: t.expires_at,
    methods: Array.isArray(t.methods) ? (t.methods as unknown[]).filter((m): m is string => typeof m === 'string') : [],
    catalog,
  };
  const project = ref(t.project as KeystoneRef);
  if (project) info.project = project;
  const domain = ref(t.domain as KeystoneRef);
  if (domain) info.domain = { id: domain.id, ...(domain.name ? { name: domain.name } : {}) };
  return info;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Ask Keystone for a token. AuthError on 401; ApiError on any other unexpected answer. */
export async function authenticate(http: HttpClient, cloud: ResolvedCloud, secrets: Iterable<string>, signal?: AbortSignal): Promise<IssuedToken> {
  const url = `${identityV3Url(cloud.auth.authUrl)}/auth/tokens`;
  const res = await http.send({ method: 'POST', url, json: authRequestBody(cloud), signal });
  const requestId = header(res.headers, 'x-openstack-request-id');
  const message = (() => {
    const m = errorBodyMessage(res.body);
    return m ? scrub(m, secrets) : undefined;
  })();
  if (res.status === 401) throw new AuthError(cloud.name, `${message ?? 'HTTP 401'}${requestId ? `, request id ${requestId}` : ''}`);
  if (res.status !== 201 && res.status !== 200) {
    const hint = res.status === 404 ? 'check auth_url: it should be the Keystone endpoint, e.g. https://keystone.example.com:5000/v3' : message;
    throw new ApiError('POST', safeUrl(url), res.status, requestId, hint);
  }
  const id = header(res.headers, 'x-subject-token');
  if (!id) throw new ApiError('POST', safeUrl(url), res.status, requestId, 'Keystone answered without an X-Subject-Token header');
  let info: TokenInfo;
  try {
    info = parseTokenBody(res.body);
  } catch (err) {
    throw new ApiError('POST', safeUrl(url), res.status, requestId, `not a Keystone token answer: ${(err as Error).message}`);
  }
  return { id, info };
}
