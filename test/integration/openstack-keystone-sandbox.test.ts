/**
 * The sandbox Keystone on the wire, as a raw HTTP client sees it (no client library in between).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';

const PROJECT_ID = '3c6b0f9e2a7d4e51b8f4a2c9d0e1f203';
const USER_ID = '7d2a9c4e1b3f4a6d8e0c2b4d6f8a0c21';
const APPCRED_ID = '1e5b8d2c4f7a4b9e8c3d6f1a2b4c7e90';

let sb: RunningSandbox;

beforeAll(async () => {
  sb = await startSandbox({ name: 'keystone-test', identity: loadProfile('compliant').identity });
});
afterAll(async () => {
  await sb?.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const passwordAuth = (scope?: unknown, user: Record<string, unknown> = { name: 'scs-tester', domain: { name: 'Default' }, password: 'sandbox-fake-password' }) => ({
  auth: { identity: { methods: ['password'], password: { user } }, ...(scope ? { scope } : {}) },
});

describe('sandbox Keystone', () => {
  it('answers version documents without a token', async () => {
    const root = await call('GET', '/identity');
    expect(root.status).toBe(300);
    expect(root.body!.versions.values[0]).toMatchObject({ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${sb.url}/identity/v3/` }] });
    const v3 = await call('GET', '/identity/v3');
    expect(v3.status).toBe(200);
    expect(v3.body!.version.id).toBe('v3.14');
  });

  it('issues a project-scoped token by user name and domain, with the catalog', async () => {
    const res = await call('POST', '/identity/v3/auth/tokens', passwordAuth({ project: { name: 'scs-test', domain: { name: 'Default' } } }));
    expect(res.status).toBe(201);
    expect(res.headers.get('x-subject-token')).toMatch(/^gAAAA/);
    const t = res.body!.token;
    expect(t.methods).toEqual(['password']);
    expect(t.user).toMatchObject({ id: USER_ID, name: 'scs-tester', domain: { id: 'default', name: 'Default' } });
    expect(t.project).toMatchObject({ id: PROJECT_ID, name: 'scs-test' });
    expect(t.roles.map((r: { name: string }) => r.name).sort()).toEqual(['member', 'reader']);
    expect(t.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(t.issued_at).toMatch(/Z$/);
    expect(t.audit_ids).toHaveLength(1);
    const volume = t.catalog.find((s: { type: string }) => s.type === 'volumev3');
    expect(volume.name).toBe('cinderv3');
    expect(volume.endpoints.map((e: { interface: string }) => e.interface).sort()).toEqual(['internal', 'public']);
    expect(volume.endpoints[0]).toMatchObject({ region_id: 'RegionOne', region: 'RegionOne', url: `${sb.url}/volume/v3/${PROJECT_ID}` });
    expect(t.catalog.map((s: { type: string }) => s.type)).toEqual([
      'identity', 'compute', 'block-storage', 'volumev3', 'image', 'network', 'object-store', 'object-store-s3', 'key-manager', 'load-balancer', 'placement',
    ]);
  });

  it('accepts user and project ids, ?nocatalog, and domain scope', async () => {
    const res = await call('POST', '/identity/v3/auth/tokens?nocatalog', passwordAuth({ project: { id: PROJECT_ID } }, { id: USER_ID, password: 'sandbox-fake-password' }));
    expect(res.status).toBe(201);
    expect(res.body!.token.catalog).toBeUndefined();
    expect(res.body!.token.project.id).toBe(PROJECT_ID);
    // No role on the domain: Keystone refuses the scope.
    const dom = await call('POST', '/identity/v3/auth/tokens', passwordAuth({ domain: { name: 'Default' } }));
    expect(dom.status).toBe(401);
    const unscoped = await call('POST', '/identity/v3/auth/tokens', passwordAuth());
    expect(unscoped.status).toBe(201);
    expect(unscoped.body!.token.project).toBeUndefined();
    expect(unscoped.body!.token.catalog).toEqual([]);
  });

  it('answers 401 in Keystone shape to a wrong password, an unknown user and a foreign project', async () => {
    const wrong = await call('POST', '/identity/v3/auth/tokens', passwordAuth(undefined, { name: 'scs-tester', domain: { id: 'default' }, password: 'nope' }));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } });
    expect(wrong.headers.get('www-authenticate')).toContain('Keystone uri=');
    const unknown = await call('POST', '/identity/v3/auth/tokens', passwordAuth(undefined, { name: 'ghost', domain: { id: 'default' }, password: 'x' }));
    expect(unknown.status).toBe(401);
    const project = await call('POST', '/identity/v3/auth/tokens', passwordAuth({ project: { id: 'nope' } }));
    expect(project.status).toBe(401);
    const bad = await call('POST', '/identity/v3/auth/tokens', { auth: {} });
    expect(bad.status).toBe(400);
  });

  it('issues tokens for application credentials by id and by name + user, refusing a scope', async () => {
    const byId = await call('POST', '/identity/v3/auth/tokens', {
      auth: { identity: { methods: ['application_credential'], application_credential: { id: APPCRED_ID, secret: 'sandbox-fake-appcred-secret' } } },
    });
    expect(byId.status).toBe(201);
    expect(byId.body!.token.application_credential).toEqual({ id: APPCRED_ID, name: 'scs-compliance', restricted: true });
    expect(byId.body!.token.project.id).toBe(PROJECT_ID);
    const byName = await call('POST', '/identity/v3/auth/tokens', {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { name: 'scs-compliance', secret: 'sandbox-fake-appcred-secret', user: { name: 'scs-tester', domain: { name: 'Default' } } },
        },
      },
    });
    expect(byName.status).toBe(201);
    const wrong = await call('POST', '/identity/v3/auth/tokens', {
      auth: { identity: { methods: ['application_credential'], application_credential: { id: APPCRED_ID, secret: 'wrong' } } },
    });
    expect(wrong.status).toBe(401);
    const scoped = await call('POST', '/identity/v3/auth/tokens', {
      auth: {
        identity: { methods: ['application_credential'], application_credential: { id: APPCRED_ID, secret: 'sandbox-fake-appcred-secret' } },
        scope: { project: { id: PROJECT_ID } },
      },
    });
    expect(scoped.status).toBe(401);
  });

  it('validates, rescopes and revokes tokens; serves catalog, projects, user, project, domains, roles', async () => {
    const unscoped = await call('POST', '/identity/v3/auth/tokens', passwordAuth());
    const u = unscoped.headers.get('x-subject-token')!;
    const rescoped = await call('POST', '/identity/v3/auth/tokens', { auth: { identity: { methods: ['token'], token: { id: u } }, scope: { project: { id: PROJECT_ID } } } });
    expect(rescoped.status).toBe(201);
    expect(rescoped.body!.token.methods).toEqual(['token']);
    const t = rescoped.headers.get('x-subject-token')!;
    const auth = { 'X-Auth-Token': t };

    const validated = await call('GET', '/identity/v3/auth/tokens', undefined, { ...auth, 'X-Subject-Token': u });
    expect(validated.status).toBe(200);
    expect(validated.body!.token.user.id).toBe(USER_ID);

    expect((await call('GET', '/identity/v3/auth/catalog', undefined, auth)).body!.catalog).toHaveLength(11);
    expect((await call('GET', '/identity/v3/auth/catalog', undefined, { 'X-Auth-Token': u })).status).toBe(403);
    expect((await call('GET', '/identity/v3/auth/projects', undefined, auth)).body!.projects.map((p: { name: string }) => p.name)).toEqual(['scs-test']);
    expect((await call('GET', `/identity/v3/users/${USER_ID}`, undefined, auth)).body!.user).toMatchObject({ id: USER_ID, name: 'scs-tester', domain_id: 'default' });
    expect((await call('GET', `/identity/v3/projects/${PROJECT_ID}`, undefined, auth)).body!.project).toMatchObject({ id: PROJECT_ID, domain_id: 'default' });
    expect((await call('GET', '/identity/v3/domains', undefined, auth)).body!.domains.map((d: { name: string }) => d.name)).toEqual(['Default']);
    expect((await call('GET', '/identity/v3/roles', undefined, auth)).body!.roles.map((r: { name: string }) => r.name).sort()).toEqual(['member', 'reader']);
    expect((await call('GET', '/identity/v3/roles')).status).toBe(401);

    const revoked = await call('DELETE', '/identity/v3/auth/tokens', undefined, { ...auth, 'X-Subject-Token': u });
    expect(revoked.status).toBe(204);
    expect((await call('GET', '/identity/v3/auth/tokens', undefined, { ...auth, 'X-Subject-Token': u })).status).toBe(404);
  });

  it('rejects a profile with an unknown key in the identity section', async () => {
    await expect(startSandbox({ name: 'bad', identity: { catalogue: [] } })).rejects.toThrow(/section identity: unknown key "catalogue"/);
  });
});
