/**
 * Contract tests: the same requests against the sandbox (profile `compliant`) and against the real
 * services (the seeded `compliant` project) must give answers of the same shape: status codes,
 * headers we rely on, keys and JSON types, paging links, error bodies. Where they differ the sandbox
 * is wrong (the real services are the reference), so a difference fails here.
 */
import aws4 from 'aws4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import type { SandboxProfile } from '../../src/sandbox/world.js';
import { rest, restOk, type RestResponse, type TokenBody } from './lib/rest.js';
import { missingPaths, sandboxNotCovered, shapeOf, type CompareOptions } from './lib/shape.js';
import { HOST, KEYSTONE_V3, SHAPES, USER_PASSWORD } from './lib/target.js';
import { shapeSeed } from './shapes.js';

interface Target {
  label: 'sandbox' | 'real';
  keystone: string;
  token: string;
  login: RestResponse<TokenBody>;
  loginBody: unknown;
  endpoint(type: string): string;
  /** Where S3 answers (the Swift proxy's s3api). */
  s3: string;
}

let sandbox: RunningSandbox;
let sb: Target;
let real: Target;

function passwordBody(user: string, userDomain: string, password: string, project: string, projectDomain: string): unknown {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: user, domain: { name: userDomain }, password } } },
      scope: { project: { name: project, domain: { name: projectDomain } } },
    },
  };
}

async function openTarget(label: Target['label'], keystone: string, body: unknown, s3: (t: Target) => string): Promise<Target> {
  const login = await restOk<TokenBody>('POST', `${keystone}/auth/tokens`, { json: body, expect: [201] });
  const token = String(login.headers['x-subject-token']);
  const target: Target = {
    label,
    keystone,
    token,
    login,
    loginBody: body,
    endpoint(type: string): string {
      const svc = login.body.token.catalog?.find((s) => s.type === type);
      const ep = svc?.endpoints.find((e) => e.interface === 'public');
      if (!ep) throw new Error(`${label}: no public ${type} endpoint in the catalog`);
      return ep.url.replace(/\/$/, '');
    },
    s3: '',
  };
  target.s3 = s3(target);
  return target;
}

/** The sandbox's compliant profile; flavors from our seed when the profile has no compute section. */
function sandboxProfile(): SandboxProfile {
  const profile = loadProfile('compliant');
  if (profile.compute === undefined) {
    profile.compute = {
      flavors: shapeSeed('compliant').flavors.map((f) => ({ name: f.name, vcpus: f.vcpus, ram: f.ram, disk: f.disk, extra_specs: f.extraSpecs })),
    };
  }
  return profile;
}

interface ProfileIdentity {
  domains: { id: string; name: string }[];
  projects: { name: string; domain: string }[];
  users: { name: string; domain: string; password: string }[];
}

beforeAll(async () => {
  const profile = sandboxProfile();
  sandbox = await startSandbox(profile);
  const id = profile.identity as ProfileIdentity;
  const user = id.users[0]!;
  const project = id.projects[0]!;
  sb = await openTarget('sandbox', `${sandbox.url}/identity/v3`, passwordBody(user.name, user.domain, user.password, project.name, project.domain), (t) =>
    t.endpoint('object-store').replace(/\/v1\/.*$/, ''),
  );
  const a = SHAPES.compliant;
  real = await openTarget('real', KEYSTONE_V3, passwordBody(a.member, a.domain, USER_PASSWORD, a.project, a.domain), () => `${HOST}:8080`);
  // a container, so that the real account listing has an item to compare
  await restOk('PUT', `${real.endpoint('object-store')}/osci-contract`, { token: real.token, expect: [201, 202] });
});

afterAll(async () => {
  await sandbox?.close();
});

/** Runs `call` on both targets and returns [sandbox, real]. */
async function both<T>(call: (t: Target) => Promise<RestResponse<T>>): Promise<[RestResponse<T>, RestResponse<T>]> {
  return [await call(sb), await call(real)];
}

