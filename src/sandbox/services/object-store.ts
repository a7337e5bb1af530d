/**
 * Sandbox Swift: the account listing (`GET /object-store/v1/AUTH_{project_id}`) and `GET /info`.
 * Profile section `objectstore`: `{ containers: [{name, count?, bytes?}], s3?: {...} }` (see s3.ts);
 * every project's account holds the same containers.
 */
import { randomBytes } from 'node:crypto';
import { json, textError, type SandboxRequest } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';
import { sectionMapping, sectionProblem, type SectionProblem } from './sections.js';
import type { SandboxWorld } from '../world.js';

export interface ContainerProfileEntry {
  name: string;
  count?: number;
  bytes?: number;
}

export interface S3ProfileOptions {
  /** SigV4 region the S3 API expects (default us-east-1, as Swift's s3api). */
  region?: string;
  /** Serve S3 at the dedicated `/s3` mount (the `object-store-s3` catalog entry); default true. */
  dedicated_endpoint?: boolean;
  /** Serve S3 at the Swift proxy's root (`/object-store/`, s3api in the proxy pipeline); default true. */
  swift_s3api?: boolean;
  /** Buckets S3 lists although Swift has no such container (a separate store: a violation of scs-0123-v1). */
  extra_buckets?: string[];
}

export interface ObjectStoreProfile {
  containers?: ContainerProfileEntry[];
  s3?: S3ProfileOptions;
}

const bad: SectionProblem = sectionProblem('objectstore');

/** Checks the section's shape, so that a typo in a profile surfaces at start-up. */
export function checkObjectStoreProfile(section: unknown): ObjectStoreProfile {
  const o = sectionMapping<ObjectStoreProfile>(section, bad);
  if (o.containers !== undefined && !Array.isArray(o.containers)) bad('containers must be a list');
  (o.containers ?? []).forEach((c, i) => {
    if (typeof c !== 'object' || c === null || typeof c.name !== 'string' || c.name === '') bad(`containers[${i}] needs a name`);
  });
  const s3 = o.s3;
  if (s3 !== undefined) {
    if (typeof s3 !== 'object' || s3 === null) bad('s3 must be a mapping');
    const known = ['region', 'dedicated_endpoint', 'swift_s3api', 'extra_buckets'];
    for (const k of Object.keys(s3)) if (!known.includes(k)) bad(`s3.${k} is unknown (known: ${known.join(', ')})`);
  }
  return o;
}

export function objectStoreSection(world: SandboxWorld): ObjectStoreProfile | undefined {
  const raw = world.section<unknown>('objectstore');
  return raw === undefined ? undefined : checkObjectStoreProfile(raw);
}

/** The containers of an account, sorted by name as Swift lists them. */
export function accountContainers(world: SandboxWorld): Required<ContainerProfileEntry>[] {
  return (objectStoreSection(world)?.containers ?? [])
    .map((c) => ({ name: String(c.name), count: c.count ?? 0, bytes: c.bytes ?? 0 }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function transId(): string {
  return `tx${randomBytes(11).toString('hex')}-${Math.floor(Date.now() / 1000).toString(16).padStart(10, '0')}`;
}

export const objectStoreService: SandboxServiceFactory = (world) => {
  const section = objectStoreSection(world);
  if (!section) return undefined;

  const account = (req: SandboxRequest) => {
    const tid = transId();
    const base = { 'X-Trans-Id': tid, 'X-Openstack-Request-Id': tid };
    if (req.params.account !== `AUTH_${req.auth?.projectId ?? ''}` && !req.auth?.roles.includes('admin')) {
      return { ...textError(403, 'Forbidden'), headers: { 'Content-Type': 'text/html; charset=UTF-8', ...base }, body: '<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>' };
    }
    let list = accountContainers(world);
    const all = list;
    const prefix = req.query.get('prefix');
    if (prefix) list = list.filter((c) => c.name.startsWith(prefix));
    const marker = req.query.get('marker');
    if (marker) list = list.filter((c) => c.name > marker);
    const endMarker = req.query.get('end_marker');
    if (endMarker) list = list.filter((c) => c.name < endMarker);
    const limit = Math.min(Number(req.query.get('limit') ?? '10000') || 10000, 10000);
    list = list.slice(0, limit);
    const headers: Record<string, string> = {
      ...base,
      'X-Account-Container-Count': String(all.length),
      'X-Account-Object-Count': String(all.reduce((n, c) => n + c.count, 0)),
      'X-Account-Bytes-Used': String(all.reduce((n, c) => n + c.bytes, 0)),
      'X-Timestamp': '1700000000.00000',
      'X-Account-Project-Domain-Id': 'default',
      'Accept-Ranges': 'bytes',
    };
    const format = req.query.get('format') ?? (String(req.headers.accept ?? '').includes('application/json') ? 'json' : 'plain');
    if (format === 'json') {
      return {
        status: 200,
        headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify(list.map((c) => ({ name: c.name, count: c.count, bytes: c.bytes, last_modified: '2026-01-01T00:00:00.000000' }))),
      };
    }
    if (list.length === 0) return { status: 204, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } };
    return { status: 200, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body: list.map((c) => c.name).join('\n') + '\n' };
  };

  return {
    mount: 'object-store',
    // Swift's 401: HTML, and a Swift realm next to the Keystone URI (as real Swift with keystoneauth)
    unauthorized: (req) => ({
      status: 401,
      headers: {
        'Content-Type': 'text/html; charset=UTF-8',
        'WWW-Authenticate': [`Swift realm="${req.path.split('/')[2] ?? 'unknown'}"`, `Keystone uri="${world.baseUrl}/identity"`],
      },
      body: '<html><h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the document you requested.</p></html>',
    }),
    routes: [
      {
        method: 'GET',
        pattern: '/info',
        auth: false,
        handler: () => json(200, { swift: { version: '2.30.1', account_listing_limit: 10000 }, s3api: { max_bucket_listing: 1000 } }),
      },
      { method: 'GET', pattern: '/v1/:account', handler: account },
    ],
  };
};
