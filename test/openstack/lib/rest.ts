/**
 * Raw REST access to the real services for the seed and the tests: got with JSON, no retries, no
 * thrown HTTP errors (the caller asserts the status), and Keystone v3 password / application
 * credential logins. Error messages carry method, URL, status and the start of the response body,
 * never a request body (it may hold a password).
 */
import got, { type Method, type OptionsOfTextResponseBody } from 'got';
import { KEYSTONE_V3 } from './target.js';

export interface RestResponse<T = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

export interface RestOptions {
  token?: string;
  json?: unknown;
  headers?: Record<string, string>;
  searchParams?: Record<string, string | number | boolean>;
  body?: Buffer | string;
}

export async function rest<T = Record<string, unknown>>(method: Method, url: string, opts: RestOptions = {}): Promise<RestResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
  if (opts.token) headers['X-Auth-Token'] = opts.token;
  const options: OptionsOfTextResponseBody = {
    method,
    headers,
    throwHttpErrors: false,
    retry: { limit: 0 },
    timeout: { request: 60_000 },
    followRedirect: false,
  };
  if (opts.json !== undefined) options.json = opts.json;
  if (opts.body !== undefined) options.body = opts.body;
  if (opts.searchParams) options.searchParams = opts.searchParams;
  const res = await got(url, options);
  let body: unknown = undefined;
  const type = String(res.headers['content-type'] ?? '');
  if (res.body && type.includes('json')) {
    try {
      body = JSON.parse(res.body);
    } catch {
      body = undefined;
    }
  }
  return { status: res.statusCode, headers: res.headers, body: body as T, text: res.body };
}

export class RestError extends Error {}

/** rest() that insists on one of the expected status codes. */
export async function restOk<T = Record<string, unknown>>(
  method: Method,
  url: string,
  opts: RestOptions & { expect?: number[] } = {},
): Promise<RestResponse<T>> {
  const res = await rest<T>(method, url, opts);
  const expect = opts.expect ?? [200, 201, 202, 204];
  if (!expect.includes(res.status)) {
    throw new RestError(`${method} ${url} answered ${res.status}, expected ${expect.join('/')}: ${res.text.slice(0, 400)}`);
  }
  return res;
}

export interface TokenBody {
  token: {
    user: { id: string; name: string; domain: { id: string; name: string } };
    project?: { id: string; name: string; domain: { id: string; name: string } };
    domain?: { id: string; name: string };
    roles: { id: string; name: string }[];
    catalog?: { type: string; name?: string; id: string; endpoints: { interface: string; url: string; region_id: string; region: string; id: string }[] }[];
    expires_at: string;
    issued_at: string;
    methods: string[];
  };
}

export interface Login {
  token: string;
  body: TokenBody;
}

export type Scope = { project: string; projectDomain: string } | { domain: string } | undefined;

export async function passwordLogin(user: string, userDomain: string, password: string, scope: Scope): Promise<Login> {
  const auth: Record<string, unknown> = {
    identity: { methods: ['password'], password: { user: { name: user, domain: { name: userDomain }, password } } },
  };
  if (scope && 'project' in scope) auth.scope = { project: { name: scope.project, domain: { name: scope.projectDomain } } };
  else if (scope && 'domain' in scope) auth.scope = { domain: { name: scope.domain } };
  return login({ auth }, `password login of ${user}`);
}

export async function appCredentialLogin(id: string, secret: string): Promise<Login> {
  return login(
    { auth: { identity: { methods: ['application_credential'], application_credential: { id, secret } } } },
    `application credential login ${id}`,
  );
}

async function login(body: unknown, what: string): Promise<Login> {
  const res = await rest<TokenBody>('POST', `${KEYSTONE_V3}/auth/tokens`, { json: body });
  const token = res.headers['x-subject-token'];
  if (res.status !== 201 || typeof token !== 'string') {
    throw new RestError(`${what} failed: Keystone answered ${res.status}: ${res.text.slice(0, 300)}`);
  }
  return { token, body: res.body };
}
