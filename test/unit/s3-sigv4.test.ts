/** The client's aws4 signing against the sandbox's own SigV4 verifier, and the S3 answer classifier. */
import { describe, expect, it } from 'vitest';
import { classifyS3Answer, isValidBucketName, listBucketsUrl, signS3Request } from '../../src/openstack/s3.js';
import { verifySigV4, type SigV4Input } from '../../src/sandbox/services/s3.js';

const NOW = new Date('2026-11-23T20:00:00Z');
const CREDS = { accessKeyId: 'AKIDEXAMPLE0001', secretAccessKey: 'canary-secret-7f3a9b' };
const secretOf = (access: string) => (access === CREDS.accessKeyId ? CREDS.secretAccessKey : undefined);

function signed(url: string, opts: { region?: string; method?: string; body?: string; now?: Date } = {}): SigV4Input {
  const u = new URL(url);
  const headers = signS3Request({ method: opts.method ?? 'GET', url: u, body: opts.body }, opts.region ?? 'us-east-1', CREDS, opts.now ?? NOW);
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  return { method: opts.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: lower, body: Buffer.from(opts.body ?? '') };
}

const verify = (input: SigV4Input, region = 'us-east-1', now = NOW) => verifySigV4(input, secretOf, { region, now });

describe('SigV4: aws4 signer vs the sandbox verifier', () => {
  it('accepts a correctly signed ListBuckets (path-style, with a port and a path prefix)', () => {
    expect(verify(signed('http://127.0.0.1:8080/'))).toEqual({ ok: true, accessKey: CREDS.accessKeyId });
    expect(verify(signed('http://127.0.0.1:41234/object-store/'))).toEqual({ ok: true, accessKey: CREDS.accessKeyId });
    expect(verify(signed('https://s3.example.com/my-bucket/a%20b.txt?list-type=2&prefix=x y'))).toMatchObject({ ok: true });
    expect(verify(signed('http://127.0.0.1:1/b', { method: 'PUT', body: 'payload' }))).toMatchObject({ ok: true });
  });
  it('signs Host, X-Amz-Date and the payload hash', () => {
    const input = signed('http://127.0.0.1:8080/');
    expect(input.headers.host).toBe('127.0.0.1:8080');
    expect(input.headers['x-amz-date']).toBe('20261123T200000Z');
    expect(input.headers['x-amz-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(input.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE0001\/20261123\/us-east-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
    expect(JSON.stringify(input.headers)).not.toContain(CREDS.secretAccessKey);
  });
  it('rejects a tampered request with SignatureDoesNotMatch', () => {
    const base = signed('http://127.0.0.1:8080/');
    expect(verify({ ...base, path: '/other/' })).toMatchObject({ ok: false, status: 403, code: 'SignatureDoesNotMatch' });
    expect(verify({ ...base, method: 'DELETE' })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(verify({ ...base, headers: { ...base.headers, host: '127.0.0.1:8081' } })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(verify({ ...base, query: new URLSearchParams('x=1') })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    const sig = base.headers.authorization as string;
    const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
    expect(verify({ ...base, headers: { ...base.headers, authorization: flipped } })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(verifySigV4(base, () => 'another-secret', { region: 'us-east-1', now: NOW })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });
  it('rejects a changed body through the payload hash', () => {
    const base = signed('http://127.0.0.1:1/b', { method: 'PUT', body: 'payload' });
    expect(verify({ ...base, body: Buffer.from('other') })).toMatchObject({ ok: false, status: 400, code: 'XAmzContentSHA256Mismatch' });
  });
  it('answers unknown keys, wrong regions, skew and anonymous requests as S3 does', () => {
    const base = signed('http://127.0.0.1:8080/');
    expect(verifySigV4(base, () => undefined, { region: 'us-east-1', now: NOW })).toMatchObject({ ok: false, status: 403, code: 'InvalidAccessKeyId' });
    expect(verify(base, 'RegionOne')).toMatchObject({ ok: false, status: 400, code: 'AuthorizationHeaderMalformed', region: 'RegionOne' });
    expect(verify(base, 'us-east-1', new Date(NOW.getTime() + 16 * 60_000))).toMatchObject({ ok: false, status: 403, code: 'RequestTimeTooSkewed' });
    const { authorization: _a, ...anonymous } = base.headers;
    expect(verify({ ...base, headers: anonymous })).toMatchObject({ ok: false, status: 403, code: 'AccessDenied' });
  });
});

describe('S3 answer classification', () => {
  const url = 'http://127.0.0.1/';
  it('reads a bucket list, with entities decoded', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>p:u</ID></Owner><Buckets><Bucket><Name>a&amp;b</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket><Bucket><Name>backups</Name></Bucket></Buckets></ListAllMyBucketsResult>';
    expect(classifyS3Answer(url, 200, 'application/xml', xml, 'us-east-1')).toEqual({ kind: 'buckets', url, status: 200, buckets: ['a&b', 'backups'], region: 'us-east-1' });
  });
  it('reads S3 error documents, with the expected region', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AuthorizationHeaderMalformed</Code><Message>the region is wrong</Message><Region>eu-1</Region></Error>';
    expect(classifyS3Answer(url, 400, 'application/xml', xml, 'us-east-1')).toMatchObject({ kind: 's3-error', code: 'AuthorizationHeaderMalformed', expectedRegion: 'eu-1' });
  });
  it('calls everything else not S3', () => {
    expect(classifyS3Answer(url, 200, 'application/json', '{"versions":[]}', 'us-east-1')).toMatchObject({ kind: 'not-s3', status: 200, snippet: '{"versions":[]}' });
    expect(classifyS3Answer(url, 404, 'text/html', '<html>Not Found</html>', 'us-east-1')).toMatchObject({ kind: 'not-s3' });
    expect(classifyS3Answer(url, 500, 'application/xml', '<ListAllMyBucketsResult></ListAllMyBucketsResult>', 'us-east-1')).toMatchObject({ kind: 'not-s3' });
    expect(classifyS3Answer(url, 403, 'application/xml', '<Error><Message>no code</Message></Error>', 'us-east-1')).toMatchObject({ kind: 'not-s3' });
  });
  it('builds the path-style ListBuckets URL', () => {
    expect(listBucketsUrl('http://h:1').toString()).toBe('http://h:1/');
    expect(listBucketsUrl('http://h:1/s3').toString()).toBe('http://h:1/s3/');
    expect(listBucketsUrl('http://h:1/s3/?x=1').toString()).toBe('http://h:1/s3/');
  });
  it('knows which container names S3 can list', () => {
    expect(['backups', 'scs-website', 'a.b-c'].every(isValidBucketName)).toBe(true);
    expect(['c1', 'Upper', 'a..b', '192.168.1.1', '-x-', 'x'.repeat(64), 'under_score'].some(isValidBucketName)).toBe(false);
  });
});
