/**
 * Glance v2 images: the public and community images a compliance run looks at.
 *
 * Glance's default listing hides community images, so we ask for `visibility=all` (and
 * `member_status=all` so that no shared image is filtered out on the way) and keep the `public` and
 * `community` ones ourselves. Hidden images (`os_hidden=true`) stay out, as in Glance's default listing:
 * the standards speak about the images a user sees in the catalogue.
 */
import { defineFact } from '../engine/facts.js';
import { sessionFact } from './facts.js';
import type { OpenStackSession } from './types.js';

/** One image as Glance v2 describes it; custom properties are collected in `properties`. */
export interface GlanceImage {
  id: string;
  name: string;
  visibility: string;
  status: string;
  /** ISO timestamp of registration, as Glance writes it (`2024-05-01T10:00:00Z`). */
  created_at: string;
  updated_at?: string;
  /** Bytes of the stored file; null before upload. */
  size: number | null;
  /** Bytes of the virtual disk, when Glance knows it. */
  virtual_size: number | null;
  /** GiB; 0 means "not set". */
  min_disk: number;
  /** MiB; 0 means "not set". */
  min_ram: number;
  os_hidden: boolean;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  disk_format?: string | null;
  owner?: string | null;
  tags: string[];
  /** Every top-level key that is not one of Glance's own fields (architecture, os_distro, ...). */
  properties: Record<string, unknown>;
}

/** Keys of Glance's image schema; every other top-level key of an image is a custom property. */
const CORE_KEYS = new Set([
  'id',
  'name',
  'status',
  'visibility',
  'protected',
  'os_hidden',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'owner',
  'size',
  'virtual_size',
  'min_ram',
  'min_disk',
  'created_at',
  'updated_at',
  'disk_format',
  'container_format',
  'tags',
  'self',
  'file',
  'schema',
  'direct_url',
  'locations',
  'stores',
]);

/** Visibilities a compliance run looks at. */
export const LISTED_VISIBILITIES = ['public', 'community'] as const;

export class ImageFormatError extends Error {
  override name = 'ImageFormatError';
}

/** Turns one element of Glance's `images` list into a GlanceImage; throws on a malformed entry. */
export function toGlanceImage(raw: unknown): GlanceImage {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ImageFormatError(`Glance returned an image entry that is not an object: ${JSON.stringify(raw)?.slice(0, 80)}`);
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '') throw new ImageFormatError('Glance returned an image without an id');
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!CORE_KEYS.has(k)) properties[k] = v;
  return {
    id: r.id,
    name: typeof r.name === 'string' ? r.name : '',
    visibility: typeof r.visibility === 'string' ? r.visibility : '',
    status: typeof r.status === 'string' ? r.status : '',
    created_at: typeof r.created_at === 'string' ? r.created_at : '',
    updated_at: typeof r.updated_at === 'string' ? r.updated_at : undefined,
    size: typeof r.size === 'number' ? r.size : null,
    virtual_size: typeof r.virtual_size === 'number' ? r.virtual_size : null,
    min_disk: typeof r.min_disk === 'number' ? r.min_disk : 0,
    min_ram: typeof r.min_ram === 'number' ? r.min_ram : 0,
    os_hidden: r.os_hidden === true,
    os_hash_algo: typeof r.os_hash_algo === 'string' ? r.os_hash_algo : null,
    os_hash_value: typeof r.os_hash_value === 'string' ? r.os_hash_value : null,
    disk_format: typeof r.disk_format === 'string' ? r.disk_format : null,
    owner: typeof r.owner === 'string' ? r.owner : null,
    tags: Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string') : [],
    properties,
  };
}

export interface ListImagesOptions {
  /** Images per page (Glance caps it at its api_limit_max, 1000 by default). */
  pageSize?: number;
}

/**
 * Every public and community image the session can see (`GET /v2/images`, paged by Glance's
 * top-level `next` link, 1000 per page).
 */
export async function listImages(session: OpenStackSession, signal?: AbortSignal, opts: ListImagesOptions = {}): Promise<GlanceImage[]> {
  const raw = await session.paginate<unknown>('image', 'v2/images', {
    itemsKey: 'images',
    limit: opts.pageSize ?? 1000,
    searchParams: { visibility: 'all', member_status: 'all' },
    signal,
  });
  const seen = new Set<string>();
  const images: GlanceImage[] = [];
  for (const item of raw) {
    const image = toGlanceImage(item);
    if (seen.has(image.id)) continue; // a page boundary moved under us: count each image once
    seen.add(image.id);
    if ((LISTED_VISIBILITIES as readonly string[]).includes(image.visibility)) images.push(image);
  }
  return images;
}

/** A custom property as text: Glance v2 stores them as strings; anything else is stringified. */
export function imageProperty(image: GlanceImage, key: string): string | undefined {
  const v = image.properties[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** `image "Ubuntu 24.04" (id 1234…)`: how findings name an image. */
export function describeImage(image: Pick<GlanceImage, 'id' | 'name'>): string {
  return `image "${image.name}" (id ${image.id})`;
}

/** The public and community images of the cloud, fetched once per run. */
export const imagesFact = defineFact<GlanceImage[]>(
  'image.images',
  async (ctx) => listImages(await ctx.get(sessionFact), ctx.signal),
  'GET /v2/images?visibility=all&member_status=all (all pages), public and community images',
);
