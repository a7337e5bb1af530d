/** Sandbox Glance and the image listing through real HTTP (Keystone + Glance of the sandbox). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listImages } from '../../src/openstack/image.js';
import { generateImages } from '../../src/sandbox/generators/images.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { buildImages, expandNow, type ImageProfileEntry } from '../../src/sandbox/services/image.js';
import { sandboxSession, withSandbox } from '../helpers/sandbox.js';

/**
 * 80 images: 40 public, 20 community (all listed), 10 hidden public, 5 private, 5 shared with a
 * pending membership (none of the last three groups is listed by the harness).
 */
function imageSet(): ImageProfileEntry[] {
  return generateImages(80).map((img, i) => {
    if (i < 40) return { ...img, visibility: 'public' };
    if (i < 60) return { ...img, visibility: 'community' };
    if (i < 70) return { ...img, visibility: 'public', os_hidden: true };
    if (i < 75) return { ...img, visibility: 'private' };
    return { ...img, visibility: 'shared', member_status: 'pending' };
  });
}

describe('sandbox Glance', () => {
  let sb: RunningSandbox;
  let token: string;
  const get = async (path: string) => {
    const res = await fetch(`${sb.url}${path}`, { headers: { 'X-Auth-Token': token } });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* Glance answers errors as text */
    }
    return { status: res.status, body: body as Record<string, unknown> };
  };

  beforeAll(async () => {
    sb = await startSandbox({ ...loadProfile('compliant'), image: { images: imageSet() } });
    token = sb.world.issueToken({ userId: 'u1', projectId: 'p1', roles: ['member'] }).tokenId;
  });
  afterAll(async () => {
    await sb?.close();
  });

  it('lists every public and community image across several pages, without hidden, private or pending shared ones', async () => {
    const session = await sandboxSession(sb);
    const before = sb.requests.length;
    const images = await listImages(session, undefined, { pageSize: 25 });
    const calls = sb.requests.slice(before).filter((r) => r.path === '/image/v2/images');
    expect(images).toHaveLength(60);
    expect(new Set(images.map((i) => i.id)).size).toBe(60);
    expect(images.filter((i) => i.visibility === 'community')).toHaveLength(20);
    expect(images.every((i) => !i.os_hidden)).toBe(true);
    // 25 + 25 + 10: the short third page ends the paging
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200]);
    expect(images[0]!.properties.os_purpose).toBe('custom');
    expect(images[0]!.min_disk).toBe(5);
  });

  it('follows a full last page to the empty page Glance then serves', async () => {
    const session = await sandboxSession(sb);
    const before = sb.requests.length;
    const images = await listImages(session, undefined, { pageSize: 30 });
    expect(images).toHaveLength(60);
    expect(sb.requests.slice(before).filter((r) => r.path === '/image/v2/images')).toHaveLength(3); // 30, 30, 0
  });

  it('takes all 60 in one request with the default page size of 1000', async () => {
    const session = await sandboxSession(sb);
    const before = sb.requests.length;
    expect(await listImages(session)).toHaveLength(60);
    expect(sb.requests.slice(before).filter((r) => r.path === '/image/v2/images')).toHaveLength(1);
  });

  it('pages by 25 by default, with Glance\'s next, first and schema links', async () => {
    const page = await get('/image/v2/images');
    expect(page.status).toBe(200);
    const images = page.body.images as { id: string; visibility: string }[];
    expect(images).toHaveLength(25);
    expect(page.body.first).toBe('/v2/images');
    expect(page.body.schema).toBe('/v2/schemas/images');
    expect(page.body.next).toBe(`/v2/images?marker=${images[24]!.id}`);
    // default listing: 40 public + 5 private (community, hidden and pending shared images left out)
    const second = await get(`/image${String(page.body.next)}`);
    expect((second.body.images as unknown[]).length).toBe(20);
    expect(second.body.next).toBeUndefined();
  });

  it('hides community images by default and shows them on request', async () => {
    const all = await get('/image/v2/images?limit=1000');
    const vis = (all.body.images as { visibility: string }[]).map((i) => i.visibility);
    expect(vis).not.toContain('community');
    expect(vis.filter((v) => v === 'public')).toHaveLength(40);
    expect(vis.filter((v) => v === 'private')).toHaveLength(5);
    const community = await get('/image/v2/images?visibility=community&limit=1000');
    expect((community.body.images as unknown[]).length).toBe(20);
    expect(community.body.first).toBe('/v2/images?visibility=community&limit=1000');
    const pending = await get('/image/v2/images?visibility=shared&member_status=pending');
    expect((pending.body.images as unknown[]).length).toBe(5);
    const accepted = await get('/image/v2/images?visibility=shared');
    expect((accepted.body.images as unknown[]).length).toBe(0);
  });

  it('lists hidden images only with os_hidden=true', async () => {
    const hidden = await get('/image/v2/images?os_hidden=true&visibility=all&limit=100');
    const list = hidden.body.images as { os_hidden: boolean }[];
    expect(list).toHaveLength(10);
    expect(list.every((i) => i.os_hidden)).toBe(true);
  });

  it('caps the page size at 1000 and rejects bad parameters as Glance does', async () => {
    // visibility=all: 40 public + 20 community + 5 private; member_status=all adds the 5 pending shared
    expect((await get('/image/v2/images?limit=5000&visibility=all')).body.images).toHaveLength(65);
    expect((await get('/image/v2/images?limit=5000&visibility=all&member_status=all')).body.images).toHaveLength(70);
    expect((await get('/image/v2/images?limit=abc')).status).toBe(400);
    expect((await get('/image/v2/images?limit=-1')).status).toBe(400);
    expect((await get('/image/v2/images?visibility=everyone')).status).toBe(400);
    const badMarker = await get('/image/v2/images?marker=00000000-0000-4000-8000-000000000000');
    expect(badMarker.status).toBe(400);
    expect(String(badMarker.body)).toContain('Invalid marker');
  });

  it('filters on custom properties and shows single images; 404 for unknown ids', async () => {
    const aarch = await get('/image/v2/images?architecture=aarch64&visibility=all&limit=1000');
    const list = aarch.body.images as { architecture: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((i) => i.architecture === 'aarch64')).toBe(true);
    const one = await get('/image/v2/images/b0000000-0000-4000-8000-000000000003');
    expect(one.status).toBe(200);
    expect(one.body.name).toBe('fedora-40-bench-00003');
    expect(one.body.self).toBe('/v2/images/b0000000-0000-4000-8000-000000000003');
    const missing = await get('/image/v2/images/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(String(missing.body)).toContain('No image found with ID 00000000-0000-4000-8000-000000000000');
  });

  it('serves version documents without a token and refuses the list without one', async () => {
    const root = await fetch(`${sb.url}/image`);
    expect(root.status).toBe(300);
    const doc = (await root.json()) as { versions: { id: string; status: string; links: { href: string }[] }[] };
    expect(doc.versions[0]).toEqual({ id: 'v2.16', status: 'CURRENT', links: [{ rel: 'self', href: `${sb.url}/image/v2/` }] });
    expect((await fetch(`${sb.url}/image/v2/images`)).status).toBe(401);
  });
});

