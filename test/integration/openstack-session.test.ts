/**
 * The OpenStack client against the sandbox over real HTTP on loopback: Keystone auth, catalog,
 * errors, paging, retries, microversions, token renewal, and that no secret reaches a message or log.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FactStore } from '../../src/engine/facts.js';
import type { TargetEnvironment } from '../../src/engine/environment.js';
import { createOpenStackConnector } from '../../src/openstack/connect.js';
import { ApiError, AuthError, ConnectionError, OpenStackError, ServiceNotFoundError } from '../../src/openstack/errors.js';
import { catalogFact, sessionFact } from '../../src/openstack/facts.js';
import type { OpenStackSession } from '../../src/openstack/types.js';
import { sandboxCloud, sandboxCloudsYaml } from '../../src/sandbox/cloud-config.js';
import { json, type Route } from '../../src/sandbox/http.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import type { SandboxServiceFactory } from '../../src/sandbox/service.js';

const CANARY = 'canary-wrong-password-4f9a1c';

/** A test-only service: paged lists in several styles, flaky answers, header echo, version document. */
const hits = new Map<string, number>();
function hit(key: string): number {
  const n = (hits.get(key) ?? 0) + 1;
  hits.set(key, n);
  return n;
}

const seenQueries: string[] = [];
const ITEMS = Array.from({ length: 7 }, (_, i) => ({ id: `i${i + 1}` }));
const SERVER_MAX = 3;

function page(query: URLSearchParams): { items: { id: string }[]; more: boolean; last?: string } {
  const limit = Math.min(Number(query.get('limit') ?? SERVER_MAX), SERVER_MAX);
  const marker = query.get('marker');
  const start = marker ? ITEMS.findIndex((x) => x.id === marker) + 1 : 0;
  const items = ITEMS.slice(start, start + limit);
  return { items, more: start + limit < ITEMS.length, last: items[items.length - 1]?.id };
}

