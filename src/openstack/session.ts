/**
 * An authenticated session with a cloud: one Keystone token per run (renewed once on 401 or shortly
 * before it expires), endpoints from the token's catalog, requests with microversion headers, paging,
 * and version discovery cached per service.
 */
import type { Method } from 'got';
import { authenticate, type IssuedToken } from './auth.js';
import { canonicalServiceType, catalogHas, selectEndpoint } from './catalog.js';
import type { ResolvedCloud } from './config.js';
import { discoveryUrls, microversionServiceType, parseVersionDocument } from './discovery.js';
import { ApiError, errorBodyMessage, OpenStackError, safeUrl, scrub } from './errors.js';
import type { HttpClient } from './http.js';
import { nextLink, resolveNextLink, splitQuery } from './paginate.js';
import type { ConnectionSettings, OpenStackSession, PaginateOptions, RequestOptions, Response, TokenInfo } from './types.js';

/** Renew the token when it expires within this many milliseconds. */
export const TOKEN_RENEW_MARGIN_MS = 120_000;
/** Upper bound of pages per list, against servers that keep answering with a next link. */
export const MAX_PAGES = 10_000;

export interface SessionOptions {
  /** Secret values of the run; the session adds each token it receives. */
  secrets: Set<string>;
  now?: () => Date;
}

export class Session implements OpenStackSession {
  readonly settings: ConnectionSettings;
  private current: IssuedToken;
  private renewing: Promise<IssuedToken> | undefined;
  private readonly versions = new Map<string, Promise<string | undefined>>();
  private readonly now: () => Date;
  /** Origins the token may be sent to, computed once per token. */
  private origins: { token: IssuedToken; known: Set<string> } | undefined;

  private constructor(
    private readonly cloud: ResolvedCloud,
    private readonly http: HttpClient,
    private readonly opts: SessionOptions,
    first: IssuedToken,
  ) {
    this.settings = cloud.connectionSettings();
    this.current = first;
    this.now = opts.now ?? (() => new Date());
  }

  /** Authenticate and return a session. */
  static async open(cloud: ResolvedCloud, http: HttpClient, opts: SessionOptions, signal?: AbortSignal): Promise<Session> {
    for (const s of cloud.secretValues()) opts.secrets.add(s);
    const token = await authenticate(http, cloud, opts.secrets, signal);
    opts.secrets.add(token.id);
    http.log(`authenticated to cloud "${cloud.name}" as user ${token.info.user.name ?? token.info.user.id}` +
      `${token.info.project ? ` in project ${token.info.project.name ?? token.info.project.id}` : ''}; token expires ${token.info.expiresAt}`);
    return new Session(cloud, http, opts, token);
  }

  get token(): TokenInfo {
    return this.current.info;
  }

  get requestCount(): number {
    return this.http.requestCount;
  }

  endpoint(serviceType: string | string[]): string {
    return selectEndpoint(this.current.info.catalog, serviceType, this.settings.interface, this.settings.regionName).endpoint.url.replace(/\/+$/, '');
  }

  hasService(serviceType: string | string[]): boolean {
    return catalogHas(this.current.info.catalog, serviceType);
  }

  private async renew(signal?: AbortSignal): Promise<IssuedToken> {
    if (!this.renewing) {
      this.renewing = authenticate(this.http, this.cloud, this.opts.secrets, signal)
        .then((t) => {
          this.opts.secrets.add(t.id);
          this.current = t;
          this.http.log(`renewed the token of cloud "${this.cloud.name}"`);
          return t;
        })
        .finally(() => {
          this.renewing = undefined;
        });
    }
    return this.renewing;
  }

  private async validToken(signal?: AbortSignal): Promise<IssuedToken> {
    if (this.renewing) return this.renewing;
    const expires = Date.parse(this.current.info.expiresAt);
    if (Number.isFinite(expires) && expires - this.now().getTime() < TOKEN_RENEW_MARGIN_MS) return this.renew(signal);
    return this.current;
  }

