/**
 * The S3 client honours the cloud's TLS settings: an HTTPS loopback S3 with a certificate from a CA
 * made by openssl in the test. Verification fails without the CA, works with it, and with verify off.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/openstack/errors.js';
import { listBuckets } from '../../src/openstack/s3.js';
import { hasOpenssl, listenHttps, makeCertificates, removeCertificates, type HttpsServer, type TestCertificates } from '../helpers/tls.js';

const SECRET = 'canary-s3-tls-secret-41c9';
let certs: TestCertificates;
let server: HttpsServer | undefined;
let url: string;
const seenAuth: string[] = [];

beforeAll(async () => {
  if (!hasOpenssl()) return;
  certs = makeCertificates('scs-s3-tls-', 'scs-s3-test-ca');
  server = await listenHttps(certs, (req, res) => {
    seenAuth.push(String(req.headers.authorization ?? ''));
    res.writeHead(200, { 'Content-Type': 'application/xml' });
    res.end('<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Buckets><Bucket><Name>tls-bucket</Name></Bucket></Buckets></ListAllMyBucketsResult>');
  });
  url = server.url;
});

afterAll(async () => {
  await server?.close();
  removeCertificates(certs);
});

const credentials = { accessKeyId: 'AKIDTLS', secretAccessKey: SECRET };

describe.skipIf(!hasOpenssl())('S3 over TLS', () => {
  it('refuses an unknown CA with a TLS hint, and without the secret in the message', async () => {
    const err = await listBuckets({ endpoint: url, region: 'us-east-1', credentials, verify: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toMatch(/TLS verification failed/);
    expect((err as Error).message).not.toContain(SECRET);
  });
  it('trusts the configured CA bundle', async () => {
    const answer = await listBuckets({ endpoint: url, region: 'us-east-1', credentials, verify: true, ca: readFileSync(certs.caFile, 'utf8') });
    expect(answer).toMatchObject({ kind: 'buckets', buckets: ['tls-bucket'] });
    expect(seenAuth.at(-1)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTLS\//);
    expect(seenAuth.join('\n')).not.toContain(SECRET);
  });
  it('skips verification only when verify is off', async () => {
    const answer = await listBuckets({ endpoint: url, region: 'us-east-1', credentials, verify: false });
    expect(answer).toMatchObject({ kind: 'buckets', buckets: ['tls-bucket'] });
  });
});