const testService: SandboxServiceFactory = () => {
  const routes: Route[] = [
    { method: 'GET', pattern: '/v1', handler: () => json(200, { version: { id: 'v1.0', status: 'CURRENT', version: '1.42', min_version: '1.0' } }) },
    {
      method: 'GET',
      pattern: '/v1/nova-style',
      handler: (req) => {
        hit('nova-style');
        const p = page(req.query);
        const body: Record<string, unknown> = { things: p.items };
        if (p.more) body.things_links = [{ rel: 'next', href: `${req.baseUrl}/testsvc/v1/nova-style?limit=${SERVER_MAX}&marker=${p.last}&kind=${req.query.get('kind') ?? ''}` }];
        return json(200, body);
      },
    },
    {
      method: 'GET',
      pattern: '/v1/v2/glance-style',
      handler: (req) => {
        const p = page(req.query);
        return json(200, { things: p.items, ...(p.more ? { next: `/v2/glance-style?marker=${p.last}` } : {}) });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/link-style',
      handler: (req) => {
        const p = page(req.query);
        return json(200, { things: p.items }, p.more ? { Link: `<${req.baseUrl}/testsvc/v1/link-style?marker=${p.last}>; rel="next"` } : {});
      },
    },
    {
      method: 'GET',
      pattern: '/v1/marker-only',
      handler: (req) => json(200, { things: page(req.query).items }),
    },
    {
      method: 'GET',
      pattern: '/v1/loop',
      handler: (req) => json(200, { things: [{ id: 'x' }], things_links: [{ rel: 'next', href: `${req.baseUrl}/testsvc/v1/loop?marker=x` }] }),
    },
    {
      method: 'GET',
      pattern: '/v1/flaky/:key',
      handler: (req) => (hit(req.params.key!) <= 2 ? json(503, { message: 'try again' }) : json(200, { ok: true })),
    },
    {
      method: 'GET',
      pattern: '/v1/ratelimited/:key',
      handler: (req) => (hit(req.params.key!) === 1 ? json(429, { message: 'slow down' }, { 'Retry-After': '1' }) : json(200, { ok: true })),
    },
    {
      method: 'POST',
      pattern: '/v1/flaky/:key',
      handler: (req) => {
        hit(req.params.key!);
        return json(503, { error: { message: 'unavailable' } });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/echo',
      handler: (req) => {
        seenQueries.push(req.query.toString());
        return json(200, { headers: req.headers });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/leaky-error',
      handler: (req) => json(400, { badRequest: { code: 400, message: `Bad token ${String(req.headers['x-auth-token'])} given` } }),
    },
    { method: 'GET', pattern: '/*', handler: (req) => json(200, { where: req.path, headers: req.headers }) },
  ];
  return { mount: 'testsvc', routes };
};

let sb: RunningSandbox;
const logs: string[] = [];
const messages: string[] = [];
/** Every password, secret and token the connectors of this file saw. */
const allSecrets = new Set<string>();

function connector(cloud = sandboxCloud(sb, { auth: 'password' }), extra: Parameters<typeof createOpenStackConnector>[1] = {}) {
  return createOpenStackConnector(cloud, { log: (m) => logs.push(m), retryBackoffMs: 5, secrets: allSecrets, ...extra });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    messages.push((e as Error).message);
    return e as Error;
  }
  throw new Error('expected a failure');
}

function tokenPosts(): number {
  return sb.requests.filter((r) => r.method === 'POST' && r.path === '/identity/v3/auth/tokens').length;
}

beforeAll(async () => {
  const base = loadProfile('compliant');
  const identity = base.identity as { catalog: object[] };
  const catalog = [
    ...identity.catalog.filter((c) => (c as { type: string }).type !== 'compute'),
    { type: 'compute', name: 'nova', path: '/testsvc/nova' },
    { type: 'test-paging', name: 'pager', path: '/testsvc/v1' },
    {
      type: 'regional',
      endpoints: [
        { interface: 'public', region: 'RegionOne', path: '/testsvc/r1' },
        { interface: 'public', region: 'RegionTwo', path: '/testsvc/r2' },
        { interface: 'internal', region: 'RegionOne', path: '/testsvc/int' },
      ],
    },
  ];
  sb = await startSandbox({ name: 'session-test', identity: { ...identity, catalog } }, { extraServices: [testService] });
});

afterAll(async () => {
  await sb?.close();
  // Canary: no secret of the run appears in any log line or error message.
  const secrets = [CANARY, 'sandbox-fake-password', 'sandbox-fake-appcred-secret', ...sb.world.tokens.keys(), ...allSecrets];
  expect(sb.world.tokens.size).toBeGreaterThan(0);
  expect([...allSecrets].filter((x) => x.startsWith('gAAAA')).length).toBeGreaterThan(5);
  expect(logs.length).toBeGreaterThan(20);
  for (const line of [...logs, ...messages]) for (const s of secrets) expect(line).not.toContain(s);
});

beforeEach(() => hits.clear());

describe('authentication', () => {
  it('password auth scopes the token to the project and keeps the catalog', async () => {
    const s = await connector().session();
    expect(s.token.user.name).toBe('scs-tester');
    expect(s.token.project).toMatchObject({ id: '3c6b0f9e2a7d4e51b8f4a2c9d0e1f203', name: 'scs-test' });
    expect(s.token.roles.map((r) => r.name).sort()).toEqual(['member', 'reader']);
    expect(s.token.methods).toEqual(['password']);
    expect(s.token.catalog.map((c) => c.type)).toContain('load-balancer');
    expect(s.settings).toMatchObject({ cloudName: 'sandbox', interface: 'public', regionName: 'RegionOne', verify: true });
    expect(Date.parse(s.token.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('application credential auth gets a token of the credential project', async () => {
    const secrets = new Set<string>();
    const s = await connector(sandboxCloud(sb, { auth: 'application-credential' }), { secrets }).session();
    expect(s.token.methods).toEqual(['application_credential']);
    expect(s.token.project?.name).toBe('scs-test');
    expect(secrets.has('sandbox-fake-appcred-secret')).toBe(true);
    // The token itself is registered as a secret so that the engine can scrub it.
    expect([...secrets].some((x) => sb.world.tokens.has(x))).toBe(true);
  });

  it('application credential by name and user, and token auth, work through the client', async () => {
    const base = sandboxCloud(sb, { auth: 'application-credential' });
    const byName = base.with({
      auth: { authUrl: base.auth.authUrl, applicationCredentialName: 'scs-compliance', applicationCredentialSecret: 'sandbox-fake-appcred-secret', username: 'scs-tester', userDomainName: 'Default' },
    });
    const a = await connector(byName).session();
    expect(a.token.methods).toEqual(['application_credential']);
    // Token auth: the token of a password session, re-scoped to the project by id.
    const secrets = new Set<string>();
    await connector(undefined, { secrets }).session();
    const tokenId = [...secrets].find((x) => sb.world.tokens.has(x))!;
    const { ResolvedCloud } = await import('../../src/openstack/config.js');
    const tokenCloud = new ResolvedCloud('tok', 'token', { authUrl: base.auth.authUrl, token: tokenId, projectId: '3c6b0f9e2a7d4e51b8f4a2c9d0e1f203' }, 'RegionOne', 'public', true, undefined, undefined, undefined, 'test');
    const t = await connector(tokenCloud).session();
    expect(t.token.methods).toEqual(['token']);
    expect(t.token.project?.id).toBe('3c6b0f9e2a7d4e51b8f4a2c9d0e1f203');
  });

  it('authenticates once per connector, however many callers', async () => {
    const before = tokenPosts();
    const c = connector();
    const [a, b] = await Promise.all([c.session(), c.session()]);
    expect(a).toBe(b);
    expect(tokenPosts() - before).toBe(1);
  });

  it('a wrong password is an AuthError naming the cloud, without the password', async () => {
    const good = sandboxCloud(sb, { auth: 'password' });
    const bad = good.with({ auth: { ...good.auth, password: CANARY } });
    const err = await failure(connector(bad).session());
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/^Keystone rejected the credentials of cloud "sandbox" — check/);
    expect(err.message).toContain('The request you have made requires authentication.');
    expect(err.message).not.toContain(CANARY);
  });

  it('an unreachable auth URL is a ConnectionError', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const good = sandboxCloud(sb, { auth: 'password' });
    const cloud = good.with({ auth: { ...good.auth, authUrl: `http://127.0.0.1:${port}/identity/v3` } });
    const err = await failure(connector(cloud).session());
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain(`POST http://127.0.0.1:${port}/identity/v3/auth/tokens failed`);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('renews the token once when a service answers 401', async () => {
    const s = await connector().session();
    for (const id of [...sb.world.tokens.keys()]) sb.world.tokens.delete(id);
    const before = tokenPosts();
    const res = await s.request<{ projects: unknown[] }>('identity', '/auth/projects');
    expect(res.status).toBe(200);
    expect(res.body.projects).toHaveLength(1);
    expect(tokenPosts() - before).toBe(1);
  });

  it('renews the token shortly before it expires', async () => {
    let clock = Date.now();
    const s = await connector(undefined, { now: () => new Date(clock) }).session();
    const before = tokenPosts();
    await s.request('identity', '/auth/projects');
    expect(tokenPosts() - before).toBe(0);
    clock = Date.parse(s.token.expiresAt) - 30_000;
    await s.request('identity', '/auth/projects');
    expect(tokenPosts() - before).toBe(1);
  });
});

describe('catalog', () => {
  let s: OpenStackSession;
  beforeAll(async () => {
    s = await connector().session();
  });

  it('picks the endpoint of the interface and region, with aliases', async () => {
    expect(s.endpoint('regional')).toBe(`${sb.url}/testsvc/r1`);
    expect(s.endpoint('volumev3')).toBe(`${sb.url}/volume/v3/3c6b0f9e2a7d4e51b8f4a2c9d0e1f203`);
    expect(s.endpoint('volume')).toBe(`${sb.url}/volume/v3/3c6b0f9e2a7d4e51b8f4a2c9d0e1f203`);
    expect(s.hasService(['volume', 'block-storage'])).toBe(true);
    const cloud = sandboxCloud(sb, { auth: 'password' });
    const r2 = await connector(cloud.with({ regionName: 'RegionTwo' })).session();
    expect(r2.endpoint('regional')).toBe(`${sb.url}/testsvc/r2`);
    const internal = await connector(cloud.with({ interfaceName: 'internal' })).session();
    expect(internal.endpoint('regional')).toBe(`${sb.url}/testsvc/int`);
    expect((await internal.request<{ where: string }>('regional', '/ping')).body.where).toBe('/int/ping');
  });

  it('a missing service is a ServiceNotFoundError with the types present', () => {
    let err: unknown;
    try {
      s.endpoint('dns');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ServiceNotFoundError);
    expect((err as Error).message).toMatch(/^no endpoint of type "dns" for interface "public" in region "RegionOne": the service catalog has none; the catalog has the types: .*compute.*load-balancer/);
  });

  it('the catalog fact reads the token (no extra request), and the session fact explains a missing cloud', async () => {
    const env: TargetEnvironment = { openstack: connector(), variables: {}, runId: 't', log: () => undefined };
    const store = new FactStore(env, new AbortController().signal, new Date());
    const catalog = await store.get(catalogFact);
    expect(catalog.project?.name).toBe('scs-test');
    expect(catalog.services.some((x) => x.type === 'identity')).toBe(true);
    expect((await store.get(sessionFact)).requestCount).toBe(1);
    const none = new FactStore({ variables: {}, runId: 't', log: () => undefined }, new AbortController().signal, new Date());
    await expect(none.get(sessionFact)).rejects.toThrow(/openstack\.session: no OpenStack cloud is configured for this run: pass --os-cloud/);
  });
});

describe('requests', () => {
  let s: OpenStackSession;
  beforeAll(async () => {
    s = await connector().session();
  });

  it('pages through *_links, Glance next, Link headers and markers, keeping the query', async () => {
    const nova = await s.paginate<{ id: string }>('test-paging', '/nova-style', { itemsKey: 'things', searchParams: { kind: 'all' } });
    expect(nova.map((x) => x.id)).toEqual(ITEMS.map((x) => x.id));
    expect(hits.get('nova-style')).toBe(3);
    expect((await s.paginate<{ id: string }>('test-paging', '/v2/glance-style', { itemsKey: 'things' })).map((x) => x.id)).toEqual(ITEMS.map((x) => x.id));
    expect((await s.paginate<{ id: string }>('test-paging', 'link-style', { itemsKey: 'things' })).map((x) => x.id)).toEqual(ITEMS.map((x) => x.id));
    expect((await s.paginate<{ id: string }>('test-paging', 'marker-only', { itemsKey: 'things', limit: 3 })).map((x) => x.id)).toEqual(ITEMS.map((x) => x.id));
  });

  it('stops a paging loop', async () => {
    const err = await failure(s.paginate('test-paging', '/loop', { itemsKey: 'things' }));
    expect(err).toBeInstanceOf(OpenStackError);
    expect(err.message).toMatch(/loops: the server sent the same next link twice/);
  });

  it('retries GET on 503 and on 429 with Retry-After, never POST', async () => {
    const ok = await s.request<{ ok: boolean }>('test-paging', '/flaky/g1');
    expect(ok.body.ok).toBe(true);
    expect(hits.get('g1')).toBe(3);
    const limited = await s.request<{ ok: boolean }>('test-paging', '/ratelimited/r1');
    expect(limited.body.ok).toBe(true);
    expect(hits.get('r1')).toBe(2);
    expect(logs.some((l) => /retry 1 of GET .*\/ratelimited\/r1 after 429/.test(l))).toBe(true);
    const err = await failure(s.request('test-paging', '/flaky/p1', { method: 'POST', json: {} }));
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(503);
    expect(err.message).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/testsvc\/v1\/flaky\/p1 answered 503: unavailable \(request id req-/);
    expect(hits.get('p1')).toBe(1);
  });

  it('sends microversion headers (and the legacy Nova header for compute)', async () => {
    const h = (await s.request<{ headers: Record<string, string> }>('test-paging', '/echo', { microversion: '1.5' })).body.headers;
    expect(h['openstack-api-version']).toBe('test-paging 1.5');
    expect(h['x-openstack-nova-api-version']).toBeUndefined();
    const n = (await s.request<{ where: string; headers: Record<string, string> }>('compute', '/flavors', { microversion: '2.61' })).body;
    expect(n.where).toBe('/nova/flavors');
    expect(n.headers['openstack-api-version']).toBe('compute 2.61');
    expect(n.headers['x-openstack-nova-api-version']).toBe('2.61');
    expect(n.headers['x-auth-token']).toMatch(/^gAAAA/);
  });

  it('discovers the maximum microversion once per service', async () => {
    const before = sb.requests.filter((r) => r.path === '/testsvc/v1').length;
    expect(await s.maxMicroversion('test-paging')).toBe('1.42');
    expect(await s.maxMicroversion('test-paging')).toBe('1.42');
    expect(sb.requests.filter((r) => r.path === '/testsvc/v1').length - before).toBe(1);
  });

  it('scrubs the token from server error messages and refuses foreign hosts', async () => {
    const err = await failure(s.request('test-paging', '/leaky-error'));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(/answered 400: Bad token <redacted> given/);
    const foreign = await failure(s.request('test-paging', 'http://127.0.0.2:9/x'));
    expect(foreign.message).toBe('refusing to send the token to http://127.0.0.2:9: it is not an endpoint of the service catalog');
  });

  it('keeps the query of the path when search parameters are added', async () => {
    const res = await s.request<{ headers: Record<string, string> }>('test-paging', '/echo?a=1', { searchParams: { b: 2, c: undefined } });
    expect(res.status).toBe(200);
    const last = sb.requests.filter((r) => r.path === '/testsvc/v1/echo').pop();
    expect(last).toBeDefined();
    expect(seenQueries.at(-1)).toBe('a=1&b=2');
  });

  it('okStatus turns an error status into an answer', async () => {
    const res = await s.request('test-paging', '/leaky-error', { okStatus: [400] });
    expect(res.status).toBe(400);
    expect(s.requestCount).toBeGreaterThan(5);
  });
});

describe('sandbox cloud config', () => {
  it('prints a clouds.yaml that resolves to a working cloud', async () => {
    const text = sandboxCloudsYaml(sb, 'sbx');
    expect(text).toContain('auth_type: v3applicationcredential');
    expect(text).toContain(`auth_url: ${sb.url}/identity/v3`);
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { resolveCloud } = await import('../../src/openstack/config.js');
    const dir = mkdtempSync(join(tmpdir(), 'scs-sbx-'));
    try {
      writeFileSync(join(dir, 'clouds.yaml'), text);
      const cloud = resolveCloud({ env: {}, cwd: dir, home: dir, systemDir: dir });
      expect(cloud.name).toBe('sbx');
      const s = await connector(cloud).session();
      expect(s.token.project?.name).toBe('scs-test');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
