/**
 * The sandbox's Keystone v3 (mount `identity`): version documents, token issue (password, application
 * credential, token; project, domain or no scope), validation and revocation, the catalog, and a
 * read-only view of users, projects, domains and roles. Data comes from the profile's `identity`
 * section; the catalog lists the profile's `identity.catalog` entries below the sandbox's base URL.
 */
import { keystoneError, json, type SandboxRequest, type SandboxResponse, type Route } from '../http.js';
import type { SandboxService, SandboxServiceFactory } from '../service.js';
import type { IssuedToken, SandboxWorld } from '../world.js';
import { sectionMapping, sectionProblem, type SectionProblem } from './sections.js';

export interface DomainDef {
  id: string;
  name: string;
}
export interface ProjectDef {
  id: string;
  name: string;
  domainId: string;
}
export interface RoleDef {
  id: string;
  name: string;
}
export interface UserDef {
  id: string;
  name: string;
  domainId: string;
  password: string;
}
export interface Assignment {
  userId: string;
  projectId?: string;
  domainId?: string;
  roleId: string;
}
export interface AppCredDef {
  id: string;
  name: string;
  secret: string;
  userId: string;
  projectId: string;
  roleIds: string[];
}
export interface EndpointDef {
  id: string;
  interface: string;
  region: string;
  path: string;
}
export interface ServiceDef {
  id: string;
  type: string;
  name: string;
  endpoints: EndpointDef[];
}

export interface IdentityData {
  regions: string[];
  tokenLifetime: number;
  domains: DomainDef[];
  projects: ProjectDef[];
  roles: RoleDef[];
  users: UserDef[];
  assignments: Assignment[];
  appCreds: AppCredDef[];
  catalog: ServiceDef[];
}

interface TokenMeta {
  methods: string[];
  issuedAt: Date;
  auditId: string;
  appCredId?: string;
}

const SECTION_KEYS = ['regions', 'token_lifetime', 'domains', 'projects', 'roles', 'users', 'role_assignments', 'application_credentials', 'catalog'];

type Dict = Record<string, unknown>;

const fail: SectionProblem = sectionProblem('identity');

function list(v: unknown, key: string): Dict[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(`${key} must be a list`);
  return v.map((x, i) => {
    if (typeof x === 'string') return { name: x };
    if (!x || typeof x !== 'object' || Array.isArray(x)) fail(`${key}[${i}] must be a mapping`);
    return x as Dict;
  });
}

