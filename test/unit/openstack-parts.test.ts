import { describe, expect, it } from 'vitest';
import { authRequestBody, identityV3Url, parseTokenBody } from '../../src/openstack/auth.js';
import { candidateTypes, catalogHas, selectEndpoint } from '../../src/openstack/catalog.js';
import { ResolvedCloud } from '../../src/openstack/config.js';
import { discoveryUrls, parseVersionDocument } from '../../src/openstack/discovery.js';
import { connectionError, errorBodyMessage, safeUrl, ServiceNotFoundError } from '../../src/openstack/errors.js';
import { nextLink, resolveNextLink, splitQuery } from '../../src/openstack/paginate.js';
import type { CatalogService } from '../../src/openstack/types.js';

const catalog: CatalogService[] = [
  {
    type: 'compute',
    name: 'nova',
    endpoints: [
      { interface: 'public', region_id: 'R1', url: 'https://nova.r1/v2.1' },
      { interface: 'internal', region_id: 'R1', url: 'http://nova-int.r1/v2.1' },
      { interface: 'public', region_id: 'R2', url: 'https://nova.r2/v2.1' },
    ],
  },
  { type: 'volumev3', name: 'cinderv3', endpoints: [{ interface: 'public', region_id: 'R1', url: 'https://cinder.r1/v3/p1' }] },
  { type: 'image', name: 'glance', endpoints: [{ interface: 'publicURL', region: 'R1', url: 'https://glance.r1' }] },
];

describe('catalog', () => {
  it('selects by type, interface and region', () => {
    expect(selectEndpoint(catalog, 'compute', 'public', 'R1').endpoint.url).toBe('https://nova.r1/v2.1');
    expect(selectEndpoint(catalog, 'compute', 'public', 'R2').endpoint.url).toBe('https://nova.r2/v2.1');
    expect(selectEndpoint(catalog, 'compute', 'internal', 'R1').endpoint.url).toBe('http://nova-int.r1/v2.1');
    expect(selectEndpoint(catalog, 'image', 'public', 'R1').endpoint.url).toBe('https://glance.r1');
  });

  it('accepts the service type aliases of block storage', () => {
    expect(candidateTypes('block-storage')).toEqual(['block-storage', 'volumev3', 'volume', 'volumev2', 'block-store']);
    expect(selectEndpoint(catalog, 'block-storage', 'public', 'R1').service.type).toBe('volumev3');
    expect(catalogHas(catalog, 'volume')).toBe(true);
    expect(catalogHas(catalog, 'load-balancer')).toBe(false);
  });

  it('refuses to guess between regions when none is configured', () => {
    expect(() => selectEndpoint(catalog, 'compute', 'public', undefined)).toThrow(/several regions \(R1, R2\) — set region_name/);
    expect(selectEndpoint(catalog, 'volumev3', 'public', undefined).endpoint.url).toBe('https://cinder.r1/v3/p1');
  });

  it('names the missing type, interface, region and the types present', () => {
    let err: unknown;
    try {
      selectEndpoint(catalog, 'load-balancer', 'public', 'R1');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ServiceNotFoundError);
    expect((err as Error).message).toBe(
      'no endpoint of type "load-balancer" for interface "public" in region "R1": the service catalog has none; the catalog has the types: compute, image, volumev3',
    );
    expect(() => selectEndpoint(catalog, 'compute', 'admin', 'R1')).toThrow(/only for public@R1, internal@R1, public@R2/);
  });
});

