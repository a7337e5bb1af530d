/**
 * Sandbox Nova: version documents and the flavor API (list, detail, show, os-extra_specs) with
 * microversions as Nova handles them: no header → 2.1; `latest` → the maximum; a malformed version →
 * 400; a version outside [2.1, max] → 406; the version used is echoed in `OpenStack-API-Version` and
 * `X-OpenStack-Nova-API-Version` with `Vary`. `extra_specs` are inlined from 2.61, `description` from
 * 2.55, and `swap` is an integer from 2.75 (an empty string before). Lists page with limit/marker and a
 * `flavors_links` rel=next link when a page is full.
 *
 * Profile section `compute`: `{ max_microversion?: string, flavors: FlavorProfileEntry[] }`.
 */
import { json, novaError, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';
import type { SandboxWorld } from '../world.js';

export interface FlavorProfileEntry {
  /** Flavor id; a UUID is made up when absent. */
  id?: string;
  name: string;
  vcpus: number;
  /** MiB. */
  ram: number;
  /** GB. */
  disk: number;
  extra_specs?: Record<string, string>;
  is_public?: boolean;
  description?: string;
}

export interface ComputeProfileSection {
  max_microversion?: string;
  flavors?: FlavorProfileEntry[];
}

interface StoredFlavor extends Required<Omit<FlavorProfileEntry, 'description'>> {
  description: string | null;
}

export const MIN_MICROVERSION = '2.1';
export const DEFAULT_MAX_MICROVERSION = '2.93';
/** Nova's osapi_max_limit default. */
const MAX_LIMIT = 1000;
const SECTION_KEYS = ['max_microversion', 'flavors'];
const FLAVOR_KEYS = ['id', 'name', 'vcpus', 'ram', 'disk', 'extra_specs', 'is_public', 'description'];

function parseVersion(v: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function cmp(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** Reads and checks the profile's `compute` section; throws on anything unexpected so typos surface. */
export function readComputeSection(profileName: string, section: unknown): { max: string; flavors: StoredFlavor[] } {
  const where = `sandbox profile ${profileName}, section compute`;
  if (typeof section !== 'object' || section === null || Array.isArray(section)) throw new Error(`${where}: must be a mapping`);
  const s = section as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!SECTION_KEYS.includes(k)) throw new Error(`${where}: unknown key "${k}" (known: ${SECTION_KEYS.join(', ')})`);
  const max = s.max_microversion === undefined ? DEFAULT_MAX_MICROVERSION : String(s.max_microversion);
  if (!parseVersion(max) || cmp(parseVersion(max)!, parseVersion(MIN_MICROVERSION)!) < 0) throw new Error(`${where}: max_microversion "${max}" is not a version X.Y ≥ 2.1`);
  const list = s.flavors ?? [];
  if (!Array.isArray(list)) throw new Error(`${where}: flavors must be a list`);
  const ids = new Set<string>();
  const flavors = list.map((raw: unknown, i): StoredFlavor => {
    const at = `${where}, flavors[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw new Error(`${at}: must be a mapping`);
    const f = raw as Record<string, unknown>;
    for (const k of Object.keys(f)) if (!FLAVOR_KEYS.includes(k)) throw new Error(`${at}: unknown key "${k}" (known: ${FLAVOR_KEYS.join(', ')})`);
    if (typeof f.name !== 'string' || !f.name) throw new Error(`${at}: name must be a non-empty string`);
    for (const k of ['vcpus', 'ram', 'disk'] as const) {
      if (typeof f[k] !== 'number' || !Number.isInteger(f[k]) || (f[k] as number) < (k === 'disk' ? 0 : 1)) throw new Error(`${at} (${f.name}): ${k} must be a ${k === 'disk' ? 'non-negative' : 'positive'} integer`);
    }
    const specs: Record<string, string> = {};
    if (f.extra_specs !== undefined) {
      if (typeof f.extra_specs !== 'object' || f.extra_specs === null || Array.isArray(f.extra_specs)) throw new Error(`${at} (${f.name}): extra_specs must be a mapping`);
      for (const [k, v] of Object.entries(f.extra_specs as Record<string, unknown>)) specs[k] = String(v);
    }
    const id = f.id === undefined ? '' : String(f.id);
    if (id && ids.has(id)) throw new Error(`${at} (${f.name}): id ${id} is used twice`);
    if (id) ids.add(id);
    return {
      id,
      name: f.name,
      vcpus: f.vcpus as number,
      ram: f.ram as number,
      disk: f.disk as number,
      extra_specs: specs,
      is_public: f.is_public !== false,
      description: typeof f.description === 'string' ? f.description : null,
    };
  });
  return { max, flavors };
}

type Negotiated = { ok: true; version: [number, number]; text: string } | { ok: false; response: SandboxResponse };

function header(req: SandboxRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The request's microversion as Nova reads it (the new header wins over the legacy one). */
function negotiate(req: SandboxRequest, max: string): Negotiated {
  let requested: string | undefined;
  const modern = header(req, 'openstack-api-version');
  if (modern) {
    for (const part of modern.split(',')) {
      const [service, value] = part.trim().split(/\s+/, 2);
      if (service?.toLowerCase() === 'compute' && value) requested = value;
    }
  }
  requested ??= header(req, 'x-openstack-nova-api-version');
  if (!requested) requested = MIN_MICROVERSION;
  if (requested.trim().toLowerCase() === 'latest') requested = max;
  const v = parseVersion(requested);
  if (!v) return { ok: false, response: novaError(400, `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`) };
  if (cmp(v, parseVersion(MIN_MICROVERSION)!) < 0 || cmp(v, parseVersion(max)!) > 0) {
    const message = `Version ${requested} is not supported by the API. Minimum is ${MIN_MICROVERSION} and maximum is ${max}.`;
    return { ok: false, response: json(406, { computeFault: { code: 406, message } }) };
  }
  return { ok: true, version: v, text: `${v[0]}.${v[1]}` };
}

function versionHeaders(text: string): Record<string, string> {
  return {
    'OpenStack-API-Version': `compute ${text}`,
    'X-OpenStack-Nova-API-Version': text,
    Vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
  };
}

function versionEntry(base: string, max: string): Record<string, unknown> {
  return {
    id: 'v2.1',
    status: 'CURRENT',
    version: max,
    min_version: MIN_MICROVERSION,
    updated: '2013-07-23T11:33:21Z',
    links: [{ rel: 'self', href: `${base}/compute/v2.1/` }],
  };
}

export const computeFlavorsService: SandboxServiceFactory = (world: SandboxWorld) => {
  const section = world.section<unknown>('compute');
  if (section === undefined) return undefined;
  const { max, flavors } = readComputeSection(world.profile.name, section);
  for (const f of flavors) if (!f.id) f.id = world.newId();
  const byId = new Map(flavors.map((f) => [f.id, f]));
  const atLeast = (v: [number, number], text: string): boolean => cmp(v, parseVersion(text)!) >= 0;

  const links = (req: SandboxRequest, f: StoredFlavor) => [
    { rel: 'self', href: `${req.baseUrl}/compute/v2.1/flavors/${f.id}` },
    { rel: 'bookmark', href: `${req.baseUrl}/compute/flavors/${f.id}` },
  ];
  const brief = (req: SandboxRequest, v: [number, number], f: StoredFlavor) => ({
    id: f.id,
    name: f.name,
    links: links(req, f),
    ...(atLeast(v, '2.55') ? { description: f.description } : {}),
  });
  const detail = (req: SandboxRequest, v: [number, number], f: StoredFlavor) => ({
    id: f.id,
    name: f.name,
    ram: f.ram,
    disk: f.disk,
    swap: atLeast(v, '2.75') ? 0 : '',
    'OS-FLV-EXT-DATA:ephemeral': 0,
    'OS-FLV-DISABLED:disabled': false,
    vcpus: f.vcpus,
    'os-flavor-access:is_public': f.is_public,
    rxtx_factor: 1.0,
    links: links(req, f),
    ...(atLeast(v, '2.55') ? { description: f.description } : {}),
    ...(atLeast(v, '2.61') ? { extra_specs: { ...f.extra_specs } } : {}),
  });

  /** Runs a handler with the negotiated microversion; errors and answers carry the version headers. */
  const versioned =
    (handler: (req: SandboxRequest, v: [number, number]) => SandboxResponse) =>
    (req: SandboxRequest): SandboxResponse => {
      const n = negotiate(req, max);
      if (!n.ok) return n.response;
      const out = handler(req, n.version);
      return { ...out, headers: { ...(out.headers ?? {}), ...versionHeaders(n.text) } };
    };

  const list = (isDetail: boolean) =>
    versioned((req, v) => {
      const limitText = req.query.get('limit');
      let limit = MAX_LIMIT;
      if (limitText !== null) {
        if (!/^\d+$/.test(limitText)) return novaError(400, `Invalid input for query parameters limit. Value: ${limitText}. '${limitText}' does not match '^[0-9]*$'`);
        limit = Math.min(Number(limitText), MAX_LIMIT);
      }
      let start = 0;
      const marker = req.query.get('marker');
      if (marker !== null) {
        const i = flavors.findIndex((f) => f.id === marker);
        if (i < 0) return novaError(400, `marker [${marker}] not found`);
        start = i + 1;
      }
      const page = limit === 0 ? [] : flavors.slice(start, start + limit);
      const body: Record<string, unknown> = { flavors: page.map((f) => (isDetail ? detail(req, v, f) : brief(req, v, f))) };
      if (page.length > 0 && page.length === limit) {
        const next = new URLSearchParams({ limit: String(limit), marker: page[page.length - 1]!.id });
        body.flavors_links = [{ rel: 'next', href: `${req.baseUrl}${req.fullPath}?${next.toString()}` }];
      }
      return json(200, body);
    });

  const notFound = (id: string) => novaError(404, `Flavor ${id} could not be found.`);

  return {
    mount: 'compute',
    routes: [
      { method: 'GET', pattern: '/', auth: false, handler: (req) => json(200, { versions: [versionEntry(req.baseUrl, max)] }) },
      {
        method: 'GET',
        pattern: '/v2.1',
        auth: false,
        handler: (req) =>
          json(200, {
            version: {
              ...versionEntry(req.baseUrl, max),
              links: [
                { rel: 'self', href: `${req.baseUrl}/compute/v2.1/` },
                { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
              ],
              'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
            },
          }),
      },
      { method: 'GET', pattern: '/v2.1/flavors', handler: list(false) },
      { method: 'GET', pattern: '/v2.1/flavors/detail', handler: list(true) },
      {
        method: 'GET',
        pattern: '/v2.1/flavors/:id',
        handler: versioned((req, v) => {
          const f = byId.get(req.params.id!);
          return f ? json(200, { flavor: detail(req, v, f) }) : notFound(req.params.id!);
        }),
      },
      {
        method: 'GET',
        pattern: '/v2.1/flavors/:id/os-extra_specs',
        handler: versioned((req) => {
          const f = byId.get(req.params.id!);
          return f ? json(200, { extra_specs: { ...f.extra_specs } }) : notFound(req.params.id!);
        }),
      },
      {
        method: 'GET',
        pattern: '/v2.1/flavors/:id/os-extra_specs/:key',
        handler: versioned((req) => {
          const f = byId.get(req.params.id!);
          if (!f) return notFound(req.params.id!);
          const key = req.params.key!;
          if (!(key in f.extra_specs)) return novaError(404, `Flavor ${f.id} has no extra specs with key ${key}.`);
          return json(200, { [key]: f.extra_specs[key] });
        }),
      },
    ],
  };
};