describe('sandbox image profile templates', () => {
  const now = new Date('2030-01-15T10:20:30.456Z');
  it('expands {{now…}} against the sandbox clock in every format', () => {
    expect(expandNow('{{now}}', now)).toBe('2030-01-15');
    expect(expandNow('{{now-10d}}', now)).toBe('2030-01-05');
    expect(expandNow('{{now+2h|iso}}', now)).toBe('2030-01-15T12:20:30Z');
    expect(expandNow('{{now-30m|datetime}}', now)).toBe('2030-01-15 09:50:30');
    expect(expandNow('Ubuntu 24.04 {{now-45d|compact}}', now)).toBe('Ubuntu 24.04 20291201');
    expect(expandNow('{{now-1d}}', now, 'iso')).toBe('2030-01-14T10:20:30Z');
    expect(expandNow('no template', now)).toBe('no template');
  });

  it('rejects profile typos instead of ignoring them', () => {
    expect(() => buildImages({ images: [{ name: 'A', architecture: 'x86_64' } as ImageProfileEntry] }, now)).toThrow(/unknown key\(s\) architecture/);
    expect(() => buildImages({ images: [{ name: 'A', visibility: 'everyone' } as unknown as ImageProfileEntry] }, now)).toThrow(/visibility/);
  });

  it('serves the compliant profile with dates relative to an injected clock', async () => {
    await withSandbox([loadProfile('compliant'), { now: () => now }], async (sb) => {
      const token = sb.world.issueToken({ userId: 'u', projectId: 'p', roles: ['member'] }).tokenId;
      const res = await fetch(`${sb.url}/image/v2/images?visibility=all`, { headers: { 'X-Auth-Token': token } });
      const images = ((await res.json()) as { images: Record<string, unknown>[] }).images;
      const u24 = images.find((i) => i.name === 'Ubuntu 24.04')!;
      expect(u24.image_build_date).toBe('2030-01-05');
      expect(u24.created_at).toBe('2030-01-06T10:20:30Z');
      expect(images.map((i) => i.name)).toContain('Ubuntu 24.04 20291201');
    });
  });
});