describe('pagination links', () => {
  it('finds the next link in *_links, Glance next, Keystone links and the Link header', () => {
    expect(nextLink({ flavors: [], flavors_links: [{ rel: 'next', href: 'https://n/v2.1/flavors?marker=a' }] }, {}, 'flavors')).toBe('https://n/v2.1/flavors?marker=a');
    expect(nextLink({ images: [], next: '/v2/images?marker=b' }, {}, 'images')).toBe('/v2/images?marker=b');
    expect(nextLink({ users: [], links: { next: 'https://k/v3/users?page=2', self: 'x' } }, {}, 'users')).toBe('https://k/v3/users?page=2');
    expect(nextLink({ users: [], links: { next: null } }, {}, 'users')).toBeUndefined();
    expect(nextLink({ x: [] }, { link: '<https://a/x?p=1>; rel="prev", <https://a/x?p=3>; rel="next"' }, 'x')).toBe('https://a/x?p=3');
    expect(nextLink({ x: [] }, {}, 'x')).toBeUndefined();
  });

  it('joins relative links against the endpoint', () => {
    expect(resolveNextLink('/v2/images?marker=b', 'https://h/image', 'https://h/image/v2/images')).toBe('https://h/image/v2/images?marker=b');
    expect(resolveNextLink('/v2/images?marker=b', 'https://h:9292', 'https://h:9292/v2/images')).toBe('https://h:9292/v2/images?marker=b');
    expect(resolveNextLink('/image/v2/images?marker=b', 'https://h/image', 'x')).toBe('https://h/image/v2/images?marker=b');
    expect(resolveNextLink('/v2.1/flavors?marker=c', 'https://h/compute/v2.1', 'x')).toBe('https://h/compute/v2.1/flavors?marker=c');
    expect(resolveNextLink('flavors?marker=c', 'https://h/compute/v2.1', 'https://h/compute/v2.1/flavors')).toBe('https://h/compute/v2.1/flavors?marker=c');
    expect(resolveNextLink('https://other/x', 'https://h', 'x')).toBe('https://other/x');
    expect(splitQuery('https://h/x?limit=2&marker=m')).toEqual({ base: 'https://h/x', params: { limit: '2', marker: 'm' } });
  });
});

describe('version discovery', () => {
  it('reads versioned, unversioned and Keystone documents', () => {
    expect(parseVersionDocument({ version: { id: 'v2.1', version: '2.93', min_version: '2.1' } }, 'https://n/v2.1')?.maxVersion).toBe('2.93');
    const root = { versions: [{ id: 'v2.0', status: 'SUPPORTED', version: '' }, { id: 'v2.1', status: 'CURRENT', version: '2.90' }] };
    expect(parseVersionDocument(root, 'https://n/v2.1')?.maxVersion).toBe('2.90');
    expect(parseVersionDocument(root, 'https://n/')?.maxVersion).toBe('2.90');
    const cinder = { versions: [{ id: 'v3.0', status: 'CURRENT', version: '3.70', min_version: '3.0' }] };
    expect(parseVersionDocument(cinder, 'https://c/v3/abc')?.maxVersion).toBe('3.70');
    expect(parseVersionDocument({ versions: { values: [{ id: 'v3.14', status: 'stable' }] } }, 'https://k/v3')).toEqual({ id: 'v3.14', maxVersion: undefined, minVersion: undefined });
    expect(parseVersionDocument({ flavors: [] }, 'https://n')).toBeUndefined();
    expect(parseVersionDocument('text', 'https://n')).toBeUndefined();
  });

  it('asks the endpoint, then without the project id, then the unversioned root', () => {
    expect(discoveryUrls('https://c/volume/v3/0123456789abcdef0123456789abcdef')).toEqual([
      'https://c/volume/v3/0123456789abcdef0123456789abcdef',
      'https://c/volume/v3',
      'https://c/volume/',
    ]);
    expect(discoveryUrls('https://n:8774/v2.1')).toEqual(['https://n:8774/v2.1', 'https://n:8774/']);
    expect(discoveryUrls('https://g:9292')).toEqual(['https://g:9292']);
  });
});

