/**
 * Sandbox S3: ListBuckets with AWS SigV4 verification against the EC2 credentials created through
 * the sandbox Keystone. Served at two places, as real clouds do:
 * - the dedicated `/s3` mount (the `object-store-s3` catalog entry; scs-0123-v2),
 * - the Swift proxy's root `/object-store/` (Swift's s3api middleware; scs-0123-v1 `swift-s3`).
 * Buckets are the project's Swift containers with valid bucket names (as s3api hides the others), plus
 * the profile's `objectstore.s3.extra_buckets`. Errors are S3 XML documents with S3's codes.
 *
 * The verifier is written from the SigV4 specification, independently of the aws4 signer the client
 * uses, so that a test of the two against each other means something.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';
import type { SandboxWorld } from '../world.js';
import { ec2Credentials } from './identity-credentials.js';
import { accountContainers, objectStoreSection } from './object-store.js';

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const MAX_SKEW_MS = 15 * 60 * 1000;
/** Swift's s3api default `max_bucket_listing`: ListBuckets shows at most this many. */
const MAX_BUCKET_LISTING = 1000;

export type SigV4Result =
  | { ok: true; accessKey: string }
  | { ok: false; status: number; code: string; message: string; region?: string };

export interface SigV4Input {
  method: string;
  /** The path as received (percent-encoded), without the query. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function header(headers: SigV4Input['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** The canonical request of SigV4 for S3 (no double encoding of the path, no path normalisation). */
export function canonicalRequest(input: SigV4Input, signedHeaders: string[], payloadHash: string): string {
  const uri = input.path
    .split('/')
    .map((seg) => rfc3986(decodeURIComponent(seg)))
    .join('/');
  const query = [...input.query.entries()]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${(header(input.headers, h) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  return [input.method, uri || '/', query, canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
}

function fail(status: number, code: string, message: string, region?: string): SigV4Result {
  return { ok: false, status, code, message, region };
}

/**
 * Verify the SigV4 `Authorization` header of an S3 request. `secretOf` looks up the secret of an
 * access key (undefined: unknown key).
 */
export function verifySigV4(input: SigV4Input, secretOf: (access: string) => string | undefined, opts: { region: string; now: Date }): SigV4Result {
  const auth = header(input.headers, 'authorization');
  if (!auth) return fail(403, 'AccessDenied', 'Access Denied.');
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/.exec(auth);
  if (!m) return fail(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.');
  const [, credential, signedHeaderList, signature] = m;
  const parts = credential!.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return fail(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  const [access, scopeDate, region, service] = parts as [string, string, string, string];
  if (service !== 's3') return fail(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; incorrect service "${service}". This endpoint belongs to "s3".`);
  if (region !== opts.region) return fail(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${region}' is wrong; expecting '${opts.region}'`, opts.region);
  const amzDate = header(input.headers, 'x-amz-date');
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) return fail(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  if (amzDate.slice(0, 8) !== scopeDate) return fail(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; Invalid credential date "${scopeDate}". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`);
  const when = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  if (!Number.isFinite(when) || Math.abs(when - opts.now.getTime()) > MAX_SKEW_MS) return fail(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  const payloadHash = header(input.headers, 'x-amz-content-sha256');
  if (!payloadHash) return fail(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256Hex(input.body)) {
    return fail(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const signedHeaders = signedHeaderList!.split(';');
  if (!signedHeaders.includes('host')) return fail(403, 'AccessDenied', 'The host header must be signed.');
  const secret = secretOf(access);
  if (secret === undefined) return fail(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest(input, signedHeaders, payloadHash))].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, scopeDate), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(signature!, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }
  return { ok: true, accessKey: access };
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xml(status: number, body: string, requestId: string): SandboxResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/xml', 'x-amz-request-id': requestId, 'X-Trans-Id': requestId, 'X-Openstack-Request-Id': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

function s3Error(status: number, code: string, message: string, requestId: string, extra = ''): SandboxResponse {
  return xml(status, `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`, requestId);
}

/** S3 bucket naming rules (the ones s3api enforces when listing containers as buckets). */
export function isValidBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !/\.\.|\.-|-\./.test(name) && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

/**
 * `keystoneS3token`: Swift's s3api validates through Keystone's s3token, and Keystone answers 401 both
 * for an unknown access key and for a wrong signature, so Swift says SignatureDoesNotMatch for either
 * (checked against real Swift 2.30 + Keystone in test/openstack/contract.test.ts).
 */
function s3Handler(world: SandboxWorld, opts: { keystoneS3token?: boolean } = {}) {
  return (req: SandboxRequest): SandboxResponse => {
    const requestId = `tx${randomBytes(11).toString('hex')}`;
    const options = objectStoreSection(world)?.s3 ?? {};
    const store = ec2Credentials(world);
    const verdict = verifySigV4(
      { method: req.method, path: req.fullPath, query: req.query, headers: req.headers, body: req.raw },
      (access) => store.get(access)?.secret,
      { region: options.region ?? 'us-east-1', now: world.now() },
    );
    if (!verdict.ok && opts.keystoneS3token && verdict.code === 'InvalidAccessKeyId') {
      return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', requestId);
    }
    if (!verdict.ok) {
      return s3Error(verdict.status, verdict.code, verdict.message, requestId, verdict.region ? `<Region>${xmlEscape(verdict.region)}</Region>` : '');
    }
    if (req.path !== '/' || req.query.size > 0 || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return s3Error(501, 'NotImplemented', 'The sandbox S3 implements ListBuckets only.', requestId);
    }
    const cred = store.get(verdict.accessKey)!;
    const names = new Set(accountContainers(world).map((c) => c.name).filter(isValidBucketName));
    for (const extra of options.extra_buckets ?? []) names.add(extra);
    const buckets = [...names]
      .sort()
      .slice(0, MAX_BUCKET_LISTING)
      .map((n) => `<Bucket><Name>${xmlEscape(n)}</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>`)
      .join('');
    return xml(
      200,
      `<ListAllMyBucketsResult xmlns="${XMLNS}"><Owner><ID>${xmlEscape(cred.projectId)}:${xmlEscape(cred.userId)}</ID><DisplayName>${xmlEscape(cred.projectId)}:${xmlEscape(cred.userId)}</DisplayName></Owner><Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`,
      requestId,
    );
  };
}

/** S3 at the `/s3` mount (the object-store-s3 catalog entry). */
export const s3Service: SandboxServiceFactory = (world) => {
  const section = objectStoreSection(world);
  if (!section || section.s3?.dedicated_endpoint === false) return undefined;
  const handler = s3Handler(world);
  return {
    mount: 's3',
    routes: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'].map((method) => ({ method, pattern: '/*', auth: false, handler })),
  };
};

/** S3 at the Swift proxy's root (`/object-store/`), as Swift's s3api middleware answers it. */
export const swiftS3apiService: SandboxServiceFactory = (world) => {
  const section = objectStoreSection(world);
  if (!section || section.s3?.swift_s3api === false) return undefined;
  return { mount: 'object-store', routes: [{ method: 'GET', pattern: '/', auth: false, handler: s3Handler(world, { keystoneS3token: true }) }] };
};
