/**
 * A small S3 client: one ListBuckets request (`GET /` path-style) signed with AWS SigV4 (aws4), sent
 * with got honouring the cloud's TLS settings. It classifies the answer instead of throwing on HTTP
 * status, because "which kind of answer came back" is what the S3 checks decide on.
 */
import aws4 from 'aws4';
import got, { RequestError } from 'got';
import { connectionError, safeUrl } from './errors.js';

export interface S3Credentials {
  accessKeyId: string;
  /** Used for signing only; never part of any message. */
  secretAccessKey: string;
}

export interface S3RequestOptions {
  /** Base URL of the S3 API (path-style), e.g. `https://objects.example.com` or `http://127.0.0.1:8080/s3`. */
  endpoint: string;
  /** Region to sign for first (S3 and Swift's s3api default to us-east-1). */
  region: string;
  /** Regions to try next when the server rejects the region without naming the one it expects. */
  alternativeRegions?: string[];
  credentials: S3Credentials;
  /** false: TLS verification off (the user asked for it). */
  verify: boolean;
  /** PEM text of the CA bundle. */
  ca?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type S3Answer =
  /** A ListAllMyBucketsResult. */
  | { kind: 'buckets'; url: string; status: number; buckets: string[]; region: string }
  /** An S3 error document (`<Error><Code>…`). */
  | { kind: 's3-error'; url: string; status: number; code: string; message: string; region: string; expectedRegion?: string }
  /** Something that is not S3: HTML, JSON, an empty body, a redirect. */
  | { kind: 'not-s3'; url: string; status: number; contentType: string; snippet: string; region: string };

/** The URL of ListBuckets for a path-style endpoint: the endpoint's path with a trailing slash. */
export function listBucketsUrl(endpoint: string): URL {
  const u = new URL(endpoint);
  u.search = '';
  u.hash = '';
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u;
}

/** Sign a request with SigV4 for service `s3`; returns the headers to send (Host, X-Amz-Date, X-Amz-Content-Sha256, Authorization). */
export function signS3Request(
  req: { method: string; url: URL; body?: string; headers?: Record<string, string> },
  region: string,
  credentials: S3Credentials,
  now?: Date,
): Record<string, string> {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (now) headers['X-Amz-Date'] = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const signed = aws4.sign(
    {
      host: req.url.host,
      path: req.url.pathname + req.url.search,
      method: req.method,
      service: 's3',
      region,
      headers,
      body: req.body,
    },
    { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
  );
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers ?? {})) if (v !== undefined) out[k] = String(v);
  return out;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return XML_ENTITIES[e] ?? m;
  });
}

function element(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? decodeXml(m[1]!.trim()) : undefined;
}

/** Classify an HTTP answer to ListBuckets. Pure. */
export function classifyS3Answer(url: string, status: number, contentType: string, body: string, region: string): S3Answer {
  const text = body.trim();
  if (/^(<\?xml[^>]*\?>\s*)?<ListAllMyBucketsResult[\s>]/.test(text) && status === 200) {
    const bucketsXml = element(text, 'Buckets') ?? '';
    const buckets = [...bucketsXml.matchAll(/<Bucket>([\s\S]*?)<\/Bucket>/g)].map((m) => element(m[1]!, 'Name') ?? '').filter((n) => n !== '');
    return { kind: 'buckets', url, status, buckets, region };
  }
  if (/^(<\?xml[^>]*\?>\s*)?<Error[\s>]/.test(text)) {
    const code = element(text, 'Code');
    if (code) {
      return { kind: 's3-error', url, status, code, message: element(text, 'Message') ?? '', region, expectedRegion: element(text, 'Region') };
    }
  }
  return { kind: 'not-s3', url, status, contentType, snippet: text.replace(/\s+/g, ' ').slice(0, 160), region };
}

/**
 * ListBuckets at a path-style endpoint. When the server says the region is wrong
 * (AuthorizationHeaderMalformed / with a `<Region>` hint), the request is signed again once for that region.
 * Transport failures (refused, DNS, TLS) throw a ConnectionError.
 */
export async function listBuckets(opts: S3RequestOptions): Promise<S3Answer> {
  let answer = await listBucketsOnce(opts, opts.region);
  const tried = new Set([opts.region]);
  const wrongRegion = (a: S3Answer) => a.kind === 's3-error' && a.code === 'AuthorizationHeaderMalformed' && /region/i.test(a.message);
  if (answer.kind === 's3-error' && answer.expectedRegion && !tried.has(answer.expectedRegion)) {
    tried.add(answer.expectedRegion);
    answer = await listBucketsOnce(opts, answer.expectedRegion);
  }
  for (const region of opts.alternativeRegions ?? []) {
    if (!wrongRegion(answer) || tried.has(region)) continue;
    tried.add(region);
    answer = await listBucketsOnce(opts, region);
  }
  return answer;
}

/** S3 bucket naming rules: Swift's s3api lists only containers whose names are valid bucket names. */
export function isValidBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !/\.\.|\.-|-\./.test(name) && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

async function listBucketsOnce(opts: S3RequestOptions, region: string): Promise<S3Answer> {
  const url = listBucketsUrl(opts.endpoint);
  const headers = signS3Request({ method: 'GET', url }, region, opts.credentials);
  let res;
  try {
    res = await got(url, {
      method: 'GET',
      headers,
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
      retry: { limit: 1, methods: ['GET'], statusCodes: [502, 503, 504] },
      timeout: { request: opts.timeoutMs ?? 32_000 },
      https: { rejectUnauthorized: opts.verify, certificateAuthority: opts.ca },
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof RequestError) throw connectionError('GET', url.toString(), err.code, err.message);
    throw err;
  }
  const contentType = String(res.headers['content-type'] ?? '');
  return classifyS3Answer(safeUrl(url.toString()), res.statusCode, contentType, res.body, region);
}
