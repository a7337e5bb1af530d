/**
 * The OpenStack client as the rest of the code sees it. Implemented in this folder on got
 * (clouds.yaml and OS_* lookup, Keystone v3 auth, catalog, discovery, microversions, paging, retries).
 */

/** One catalog entry of the token, as Keystone returns it. */
export interface CatalogEndpoint {
  id?: string;
  interface: 'public' | 'internal' | 'admin' | string;
  region_id?: string | null;
  region?: string | null;
  url: string;
}
export interface CatalogService {
  id?: string;
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

/** What the token says about who we are. Never contains the token itself. */
export interface TokenInfo {
  user: { id: string; name?: string; domain?: { id: string; name?: string } };
  project?: { id: string; name?: string; domain?: { id: string; name?: string } };
  domain?: { id: string; name?: string };
  roles: { id?: string; name: string }[];
  expiresAt: string;
  methods: string[];
  catalog: CatalogService[];
}

/** TLS and endpoint settings resolved from clouds.yaml / OS_* (no secrets). */
export interface ConnectionSettings {
  cloudName: string;
  authUrl: string;
  regionName?: string;
  interface: string;
  /** false: TLS verification off (the user asked for it). */
  verify: boolean;
  /** PEM text of the CA bundle, if one was configured. */
  ca?: string;
  /** Seconds per request (api_timeout), undefined = our default. */
  apiTimeout?: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  searchParams?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  headers?: Record<string, string>;
  /** e.g. `2.61` for compute; sent as `OpenStack-API-Version: <type> <v>` (and the legacy header for Nova). */
  microversion?: string;
  /** Status codes that are not errors for this call (e.g. [404] when probing). */
  okStatus?: number[];
  signal?: AbortSignal;
}

export interface Response<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

export interface PaginateOptions extends Omit<RequestOptions, 'method' | 'json'> {
  /** Key of the list in the body, e.g. `flavors`, `images`, `volume_types`. */
  itemsKey: string;
  /** Page size sent as `limit` (default 1000). */
  limit?: number;
}

export interface OpenStackSession {
  readonly settings: ConnectionSettings;
  readonly token: TokenInfo;
  /**
   * The endpoint URL of a service (by type, or any of several alias types), for the configured interface
   * and region. Throws ServiceNotFoundError when the catalog has none.
   */
  endpoint(serviceType: string | string[]): string;
  /** Whether the catalog has the service type (or one of the aliases). */
  hasService(serviceType: string | string[]): boolean;
  /** A request to a service: `path` is relative to the endpoint (leading `/` optional) or absolute. */
  request<T = unknown>(serviceType: string | string[], path: string, opts?: RequestOptions): Promise<Response<T>>;
  /** All items of a paged list (`limit`/`marker`, `*_links` next, Glance `next`, Link header). */
  paginate<T = unknown>(serviceType: string | string[], path: string, opts: PaginateOptions): Promise<T[]>;
  /** Highest microversion the endpoint supports (from version discovery), e.g. `2.93`, or undefined. */
  maxMicroversion(serviceType: string | string[]): Promise<string | undefined>;
  /** How many HTTP requests this session made (for benchmarks and reports). */
  readonly requestCount: number;
}

/** Lazily connects (authenticates once per run). */
export interface OpenStackConnector {
  readonly cloudName: string;
  session(): Promise<OpenStackSession>;
}
