/**
 * Cinder (block storage): volume types as the project sees them.
 */
import { defineFact } from '../engine/facts.js';
import { sessionFact } from './facts.js';
import type { OpenStackSession } from './types.js';

/** Catalog types under which Cinder's v3 API may be registered (canonical first). */
export const BLOCK_STORAGE_TYPES = ['block-storage', 'volumev3', 'volume'];

export interface VolumeType {
  id: string;
  name: string;
  /** The description as Cinder returns it; null when the type has none. */
  description: string | null;
  isPublic: boolean;
  /** Extra specs visible to the caller (Cinder hides most of them from non-admins). */
  extraSpecs: Record<string, string>;
}

interface RawVolumeType {
  id?: unknown;
  name?: unknown;
  description?: unknown;
  is_public?: unknown;
  'os-volume-type-access:is_public'?: unknown;
  extra_specs?: unknown;
}

/** The path of the types list relative to the block-storage endpoint. */
export function volumeTypesPath(endpoint: string, projectId: string | undefined): string {
  const path = new URL(endpoint).pathname;
  if (/\/v3(\/|$)/.test(path)) return 'types';
  if (!projectId) throw new Error(`the block-storage endpoint ${endpoint} names no API version and the token has no project`);
  return `v3/${projectId}/types`;
}

/** `GET /v3/{project_id}/types` (paged by limit/marker): every volume type visible to the project. */
export async function listVolumeTypes(session: OpenStackSession, signal?: AbortSignal): Promise<VolumeType[]> {
  const endpoint = session.endpoint(BLOCK_STORAGE_TYPES);
  const list = await session.paginate<RawVolumeType>(BLOCK_STORAGE_TYPES, volumeTypesPath(endpoint, session.token.project?.id), {
    itemsKey: 'volume_types',
    limit: 1000,
    signal,
  });
  return list.map((raw, i) => toVolumeType(raw, i));
}

function toVolumeType(raw: RawVolumeType, index: number): VolumeType {
  if (typeof raw !== 'object' || raw === null || typeof raw.id !== 'string') {
    throw new Error(`block-storage returned a volume type without an id (entry ${index})`);
  }
  const specs: Record<string, string> = {};
  if (raw.extra_specs && typeof raw.extra_specs === 'object') {
    for (const [k, v] of Object.entries(raw.extra_specs as Record<string, unknown>)) specs[k] = String(v);
  }
  const isPublic = raw.is_public ?? raw['os-volume-type-access:is_public'];
  return {
    id: raw.id,
    name: typeof raw.name === 'string' ? raw.name : '',
    description: typeof raw.description === 'string' ? raw.description : null,
    isPublic: isPublic !== false,
    extraSpecs: specs,
  };
}

export const volumeTypesFact = defineFact(
  'volume.types',
  async (ctx) => listVolumeTypes(await ctx.get(sessionFact), ctx.signal),
  'GET /v3/{project_id}/types (block-storage)',
);
