/**
 * Sandbox Cinder: version documents and volume types (`GET /volume/v3/{project_id}/types`).
 * Profile section `volume`: `{ max_microversion?, types: [{id?, name, description?, is_public?,
 * access_projects?, extra_specs?}] }`.
 */
import { json, novaError, type SandboxRequest } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';
import { sectionMapping, sectionProblem, type SectionProblem } from './sections.js';
import type { SandboxWorld } from '../world.js';

export interface VolumeTypeProfileEntry {
  id?: string;
  name: string;
  description?: string | null;
  is_public?: boolean;
  /** Project ids that may see a private type. */
  access_projects?: string[];
  extra_specs?: Record<string, string>;
}

export interface VolumeProfile {
  max_microversion?: string;
  types?: VolumeTypeProfileEntry[];
}

const MIN_MICROVERSION = '3.0';
const DEFAULT_MAX_MICROVERSION = '3.70';

function versionDoc(world: SandboxWorld, max: string): Record<string, unknown> {
  return {
    id: 'v3.0',
    status: 'CURRENT',
    version: max,
    min_version: MIN_MICROVERSION,
    updated: '2023-08-31T00:00:00Z',
    links: [
      { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
      { rel: 'self', href: `${world.baseUrl}/volume/v3/` },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
  };
}

/** Cinder echoes the microversion it used (the requested one, or the minimum). */
function microversionHeaders(req: SandboxRequest): Record<string, string> {
  const asked = String(req.headers['openstack-api-version'] ?? '').match(/^volume\s+(\d+\.\d+)$/i)?.[1];
  return { 'OpenStack-API-Version': `volume ${asked ?? MIN_MICROVERSION}`, Vary: 'OpenStack-API-Version' };
}

const bad: SectionProblem = sectionProblem('volume');

/** Checks the section's shape, so that a typo in a profile surfaces at start-up. */
export function checkVolumeProfile(section: unknown): VolumeProfile {
  const v = sectionMapping<VolumeProfile>(section, bad);
  if (v.max_microversion !== undefined && !/^3\.\d+$/.test(String(v.max_microversion))) bad(`max_microversion "${v.max_microversion}" is not 3.<n>`);
  if (v.types !== undefined && !Array.isArray(v.types)) bad('types must be a list');
  (v.types ?? []).forEach((t, i) => {
    if (typeof t !== 'object' || t === null || typeof t.name !== 'string' || t.name === '') bad(`types[${i}] needs a name`);
    if (t.description !== undefined && t.description !== null && typeof t.description !== 'string') bad(`types[${i}] (${t.name}): description must be a string`);
    if (t.extra_specs !== undefined && (typeof t.extra_specs !== 'object' || t.extra_specs === null)) bad(`types[${i}] (${t.name}): extra_specs must be a mapping`);
  });
  return v;
}

export const volumeTypesService: SandboxServiceFactory = (world) => {
  const raw = world.section<unknown>('volume');
  if (raw === undefined) return undefined;
  const section = checkVolumeProfile(raw);
  const max = section.max_microversion ?? DEFAULT_MAX_MICROVERSION;
  const types = (section.types ?? []).map((t) => ({ ...t, id: t.id ?? world.newId() }));

  const visible = (req: SandboxRequest) => {
    const project = req.auth?.projectId;
    const admin = req.auth?.roles.includes('admin') ?? false;
    return types.filter((t) => t.is_public !== false || admin || (project !== undefined && (t.access_projects ?? []).includes(project)));
  };
  // Cinder shows qos_specs_id to admins only (policy volume_extension:access_types_qos_specs_id);
  // checked against real cinder-api in test/openstack/contract.test.ts.
  const show = (t: (typeof types)[number], admin = false) => ({
    id: t.id,
    name: t.name,
    description: t.description ?? null,
    is_public: t.is_public !== false,
    'os-volume-type-access:is_public': t.is_public !== false,
    extra_specs: { ...(t.extra_specs ?? {}) },
    ...(admin ? { qos_specs_id: null } : {}),
  });
  const isAdmin = (req: SandboxRequest) => req.auth?.roles.includes('admin') ?? false;
  const projectMismatch = (req: SandboxRequest) => req.params.project !== req.auth?.projectId;

  return {
    mount: 'volume',
    routes: [
      {
        method: 'GET',
        pattern: '/',
        auth: false,
        handler: () => json(300, { versions: [versionDoc(world, max)] }),
      },
      {
        method: 'GET',
        pattern: '/v3',
        // real cinder-api wants a token here (401 without), unlike at its root
        handler: () => json(200, { versions: [versionDoc(world, max)] }),
      },
      {
        method: 'GET',
        pattern: '/v3/:project/types',
        handler: (req) => {
          if (projectMismatch(req)) return novaError(400, 'Malformed request url');
          let list = visible(req);
          const marker = req.query.get('marker');
          if (marker) {
            const at = list.findIndex((t) => t.id === marker);
            if (at < 0) return novaError(400, `marker [${marker}] not found`);
            list = list.slice(at + 1);
          }
          const limit = Math.min(Number(req.query.get('limit') ?? '1000') || 1000, 1000);
          const page = list.slice(0, limit);
          const body: Record<string, unknown> = { volume_types: page.map((t) => show(t, isAdmin(req))) };
          if (list.length > limit) {
            const next = new URL(`${world.baseUrl}${req.fullPath}`);
            next.searchParams.set('limit', String(limit));
            next.searchParams.set('marker', page[page.length - 1]!.id);
            body.volume_types_links = [{ href: next.toString(), rel: 'next' }];
          }
          return json(200, body, microversionHeaders(req));
        },
      },
      {
        method: 'GET',
        pattern: '/v3/:project/types/:id',
        handler: (req) => {
          if (projectMismatch(req)) return novaError(400, 'Malformed request url');
          const t = visible(req).find((x) => x.id === req.params.id);
          if (!t) return novaError(404, `Volume type with id ${req.params.id} could not be found.`);
          return json(200, { volume_type: show(t, isAdmin(req)) });
        },
      },
    ],
  };
};
