/**
 * The sandbox's Barbican (mount `key-manager`): version discovery and `/v1/secrets` (list with
 * `name`/`limit`/`offset`, create, metadata, payload, delete) in Barbican's shapes (`secret_ref`
 * hrefs, `{code, title, description}` errors). Secrets belong to the token's project.
 *
 * Profile section `keymanager`:
 *   creator_roles: roles that may store and delete secrets (Barbican's `creator`; the SCS standard
 *                  wants Keystone `member` among them) — default [admin, creator, member]
 *   reader_roles:  roles that may list and read secrets — default creator_roles + [reader, observer]
 */
import { json, type Route, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxService, SandboxServiceFactory } from '../service.js';
import type { SandboxWorld } from '../world.js';
import { sectionMapping, sectionProblem, type SectionProblem } from './sections.js';

interface StoredSecret {
  id: string;
  name: string | null;
  projectId: string;
  creatorId: string;
  payload: string;
  contentType: string;
  secretType: string;
  created: string;
}

const KEYS = ['creator_roles', 'reader_roles'];

function barbicanError(status: number, title: string, description: string): SandboxResponse {
  return json(status, { code: status, title, description });
}

const bad: SectionProblem = sectionProblem('keymanager');

function roles(v: unknown, key: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((r) => typeof r !== 'string')) bad(`${key} must be a list of role names`);
  return v as string[];
}

const stores = new WeakMap<SandboxWorld, Map<string, StoredSecret>>();

/** The secrets a running sandbox holds (tests). */
export function sandboxSecrets(world: SandboxWorld): Map<string, StoredSecret> {
  return stores.get(world) ?? new Map();
}

export const keyManagerService: SandboxServiceFactory = (world) => {
  const raw = world.section<Record<string, unknown>>('keymanager');
  if (raw === undefined) return undefined;
  sectionMapping(raw, bad, KEYS);
  const creators = roles(raw.creator_roles, 'creator_roles') ?? ['admin', 'creator', 'member'];
  const readers = roles(raw.reader_roles, 'reader_roles') ?? [...creators, 'reader', 'observer'];
  const secrets = new Map<string, StoredSecret>();
  stores.set(world, secrets);

  const may = (req: SandboxRequest, allowed: string[]): boolean => !!req.auth!.projectId && req.auth!.roles.some((r) => allowed.includes(r));
  const forbidden = (what: string) => barbicanError(403, 'Forbidden', `${what}: Forbidden`);
  const href = (req: SandboxRequest, id: string) => `${req.baseUrl}/key-manager/v1/secrets/${id}`;
  const body = (req: SandboxRequest, s: StoredSecret) => ({
    secret_ref: href(req, s.id),
    name: s.name,
    status: 'ACTIVE',
    secret_type: s.secretType,
    content_types: { default: s.contentType },
    created: s.created,
    updated: s.created,
    expiration: null,
    algorithm: null,
    bit_length: null,
    mode: null,
    creator_id: s.creatorId,
  });
  const own = (req: SandboxRequest): StoredSecret | undefined => {
    const s = secrets.get(req.params.id!);
    return s && s.projectId === req.auth!.projectId ? s : undefined;
  };
  const notFound = () => barbicanError(404, 'Not Found', 'Secret not found.');
  const version = (req: SandboxRequest) => ({
    id: 'v1',
    status: 'stable',
    links: [
      { rel: 'self', href: `${req.baseUrl}/key-manager/v1/` },
      { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.key-manager-v1+json' }],
  });

  const routes: Route[] = [
    { method: 'GET', pattern: '/', auth: false, handler: (req) => json(300, { versions: { values: [version(req)] } }) },
    { method: 'GET', pattern: '/v1', auth: false, handler: (req) => json(200, { version: version(req) }) },
    {
      method: 'GET',
      pattern: '/v1/secrets',
      handler: (req) => {
        if (!may(req, readers)) return forbidden('SecretsController.on_get');
        const name = req.query.get('name');
        const limit = Math.max(0, Math.min(100, Number(req.query.get('limit') ?? 10) || 10));
        const offset = Math.max(0, Number(req.query.get('offset') ?? 0) || 0);
        const all = [...secrets.values()].filter((s) => s.projectId === req.auth!.projectId && (name === null || s.name === name));
        const page = all.slice(offset, offset + limit);
        const out: Record<string, unknown> = { secrets: page.map((s) => body(req, s)), total: all.length };
        const q = (o: number) => `${req.baseUrl}/key-manager/v1/secrets?limit=${limit}&offset=${o}${name !== null ? `&name=${encodeURIComponent(name)}` : ''}`;
        if (offset + limit < all.length) out.next = q(offset + limit);
        if (offset > 0) out.previous = q(Math.max(0, offset - limit));
        return json(200, out);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/secrets',
      handler: (req) => {
        if (!may(req, creators)) return forbidden('SecretsController.on_post');
        const b = (req.body ?? {}) as Record<string, unknown>;
        if (b.payload !== undefined && typeof b.payload !== 'string') return barbicanError(400, 'Bad Request', 'Provided object does not match schema \'Secret\': payload must be a string');
        if (typeof b.payload === 'string' && typeof b.payload_content_type !== 'string') {
          return barbicanError(400, 'Bad Request', "Provided object does not match schema 'Secret': If 'payload' is supplied, 'payload_content_type' must also be supplied.");
        }
        const s: StoredSecret = {
          id: world.newId(),
          name: typeof b.name === 'string' ? b.name : null,
          projectId: req.auth!.projectId!,
          creatorId: req.auth!.userId,
          payload: typeof b.payload === 'string' ? b.payload : '',
          contentType: typeof b.payload_content_type === 'string' ? b.payload_content_type : 'text/plain',
          secretType: typeof b.secret_type === 'string' ? b.secret_type : 'opaque',
          created: world.now().toISOString().replace(/Z$/, '000'),
        };
        secrets.set(s.id, s);
        return json(201, { secret_ref: href(req, s.id) }, { Location: href(req, s.id) });
      },
    },
    {
      method: 'GET',
      pattern: '/v1/secrets/:id',
      handler: (req) => {
        if (!may(req, readers)) return forbidden('SecretController.on_get');
        const s = own(req);
        return s ? json(200, body(req, s)) : notFound();
      },
    },
    {
      method: 'GET',
      pattern: '/v1/secrets/:id/payload',
      handler: (req) => {
        if (!may(req, creators)) return forbidden('SecretController.payload');
        const s = own(req);
        return s ? { status: 200, headers: { 'Content-Type': s.contentType }, body: s.payload } : notFound();
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/secrets/:id',
      handler: (req) => {
        if (!may(req, creators)) return forbidden('SecretController.on_delete');
        const s = own(req);
        if (!s) return notFound();
        secrets.delete(s.id);
        return { status: 204 };
      },
    },
  ];
  const service: SandboxService = {
    mount: 'key-manager',
    routes,
    unauthorized: () => json(401, { code: 401, title: 'Unauthorized', description: 'The request you have made requires authentication.' }, { 'WWW-Authenticate': `Keystone uri="${world.baseUrl}/identity"` }),
  };
  return service;
};
