/**
 * Our OpenStack client (src/openstack) against the real services, through the seeded clouds.yaml:
 * password and application-credential login, version discovery and microversions, and paging that
 * follows the real services' own next links (Nova flavors_links, Glance next) to the same result as a
 * single big page. A wrong password is an AuthError that does not contain the password.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCloud } from '../../src/openstack/config.js';
import { createOpenStackConnector } from '../../src/openstack/connect.js';
import { AuthError } from '../../src/openstack/errors.js';
import type { OpenStackSession } from '../../src/openstack/types.js';
import { CLOUDS, CLOUDS_YAML } from './lib/target.js';
import { shapeSeed } from './shapes.js';

const HOME = mkdtempSync(join(tmpdir(), 'osci-client-home-'));

function connect(cloud: string, file = CLOUDS_YAML) {
  const resolved = resolveCloud({ cloud, env: { OS_CLIENT_CONFIG_FILE: file }, cwd: HOME, home: HOME, systemDir: join(HOME, 'etc') });
  return createOpenStackConnector(resolved, { retryLimit: 0 });
}

let session: OpenStackSession;

beforeAll(async () => {
  session = await connect(CLOUDS.compliant).session();
});

afterAll(() => {
  rmSync(HOME, { recursive: true, force: true });
});

describe('login', () => {
  it('with a password gives a project-scoped member token with the full catalog', () => {
    expect(session.token.project?.name).toBe('osci-compliant');
    expect(session.token.roles.map((r) => r.name).sort()).toEqual(['member', 'reader']);
    expect(session.token.methods).toEqual(['password']);
    for (const type of ['identity', 'compute', 'image', 'volumev3', 'network', 'object-store', 'key-manager', 'load-balancer', 'placement']) {
      expect(session.hasService(type), type).toBe(true);
    }
    expect(session.endpoint('compute')).toBe('http://127.0.0.1:8774/v2.1');
  });

  it('with the application credential gives the same project and roles', async () => {
    const appcred = await connect(CLOUDS.compliantAppcred).session();
    expect(appcred.token.methods).toEqual(['application_credential']);
    expect(appcred.token.project?.id).toBe(session.token.project?.id);
    expect(appcred.token.roles.map((r) => r.name).sort()).toEqual(['member', 'reader']);
  });

  it('with a wrong password fails with an AuthError that does not contain the password', async () => {
    const canary = 'osci-canary-wrong-password-7f3a';
    const doc = parse(readFileSync(CLOUDS_YAML, 'utf8')) as { clouds: Record<string, { auth: Record<string, string> }> };
    const cloud = doc.clouds[CLOUDS.compliant]!;
    cloud.auth.password = canary;
    const file = join(HOME, 'clouds.yaml');
    writeFileSync(file, stringify({ clouds: { 'osci-wrong': cloud } }), { mode: 0o600 });
    const err = await connect('osci-wrong', file)
      .session()
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(String((err as Error).message)).not.toContain(canary);
    expect(JSON.stringify(err)).not.toContain(canary);
  });
});

describe('discovery', () => {
  it('finds the microversion ranges of Nova (2.93) and Cinder (3.70)', async () => {
    expect(await session.maxMicroversion('compute')).toBe('2.93');
    expect(await session.maxMicroversion(['block-storage', 'volumev3'])).toBe('3.70');
  });
});

describe('paging through the real next links', () => {
  it('Nova flavors in pages of 4 equal one page of 1000', async () => {
    const small = await session.paginate<{ id: string; name: string }>('compute', 'flavors/detail', { itemsKey: 'flavors', limit: 4 });
    const big = await session.paginate<{ id: string; name: string }>('compute', 'flavors/detail', { itemsKey: 'flavors', limit: 1000 });
    expect(big.length).toBe(shapeSeed('compliant').flavors.length);
    expect(small.map((f) => f.id)).toEqual(big.map((f) => f.id));
    expect(new Set(small.map((f) => f.id)).size).toBe(small.length);
  });

  it('Glance images in pages of 2 equal one page of 1000', async () => {
    const small = await session.paginate<{ id: string }>('image', 'v2/images', { itemsKey: 'images', limit: 2, searchParams: { visibility: 'all' } });
    const big = await session.paginate<{ id: string }>('image', 'v2/images', { itemsKey: 'images', limit: 1000, searchParams: { visibility: 'all' } });
    expect(big.length).toBeGreaterThanOrEqual(shapeSeed('compliant').images.length);
    expect(small.map((i) => i.id)).toEqual(big.map((i) => i.id));
  });
});
