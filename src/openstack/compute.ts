/**
 * Nova (compute): the flavors the project can see, with their extra specs.
 *
 * From microversion 2.61 Nova puts `extra_specs` into `GET /flavors/detail`: one paged list call.
 * Below 2.61 every flavor needs its own `GET /flavors/{id}/os-extra_specs` (bounded concurrency).
 */
import pLimit from 'p-limit';
import { defineFact } from '../engine/facts.js';
import { sessionFact } from './facts.js';
import type { OpenStackSession } from './types.js';

export const COMPUTE = 'compute';
/** The microversion that inlines extra specs into flavor lists. */
export const EXTRA_SPECS_INLINE_MICROVERSION = '2.61';
/** Concurrent `os-extra_specs` requests below 2.61. */
export const EXTRA_SPECS_CONCURRENCY = 8;
/** Page size of the flavor list. */
export const FLAVOR_PAGE_SIZE = 1000;

export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  /** MiB. */
  ram: number;
  /** Root disk in GB; 0 = no root disk of its own (boot from volume or image-sized). */
  disk: number;
  extra_specs: Record<string, string>;
  /** `os-flavor-access:is_public`. */
  is_public: boolean;
}

/** Compare microversions `X.Y` numerically: negative, 0 or positive. */
export function compareMicroversions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}

interface RawFlavor {
  id?: unknown;
  name?: unknown;
  vcpus?: unknown;
  ram?: unknown;
  disk?: unknown;
  extra_specs?: unknown;
  'os-flavor-access:is_public'?: unknown;
}

function describe(raw: RawFlavor, index: number): string {
  return typeof raw?.name === 'string' ? `flavor "${raw.name}"` : `flavor entry ${index}`;
}

function toExtraSpecs(value: unknown, what: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`compute returned malformed extra_specs for ${what}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = typeof v === 'string' ? v : String(v);
  return out;
}

function toFlavor(raw: RawFlavor, index: number, extraSpecs: Record<string, string>): Flavor {
  const what = describe(raw, index);
  if (typeof raw !== 'object' || raw === null || typeof raw.id !== 'string' || raw.id === '') throw new Error(`compute returned ${what} without an id`);
  if (typeof raw.name !== 'string') throw new Error(`compute returned flavor ${raw.id} without a name`);
  const num = (key: 'vcpus' | 'ram' | 'disk'): number => {
    const v = raw[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`compute returned ${what} (id ${String(raw.id)}) with a malformed "${key}": ${JSON.stringify(v)}`);
    return v;
  };
  return {
    id: raw.id,
    name: raw.name,
    vcpus: num('vcpus'),
    ram: num('ram'),
    disk: num('disk'),
    extra_specs: extraSpecs,
    is_public: raw['os-flavor-access:is_public'] !== false,
  };
}

/**
 * Every flavor visible to the project with its extra specs. Negotiates the microversion: ≥ 2.61 → one
 * paged `GET /flavors/detail` (limit 1000); below → the list plus `GET /flavors/{id}/os-extra_specs`
 * per flavor (8 at a time). A flavor whose inlined extra specs are missing (policy hides them) is
 * completed the old way. Malformed answers throw, so no testcase judges half-read data.
 */
export async function listFlavors(session: OpenStackSession, signal?: AbortSignal): Promise<Flavor[]> {
  const max = await session.maxMicroversion(COMPUTE);
  const inline = max !== undefined && compareMicroversions(max, EXTRA_SPECS_INLINE_MICROVERSION) >= 0;
  const raws = await session.paginate<RawFlavor>(COMPUTE, '/flavors/detail', {
    itemsKey: 'flavors',
    limit: FLAVOR_PAGE_SIZE,
    microversion: inline ? EXTRA_SPECS_INLINE_MICROVERSION : undefined,
    signal,
  });
  const limit = pLimit(EXTRA_SPECS_CONCURRENCY);
  return Promise.all(
    raws.map((raw, i) => {
      if (inline && raw && typeof raw === 'object' && raw.extra_specs !== undefined) {
        return Promise.resolve(toFlavor(raw, i, toExtraSpecs(raw.extra_specs, describe(raw, i))));
      }
      return limit(async () => {
        if (!raw || typeof raw !== 'object' || typeof raw.id !== 'string' || raw.id === '') throw new Error(`compute returned ${describe(raw, i)} without an id`);
        const res = await session.request<{ extra_specs?: unknown }>(COMPUTE, `/flavors/${encodeURIComponent(raw.id)}/os-extra_specs`, { signal });
        if (res.body?.extra_specs === undefined) throw new Error(`compute answered GET /flavors/${raw.id}/os-extra_specs without "extra_specs" (status ${res.status})`);
        return toFlavor(raw, i, toExtraSpecs(res.body.extra_specs, describe(raw, i)));
      });
    }),
  );
}

export const flavorsFact = defineFact(
  'compute.flavors',
  async (ctx) => listFlavors(await ctx.get(sessionFact), ctx.signal),
  'GET /flavors/detail with extra specs (microversion 2.61, else GET /flavors/{id}/os-extra_specs per flavor)',
);