function expectSameShape(s: unknown, r: unknown, opts: CompareOptions = {}): void {
  expect(sandboxNotCovered(shapeOf(s), shapeOf(r), opts)).toEqual([]);
}

function expectPaths(label: string, value: unknown, paths: string[]): void {
  expect(missingPaths(value, paths), `${label} lacks keys we rely on`).toEqual([]);
}

function header(res: RestResponse<unknown>, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

describe('Keystone', () => {
  it('issues a token with the same body shape and the X-Subject-Token header', () => {
    for (const t of [sb, real]) {
      expect(t.login.status).toBe(201);
      expect(header(t.login, 'x-subject-token'), t.label).toMatch(/^\S{20,}$/);
      expect(header(t.login, 'content-type'), t.label).toMatch(/^application\/json/);
      expectPaths(t.label, t.login.body, [
        'token.user.id',
        'token.user.name',
        'token.user.domain.id',
        'token.project.id',
        'token.project.name',
        'token.project.domain.id',
        'token.roles[0].name',
        'token.catalog[0].type',
        'token.catalog[0].endpoints[0].url',
        'token.catalog[0].endpoints[0].interface',
        'token.catalog[0].endpoints[0].region_id',
        'token.expires_at',
        'token.methods',
      ]);
    }
    expectSameShape(sb.login.body, real.login.body);
  });

  it('lists the same catalog types for the compliant cloud (object-store-s3 is sandbox-only, see docs/real-openstack.md)', () => {
    const types = (t: Target) => new Set((t.login.body.token.catalog ?? []).map((s) => s.type));
    const sandboxTypes = types(sb);
    sandboxTypes.delete('object-store-s3');
    expect([...sandboxTypes].sort()).toEqual([...types(real)].sort());
  });

  it('answers a wrong password with 401 and the same error body', async () => {
    const [s, r] = await both((t) => {
      const body = structuredClone(t.loginBody) as { auth: { identity: { password: { user: { password: string } } } } };
      body.auth.identity.password.user.password = 'wrong-password-canary';
      return rest('POST', `${t.keystone}/auth/tokens`, { json: body });
    });
    expect([s.status, r.status]).toEqual([401, 401]);
    expectPaths('real', r.body, ['error.code', 'error.message', 'error.title']);
    expectSameShape(s.body, r.body);
    expect(s.text).not.toContain('wrong-password-canary');
  });

  it('serves the catalog of the token at /auth/catalog', async () => {
    const [s, r] = await both((t) => rest('GET', `${t.keystone}/auth/catalog`, { token: t.token }));
    expect([s.status, r.status]).toEqual([200, 200]);
    expectPaths('real', r.body, ['catalog[0].type', 'catalog[0].id', 'catalog[0].endpoints[0].url']);
    expectSameShape(s.body, r.body);
  });

  it('serves the v3 version document with the same shape', async () => {
    const [s, r] = await both((t) => rest('GET', t.keystone));
    expect([s.status, r.status]).toEqual([200, 200]);
    expectPaths('real', r.body, ['version.id', 'version.status', 'version.links']);
    expectSameShape(s.body, r.body);
  });
});

describe('Nova flavors', () => {
  const v261 = { 'OpenStack-API-Version': 'compute 2.61', 'X-OpenStack-Nova-API-Version': '2.61' };

  it('serves the v2.1 version document with the microversion range', async () => {
    const [s, r] = await both((t) => rest('GET', t.endpoint('compute'), { token: t.token }));
    expect([s.status, r.status]).toEqual([200, 200]);
    expectPaths('real', r.body, ['version.id', 'version.version', 'version.min_version', 'version.status']);
    expectSameShape(s.body, r.body);
  });

  it('inlines extra_specs at 2.61 and echoes the microversion headers', async () => {
    const [s, r] = await both((t) => rest('GET', `${t.endpoint('compute')}/flavors/detail`, { token: t.token, headers: v261 }));
    expect([s.status, r.status]).toEqual([200, 200]);
    for (const res of [s, r]) {
      expect(header(res, 'openstack-api-version')).toBe('compute 2.61');
      expect(header(res, 'x-openstack-nova-api-version')).toBe('2.61');
    }
    expectPaths('real', r.body, ['flavors[0].id', 'flavors[0].name', 'flavors[0].vcpus', 'flavors[0].ram', 'flavors[0].disk', 'flavors[0].extra_specs']);
    expectSameShape(s.body, r.body, { openMaps: ['$.flavors[].extra_specs'] });
  });

  it('pages with limit and a flavors_links next link that carries the marker', async () => {
    const [s, r] = await both((t) => rest<{ flavors: { id: string }[]; flavors_links?: { rel: string; href: string }[] }>('GET', `${t.endpoint('compute')}/flavors/detail`, { token: t.token, headers: v261, searchParams: { limit: 2 } }));
    for (const [t, res] of [
      [sb, s],
      [real, r],
    ] as const) {
      expect(res.body.flavors.length, t.label).toBe(2);
      const next = res.body.flavors_links?.find((l) => l.rel === 'next');
      expect(next?.href, t.label).toContain(`marker=${res.body.flavors[1]!.id}`);
      const page2 = await rest<{ flavors: { id: string }[] }>('GET', next!.href, { token: t.token, headers: v261 });
      expect(page2.status, t.label).toBe(200);
      expect(page2.body.flavors.map((f) => f.id), t.label).not.toContain(res.body.flavors[0]!.id);
    }
    expectSameShape(s.body, r.body, { openMaps: ['$.flavors[].extra_specs'] });
  });

  it('negotiates microversions: latest is the maximum, too high is 406, malformed is 400', async () => {
    const flavors = (t: Target, v: string) => rest('GET', `${t.endpoint('compute')}/flavors`, { token: t.token, headers: { 'OpenStack-API-Version': `compute ${v}` } });
    const [sl, rl] = await both((t) => flavors(t, 'latest'));
    expect([sl.status, rl.status]).toEqual([200, 200]);
    expect(header(sl, 'openstack-api-version')).toBe(header(rl, 'openstack-api-version'));
    const [sh, rh] = await both((t) => flavors(t, '2.999'));
    expect([sh.status, rh.status]).toEqual([406, 406]);
    expectPaths('real', rh.body, ['computeFault.code', 'computeFault.message']);
    expectSameShape(sh.body, rh.body);
    const [sb2, rb] = await both((t) => flavors(t, 'bogus'));
    expect([sb2.status, rb.status]).toEqual([400, 400]);
    expectPaths('real', rb.body, ['badRequest.code', 'badRequest.message']);
    expectSameShape(sb2.body, rb.body);
  });

  it('lists the API versions at the endpoint root', async () => {
    const [s, r] = await both((t) => rest('GET', t.endpoint('compute').replace(/\/v2\.1$/, '/')));
    expect([s.status, r.status]).toEqual([200, 200]);
    expectPaths('real', r.body, ['versions[0].id', 'versions[0].status', 'versions[0].links']);
    expectSameShape(s.body, r.body);
  });

  it('answers an unknown flavor with 404 itemNotFound', async () => {
    const [s, r] = await both((t) => rest('GET', `${t.endpoint('compute')}/flavors/osci-no-such-flavor`, { token: t.token }));
    expect([s.status, r.status]).toEqual([404, 404]);
    expectPaths('real', r.body, ['itemNotFound.code', 'itemNotFound.message']);
    expectSameShape(s.body, r.body);
  });

  it('answers a request without a token with 401 and a WWW-Authenticate header', async () => {
    const [s, r] = await both((t) => rest('GET', `${t.endpoint('compute')}/flavors`));
    expect([s.status, r.status]).toEqual([401, 401]);
    expect(header(s, 'www-authenticate')).toMatch(/^Keystone uri=/);
    expect(header(r, 'www-authenticate')).toMatch(/^Keystone uri=/);
    expectSameShape(s.body, r.body);
  });
});

describe('Glance images', () => {
  it('lists with limit and a relative next link, properties flattened into the image', async () => {
    type List = { images: Record<string, unknown>[]; next?: string; first: string; schema: string };
    const [s, r] = await both((t) => rest<List>('GET', `${t.endpoint('image')}/v2/images`, { token: t.token, searchParams: { limit: 2 } }));
    expect([s.status, r.status]).toEqual([200, 200]);
    for (const [t, res] of [
      [sb, s],
      [real, r],
    ] as const) {
      expect(res.body.images.length, t.label).toBe(2);
      expect(res.body.next, t.label).toMatch(/^\/v2\/images\?.*marker=/);
      expect(res.body.first, t.label).toMatch(/^\/v2\/images/);
      const page2 = await rest<List>('GET', `${t.endpoint('image')}${res.body.next!}`, { token: t.token });
      expect(page2.status, t.label).toBe(200);
      expect(page2.body.images.map((i) => i.id), t.label).not.toContain(res.body.images[0]!.id);
    }
    expectPaths('real', r.body, ['images[0].id', 'images[0].name', 'images[0].visibility', 'images[0].os_distro', 'images[0].created_at', 'images[0].min_disk']);
    expectSameShape(s.body, r.body, { openMaps: ['$.images[]'] });
  });

  it('answers an unknown image with 404: JSON when JSON is accepted, else HTML', async () => {
    const url = (t: Target) => `${t.endpoint('image')}/v2/images/0f0c0a2e-1d1d-4b7e-9c1e-0123456789ab`;
    const [s, r] = await both((t) => rest('GET', url(t), { token: t.token }));
    expect([s.status, r.status]).toEqual([404, 404]);
    expect(header(r, 'content-type')).toMatch(/^application\/json/);
    expect(header(s, 'content-type')).toMatch(/^application\/json/);
    expectPaths('real', r.body, ['message', 'code', 'title']);
    expectSameShape(s.body, r.body);
    const [sh, rh] = await both((t) => rest('GET', url(t), { token: t.token, headers: { Accept: 'text/html' } }));
    expect([sh.status, rh.status]).toEqual([404, 404]);
    expect(header(rh, 'content-type')).toMatch(/^text\/html/);
    expect(header(sh, 'content-type')).toMatch(/^text\/html/);
  });
});

describe('Glance versions', () => {
  it('answers the endpoint root with 300 Multiple Choices and the version list', async () => {
    const [s, r] = await both((t) => rest('GET', `${t.endpoint('image')}/`));
    expect([s.status, r.status]).toEqual([300, 300]);
    expectPaths('real', r.body, ['versions[0].id', 'versions[0].status', 'versions[0].links']);
    expectSameShape(s.body, r.body);
  });
});

describe('Cinder volume types', () => {
  it('serves the version documents at the root (300) and at /v3/ (200)', async () => {
    const root = (t: Target) => t.endpoint('volumev3').replace(/\/v3\/.*$/, '');
    const [s, r] = await both((t) => rest('GET', `${root(t)}/`));
    expect([s.status, r.status]).toEqual([300, 300]);
    expectPaths('real', r.body, ['versions[0].id', 'versions[0].version', 'versions[0].min_version']);
    expectSameShape(s.body, r.body);
    const [s3, r3] = await both((t) => rest('GET', `${root(t)}/v3/`, { token: t.token }));
    expect([s3.status, r3.status]).toEqual([200, 200]);
    expectSameShape(s3.body, r3.body);
  });

  it('lists types with the same keys', async () => {
    const [s, r] = await both((t) => rest('GET', `${t.endpoint('volumev3')}/types`, { token: t.token }));
    expect([s.status, r.status]).toEqual([200, 200]);
    expectPaths('real', r.body, ['volume_types[0].id', 'volume_types[0].name', 'volume_types[0].description', 'volume_types[0].is_public']);
    expectSameShape(s.body, r.body, { openMaps: ['$.volume_types[].extra_specs'] });
  });
});

describe('Neutron', () => {
  it('serves the version list at the endpoint root', async () => {
    const [s, r] = await both((t) => rest('GET', `${t.endpoint('network')}/`, { token: t.token }));
    expect([s.status, r.status]).toEqual([200, 200]);
    expectSameShape(s.body, r.body);
  });

  it('answers an unknown resource with 404 and the same error body', async () => {
    const [s, r] = await both((t) => rest('GET', `${t.endpoint('network')}/v2.0/osci-no-such-resource`, { token: t.token }));
    expect([s.status, r.status]).toEqual([404, 404]);
    expectSameShape(s.body, r.body);
  });

  it('real Zed has no default-security-group-rules API (2023.2+), so clients must fall back', async () => {
    const r = await rest('GET', `${real.endpoint('network')}/v2.0/default-security-group-rules`, { token: real.token });
    expect(r.status).toBe(404);
  });
});

describe('version documents', () => {
  it('need a token exactly where the real services want one', async () => {
    const urls: [string, (t: Target) => string][] = [
      ['identity /v3', (t) => t.keystone],
      ['compute /', (t) => t.endpoint('compute').replace(/\/v2\.1$/, '/')],
      ['compute /v2.1', (t) => t.endpoint('compute')],
      ['image /', (t) => `${t.endpoint('image')}/`],
      ['volume /', (t) => `${t.endpoint('volumev3').replace(/\/v3\/.*$/, '')}/`],
      ['volume /v3/', (t) => `${t.endpoint('volumev3').replace(/\/v3\/.*$/, '')}/v3/`],
      ['network /', (t) => `${t.endpoint('network')}/`],
      ['network /v2.0', (t) => `${t.endpoint('network')}/v2.0`],
    ];
    const differ: string[] = [];
    for (const [name, url] of urls) {
      const [s, r] = await both((t) => rest('GET', url(t)));
      if (s.status !== r.status) differ.push(`${name}: sandbox ${s.status}, real ${r.status}`);
    }
    expect(differ).toEqual([]);
  });
});

describe('an invalid token', () => {
  const paths: [string, string][] = [
    ['compute', '/flavors'],
    ['image', '/v2/images'],
    ['volumev3', '/types'],
    ['network', '/v2.0/networks'],
    ['object-store', ''],
  ];
  for (const [type, path] of paths) {
    it(`gets the same 401 from ${type}: status, content type, WWW-Authenticate and body`, async () => {
      const [s, r] = await both((t) => rest('GET', `${t.endpoint(type)}${path}`, { token: 'gAAAAAosci-invalid-token' }));
      expect([s.status, r.status]).toEqual([401, 401]);
      expect(header(s, 'content-type')?.split(';')[0]).toBe(header(r, 'content-type')?.split(';')[0]);
      for (const res of [s, r]) expect(header(res, 'www-authenticate')).toMatch(/Keystone uri="/);
      if (type === 'object-store') for (const res of [s, r]) expect(header(res, 'www-authenticate')).toMatch(/Swift realm="AUTH_/);
      if (r.body !== undefined) expectSameShape(s.body, r.body);
    });
  }
  it('gets HTML from Glance when JSON is not asked for, as from real Glance', async () => {
    const [s, r] = await both((t) => rest('GET', `${t.endpoint('image')}/v2/images`, { token: 'gAAAAAosci-invalid-token', headers: { Accept: 'text/html' } }));
    expect([s.status, r.status]).toEqual([401, 401]);
    expect(header(r, 'content-type')).toMatch(/^text\/html/);
    expect(header(s, 'content-type')).toMatch(/^text\/html/);
  });
});

describe('Swift and S3', () => {
  it('lists the account as JSON with the account headers', async () => {
    const [s, r] = await both((t) => rest('GET', t.endpoint('object-store'), { token: t.token, searchParams: { format: 'json' } }));
    expect([s.status, r.status]).toEqual([200, 200]);
    for (const res of [s, r]) {
      expect(header(res, 'x-account-container-count')).toMatch(/^\d+$/);
      expect(header(res, 'content-type')).toMatch(/^application\/json/);
    }
    expectPaths('real', r.body, ['0.name', '0.count', '0.bytes']);
    expectSameShape(s.body, r.body);
  });

  it('creates EC2 credentials with the same body, and S3 lists buckets with them (XML of the same shape)', async () => {
    type Ec2 = { credential: { access: string; secret: string; user_id: string; tenant_id: string } };
    const [s, r] = await both((t) =>
      rest<Ec2>('POST', `${t.keystone}/users/${t.login.body.token.user.id}/credentials/OS-EC2`, {
        token: t.token,
        json: { tenant_id: t.login.body.token.project!.id },
      }),
    );
    try {
      expect([s.status, r.status]).toEqual([201, 201]);
      expectPaths('real', r.body, ['credential.access', 'credential.secret', 'credential.user_id', 'credential.tenant_id']);
      expectSameShape(s.body, r.body);
      const list = async (t: Target, secret: string, access: string) => {
        const url = new URL(`${t.s3}/`);
        const signed = aws4.sign({ host: url.host, path: url.pathname, method: 'GET', service: 's3', region: 'us-east-1', headers: {} }, { accessKeyId: access, secretAccessKey: secret });
        return rest('GET', url.toString(), { headers: signed.headers as Record<string, string> });
      };
      const elements = (xml: string) => [...new Set([...xml.matchAll(/<([A-Za-z]+)[ >]/g)].map((m) => m[1]!))].sort();
      const ok = [await list(sb, s.body.credential.secret, s.body.credential.access), await list(real, r.body.credential.secret, r.body.credential.access)];
      expect(ok.map((x) => x.status)).toEqual([200, 200]);
      expect(elements(ok[0]!.text)).toEqual(elements(ok[1]!.text));
      expect(ok[1]!.text).toMatch(/<ListAllMyBucketsResult/);
      // the right key with a wrong secret
      const bad = [await list(sb, 'osci-wrong-secret', s.body.credential.access), await list(real, 'osci-wrong-secret', r.body.credential.access)];
      expect(bad.map((x) => x.status)).toEqual([403, 403]);
      for (const res of bad) expect(res.text).toMatch(/<Code>SignatureDoesNotMatch<\/Code>/);
    } finally {
      for (const [t, res] of [
        [sb, s],
        [real, r],
      ] as const) {
        if (res.status === 201) await rest('DELETE', `${t.keystone}/users/${t.login.body.token.user.id}/credentials/OS-EC2/${res.body.credential.access}`, { token: t.token });
      }
    }
  });

  // Swift's s3api asks Keystone (s3token), which answers 401 to an unknown key as to a bad signature:
  // Swift therefore says SignatureDoesNotMatch where AWS or Ceph RGW say InvalidAccessKeyId.
  it('answers S3 ListBuckets with an unknown access key as SignatureDoesNotMatch (403, XML) at the Swift proxy', async () => {
    const [s, r] = await both((t) => {
      const url = new URL(`${t.s3}/`);
      const signed = aws4.sign(
        { host: url.host, path: url.pathname, method: 'GET', service: 's3', region: 'us-east-1', headers: {} },
        { accessKeyId: 'doesnotexist', secretAccessKey: 'osci-canary-s3-secret' },
      );
      return rest('GET', url.toString(), { headers: signed.headers as Record<string, string> });
    });
    expect([s.status, r.status]).toEqual([403, 403]);
    for (const res of [s, r]) {
      expect(header(res, 'content-type')).toMatch(/xml/);
      expect(res.text).toMatch(/<Code>SignatureDoesNotMatch<\/Code>/);
      expect(res.text).not.toContain('osci-canary-s3-secret');
    }
  });
});
