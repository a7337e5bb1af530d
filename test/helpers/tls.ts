/**
 * A throw-away CA and a server certificate for 127.0.0.1, made with openssl in a temporary folder,
 * and an HTTPS server on loopback that uses them: for tests of TLS verification.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface TestCertificates {
  /** The temporary folder holding the files; remove it with `removeCertificates`. */
  dir: string;
  /** Path of the CA certificate (PEM), for `cacert` or `ca`. */
  caFile: string;
  /** The server's private key and certificate (PEM), valid for IP 127.0.0.1. */
  key: Buffer;
  cert: Buffer;
}

/** Makes a CA named `caName` and a server certificate it signs for IP 127.0.0.1, valid two days. */
export function makeCertificates(dirPrefix: string, caName: string): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', `/CN=${caName}`);
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  run('x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.pem', '-days', '2', '-extfile', 'ext.cnf');
  return { dir, caFile: join(dir, 'ca.pem'), key: readFileSync(join(dir, 'srv.key')), cert: readFileSync(join(dir, 'srv.pem')) };
}

export function removeCertificates(certs: TestCertificates | undefined): void {
  if (certs) rmSync(certs.dir, { recursive: true, force: true });
}

export interface HttpsServer {
  server: Server;
  /** `https://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Starts an HTTPS server on 127.0.0.1 (a free port) with the given certificate. */
export async function listenHttps(certs: TestCertificates, handler: RequestListener): Promise<HttpsServer> {
  const server = createServer({ key: certs.key, cert: certs.cert }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    server,
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
