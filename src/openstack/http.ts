/**
 * The HTTP layer of the OpenStack client, on got 14: TLS (CA bundle, verify on/off, client cert), a
 * per-request timeout (32 s unless api_timeout says otherwise), retries of idempotent methods on
 * 408/429/5xx and network errors (honouring Retry-After; POST is never retried), and a request counter.
 * It returns every HTTP answer as it is; deciding what is an error is the session's job.
 */
import got, { RequestError, type Got, type Method } from 'got';
import { connectionError, safeUrl, scrub } from './errors.js';
import type { Response } from './types.js';

export const DEFAULT_TIMEOUT_SECONDS = 32;

export interface HttpClientOptions {
  verify: boolean;
  /** PEM text of the CA bundle. */
  ca?: string;
  clientCert?: string;
  clientKey?: string;
  /** Seconds per request attempt; 0 = no timeout; undefined = 32 s. */
  timeoutSeconds?: number;
  /** Retries after the first attempt (default 2). */
  retryLimit?: number;
  /** Base of the exponential backoff in ms (default 1000; tests use less). Retry-After wins. */
  retryBackoffMs?: number;
  /** Longest Retry-After we wait for, in ms (default 60 s); longer ones are not retried. */
  maxRetryAfterMs?: number;
  log?: (message: string) => void;
  /** Secret values to scrub from every message (tokens are added as they are issued). */
  secrets: () => Iterable<string>;
}

export interface HttpRequest {
  method: Method;
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  searchParams?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

const IDEMPOTENT: Method[] = ['GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE'];

export class HttpClient {
  private readonly got: Got;
  private count = 0;

  constructor(private readonly opts: HttpClientOptions) {
    const timeoutMs = opts.timeoutSeconds === undefined ? DEFAULT_TIMEOUT_SECONDS * 1000 : opts.timeoutSeconds * 1000;
    const backoff = opts.retryBackoffMs ?? 1000;
    this.got = got.extend({
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
      timeout: timeoutMs > 0 ? { request: timeoutMs } : {},
      https: {
        rejectUnauthorized: opts.verify,
        certificateAuthority: opts.ca,
        certificate: opts.clientCert,
        key: opts.clientKey,
      },
      retry: {
        limit: opts.retryLimit ?? 2,
        methods: IDEMPOTENT,
        statusCodes: [408, 429, 500, 502, 503, 504],
        maxRetryAfter: opts.maxRetryAfterMs ?? 60_000,
        calculateDelay: ({ attemptCount, computedValue, retryAfter }) => {
          if (computedValue === 0) return 0;
          if (retryAfter) return computedValue;
          return Math.min(backoff * 2 ** (attemptCount - 1), 10_000);
        },
      },
      hooks: {
        beforeRequest: [
          () => {
            this.count++;
          },
        ],
        beforeRetry: [
          (error, retryCount) => {
            const status = error.response?.statusCode;
            this.log(`retry ${retryCount} of ${error.options.method} ${safeUrl(String(error.options.url))} after ${status ?? error.code ?? error.message}`);
          },
        ],
      },
    });
  }

  /** HTTP requests sent, retries included. */
  get requestCount(): number {
    return this.count;
  }

  log(message: string): void {
    this.opts.log?.(scrub(message, this.opts.secrets()));
  }

  /** Send a request; resolves with any HTTP answer, rejects with ConnectionError when there is none. */
  async send<T = unknown>(req: HttpRequest): Promise<Response<T>> {
    // got replaces a URL's query by `searchParams`: merge them (explicit parameters win).
    let url = req.url;
    const searchParams: Record<string, string | number | boolean> = {};
    const explicit = Object.entries(req.searchParams ?? {}).filter(([, v]) => v !== undefined);
    if (explicit.length > 0 && url.includes('?')) {
      const u = new URL(url);
      for (const [k, v] of u.searchParams) searchParams[k] = v;
      u.search = '';
      url = u.toString();
    }
    for (const [k, v] of explicit) searchParams[k] = v!;
    const started = performance.now();
    let res;
    try {
      res = await this.got(url, {
        method: req.method,
        headers: { Accept: 'application/json', 'User-Agent': 'scs-compliance', ...(req.headers ?? {}) },
        json: req.json,
        searchParams: Object.keys(searchParams).length ? searchParams : undefined,
        signal: req.signal,
      });
    } catch (err) {
      if (req.signal?.aborted) throw req.signal.reason instanceof Error ? req.signal.reason : new Error('request cancelled');
      const code = err instanceof RequestError ? err.code : (err as NodeJS.ErrnoException).code;
      const cause = (err as { cause?: { code?: string } }).cause;
      const detail = scrub((err as Error).message, this.opts.secrets());
      throw connectionError(req.method, req.url, cause?.code && cause.code !== code ? cause.code : code, detail);
    }
    const ms = Math.round(performance.now() - started);
    this.log(`${req.method} ${safeUrl(res.url)} → ${res.statusCode} (${ms} ms)`);
    const text = res.body;
    const type = String(res.headers['content-type'] ?? '');
    let body: unknown = text;
    if (text.length > 0 && /json/i.test(type)) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    } else if (text.length === 0) {
      body = undefined;
    }
    return { status: res.statusCode, headers: res.headers as Record<string, string | string[] | undefined>, body: body as T };
  }
}
