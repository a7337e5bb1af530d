/**
 * Sandbox Glance (image API v2), mounted at `/image`: version documents and the image list and show
 * calls with Glance's paging and filters.
 *
 * Profile section `image`: `{ images: [{id?, name, visibility?, status?, created_at?, size?, virtual_size?,
 * min_disk?, min_ram?, os_hidden?, os_hash_algo?, member_status?, tags?, properties?: {...}}] }`.
 * String values may contain `{{now}}`, `{{now-10d}}`, `{{now+2h}}` (days, hours, minutes), expanded
 * against the sandbox clock when the service starts: a day `YYYY-MM-DD` by default, or a Glance timestamp
 * with `|iso` (`{{now-10d|iso}}`), `YYYY-MM-DD hh:mm:ss` with `|datetime`, `YYYYMMDD` with `|compact`;
 * `created_at` and `updated_at` get a Glance timestamp by default. Names and properties are expanded too.
 * So a profile stays valid on any future date.
 *
 * What is emulated as Glance does it: default page size 25, at most 1000 (`limit`), `marker` (400 when
 * unknown), a top-level `next` link whenever a page is full, `first` and `schema`; default order
 * `created_at` then `id`, both descending; `visibility` (default: everything but community; `all`;
 * 400 on unknown values), `member_status` (shared images; default accepted), `os_hidden` (hidden images
 * only with `os_hidden=true`), and exact-match filters on `name`, `status` and any custom property.
 * Private and shared images are treated as the caller's own project's.
 */
