/** Swift account listing through the client against the sandbox object-store. */
import { describe, expect, it } from 'vitest';
import got from 'got';
import { listContainers } from '../../src/openstack/swift.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { sandboxPerTest, sandboxSession } from '../helpers/sandbox.js';

const sandbox = sandboxPerTest();

describe('Swift account listing', () => {
  it('lists the containers of the project account, sorted, with counts', async () => {
    const sb = await sandbox(loadProfile('compliant'));
    const session = await sandboxSession(sb);
    expect(await listContainers(session)).toEqual([
      { name: 'backups', count: 12, bytes: 104857600 },
      { name: 'c1', count: 0, bytes: 0 },
      { name: 'scs-website', count: 3, bytes: 40960 },
    ]);
    const req = sb.requests.find((r) => r.path === `/object-store/v1/AUTH_${session.token.project!.id}`)!;
    expect(req.status).toBe(200);
  });

  it('answers with Swift headers, text listings, and 403 for another account', async () => {
    const sb = await sandbox(loadProfile('compliant'));
    const session = await sandboxSession(sb);
    const endpoint = session.endpoint('object-store');
    const res = await session.request<unknown>('object-store', endpoint, { searchParams: { format: 'json' } });
    expect(res.headers['x-account-container-count']).toBe('3');
    expect(res.headers['x-account-object-count']).toBe('15');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const text = await session.request<unknown>('object-store', endpoint, { searchParams: { prefix: 'b', format: 'plain' } });
    expect(text.body).toBe('backups\n');
    const other = await session.request('object-store', endpoint.replace(/AUTH_[^/]+$/, 'AUTH_someoneelse'), { okStatus: [403] });
    expect(other.status).toBe(403);
    const anonymous = await got(endpoint, { throwHttpErrors: false });
    expect(anonymous.statusCode).toBe(401);
  });

  it('follows the marker across full pages (10,000 per page)', async () => {
    const containers = Array.from({ length: 10_001 }, (_, i) => ({ name: `c-${String(i).padStart(5, '0')}` }));
    const sb = await sandbox({ ...loadProfile('compliant'), objectstore: { containers } });
    const session = await sandboxSession(sb);
    const list = await listContainers(session);
    expect(list).toHaveLength(10_001);
    expect(list[10_000]!.name).toBe('c-10000');
    expect(sb.requests.filter((r) => r.path.startsWith('/object-store/v1/')).length).toBe(2);
  });

  it('rejects an unknown S3 option in the profile at start-up', async () => {
    await expect(startSandbox({ ...loadProfile('compliant'), objectstore: { containers: [], s3: { regoin: 'x' } } })).rejects.toThrow('sandbox profile, section objectstore: s3.regoin is unknown');
  });

  it('returns an empty list for an empty account', async () => {
    const sb = await sandbox({ ...loadProfile('compliant'), objectstore: { containers: [] } });
    const session = await sandboxSession(sb);
    expect(await listContainers(session)).toEqual([]);
  });
});
