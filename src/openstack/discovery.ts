/**
 * Version discovery: what a service's version document says about microversions, and which URLs to
 * ask for it. Pure functions; the session sends the requests and caches the answer per service.
 */

export interface VersionInfo {
  /** Highest microversion, e.g. `2.93`; undefined when the API has none. */
  maxVersion?: string;
  minVersion?: string;
  id?: string;
}

interface VersionEntry {
  id?: unknown;
  status?: unknown;
  version?: unknown;
  max_version?: unknown;
  min_version?: unknown;
  links?: { rel?: unknown; href?: unknown }[];
}

function toInfo(v: VersionEntry): VersionInfo {
  const max = typeof v.version === 'string' && v.version ? v.version : typeof v.max_version === 'string' && v.max_version ? v.max_version : undefined;
  const min = typeof v.min_version === 'string' && v.min_version ? v.min_version : undefined;
  return { maxVersion: max, minVersion: min, id: typeof v.id === 'string' ? v.id : undefined };
}

/** `v2.1` → [2, 1]; `3.70` → [3, 70]. */
export function versionTuple(v: string): [number, number] {
  const m = /^v?(\d+)(?:\.(\d+))?/.exec(v);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : [0, 0];
}

export function compareVersions(a: string, b: string): number {
  const [a1, a2] = versionTuple(a);
  const [b1, b2] = versionTuple(b);
  return a1 - b1 || a2 - b2;
}

/** The version segment of an endpoint URL (`…/compute/v2.1` → `v2.1`, `…/volume/v3/abc` → `v3`). */
export function endpointVersion(endpoint: string): string | undefined {
  const segs = new URL(endpoint).pathname.split('/').filter(Boolean);
  return segs.find((s) => /^v\d+(\.\d+)?$/.test(s));
}

/**
 * The version info of a discovery document: `{version: {...}}` (versioned endpoint), `{versions: [...]}`
 * or Keystone's `{versions: {values: [...]}}` (root). With several versions, the one matching the
 * endpoint's version segment wins, then `CURRENT`, then the highest. Undefined when the body is not a
 * version document.
 */
export function parseVersionDocument(body: unknown, endpoint: string): VersionInfo | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  if (b.version && typeof b.version === 'object' && !Array.isArray(b.version)) return toInfo(b.version as VersionEntry);
  let list: VersionEntry[] | undefined;
  if (Array.isArray(b.versions)) list = b.versions as VersionEntry[];
  else if (b.versions && typeof b.versions === 'object' && Array.isArray((b.versions as { values?: unknown }).values)) {
    list = (b.versions as { values: VersionEntry[] }).values;
  }
  if (!list || list.length === 0) return undefined;
  const wanted = endpointVersion(endpoint);
  if (wanted) {
    const major = versionTuple(wanted)[0];
    const exact = list.find((v) => typeof v.id === 'string' && v.id === wanted);
    if (exact) return toInfo(exact);
    const sameMajor = list.filter((v) => typeof v.id === 'string' && versionTuple(v.id)[0] === major);
    const current = sameMajor.find((v) => String(v.status).toUpperCase() === 'CURRENT') ?? sameMajor[0];
    if (current) return toInfo(current);
  }
  const current = list.find((v) => String(v.status).toUpperCase() === 'CURRENT' || String(v.status).toLowerCase() === 'stable');
  if (current) return toInfo(current);
  const sorted = [...list].filter((v) => typeof v.id === 'string').sort((x, y) => compareVersions(String(y.id), String(x.id)));
  return sorted[0] ? toInfo(sorted[0]) : undefined;
}

/**
 * URLs to ask for the version document, in order: the endpoint itself, the endpoint without a trailing
 * project id (Cinder's `/v3/{project_id}`, Swift's `AUTH_…`), and the unversioned root of the service.
 */
export function discoveryUrls(endpoint: string, projectId?: string): string[] {
  const out: string[] = [endpoint.replace(/\/+$/, '')];
  const u = new URL(endpoint);
  const segs = u.pathname.split('/').filter(Boolean);
  const last = segs[segs.length - 1];
  if (last && ((projectId && (last === projectId || last === `AUTH_${projectId}`)) || /^(AUTH_)?[0-9a-f]{32}$/.test(last))) {
    out.push(`${u.origin}/${segs.slice(0, -1).join('/')}`.replace(/\/+$/, ''));
  }
  const vi = segs.findIndex((s) => /^v\d+(\.\d+)?$/.test(s));
  if (vi >= 0) out.push(`${u.origin}/${segs.slice(0, vi).join('/')}`.replace(/\/+$/, '') + '/');
  return [...new Set(out)];
}

/** The value of the microversion header's service type (Cinder knows itself as `volume`). */
export function microversionServiceType(canonicalType: string): string {
  return canonicalType === 'block-storage' ? 'volume' : canonicalType;
}