describe('auth request', () => {
  const base = { authUrl: 'https://k/v3' };
  const cloud = (authType: 'password' | 'v3applicationcredential' | 'token', auth: object) =>
    new ResolvedCloud('c', authType, { ...base, ...auth }, undefined, 'public', true, undefined, undefined, undefined, 'test');

  it('builds password, application credential and token bodies with their scopes', () => {
    expect(authRequestBody(cloud('password', { username: 'u', password: 'p', userDomainName: 'D', projectName: 'P', projectDomainId: 'd1' }))).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'u', domain: { name: 'D' }, password: 'p' } } },
        scope: { project: { name: 'P', domain: { id: 'd1' } } },
      },
    });
    expect(authRequestBody(cloud('password', { userId: 'uid', password: 'p', domainId: 'dd' }))).toEqual({
      auth: { identity: { methods: ['password'], password: { user: { id: 'uid', password: 'p' } } }, scope: { domain: { id: 'dd' } } },
    });
    expect(authRequestBody(cloud('password', { userId: 'uid', password: 'p' }))).toEqual({
      auth: { identity: { methods: ['password'], password: { user: { id: 'uid', password: 'p' } } } },
    });
    expect(authRequestBody(cloud('v3applicationcredential', { applicationCredentialId: 'ac', applicationCredentialSecret: 's', projectName: 'ignored' }))).toEqual({
      auth: { identity: { methods: ['application_credential'], application_credential: { id: 'ac', secret: 's' } } },
    });
    expect(
      authRequestBody(cloud('v3applicationcredential', { applicationCredentialName: 'n', applicationCredentialSecret: 's', username: 'u', userDomainId: 'default' })),
    ).toEqual({
      auth: { identity: { methods: ['application_credential'], application_credential: { name: 'n', secret: 's', user: { name: 'u', domain: { id: 'default' } } } } },
    });
    expect(authRequestBody(cloud('token', { token: 't', projectId: 'p1' }))).toEqual({
      auth: { identity: { methods: ['token'], token: { id: 't' } }, scope: { project: { id: 'p1' } } },
    });
  });

  it('normalises the auth URL to /v3', () => {
    expect(identityV3Url('https://k:5000')).toBe('https://k:5000/v3');
    expect(identityV3Url('https://k:5000/')).toBe('https://k:5000/v3');
    expect(identityV3Url('https://k/identity/v3/')).toBe('https://k/identity/v3');
    expect(identityV3Url('https://k/v2.0')).toBe('https://k/v3');
  });

  it('parses a token body and rejects what is not one', () => {
    const info = parseTokenBody({
      token: {
        methods: ['password'],
        user: { id: 'u1', name: 'alice', domain: { id: 'default', name: 'Default' } },
        project: { id: 'p1', name: 'proj', domain: { id: 'default', name: 'Default' } },
        roles: [{ id: 'r1', name: 'member' }],
        expires_at: '2030-01-01T00:00:00.000000Z',
        catalog: [{ type: 'compute', endpoints: [{ interface: 'public', url: 'https://n' }, { interface: 'public' }] }],
      },
    });
    expect(info.user).toEqual({ id: 'u1', name: 'alice', domain: { id: 'default', name: 'Default' } });
    expect(info.project?.name).toBe('proj');
    expect(info.roles).toEqual([{ id: 'r1', name: 'member' }]);
    expect(info.catalog[0]!.endpoints).toHaveLength(1);
    expect(() => parseTokenBody({ error: {} })).toThrow(/no "token"/);
    expect(() => parseTokenBody({ token: { user: { id: 'u' } } })).toThrow(/expires_at/);
  });
});

describe('error helpers', () => {
  it('strips secret query values and userinfo from URLs', () => {
    expect(safeUrl('https://user:pw@h/x?marker=a&token=abc&X-Amz-Signature=zz')).toBe('https://h/x?marker=a&token=redacted&X-Amz-Signature=redacted');
  });

  it('reads the message of every OpenStack error shape', () => {
    expect(errorBodyMessage({ error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } })).toBe(
      'The request you have made requires authentication.',
    );
    expect(errorBodyMessage({ itemNotFound: { code: 404, message: 'Flavor x could not be found.' } })).toBe('Flavor x could not be found.');
    expect(errorBodyMessage({ NeutronError: { type: 'X', message: 'Network y not found', detail: '' } })).toBe('Network y not found');
    expect(errorBodyMessage({ code: 403, title: 'Forbidden', description: 'Secret creation attempt not allowed' })).toBe('Secret creation attempt not allowed');
    expect(errorBodyMessage({ faultcode: 'Client', faultstring: 'Load balancer not found' })).toBe('Load balancer not found');
    expect(errorBodyMessage('<html><body><h1>404 Not Found</h1>\nThe resource could not be found.</body></html>')).toBe('404 Not Found The resource could not be found.');
    expect(errorBodyMessage(undefined)).toBeUndefined();
  });

  it('gives TLS failures a hint on cacert and verify', () => {
    const e = connectionError('GET', 'https://h/x?token=abc', 'SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain');
    expect(e.message).toContain('GET https://h/x?token=redacted failed: self-signed certificate in certificate chain');
    expect(e.message).toContain('cacert');
    expect(e.message).toContain('verify: false');
    expect(connectionError('POST', 'http://127.0.0.1:1/v3', 'ECONNREFUSED', 'connect ECONNREFUSED').message).toMatch(/nothing listens there/);
  });
});