  /** The absolute URL of a path of a service. */
  url(serviceType: string | string[], path: string): string {
    if (/^https?:\/\//i.test(path)) return path;
    const ep = this.endpoint(serviceType);
    const rel = path.replace(/^\/+/, '');
    return rel ? `${ep}/${rel}` : ep;
  }

  /** The token goes only to hosts of the catalog and of Keystone. */
  private assertKnownOrigin(url: string): void {
    const origin = new URL(url).origin;
    if (this.origins?.token !== this.current) {
      const known = new Set<string>([new URL(this.cloud.auth.authUrl).origin]);
      for (const s of this.current.info.catalog) for (const e of s.endpoints) {
        try {
          known.add(new URL(e.url).origin);
        } catch {
          // an unparsable endpoint URL is nobody's origin
        }
      }
      this.origins = { token: this.current, known };
    }
    if (!this.origins.known.has(origin)) throw new OpenStackError(`refusing to send the token to ${origin}: it is not an endpoint of the service catalog`);
  }

  async request<T = unknown>(serviceType: string | string[], path: string, opts: RequestOptions = {}): Promise<Response<T>> {
    const url = this.url(serviceType, path);
    this.assertKnownOrigin(url);
    const method = (opts.method ?? 'GET') as Method;
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.microversion) {
      const first = Array.isArray(serviceType) ? serviceType[0]! : serviceType;
      const canonical = canonicalServiceType(first);
      headers['OpenStack-API-Version'] = `${microversionServiceType(canonical)} ${opts.microversion}`;
      if (canonical === 'compute') headers['X-OpenStack-Nova-API-Version'] = opts.microversion;
    }
    const send = async (token: IssuedToken): Promise<Response<T>> =>
      this.http.send<T>({ method, url, headers: { ...headers, 'X-Auth-Token': token.id }, json: opts.json, searchParams: opts.searchParams, signal: opts.signal });
    let token = await this.validToken(opts.signal);
    let res = await send(token);
    if (res.status === 401 && !(opts.okStatus ?? []).includes(401)) {
      // The token may have been revoked or expired early: renew once and repeat.
      token = this.current === token ? await this.renew(opts.signal) : this.current;
      res = await send(token);
    }
    if ((res.status >= 200 && res.status < 300) || (opts.okStatus ?? []).includes(res.status)) return res;
    throw this.apiError(method, url, res);
  }

  private apiError(method: string, url: string, res: Response<unknown>): ApiError {
    const rid = res.headers['x-openstack-request-id'] ?? res.headers['x-compute-request-id'] ?? res.headers['x-trans-id'];
    const message = errorBodyMessage(res.body);
    return new ApiError(method, safeUrl(url), res.status, Array.isArray(rid) ? rid[0] : rid, message ? scrub(message, this.opts.secrets) : undefined);
  }

  async paginate<T = unknown>(serviceType: string | string[], path: string, opts: PaginateOptions): Promise<T[]> {
    const limit = opts.limit ?? 1000;
    const items: T[] = [];
    const endpoint = this.endpoint(serviceType);
    let url = this.url(serviceType, path);
    let params: Record<string, string | number | boolean | undefined> = { ...(opts.searchParams ?? {}), limit };
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const key = `${url}?${JSON.stringify(params)}`;
      if (seen.has(key)) throw new OpenStackError(`paging ${safeUrl(url)} loops: the server sent the same next link twice`);
      seen.add(key);
      const res = await this.request<Record<string, unknown>>(serviceType, url, { ...opts, searchParams: params });
      const list = res.body?.[opts.itemsKey];
      if (!Array.isArray(list)) {
        throw new OpenStackError(`GET ${safeUrl(url)} answered without a "${opts.itemsKey}" list`);
      }
      items.push(...(list as T[]));
      if (list.length === 0) break;
      const link = nextLink(res.body, res.headers, opts.itemsKey);
      if (link) {
        const next = splitQuery(resolveNextLink(link, endpoint, url));
        url = next.base;
        params = { ...(opts.searchParams ?? {}), ...next.params };
        continue;
      }
      // No link: a full page may still have a successor (servers that page without links).
      const last = list[list.length - 1] as { id?: unknown } | undefined;
      if (list.length < limit || typeof last?.id !== 'string') break;
      params = { ...params, marker: last.id };
    }
    return items;
  }

  maxMicroversion(serviceType: string | string[]): Promise<string | undefined> {
    const endpoint = this.endpoint(serviceType);
    let p = this.versions.get(endpoint);
    if (!p) {
      p = this.discover(serviceType, endpoint);
      this.versions.set(endpoint, p);
    }
    return p;
  }

  private async discover(serviceType: string | string[], endpoint: string): Promise<string | undefined> {
    let lastError: unknown;
    for (const url of discoveryUrls(endpoint, this.current.info.project?.id)) {
      try {
        const res = await this.request(serviceType, url, { okStatus: [300] });
        const info = parseVersionDocument(res.body, endpoint);
        if (info) return info.maxVersion;
      } catch (err) {
        lastError = err;
      }
    }
    if (lastError) throw lastError;
    return undefined;
  }
}