function s(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Parse and check the profile's identity section; names and ids may be used as references. */
export function parseIdentitySection(raw: unknown, world: SandboxWorld): IdentityData {
  const sec = sectionMapping(raw, fail, SECTION_KEYS);
  const regions = Array.isArray(sec.regions) ? sec.regions.map(String) : ['RegionOne'];
  if (regions.length === 0) fail('regions must not be empty');
  const domains: DomainDef[] = list(sec.domains, 'domains').map((d) => ({ id: s(d.id) ?? (s(d.name) === 'Default' ? 'default' : world.newHexId()), name: s(d.name) ?? fail('a domain needs a name') }));
  if (!domains.some((d) => d.id === 'default')) domains.unshift({ id: 'default', name: 'Default' });
  const domainRef = (ref: unknown, what: string): string => {
    const r = s(ref) ?? 'default';
    const d = domains.find((x) => x.id === r || x.name === r);
    return d ? d.id : fail(`${what}: unknown domain "${r}"`);
  };
  const projects: ProjectDef[] = list(sec.projects, 'projects').map((p) => ({
    id: s(p.id) ?? world.newHexId(),
    name: s(p.name) ?? fail('a project needs a name'),
    domainId: domainRef(p.domain, `project ${String(p.name)}`),
  }));
  const roles: RoleDef[] = list(sec.roles, 'roles').map((r) => ({ id: s(r.id) ?? world.newHexId(), name: s(r.name) ?? fail('a role needs a name') }));
  const roleRef = (ref: unknown, what: string): string => {
    const r = s(ref) ?? fail(`${what}: role missing`);
    let role = roles.find((x) => x.id === r || x.name === r);
    if (!role) {
      role = { id: world.newHexId(), name: r };
      roles.push(role);
    }
    return role.id;
  };
  const users: UserDef[] = list(sec.users, 'users').map((u) => ({
    id: s(u.id) ?? world.newHexId(),
    name: s(u.name) ?? fail('a user needs a name'),
    domainId: domainRef(u.domain, `user ${String(u.name)}`),
    password: s(u.password) ?? fail(`user ${String(u.name)} needs a password`),
  }));
  const userRef = (ref: unknown, what: string): string => {
    const r = s(ref) ?? fail(`${what}: user missing`);
    return users.find((x) => x.id === r || x.name === r)?.id ?? fail(`${what}: unknown user "${r}"`);
  };
  const projectRef = (ref: unknown, what: string): string => {
    const r = s(ref) ?? fail(`${what}: project missing`);
    return projects.find((x) => x.id === r || x.name === r)?.id ?? fail(`${what}: unknown project "${r}"`);
  };
  const assignments: Assignment[] = list(sec.role_assignments, 'role_assignments').map((a, i) => {
    const what = `role_assignments[${i}]`;
    const out: Assignment = { userId: userRef(a.user, what), roleId: roleRef(a.role, what) };
    if (a.project !== undefined) out.projectId = projectRef(a.project, what);
    else if (a.domain !== undefined) out.domainId = domainRef(a.domain, what);
    else fail(`${what}: needs a project or a domain`);
    return out;
  });
  const appCreds: AppCredDef[] = list(sec.application_credentials, 'application_credentials').map((c, i) => {
    const what = `application_credentials[${i}]`;
    const userId = userRef(c.user, what);
    const projectId = projectRef(c.project, what);
    const roleIds = Array.isArray(c.roles)
      ? c.roles.map((r) => roleRef(r, what))
      : assignments.filter((a) => a.userId === userId && a.projectId === projectId).map((a) => a.roleId);
    return { id: s(c.id) ?? world.newHexId(), name: s(c.name) ?? fail(`${what} needs a name`), secret: s(c.secret) ?? fail(`${what} needs a secret`), userId, projectId, roleIds };
  });
  const catalog: ServiceDef[] = list(sec.catalog, 'catalog').map((c, i) => {
    const what = `catalog[${i}]`;
    const type = s(c.type) ?? fail(`${what} needs a type`);
    let endpoints: EndpointDef[];
    if (Array.isArray(c.endpoints)) {
      endpoints = list(c.endpoints, `${what}.endpoints`).map((e) => ({
        id: world.newHexId(),
        interface: s(e.interface) ?? 'public',
        region: s(e.region) ?? regions[0]!,
        path: s(e.path) ?? s(c.path) ?? fail(`${what}: an endpoint needs a path`),
      }));
    } else {
      const path = s(c.path) ?? fail(`${what} needs a path`);
      const ifaces = Array.isArray(c.interfaces) ? c.interfaces.map(String) : ['public', 'internal'];
      const regs = Array.isArray(c.regions) ? c.regions.map(String) : regions;
      endpoints = regs.flatMap((region) => ifaces.map((iface) => ({ id: world.newHexId(), interface: iface, region, path })));
    }
    return { id: s(c.id) ?? world.newHexId(), type, name: s(c.name) ?? type, endpoints };
  });
  const lifetime = sec.token_lifetime === undefined ? 3600 : Number(sec.token_lifetime);
  if (!Number.isFinite(lifetime) || lifetime <= 0) fail('token_lifetime must be a positive number of seconds');
  return { regions, tokenLifetime: lifetime, domains, projects, roles, users, assignments, appCreds, catalog };
}

/** `/volume/v3/{project_id}` (also Keystone's `%(project_id)s` and `$(project_id)s`) for a project. */
export function substituteProject(path: string, projectId: string | undefined): string | undefined {
  const re = /\{project_id\}|%\(project_id\)s|\$\(project_id\)s|%\(tenant_id\)s|\$\(tenant_id\)s/g;
  if (!re.test(path)) return path;
  return projectId ? path.replace(re, projectId) : undefined;
}

/** Keystone's 403 when the policy rule `identity:<action>` refuses the token. */
export function keystoneForbidden(action: string): SandboxResponse {
  return keystoneError(403, `You are not authorized to perform the requested action: identity:${action}.`);
}

function unauthorized(message = 'The request you have made requires authentication.'): SandboxResponse {
  const res = keystoneError(401, message);
  return { ...res, headers: { ...res.headers, 'WWW-Authenticate': 'Keystone uri="/identity"' } };
}

function header(req: SandboxRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const parsed = new WeakMap<SandboxWorld, IdentityData>();

export const identityService: SandboxServiceFactory = (world: SandboxWorld): SandboxService | undefined => {
  const raw = world.section<unknown>('identity');
  if (raw === undefined) return undefined;
  const data = parseIdentitySection(raw, world);
  parsed.set(world, data);
  const meta = new Map<string, TokenMeta>();

  const domainOf = (id: string): DomainDef | undefined => data.domains.find((d) => d.id === id);
  const ref = (o: { id: string; name: string; domainId?: string }): Dict => {
    const out: Dict = { id: o.id, name: o.name };
    if (o.domainId) out.domain = { id: o.domainId, name: domainOf(o.domainId)?.name };
    return out;
  };
  const roleName = (id: string): string => data.roles.find((r) => r.id === id)?.name ?? id;

  const catalogFor = (projectId: string | undefined): Dict[] =>
    data.catalog.map((svc) => ({
      id: svc.id,
      type: svc.type,
      name: svc.name,
      endpoints: svc.endpoints.flatMap((e) => {
        const path = substituteProject(e.path, projectId);
        if (path === undefined) return [];
        return [{ id: e.id, interface: e.interface, region_id: e.region, region: e.region, url: world.baseUrl + path }];
      }),
    }));

  const tokenBody = (t: IssuedToken, withCatalog: boolean): Dict => {
    const m = meta.get(t.tokenId);
    const user = data.users.find((u) => u.id === t.userId)!;
    const token: Dict = {
      methods: m?.methods ?? ['password'],
      user: { ...ref(user), password_expires_at: null },
      audit_ids: [m?.auditId ?? 'unknown'],
      expires_at: t.expiresAt.toISOString().replace(/Z$/, '000Z'),
      issued_at: (m?.issuedAt ?? world.now()).toISOString().replace(/Z$/, '000Z'),
    };
    if (t.projectId) {
      const p = data.projects.find((x) => x.id === t.projectId)!;
      token.project = ref(p);
      token.is_domain = false;
    } else if (t.domainId) {
      token.domain = ref(domainOf(t.domainId)!);
    }
    if (t.projectId || t.domainId) {
      token.roles = t.roles.map((name) => ({ id: data.roles.find((r) => r.name === name)?.id ?? name, name }));
      if (withCatalog) token.catalog = catalogFor(t.projectId);
    } else if (withCatalog) {
      token.catalog = [];
    }
    if (m?.appCredId) {
      const c = data.appCreds.find((x) => x.id === m.appCredId)!;
      token.application_credential = { id: c.id, name: c.name, restricted: true };
    }
    return { token };
  };

  const issue = (userId: string, scope: { projectId?: string; domainId?: string }, roleIds: string[], methods: string[], appCredId?: string): IssuedToken => {
    // Services see role names (policy checks such as `member` or `admin`), as keystonemiddleware passes them on.
    const t = world.issueToken({ userId, projectId: scope.projectId, domainId: scope.domainId, roles: roleIds.map(roleName) }, data.tokenLifetime);
    meta.set(t.tokenId, { methods, issuedAt: world.now(), auditId: world.newId().replace(/-/g, '').slice(0, 22), appCredId });
    return t;
  };

  const findUser = (u: Dict | undefined): UserDef | undefined => {
    if (!u || typeof u !== 'object') return undefined;
    if (typeof u.id === 'string') return data.users.find((x) => x.id === u.id);
    const d = u.domain as Dict | undefined;
    if (typeof u.name !== 'string' || !d) return undefined;
    const domainId = typeof d.id === 'string' ? d.id : data.domains.find((x) => x.name === d.name)?.id;
    return data.users.find((x) => x.name === u.name && x.domainId === domainId);
  };

  /** Role ids of a user on a scope; undefined when the scope itself is unknown. */
  const resolveScope = (scope: Dict | undefined): { projectId?: string; domainId?: string } | 'bad' | undefined => {
    if (!scope) return undefined;
    if (scope.project && typeof scope.project === 'object') {
      const p = scope.project as Dict;
      if (typeof p.id === 'string') return data.projects.some((x) => x.id === p.id) ? { projectId: p.id } : 'bad';
      const d = p.domain as Dict | undefined;
      const domainId = d ? (typeof d.id === 'string' ? d.id : data.domains.find((x) => x.name === d.name)?.id) : undefined;
      const found = data.projects.find((x) => x.name === p.name && x.domainId === domainId);
      return found ? { projectId: found.id } : 'bad';
    }
    if (scope.domain && typeof scope.domain === 'object') {
      const d = scope.domain as Dict;
      const found = data.domains.find((x) => x.id === d.id || (d.id === undefined && x.name === d.name));
      return found ? { domainId: found.id } : 'bad';
    }
    return 'bad';
  };

  const rolesOn = (userId: string, scope: { projectId?: string; domainId?: string }): string[] =>
    data.assignments
      .filter((a) => a.userId === userId && (scope.projectId ? a.projectId === scope.projectId : a.domainId === scope.domainId))
      .map((a) => a.roleId);

  const versionEntry = (base: string): Dict => ({
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${base}/identity/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  });

  const postTokens = (req: SandboxRequest): SandboxResponse => {
    const auth = (req.body as Dict | undefined)?.auth as Dict | undefined;
    const identity = auth?.identity as Dict | undefined;
    if (!identity || !Array.isArray(identity.methods) || identity.methods.length === 0) {
      return keystoneError(400, "Invalid input for field 'identity': 'methods' is a required property");
    }
    const methods = identity.methods as string[];
    const scopeReq = auth!.scope as Dict | undefined;
    const withCatalog = !req.query.has('nocatalog');
    const method = methods[0];
    let userId: string;
    let scope: { projectId?: string; domainId?: string } | undefined;
    let roleIds: string[] | undefined;
    let appCredId: string | undefined;
    if (method === 'password') {
      const pw = identity.password as Dict | undefined;
      const u = pw?.user as Dict | undefined;
      if (!u || typeof u.password !== 'string') return keystoneError(400, "Invalid input for field 'identity/password/user': 'password' is a required property");
      const user = findUser(u);
      if (!user || user.password !== u.password) return unauthorized();
      userId = user.id;
    } else if (method === 'application_credential') {
      const c = identity.application_credential as Dict | undefined;
      if (!c || typeof c.secret !== 'string') return keystoneError(400, "Invalid input for field 'identity/application_credential': 'secret' is a required property");
      let cred: AppCredDef | undefined;
      if (typeof c.id === 'string') cred = data.appCreds.find((x) => x.id === c.id);
      else {
        const user = findUser(c.user as Dict | undefined);
        cred = user ? data.appCreds.find((x) => x.name === c.name && x.userId === user.id) : undefined;
      }
      if (!cred || cred.secret !== c.secret) return unauthorized();
      if (scopeReq) return unauthorized('Application credentials cannot request a scope.');
      userId = cred.userId;
      scope = { projectId: cred.projectId };
      roleIds = cred.roleIds;
      appCredId = cred.id;
    } else if (method === 'token') {
      const t = identity.token as Dict | undefined;
      const old = world.validateToken(typeof t?.id === 'string' ? t.id : undefined);
      if (!old) return unauthorized();
      userId = old.userId;
      if (!scopeReq) scope = old.projectId ? { projectId: old.projectId } : old.domainId ? { domainId: old.domainId } : undefined;
      appCredId = meta.get(old.tokenId)?.appCredId;
      if (appCredId) {
        if (scopeReq) return unauthorized('Application credentials cannot request a scope.');
        roleIds = old.roles.map((name) => data.roles.find((r) => r.name === name)?.id ?? name);
      }
    } else {
      return unauthorized(`Attempted to authenticate with an unsupported method.`);
    }
    if (scopeReq) {
      const s = resolveScope(scopeReq);
      if (s === 'bad' || s === undefined) return unauthorized();
      scope = s;
    }
    if (scope && !roleIds) {
      roleIds = rolesOn(userId, scope);
      if (roleIds.length === 0) {
        return unauthorized(`User ${userId} has no access to ${scope.projectId ? `project ${scope.projectId}` : `domain ${scope.domainId}`}.`);
      }
    }
    const t = issue(userId, scope ?? {}, scope ? roleIds! : [], methods, appCredId);
    return json(201, tokenBody(t, withCatalog), { 'X-Subject-Token': t.tokenId, Vary: 'X-Auth-Token' });
  };

  const subject = (req: SandboxRequest): IssuedToken | undefined => world.validateToken(header(req, 'x-subject-token'));

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: '/',
      auth: false,
      handler: (req) => json(300, { versions: { values: [versionEntry(req.baseUrl)] } }, { Location: `${req.baseUrl}/identity/v3/` }),
    },
    { method: 'GET', pattern: '/v3', auth: false, handler: (req) => json(200, { version: versionEntry(req.baseUrl) }) },
    { method: 'POST', pattern: '/v3/auth/tokens', auth: false, handler: postTokens },
    {
      method: 'GET',
      pattern: '/v3/auth/tokens',
      handler: (req) => {
        const t = subject(req);
        if (!t) return keystoneError(404, 'Could not find token.');
        return json(200, tokenBody(t, !req.query.has('nocatalog')), { 'X-Subject-Token': t.tokenId });
      },
    },
    {
      method: 'DELETE',
      pattern: '/v3/auth/tokens',
      handler: (req) => {
        const t = subject(req);
        if (!t) return keystoneError(404, 'Could not find token.');
        world.tokens.delete(t.tokenId);
        meta.delete(t.tokenId);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: '/v3/auth/catalog',
      handler: (req) => {
        const a = req.auth!;
        if (!a.projectId && !a.domainId) return keystoneError(403, 'The authenticated token is not scoped: it has no catalog.');
        // real Keystone's /auth/catalog links carry `self` only (contract test)
        return json(200, { catalog: catalogFor(a.projectId), links: { self: `${req.baseUrl}/identity/v3/auth/catalog` } });
      },
    },
    {
      method: 'GET',
      pattern: '/v3/auth/projects',
      handler: (req) => {
        const ids = new Set(data.assignments.filter((a) => a.userId === req.auth!.userId && a.projectId).map((a) => a.projectId!));
        return json(200, { projects: data.projects.filter((p) => ids.has(p.id)).map((p) => projectBody(p, req.baseUrl)), links: { self: `${req.baseUrl}/identity/v3/auth/projects`, previous: null, next: null } });
      },
    },
    {
      method: 'GET',
      pattern: '/v3/users/:id',
      handler: (req) => {
        const user = data.users.find((u) => u.id === req.params.id);
        if (!user) return keystoneError(404, `Could not find user: ${req.params.id}.`);
        if (user.id !== req.auth!.userId) return keystoneForbidden('get_user');
        return json(200, { user: { id: user.id, name: user.name, domain_id: user.domainId, enabled: true, password_expires_at: null, links: { self: `${req.baseUrl}/identity/v3/users/${user.id}` } } });
      },
    },
    {
      method: 'GET',
      pattern: '/v3/projects/:id',
      handler: (req) => {
        const p = data.projects.find((x) => x.id === req.params.id);
        if (!p) return keystoneError(404, `Could not find project: ${req.params.id}.`);
        const visible = req.auth!.projectId === p.id || data.assignments.some((a) => a.userId === req.auth!.userId && a.projectId === p.id);
        if (!visible) return keystoneForbidden('get_project');
        return json(200, { project: projectBody(p, req.baseUrl) });
      },
    },
    {
      method: 'GET',
      pattern: '/v3/domains',
      handler: (req) => {
        const user = data.users.find((u) => u.id === req.auth!.userId);
        const visible = data.domains.filter((d) => d.id === user?.domainId || d.id === req.auth!.domainId);
        return json(200, {
          domains: visible.map((d) => ({ id: d.id, name: d.name, enabled: true, description: '', tags: [], options: {}, links: { self: `${req.baseUrl}/identity/v3/domains/${d.id}` } })),
          links: { self: `${req.baseUrl}/identity/v3/domains`, previous: null, next: null },
        });
      },
    },
    {
      method: 'GET',
      pattern: '/v3/roles',
      handler: (req) =>
        json(200, {
          roles: data.roles.map((r) => ({ id: r.id, name: r.name, domain_id: null, description: null, options: {}, links: { self: `${req.baseUrl}/identity/v3/roles/${r.id}` } })),
          links: { self: `${req.baseUrl}/identity/v3/roles`, previous: null, next: null },
        }),
    },
  ];
  return { mount: 'identity', routes };
};

function projectBody(p: ProjectDef, base: string): Dict {
  return {
    id: p.id,
    name: p.name,
    domain_id: p.domainId,
    description: '',
    enabled: true,
    parent_id: p.domainId,
    is_domain: false,
    tags: [],
    options: {},
    links: { self: `${base}/identity/v3/projects/${p.id}` },
  };
}

/** The identity data a running sandbox serves (ids included), for sandbox helpers such as cloud-config. */
export function identityData(world: SandboxWorld): IdentityData | undefined {
  return parsed.get(world);
}
