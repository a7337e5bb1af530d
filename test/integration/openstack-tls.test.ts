/**
 * TLS against an HTTPS Keystone stand-in on loopback whose certificate is signed by a throw-away CA
 * made with openssl: verification fails without the CA, works with `cacert`, and with `verify: false`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCloud } from '../../src/openstack/config.js';
import { createOpenStackConnector } from '../../src/openstack/connect.js';
import { ConnectionError } from '../../src/openstack/errors.js';
import { hasOpenssl, listenHttps, makeCertificates, removeCertificates, type HttpsServer, type TestCertificates } from '../helpers/tls.js';

const SECRET = 'canary-tls-secret-8d2e7a';
let certs: TestCertificates;
let server: HttpsServer | undefined;
let dir: string;
let url: string;

beforeAll(async () => {
  if (!hasOpenssl()) return;
  certs = makeCertificates('scs-tls-', 'scs-test-ca');
  dir = certs.dir;
  server = await listenHttps(certs, (req, res) => {
    if (req.method === 'POST' && req.url === '/v3/auth/tokens') {
      const body = {
        token: {
          methods: ['application_credential'],
          user: { id: 'u1', name: 'tls-user', domain: { id: 'default', name: 'Default' } },
          project: { id: 'p1', name: 'tls-project', domain: { id: 'default', name: 'Default' } },
          roles: [{ id: 'r1', name: 'member' }],
          expires_at: new Date(Date.now() + 3600_000).toISOString(),
          catalog: [{ type: 'identity', name: 'keystone', endpoints: [{ interface: 'public', region_id: 'R', url: `${url}/v3` }] }],
        },
      };
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Subject-Token': 'tls-token-0123456789' });
      res.end(JSON.stringify(body));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ version: { id: 'v3.14', status: 'stable' } }));
  });
  url = server.url;
});

afterAll(async () => {
  await server?.close();
  removeCertificates(certs);
});

function cloudsYaml(extra: string): void {
  writeFileSync(
    join(dir, 'clouds.yaml'),
    `clouds:\n  tls:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: ${url}/v3\n      application_credential_id: ac1\n      application_credential_secret: ${SECRET}\n    region_name: R\n${extra}`,
  );
}

describe.skipIf(!hasOpenssl())('TLS verification', () => {
  it('fails without the CA, with a hint on cacert and verify, and without the secret', async () => {
    cloudsYaml('');
    const logs: string[] = [];
    const cloud = resolveCloud({ env: {}, cwd: dir, home: dir, systemDir: dir });
    expect(cloud.verify).toBe(true);
    let err: unknown;
    try {
      await createOpenStackConnector(cloud, { log: (m) => logs.push(m) }).session();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConnectionError);
    const message = (err as Error).message;
    expect(message).toContain(`POST ${url}/v3/auth/tokens failed`);
    expect(message).toContain('TLS verification failed: set `cacert: /path/to/ca-bundle.pem`');
    expect(message).not.toContain(SECRET);
    for (const l of logs) expect(l).not.toContain(SECRET);
  });

  it('works with cacert', async () => {
    cloudsYaml(`    cacert: ${join(dir, 'ca.pem')}\n`);
    const cloud = resolveCloud({ env: {}, cwd: dir, home: dir, systemDir: dir });
    expect(cloud.ca).toContain('BEGIN CERTIFICATE');
    const s = await createOpenStackConnector(cloud).session();
    expect(s.token.project?.name).toBe('tls-project');
    expect(s.endpoint('identity')).toBe(`${url}/v3`);
    const res = await s.request<{ version: { id: string } }>('identity', '');
    expect(res.body.version.id).toBe('v3.14');
  });

  it('works with verify: false, which wins over cacert', async () => {
    cloudsYaml(`    cacert: ${join(dir, 'does-not-matter.pem')}\n    verify: false\n`);
    const cloud = resolveCloud({ env: {}, cwd: dir, home: dir, systemDir: dir });
    expect(cloud.verify).toBe(false);
    const s = await createOpenStackConnector(cloud).session();
    expect(s.token.user.name).toBe('tls-user');
  });
});