import { createHash } from 'node:crypto';
import { json, textError, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';
import type { SandboxWorld } from '../world.js';

export interface ImageProfileEntry {
  id?: string;
  name: string;
  visibility?: 'public' | 'community' | 'private' | 'shared';
  status?: string;
  created_at?: string;
  updated_at?: string;
  size?: number | null;
  virtual_size?: number | null;
  min_disk?: number;
  min_ram?: number;
  os_hidden?: boolean;
  os_hash_algo?: string | null;
  os_hash_value?: string | null;
  disk_format?: string;
  container_format?: string;
  /** For shared images: the caller's membership (accepted, pending, rejected). */
  member_status?: 'accepted' | 'pending' | 'rejected';
  tags?: string[];
  properties?: Record<string, string | number | boolean>;
}

export interface ImageProfile {
  images?: ImageProfileEntry[];
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;
const VISIBILITIES = ['public', 'private', 'shared', 'community', 'all'];
const MEMBER_STATUSES = ['accepted', 'pending', 'rejected', 'all'];
/** Query parameters that are not property filters. */
const RESERVED = new Set(['limit', 'marker', 'sort_key', 'sort_dir', 'sort', 'visibility', 'member_status', 'os_hidden', 'name', 'status']);

interface StoredImage {
  entry: ImageProfileEntry;
  body: Record<string, unknown>;
}

/** Expands `{{now…}}` templates in a profile string against the given instant. */
export function expandNow(text: string, now: Date, defaultFormat: 'day' | 'iso' = 'day'): string {
  if (!text.includes('{{')) return text;
  return text.replace(/\{\{\s*now\s*(?:([+-])\s*(\d+)\s*([dhm]))?\s*(?:\|\s*(day|iso|datetime|compact)\s*)?\}\}/g, (_m, sign?: string, n?: string, unit?: string, fmt?: string) => {
    const ms = n === undefined ? 0 : Number(n) * (unit === 'd' ? 86_400_000 : unit === 'h' ? 3_600_000 : 60_000);
    const t = new Date(now.getTime() + (sign === '-' ? -ms : ms));
    const iso = t.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const format = fmt ?? defaultFormat;
    if (format === 'iso') return iso;
    if (format === 'datetime') return iso.slice(0, 19).replace('T', ' ');
    if (format === 'compact') return iso.slice(0, 10).replace(/-/g, '');
    return iso.slice(0, 10);
  });
}

/** A stable id from the name and position, so a profile without ids gives the same ids every run. */
function derivedId(name: string, index: number): string {
  const h = createHash('sha256').update(`image:${index}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const ENTRY_KEYS = new Set([
  'id', 'name', 'visibility', 'status', 'created_at', 'updated_at', 'size', 'virtual_size', 'min_disk', 'min_ram', 'os_hidden',
  'os_hash_algo', 'os_hash_value', 'disk_format', 'container_format', 'member_status', 'tags', 'properties',
]);

function checkEntry(e: unknown, i: number): ImageProfileEntry {
  if (!e || typeof e !== 'object' || Array.isArray(e)) throw new Error(`sandbox profile: image[${i}] must be a mapping`);
  const entry = e as ImageProfileEntry;
  if (typeof entry.name !== 'string') throw new Error(`sandbox profile: image[${i}] needs a name`);
  const unknown = Object.keys(entry).filter((k) => !ENTRY_KEYS.has(k));
  if (unknown.length > 0) {
    throw new Error(`sandbox profile: image "${entry.name}": unknown key(s) ${unknown.join(', ')} (custom image properties go under "properties")`);
  }
  if (entry.visibility !== undefined && !['public', 'community', 'private', 'shared'].includes(entry.visibility)) {
    throw new Error(`sandbox profile: image "${entry.name}": unknown visibility "${String(entry.visibility)}"`);
  }
  if (entry.properties !== undefined && (typeof entry.properties !== 'object' || Array.isArray(entry.properties))) {
    throw new Error(`sandbox profile: image "${entry.name}": properties must be a mapping`);
  }
  return entry;
}

/** Builds the Glance JSON of every profile image (templates expanded against `now`). */
export function buildImages(profile: ImageProfile, now: Date): StoredImage[] {
  const list = profile.images ?? [];
  if (!Array.isArray(list)) throw new Error('sandbox profile: image.images must be a list');
  return list.map((raw, i) => {
    const entry = checkEntry(raw, i);
    const name = expandNow(entry.name, now);
    const id = entry.id ?? derivedId(entry.name, i);
    const created = expandNow(entry.created_at ?? '{{now-30d}}', now, 'iso');
    const properties: Record<string, string> = {};
    for (const [k, v] of Object.entries(entry.properties ?? {})) properties[k] = expandNow(String(v), now);
    const body: Record<string, unknown> = {
      ...properties,
      id,
      name,
      status: entry.status ?? 'active',
      visibility: entry.visibility ?? 'public',
      protected: false,
      os_hidden: entry.os_hidden ?? false,
      checksum: entry.size ? createHash('md5').update(id).digest('hex') : null,
      os_hash_algo: entry.os_hash_algo === undefined ? (entry.size ? 'sha512' : null) : entry.os_hash_algo,
      os_hash_value: entry.os_hash_value ?? (entry.size ? createHash('sha512').update(id).digest('hex') : null),
      owner: null,
      size: entry.size ?? null,
      virtual_size: entry.virtual_size ?? null,
      min_ram: entry.min_ram ?? 0,
      min_disk: entry.min_disk ?? 0,
      created_at: created,
      updated_at: expandNow(entry.updated_at ?? created, now, 'iso'),
      disk_format: entry.disk_format ?? 'qcow2',
      container_format: entry.container_format ?? 'bare',
      tags: entry.tags ?? [],
      self: `/v2/images/${id}`,
      file: `/v2/images/${id}/file`,
      schema: '/v2/schemas/image',
    };
    return { entry, body };
  });
}

function versionsDoc(world: SandboxWorld): Record<string, unknown> {
  const versions = ['2.16', '2.15', '2.9', '2.0'].map((v, i) => ({
    id: `v${v}`,
    status: i === 0 ? 'CURRENT' : 'SUPPORTED',
    links: [{ rel: 'self', href: `${world.baseUrl}/image/v2/` }],
  }));
  return { versions };
}

/**
 * Glance's errors as real glance-api (webob) sends them: JSON when the client accepts JSON, else HTML.
 * Checked against real glance-api in test/openstack/contract.test.ts.
 */
function glanceError(req: SandboxRequest, status: number, title: string, message: string, headers: Record<string, string> = {}): SandboxResponse {
  if (String(req.headers.accept ?? '').includes('application/json')) {
    return json(status, { message: `${message}<br /><br />\n\n\n`, code: `${status} ${title}`, title }, headers);
  }
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=UTF-8', ...headers },
    body: `<html>\n <head>\n  <title>${status} ${title}</title>\n </head>\n <body>\n  <h1>${status} ${title}</h1>\n  ${message}<br /><br />\n\n\n\n </body>\n</html>`,
  };
}

function glanceNotFound(req: SandboxRequest, message: string): SandboxResponse {
  return glanceError(req, 404, 'Not Found', message);
}

function badRequest(message: string): SandboxResponse {
  return textError(400, `Bad Request\n\n${message}\n\n   `);
}

export const imageService: SandboxServiceFactory = (world) => {
  const section = world.section<ImageProfile>('image');
  if (!section) return undefined;
  const images = buildImages(section, world.now());
  // Glance's default order: newest first, ties broken by id (descending).
  images.sort((a, b) => {
    const c = String(b.body.created_at).localeCompare(String(a.body.created_at));
    return c !== 0 ? c : String(b.body.id).localeCompare(String(a.body.id));
  });
  const byId = new Map(images.map((s) => [String(s.body.id), s]));

  const list = (req: SandboxRequest): SandboxResponse => {
    const q = req.query;
    let limit = DEFAULT_PAGE_SIZE;
    if (q.has('limit')) {
      const l = q.get('limit')!;
      if (!/^-?\d+$/.test(l)) return badRequest('limit param must be an integer');
      limit = Number(l);
      if (limit < 0) return badRequest('limit param must be positive');
      limit = Math.min(limit, MAX_PAGE_SIZE);
    }
    const visibility = q.get('visibility');
    if (visibility !== null && !VISIBILITIES.includes(visibility)) return badRequest(`Invalid visibility value: ${visibility}`);
    const memberStatus = q.get('member_status') ?? 'accepted';
    if (!MEMBER_STATUSES.includes(memberStatus)) return badRequest(`Invalid status value: ${memberStatus}`);
    const hiddenParam = q.get('os_hidden');
    if (hiddenParam !== null && !['true', 'false'].includes(hiddenParam.toLowerCase())) {
      return badRequest(`Invalid value for os_hidden: ${hiddenParam}`);
    }
    const wantHidden = hiddenParam?.toLowerCase() === 'true';
    const propertyFilters = [...q.entries()].filter(([k]) => !RESERVED.has(k));

    const matches = images.filter(({ entry, body }) => {
      const v = String(body.visibility);
      if (visibility === null || visibility === 'all') {
        if (visibility === null && v === 'community') return false;
      } else if (v !== visibility) return false;
      if (v === 'shared' && memberStatus !== 'all' && (entry.member_status ?? 'accepted') !== memberStatus) return false;
      if (Boolean(body.os_hidden) !== wantHidden) return false;
      if (q.has('name') && body.name !== q.get('name')) return false;
      if (q.has('status') && body.status !== q.get('status')) return false;
      return propertyFilters.every(([k, val]) => String(body[k]) === val);
    });

    let start = 0;
    const marker = q.get('marker');
    if (marker !== null) {
      const idx = matches.findIndex((s) => s.body.id === marker);
      if (idx < 0) return badRequest(`Invalid marker. Image ${marker} could not be found.`);
      start = idx + 1;
    }
    const page = matches.slice(start, start + limit);

    const params = new URLSearchParams(q);
    params.delete('marker');
    const query = params.toString();
    const body: Record<string, unknown> = {
      images: page.map((s) => s.body),
      first: query ? `/v2/images?${query}` : '/v2/images',
      schema: '/v2/schemas/images',
    };
    if (page.length > 0 && page.length === limit) {
      params.set('marker', String(page[page.length - 1]!.body.id));
      body.next = `/v2/images?${params.toString()}`;
    }
    return json(200, body);
  };

  const show = (req: SandboxRequest): SandboxResponse => {
    const s = byId.get(req.params.id!);
    if (!s) return glanceNotFound(req, `No image found with ID ${req.params.id}`);
    return json(200, s.body);
  };

  return {
    mount: 'image',
    unauthorized: (req) =>
      glanceError(
        req,
        401,
        'Unauthorized',
        'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.',
        { 'WWW-Authenticate': `Keystone uri="${world.baseUrl}/identity"` },
      ),
    routes: [
      { method: 'GET', pattern: '/', auth: false, handler: () => json(300, versionsDoc(world)) },
      { method: 'GET', pattern: '/versions', auth: false, handler: () => json(200, versionsDoc(world)) },
      { method: 'GET', pattern: '/v2', auth: false, handler: () => json(200, versionsDoc(world)) },
      { method: 'GET', pattern: '/v2/images', handler: list },
      { method: 'GET', pattern: '/v2/images/:id', handler: show },
    ],
  };
};
