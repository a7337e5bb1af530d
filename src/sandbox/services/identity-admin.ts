/**
 * The sandbox's Keystone administration API (mount `identity`, beside identity.ts): users, projects,
 * groups, group membership, role grants, `GET /v3/role_assignments` and `POST /v3/roles`, with the
 * policy Keystone enforces with the SCS domain-manager policy (scs-0302): a token holding `manager`
 * on a domain may manage users, projects, groups and grants of the *managed roles* inside that domain
 * only; lists are filtered to the token's domain (a list of another domain is an empty 200, as real
 * Keystone answers); roles cannot be created; `admin` may do anything. Everyone else gets 403.
 *
 * Profile section `domain_manager` (adds to the `identity` section's data):
 *   managed_roles: roles a domain manager may grant (the policy's is_domain_managed_role)
 *   domains:       [{name, manager: {name, password}}] — a domain each, with a user holding `manager` on it
 * The violations profile lists `admin` among the managed roles: the misconfiguration scs-0302 forbids.
 */
import { json, keystoneError, type Route, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';
import type { SandboxWorld } from '../world.js';
import { isResponse } from './crud.js';
import { identityData, keystoneForbidden as forbidden, type IdentityData, type ProjectDef, type UserDef } from './identity.js';
import { sectionMapping, sectionProblem, type SectionProblem } from './sections.js';

type Dict = Record<string, unknown>;

interface GroupDef {
  id: string;
  name: string;
  domainId: string;
  description: string;
}

interface GroupGrant {
  groupId: string;
  projectId?: string;
  domainId?: string;
  roleId: string;
}

export interface DomainManagerSection {
  managedRoles: string[];
  domains: { name: string; manager: { name: string; password: string } }[];
}

const fail: SectionProblem = sectionProblem('domain_manager');

export function parseDomainManagerSection(raw: unknown): DomainManagerSection {
  const sec = sectionMapping(raw, fail, ['managed_roles', 'domains']);
  const managedRoles = sec.managed_roles === undefined ? ['member', 'reader', 'load-balancer_member'] : sec.managed_roles;
  if (!Array.isArray(managedRoles) || managedRoles.some((r) => typeof r !== 'string')) fail('managed_roles must be a list of role names');
  const domains = Array.isArray(sec.domains) ? sec.domains : fail('domains must be a list');
  return {
    managedRoles: managedRoles as string[],
    domains: domains.map((d: unknown, i) => {
      const e = (d ?? {}) as Dict;
      const m = (e.manager ?? {}) as Dict;
      if (typeof e.name !== 'string' || typeof m.name !== 'string' || typeof m.password !== 'string') fail(`domains[${i}] needs name and manager: {name, password}`);
      return { name: e.name, manager: { name: m.name, password: m.password } };
    }),
  };
}

/** Adds the section's domains, managers and their `manager` grants to the identity data. */
function seed(data: IdentityData, sec: DomainManagerSection, world: SandboxWorld): void {
  const role = (name: string): string => {
    let r = data.roles.find((x) => x.name === name);
    if (!r) {
      r = { id: world.newHexId(), name };
      data.roles.push(r);
    }
    return r.id;
  };
  for (const name of ['admin', 'manager', 'member', 'reader', ...sec.managedRoles]) role(name);
  for (const d of sec.domains) {
    let domain = data.domains.find((x) => x.name === d.name);
    if (!domain) {
      domain = { id: world.newHexId(), name: d.name };
      data.domains.push(domain);
    }
    const user: UserDef = { id: world.newHexId(), name: d.manager.name, domainId: domain.id, password: d.manager.password };
    data.users.push(user);
    data.assignments.push({ userId: user.id, domainId: domain.id, roleId: role('manager') });
  }
}

const groupStores = new WeakMap<SandboxWorld, GroupDef[]>();

const sections = new WeakMap<SandboxWorld, DomainManagerSection>();

/**
 * A domain_manager_config for the sandbox's own domain managers (inline credentials: the profile's fake
 * passwords), or undefined when the profile has none; `secrets` are those passwords.
 */
export function sandboxDomainManagerConfig(world: SandboxWorld): { text: string; secrets: string[] } | undefined {
  const sec = sections.get(world);
  if (!sec || sec.domains.length < 2) return undefined;
  const domains = sec.domains.map((d) => ({ name: d.name, auth: { auth_url: `${world.baseUrl}/identity/v3`, username: d.manager.name, password: d.manager.password, user_domain_name: d.name } }));
  return { text: JSON.stringify({ domains }, null, 2) + '\n', secrets: sec.domains.map((d) => d.manager.password) };
}

export const identityAdminService: SandboxServiceFactory = (world) => {
  const data = identityData(world);
  const raw = world.section<unknown>('domain_manager');
  if (!data || raw === undefined) return undefined;
  const sec = parseDomainManagerSection(raw);
  sections.set(world, sec);
  seed(data, sec, world);
  const groups: GroupDef[] = [];
  groupStores.set(world, groups);
  const members = new Set<string>();
  const groupGrants: GroupGrant[] = [];
  const userExtra = new Map<string, { description: string; enabled: boolean }>();
  const projectExtra = new Map<string, { description: string; enabled: boolean }>();

  const roleName = (id: string) => data.roles.find((r) => r.id === id)?.name;
  const isAdmin = (req: SandboxRequest) => req.auth!.roles.includes('admin');
  const isManager = (req: SandboxRequest) => req.auth!.roles.includes('manager') && !!req.auth!.domainId;
  /** identity:<action> on an object of `domainId`: admin, or the manager of that very domain. */
  const may = (req: SandboxRequest, domainId: string | undefined) => isAdmin(req) || (isManager(req) && domainId !== undefined && req.auth!.domainId === domainId);
  const body = (req: SandboxRequest): Dict => ((req.body as Dict | undefined) ?? {});
  const link = (req: SandboxRequest, path: string) => `${req.baseUrl}/identity/v3/${path}`;
  const listLinks = (req: SandboxRequest, path: string) => ({ self: link(req, path), previous: null, next: null });
  /** The domain a list is limited to: a manager only ever sees its own domain. */
  const listDomain = (req: SandboxRequest): string | null | undefined => {
    const asked = req.query.get('domain_id') ?? undefined;
    if (isAdmin(req)) return asked;
    return asked === undefined || asked === req.auth!.domainId ? req.auth!.domainId : null; // null: nothing
  };

  const userBody = (req: SandboxRequest, u: UserDef): Dict => ({
    id: u.id,
    name: u.name,
    domain_id: u.domainId,
    enabled: userExtra.get(u.id)?.enabled ?? true,
    description: userExtra.get(u.id)?.description ?? '',
    password_expires_at: null,
    options: {},
    links: { self: link(req, `users/${u.id}`) },
  });
  const projectBody = (req: SandboxRequest, p: ProjectDef): Dict => ({
    id: p.id,
    name: p.name,
    domain_id: p.domainId,
    description: projectExtra.get(p.id)?.description ?? '',
    enabled: projectExtra.get(p.id)?.enabled ?? true,
    parent_id: p.domainId,
    is_domain: false,
    tags: [],
    options: {},
    links: { self: link(req, `projects/${p.id}`) },
  });
  const groupBody = (req: SandboxRequest, g: GroupDef): Dict => ({ id: g.id, name: g.name, domain_id: g.domainId, description: g.description, links: { self: link(req, `groups/${g.id}`) } });

  /** The domain of a new object: the body's domain_id, else the token's domain (Keystone's default). */
  const newDomain = (req: SandboxRequest, o: Dict): string | undefined => (typeof o.domain_id === 'string' ? o.domain_id : req.auth!.domainId ?? 'default');

  const nameOk = (o: Dict): o is Dict & { name: string } => typeof o.name === 'string' && o.name.length > 0 && o.name.length <= 255;

  /** A user, project or group: found by id, owned by a domain, named uniquely within it. */
  type Owned = { id: string; name: string; domainId: string };
  /** What the create, list, update and delete routes of one kind differ in; the policy checks are shared. */
  interface Kind<T extends Owned> {
    one: 'user' | 'project' | 'group';
    many: 'users' | 'projects' | 'groups';
    items: T[];
    render: (req: SandboxRequest, x: T) => Dict;
    /** A new object (not yet stored) with its extra fields recorded. */
    make: (o: Dict & { name: string }, domainId: string) => T;
    duplicate: (name: string, domainId: string) => string;
    /** Keys an update may carry (else 400); absent = any, unknown ones ignored. */
    patchKeys?: string[];
    patch: (x: T, o: Dict) => void;
    /** Forgets what refers to a deleted object (it is already out of `items`). */
    forget: (x: T) => void;
  }
  const extraOf = (o: Dict) => ({ description: typeof o.description === 'string' ? o.description : '', enabled: o.enabled !== false });
  /** An update of name (on the object), description and enabled (in its extra map). */
  const patchWithExtra = (extras: Map<string, { description: string; enabled: boolean }>) => (x: Owned, o: Dict) => {
    const extra = extras.get(x.id) ?? { description: '', enabled: true };
    if (typeof o.name === 'string') x.name = o.name;
    if (typeof o.description === 'string') extra.description = o.description;
    if (typeof o.enabled === 'boolean') extra.enabled = o.enabled;
    extras.set(x.id, extra);
  };
  const dropWhere = <T>(list: T[], gone: (x: T) => boolean) => {
    for (let i = list.length - 1; i >= 0; i--) if (gone(list[i]!)) list.splice(i, 1);
  };

  const users: Kind<UserDef> = {
    one: 'user',
    many: 'users',
    items: data.users,
    render: userBody,
    make: (o, domainId) => {
      const u: UserDef = { id: world.newHexId(), name: o.name, domainId, password: typeof o.password === 'string' ? o.password : world.newId() };
      userExtra.set(u.id, extraOf(o));
      return u;
    },
    duplicate: (name, domainId) => `Conflict occurred attempting to store user - Duplicate entry found with name ${name} at domain ID ${domainId}.`,
    patchKeys: ['name', 'description', 'enabled', 'password'],
    patch: patchWithExtra(userExtra),
    forget: (u) => {
      dropWhere(data.assignments, (a) => a.userId === u.id);
      for (const key of [...members]) if (key.endsWith(`/${u.id}`)) members.delete(key);
      userExtra.delete(u.id);
    },
  };
  const projects: Kind<ProjectDef> = {
    one: 'project',
    many: 'projects',
    items: data.projects,
    render: projectBody,
    make: (o, domainId) => {
      const p: ProjectDef = { id: world.newHexId(), name: o.name, domainId };
      projectExtra.set(p.id, extraOf(o));
      return p;
    },
    duplicate: (name) => `Conflict occurred attempting to store project - it is not permitted to have two projects with the same name in the same domain : ${name}.`,
    patchKeys: ['name', 'description', 'enabled'],
    patch: patchWithExtra(projectExtra),
    forget: (p) => {
      dropWhere(data.assignments, (a) => a.projectId === p.id);
      dropWhere(groupGrants, (a) => a.projectId === p.id);
      projectExtra.delete(p.id);
    },
  };
  const groupKind: Kind<GroupDef> = {
    one: 'group',
    many: 'groups',
    items: groups,
    render: groupBody,
    make: (o, domainId) => ({ id: world.newHexId(), name: o.name, domainId, description: typeof o.description === 'string' ? o.description : '' }),
    duplicate: (name) => `Conflict occurred attempting to store group - Duplicate entry found with name ${name}.`,
    patch: (g, o) => {
      if (typeof o.name === 'string') g.name = o.name;
      if (typeof o.description === 'string') g.description = o.description;
    },
    forget: (g) => {
      for (const key of [...members]) if (key.startsWith(`${g.id}/`)) members.delete(key);
      dropWhere(groupGrants, (a) => a.groupId === g.id);
    },
  };
  const byId = <T extends Owned>(kind: Kind<T>, id: string) => kind.items.find((x) => x.id === id);
  const userById = (id: string) => byId(users, id);
  const projectById = (id: string) => byId(projects, id);
  const groupById = (id: string) => byId(groupKind, id);
  /** The object named by the path's `:id`, if it exists (404) and the token may `action` on it (403). */
  const owned = <T extends Owned>(req: SandboxRequest, kind: Kind<T>, action: string): T | SandboxResponse => {
    const x = byId(kind, req.params.id!);
    if (!x) return keystoneError(404, `Could not find ${kind.one}: ${req.params.id}.`);
    return may(req, x.domainId) ? x : forbidden(action);
  };

  /** POST, GET (list), PATCH and DELETE of one kind, each behind the domain-manager policy. */
  const crudRoutes = <T extends Owned>(kind: Kind<T>): Route[] => [
    {
      method: 'POST',
      pattern: `/v3/${kind.many}`,
      handler: (req) => {
        const o = (body(req)[kind.one] ?? {}) as Dict;
        if (!nameOk(o)) return keystoneError(400, "Invalid input for field 'name'.");
        const domainId = newDomain(req, o);
        if (!may(req, domainId)) return forbidden(`create_${kind.one}`);
        if (!data.domains.some((d) => d.id === domainId)) return keystoneError(404, `Could not find domain: ${domainId}.`);
        if (kind.items.some((x) => x.name === o.name && x.domainId === domainId)) return keystoneError(409, kind.duplicate(o.name, domainId!));
        const x = kind.make(o, domainId!);
        kind.items.push(x);
        return json(201, { [kind.one]: kind.render(req, x) });
      },
    },
    {
      method: 'GET',
      pattern: `/v3/${kind.many}`,
      handler: (req) => {
        if (!isAdmin(req) && !isManager(req)) return forbidden(`list_${kind.many}`);
        const d = listDomain(req);
        const name = req.query.get('name');
        const list = d === null ? [] : kind.items.filter((x) => (d === undefined || x.domainId === d) && (name === null || x.name === name));
        return json(200, { [kind.many]: list.map((x) => kind.render(req, x)), links: listLinks(req, kind.many) });
      },
    },
    {
      method: 'PATCH',
      pattern: `/v3/${kind.many}/:id`,
      handler: (req) => {
        const x = owned(req, kind, `update_${kind.one}`);
        if (isResponse(x)) return x;
        const o = (body(req)[kind.one] ?? {}) as Dict;
        if (kind.patchKeys && !Object.keys(o).every((k) => kind.patchKeys!.includes(k))) return keystoneError(400, `Invalid input for field ${kind.one}.`);
        kind.patch(x, o);
        return json(200, { [kind.one]: kind.render(req, x) });
      },
    },
    {
      method: 'DELETE',
      pattern: `/v3/${kind.many}/:id`,
      handler: (req) => {
        const x = owned(req, kind, `delete_${kind.one}`);
        if (isResponse(x)) return x;
        kind.items.splice(kind.items.indexOf(x), 1);
        kind.forget(x);
        return { status: 204 };
      },
    },
  ];

  // ---- grants
  type Target = { projectId?: string; domainId?: string; targetDomain?: string };
  const target = (req: SandboxRequest): Target | SandboxResponse => {
    if (req.params.project) {
      const p = projectById(req.params.project);
      return p ? { projectId: p.id, targetDomain: p.domainId } : keystoneError(404, `Could not find project: ${req.params.project}.`);
    }
    const d = data.domains.find((x) => x.id === req.params.domain);
    return d ? { domainId: d.id, targetDomain: d.id } : keystoneError(404, `Could not find domain: ${req.params.domain}.`);
  };
  const grantRoute = (scope: 'projects' | 'domains', actor: 'users' | 'groups'): Route[] => {
    const pattern = `/v3/${scope}/:${scope === 'projects' ? 'project' : 'domain'}/${actor}/:actor/roles/:role`;
    // check, create and revoke alike need a managed role (is_domain_managed_role in the SCS policy)
    const resolve = (req: SandboxRequest, action: string): { t: Target; actorDomain: string; roleId: string } | SandboxResponse => {
      const t = target(req);
      if (isResponse(t)) return t;
      const a = actor === 'users' ? userById(req.params.actor!) : groupById(req.params.actor!);
      if (!a) return keystoneError(404, `Could not find ${actor === 'users' ? 'user' : 'group'}: ${req.params.actor}.`);
      const role = roleName(req.params.role!);
      if (!role) return keystoneError(404, `Could not find role: ${req.params.role}.`);
      const allowed = isAdmin(req) || (may(req, t.targetDomain) && may(req, a.domainId) && sec.managedRoles.includes(role));
      if (!allowed) return forbidden(action);
      return { t, actorDomain: a.domainId, roleId: req.params.role! };
    };
    const find = (t: Target, actorId: string, roleId: string): number =>
      actor === 'users'
        ? data.assignments.findIndex((x) => x.userId === actorId && x.roleId === roleId && x.projectId === t.projectId && x.domainId === t.domainId)
        : groupGrants.findIndex((x) => x.groupId === actorId && x.roleId === roleId && x.projectId === t.projectId && x.domainId === t.domainId);
    return [
      {
        method: 'PUT',
        pattern,
        handler: (req) => {
          const r = resolve(req, 'create_grant');
          if (isResponse(r)) return r;
          if (find(r.t, req.params.actor!, r.roleId) < 0) {
            const where = r.t.projectId ? { projectId: r.t.projectId } : { domainId: r.t.domainId };
            if (actor === 'users') data.assignments.push({ userId: req.params.actor!, roleId: r.roleId, ...where });
            else groupGrants.push({ groupId: req.params.actor!, roleId: r.roleId, ...where });
          }
          return { status: 204 };
        },
      },
      {
        method: 'GET', // HEAD too
        pattern,
        handler: (req) => {
          const r = resolve(req, 'check_grant');
          if (isResponse(r)) return r;
          return find(r.t, req.params.actor!, r.roleId) >= 0 ? { status: 204 } : keystoneError(404, `Could not find role assignment with role: ${r.roleId}.`);
        },
      },
      {
        method: 'DELETE',
        pattern,
        handler: (req) => {
          const r = resolve(req, 'revoke_grant');
          if (isResponse(r)) return r;
          const i = find(r.t, req.params.actor!, r.roleId);
          if (i < 0) return keystoneError(404, `Could not find role assignment with role: ${r.roleId}.`);
          if (actor === 'users') data.assignments.splice(i, 1);
          else groupGrants.splice(i, 1);
          return { status: 204 };
        },
      },
    ];
  };

  const routes: Route[] = [
    ...crudRoutes(users),
    ...crudRoutes(projects),
    ...crudRoutes(groupKind),
    {
      method: 'GET',
      pattern: '/v3/groups/:id/users',
      handler: (req) => {
        const g = owned(req, groupKind, 'list_users_in_group');
        if (isResponse(g)) return g;
        const inGroup = data.users.filter((u) => members.has(`${g.id}/${u.id}`));
        return json(200, { users: inGroup.map((u) => userBody(req, u)), links: listLinks(req, `groups/${g.id}/users`) });
      },
    },
    ...(['PUT', 'GET', 'DELETE'] as const).map(
      (method): Route => ({
        method,
        pattern: '/v3/groups/:id/users/:user',
        handler: (req) => {
          const g = groupById(req.params.id!);
          if (!g) return keystoneError(404, `Could not find group: ${req.params.id}.`);
          const u = userById(req.params.user!);
          if (!u) return keystoneError(404, `Could not find user: ${req.params.user}.`);
          const action = method === 'PUT' ? 'add_user_to_group' : method === 'GET' ? 'check_user_in_group' : 'remove_user_from_group';
          // both the group and the user must be in the manager's domain
          if (!(may(req, g.domainId) && may(req, u.domainId))) return forbidden(action);
          const key = `${g.id}/${u.id}`;
          if (method === 'PUT') members.add(key);
          else if (!members.has(key)) return keystoneError(404, `User ${u.id} is not a member of group ${g.id}.`);
          else if (method === 'DELETE') members.delete(key);
          return { status: 204 };
        },
      }),
    ),
    ...grantRoute('projects', 'users'),
    ...grantRoute('projects', 'groups'),
    ...grantRoute('domains', 'users'),
    ...grantRoute('domains', 'groups'),
    {
      method: 'GET',
      pattern: '/v3/role_assignments',
      handler: (req) => {
        if (!isAdmin(req) && !isManager(req)) return forbidden('list_role_assignments');
        const q = (k: string) => req.query.get(k) ?? undefined;
        const inScope = (projectId?: string, domainId?: string) => {
          if (isAdmin(req)) return true;
          const d = projectId ? projectById(projectId)?.domainId : domainId;
          return d === req.auth!.domainId;
        };
        const rows: Dict[] = [];
        const add = (actor: Dict, roleId: string, projectId?: string, domainId?: string) => {
          if (!inScope(projectId, domainId)) return;
          if (q('role.id') && q('role.id') !== roleId) return;
          if (q('scope.project.id') && q('scope.project.id') !== projectId) return;
          if (q('scope.domain.id') && q('scope.domain.id') !== domainId) return;
          if (q('user.id') && (actor.user as Dict | undefined)?.id !== q('user.id')) return;
          if (q('group.id') && (actor.group as Dict | undefined)?.id !== q('group.id')) return;
          rows.push({ ...actor, role: { id: roleId }, scope: projectId ? { project: { id: projectId } } : { domain: { id: domainId } }, links: { assignment: link(req, 'role_assignments') } });
        };
        for (const a of data.assignments) add({ user: { id: a.userId } }, a.roleId, a.projectId, a.domainId);
        for (const a of groupGrants) add({ group: { id: a.groupId } }, a.roleId, a.projectId, a.domainId);
        return json(200, { role_assignments: rows, links: listLinks(req, 'role_assignments') });
      },
    },
    {
      method: 'POST',
      pattern: '/v3/roles',
      handler: (req) => {
        if (!isAdmin(req)) return forbidden('create_role');
        const o = (body(req).role ?? {}) as Dict;
        if (!nameOk(o)) return keystoneError(400, "Invalid input for field 'name'.");
        if (data.roles.some((r) => r.name === o.name)) return keystoneError(409, `Conflict occurred attempting to store role - Duplicate entry found with name ${o.name}.`);
        const r = { id: world.newHexId(), name: o.name };
        data.roles.push(r);
        return json(201, { role: { id: r.id, name: r.name, domain_id: null, description: null, options: {}, links: { self: link(req, `roles/${r.id}`) } } });
      },
    },
    {
      method: 'DELETE',
      pattern: '/v3/roles/:id',
      handler: (req) => {
        const i = data.roles.findIndex((r) => r.id === req.params.id);
        if (i < 0) return keystoneError(404, `Could not find role: ${req.params.id}.`);
        if (!isAdmin(req)) return forbidden('delete_role');
        data.roles.splice(i, 1);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: '/v3/domains/:id',
      handler: (req) => {
        const d = data.domains.find((x) => x.id === req.params.id);
        if (!d) return keystoneError(404, `Could not find domain: ${req.params.id}.`);
        if (!may(req, d.id)) return forbidden('get_domain');
        return json(200, { domain: { id: d.id, name: d.name, enabled: true, description: '', tags: [], options: {}, links: { self: link(req, `domains/${d.id}`) } } });
      },
    },
  ];
  return { mount: 'identity', routes };
};

/** What a running sandbox holds in identity, by name prefix (tests: nothing of ours may remain). */
export function identityObjectsNamed(world: SandboxWorld, prefix: string): string[] {
  const data = identityData(world);
  if (!data) return [];
  return [...data.users.map((u) => `user ${u.name}`), ...data.projects.map((p) => `project ${p.name}`), ...(groupStores.get(world) ?? []).map((g) => `group ${g.name}`), ...data.roles.map((r) => `role ${r.name}`)].filter((n) => n.split(' ')[1]!.startsWith(prefix));
}
