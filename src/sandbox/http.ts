/**
 * The sandbox's tiny HTTP framework: routes per service, JSON bodies, OpenStack-style errors.
 * Only node:http; the sandbox must speak the real wire format, so every service module builds its
 * responses as the real service does (status codes, headers, body keys).
 */
import type { IncomingMessage } from 'node:http';

export interface SandboxRequest {
  method: string;
  /** Path below the service's mount point, starting with `/`, without the query string. */
  path: string;
  /** Full path as received, without the query string. */
  fullPath: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Raw body bytes. */
  raw: Buffer;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  /** Path parameters from the route pattern (`:name`). */
  params: Record<string, string>;
  /** Base URL of the sandbox, e.g. `http://127.0.0.1:43121`. */
  baseUrl: string;
  /** The authenticated token's context, when the route requires a token. */
  auth?: AuthContext;
}

/** What a valid `X-Auth-Token` stands for. */
export interface AuthContext {
  tokenId: string;
  userId: string;
  projectId?: string;
  domainId?: string;
  roles: string[];
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
}

export type Handler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export interface Route {
  method: string;
  /** Pattern below the mount point, e.g. `/flavors/:id/os-extra_specs`; `*` at the end matches the rest. */
  pattern: string;
  handler: Handler;
  /** Default true: the route needs a valid X-Auth-Token. */
  auth?: boolean;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status, body, headers: { 'Content-Type': 'application/json', ...headers } };
}

/** Error body in the shape most OpenStack services use (Nova, Cinder, Keystone differ; see helpers). */
export function novaError(status: number, message: string): SandboxResponse {
  const key = status === 404 ? 'itemNotFound' : status === 403 ? 'forbidden' : status === 401 ? 'unauthorized' : 'badRequest';
  return json(status, { [key]: { code: status, message } });
}

export function keystoneError(status: number, message: string): SandboxResponse {
  const title = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : status === 409 ? 'Conflict' : 'Bad Request';
  return json(status, { error: { code: status, message, title } });
}

export function neutronError(status: number, type: string, message: string): SandboxResponse {
  return json(status, { NeutronError: { type, message, detail: '' } });
}

/** Glance and Swift answer errors as text/html or text/plain; Glance's 404 body is HTML-ish text. */
export function textError(status: number, message: string): SandboxResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=UTF-8' }, body: `${status} ${message}` };
}

export function compileRoute(pattern: string): (path: string) => Record<string, string> | undefined {
  const parts = pattern.split('/').filter(Boolean);
  return (path: string) => {
    const segs = path.split('/').filter(Boolean);
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p === '*') {
        params['*'] = segs.slice(i).map(decodeURIComponent).join('/');
        return params;
      }
      const s = segs[i];
      if (s === undefined) return undefined;
      if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(s);
      else if (p !== s) return undefined;
    }
    return segs.length === parts.length ? params : undefined;
  };
}
