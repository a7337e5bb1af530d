/**
 * The S3 client honours the cloud's TLS settings: an HTTPS loopback S3 with a certificate from a CA
 * made by openssl in the test. Verification fails without the CA, works with it, and with verify off.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/openstack/errors.js';
import { listBuckets } from '../../src/openstack/s3.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const SECRET = 'canary-s3-tls-secret-41c9';
let dir: string;
let server: Server;
let url: string;
const seenAuth: string[] = [];

beforeAll(async () => {
  if (!hasOpenssl()) return;
  dir = mkdtempSync(join(tmpdir(), 'scs-s3-tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=scs-s3-test-ca');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  run('x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.pem', '-days', '2', '-extfile', 'ext.cnf');
  server = createServer({ key: readFileSync(join(dir, 'srv.key')), cert: readFileSync(join(dir, 'srv.pem')) }, (req, res) => {
    seenAuth.push(String(req.headers.authorization ?? ''));
    res.writeHead(200, { 'Content-Type': 'application/xml' });
    res.end('<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Buckets><Bucket><Name>tls-bucket</Name></Bucket></Buckets></ListAllMyBucketsResult>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
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
    const answer = await listBuckets({ endpoint: url, region: 'us-east-1', credentials, verify: true, ca: readFileSync(join(dir, 'ca.pem'), 'utf8') });
    expect(answer).toMatchObject({ kind: 'buckets', buckets: ['tls-bucket'] });
    expect(seenAuth.at(-1)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTLS\//);
    expect(seenAuth.join('\n')).not.toContain(SECRET);
  });
  it('skips verification only when verify is off', async () => {
    const answer = await listBuckets({ endpoint: url, region: 'us-east-1', credentials, verify: false });
    expect(answer).toMatchObject({ kind: 'buckets', buckets: ['tls-bucket'] });
  });
});
