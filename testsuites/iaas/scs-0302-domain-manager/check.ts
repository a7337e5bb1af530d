/**
 * domain-manager-check (scs-0302): with the credentials of the managers of two domains, prove every
 * rule of the Domain Manager persona — manage users, projects, groups, group membership and grants of
 * the managed role in the own domain; be refused in the other domain, for creating roles and for
 * granting `admin`. Everything created goes through the ledger and is deleted with the manager's token.
 *
 * `run` makes the calls and records an Observation per call; rules.ts judges them without I/O.
 */
import { errorMessage, FactError } from '../../../src/engine/facts.js';
import { abort, activeTestcase, type ActiveContext } from '../../../src/engine/types.js';
import { DOMAIN_MANAGER_VARIABLE, domainManagersFact, identityCall, type DomainManager, type GrantActor, type GrantTarget } from '../../../src/openstack/identity-admin.js';
import {
  GRANT_KIND,
  grantId,
  GROUP_KIND,
  IdentityRefusedError,
  MEMBERSHIP_KIND,
  PROJECT_KIND,
  registerIdentityClient,
  ROLE_KIND,
  USER_KIND,
} from '../../../src/openstack/resources/identity.js';
import { DOMAIN_MANAGER_URL, judgeDomainManager, type Expectation, type Observation, type RuleId } from './rules.js';

export const NOT_CONFIGURED =
  `not configured: this check needs the managers of two domains. Write a YAML file ` +
  `"domains: [{name: <domain>, cloud: <clouds.yaml cloud of its manager>}, {…}]" (or auth: {auth_url, username, password, user_domain_name} instead of cloud) ` +
  `and pass it with -a ${DOMAIN_MANAGER_VARIABLE}=<file>; each user needs the role manager on its domain`;

type Ledger = NonNullable<ActiveContext['ledger']>;
type Named = { id: string; name: string };

interface Manager {
  dm: DomainManager;
  tag: string;
  key: string;
  label: string;
  user?: Named;
  project?: Named;
  group?: Named;
  membership?: string;
  projectGrant?: string;
  domainGrant?: string;
}

class Refused extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

const describeObj = (kind: string, o: Named | undefined, fallback: string) => (o ? `${kind} ${o.name} (id ${o.id})` : fallback);

/** Records one Observation per call. */
class Prober {
  readonly observations: Observation[] = [];
  constructor(
    private readonly ledger: Ledger,
    private readonly signal: AbortSignal,
  ) {}

  private note(m: Manager, rule: RuleId, expect: Expectation, action: string, object: string, status?: number, error?: string, found?: boolean): void {
    this.observations.push({ rule, actor: m.label, action, object, expect, status, error, ...(found === undefined ? {} : { found }) });
  }

  /** A plain call (update, check, refused delete of another domain's object). */
  async call(m: Manager, rule: RuleId, expect: Expectation, object: string, method: 'GET' | 'HEAD' | 'PUT' | 'PATCH' | 'DELETE', path: string, json?: unknown): Promise<number | undefined> {
    const action = `${method} /v3/${path}`;
    try {
      const res = await identityCall(m.dm.session, method, path, { json, signal: this.signal });
      this.note(m, rule, expect, action, object, res.status);
      return res.status;
    } catch (err) {
      this.note(m, rule, expect, action, object, undefined, errorMessage(err));
      return undefined;
    }
  }

  /** A list call; `found` = whether an entry satisfies `match`. */
  async list(m: Manager, rule: RuleId, expect: 'listed' | 'hidden', object: string, path: string, key: string, searchParams: Record<string, string>, match: (e: Record<string, unknown>) => boolean): Promise<void> {
    const action = `GET /v3/${path}?${new URLSearchParams(searchParams).toString()}`;
    try {
      const res = await identityCall<Record<string, Record<string, unknown>[]>>(m.dm.session, 'GET', path, { searchParams, signal: this.signal });
      const list = res.status === 200 && Array.isArray(res.body?.[key]) ? res.body[key] : [];
      this.note(m, rule, expect, action, object, res.status, undefined, list.some(match));
    } catch (err) {
      this.note(m, rule, expect, action, object, undefined, errorMessage(err));
    }
  }

  /** Create an object through the ledger; deleted later with the session registered under `deleteKey`. */
  async create(m: Manager, rule: RuleId, expect: Expectation, kind: string, base: string, collection: 'users' | 'projects' | 'groups' | 'roles', fields: Record<string, unknown>, deleteKey: string, where: string): Promise<Named | undefined> {
    const bodyKey = collection.slice(0, -1);
    const action = `POST /v3/${collection} (${bodyKey} ${this.ledger.name(base)} ${where})`;
    const before = this.observations.length;
    try {
      return await this.ledger.create(
        kind,
        base,
        async (name) => {
          let status: number;
          let body: Record<string, { id?: unknown }>;
          try {
            const res = await identityCall<Record<string, { id?: unknown }>>(m.dm.session, 'POST', collection, { json: { [bodyKey]: { name, ...fields } }, signal: this.signal });
            ({ status, body } = res);
          } catch (err) {
            this.note(m, rule, expect, action, `${bodyKey} ${name}`, undefined, errorMessage(err));
            throw err;
          }
          const id = body?.[bodyKey]?.id;
          const ok = status >= 200 && status < 300 && typeof id === 'string';
          this.note(m, rule, expect, action, ok ? `${bodyKey} ${name} (id ${id as string})` : `${bodyKey} ${name}`, ok || status < 200 || status >= 300 ? status : undefined, ok ? undefined : `answered ${status} without an id`);
          if (!ok) throw new Refused(status);
          return { id: id as string, name };
        },
        () => ({ client: deleteKey }),
      );
    } catch (err) {
      if (this.observations.length === before) this.note(m, rule, expect, action, `${bodyKey} ${this.ledger.name(base)}`, undefined, errorMessage(err));
      return undefined;
    }
  }

  /** A grant or membership (PUT) through the ledger, revoked later with the acting manager's session. */
  async put(m: Manager, rule: RuleId, expect: Expectation, kind: string, base: string, path: string, object: string): Promise<string | undefined> {
    const action = `PUT /v3/${path}`;
    const before = this.observations.length;
    try {
      const made = await this.ledger.create(
        kind,
        base,
        async () => {
          let status: number;
          try {
            status = (await identityCall(m.dm.session, 'PUT', path, { signal: this.signal })).status;
          } catch (err) {
            this.note(m, rule, expect, action, object, undefined, errorMessage(err));
            throw err;
          }
          this.note(m, rule, expect, action, object, status);
          if (status < 200 || status >= 300) throw new Refused(status);
          return { id: path };
        },
        () => ({ client: m.key }),
      );
      return made.id;
    } catch (err) {
      if (this.observations.length === before) this.note(m, rule, expect, action, object, undefined, errorMessage(err));
      return undefined;
    }
  }

  /** Delete an own object through the ledger (expected to be allowed). */
  async remove(m: Manager, rule: RuleId, id: string | undefined, object: string, path: string): Promise<void> {
    if (!id) return;
    const action = `DELETE /v3/${path}`;
    try {
      await this.ledger.delete(id, this.signal);
      this.note(m, rule, 'allowed', action, object, 204);
    } catch (err) {
      if (err instanceof IdentityRefusedError) this.note(m, rule, 'allowed', action, object, err.status);
      else this.note(m, rule, 'allowed', action, object, undefined, errorMessage(err));
    }
  }
}

async function ownDomain(p: Prober, m: Manager, roles: Map<string, string>): Promise<void> {
  const d = m.dm.domain;
  const inOwn = `in its own domain ${d.name}`;
  m.user = await p.create(m, 'own-users', 'allowed', USER_KIND, `dm-${m.tag}-user`, 'users', { domain_id: d.id, description: 'scs-compliance domain-manager-check', enabled: true }, m.key, inOwn);
  if (m.user) {
    const obj = describeObj('user', m.user, '');
    await p.list(m, 'own-users', 'listed', obj, 'users', 'users', { domain_id: d.id, name: m.user.name }, (e) => e.id === m.user!.id);
    await p.call(m, 'own-users', 'allowed', obj, 'PATCH', `users/${m.user.id}`, { user: { description: 'updated by domain-manager-check' } });
  }
  m.project = await p.create(m, 'own-projects', 'allowed', PROJECT_KIND, `dm-${m.tag}-project`, 'projects', { domain_id: d.id, description: 'scs-compliance domain-manager-check', enabled: true }, m.key, inOwn);
  if (m.project) {
    const obj = describeObj('project', m.project, '');
    await p.list(m, 'own-projects', 'listed', obj, 'projects', 'projects', { domain_id: d.id, name: m.project.name }, (e) => e.id === m.project!.id);
    await p.call(m, 'own-projects', 'allowed', obj, 'PATCH', `projects/${m.project.id}`, { project: { description: 'updated by domain-manager-check' } });
  }
  m.group = await p.create(m, 'own-groups', 'allowed', GROUP_KIND, `dm-${m.tag}-group`, 'groups', { domain_id: d.id, description: 'scs-compliance domain-manager-check' }, m.key, inOwn);
  if (m.group) {
    const obj = describeObj('group', m.group, '');
    await p.list(m, 'own-groups', 'listed', obj, 'groups', 'groups', { domain_id: d.id, name: m.group.name }, (e) => e.id === m.group!.id);
    await p.call(m, 'own-groups', 'allowed', obj, 'PATCH', `groups/${m.group.id}`, { group: { description: 'updated by domain-manager-check' } });
  }
  if (m.user && m.group) {
    const path = `groups/${m.group.id}/users/${m.user.id}`;
    const obj = `${describeObj('user', m.user, '')} in ${describeObj('group', m.group, '')}`;
    m.membership = await p.put(m, 'own-group-membership', 'allowed', MEMBERSHIP_KIND, `dm-${m.tag}-membership`, path, obj);
    if (m.membership) {
      await p.call(m, 'own-group-membership', 'allowed', obj, 'HEAD', path);
      await p.list(m, 'own-group-membership', 'listed', obj, `groups/${m.group.id}/users`, 'users', {}, (e) => e.id === m.user!.id);
    }
  }
  const member = roles.get(m.dm.memberRole);
  if (member && m.user && m.project) {
    const path = grantId({ kind: 'projects', id: m.project.id }, { kind: 'users', id: m.user.id }, member);
    const obj = `role ${m.dm.memberRole} for ${describeObj('user', m.user, '')} on ${describeObj('project', m.project, '')}`;
    m.projectGrant = await p.put(m, 'own-grants', 'allowed', GRANT_KIND, `dm-${m.tag}-grant-project`, path, obj);
    if (m.projectGrant) {
      await p.call(m, 'own-grants', 'allowed', obj, 'HEAD', path);
      await p.list(m, 'own-grants', 'listed', obj, 'role_assignments', 'role_assignments', { 'scope.project.id': m.project.id, 'user.id': m.user.id }, (e) => (e.role as Named | undefined)?.id === member);
    }
  }
  if (member && m.group) {
    const path = grantId({ kind: 'domains', id: d.id }, { kind: 'groups', id: m.group.id }, member);
    m.domainGrant = await p.put(m, 'own-grants', 'allowed', GRANT_KIND, `dm-${m.tag}-grant-domain`, path, `role ${m.dm.memberRole} for ${describeObj('group', m.group, '')} on domain ${d.name} (id ${d.id})`);
  }
  const admin = roles.get('admin');
  if (admin && m.user && m.project) {
    const path = grantId({ kind: 'projects', id: m.project.id }, { kind: 'users', id: m.user.id }, admin);
    await p.put(m, 'no-admin-grant', 'refused', GRANT_KIND, `dm-${m.tag}-admin-project`, path, `role admin for ${describeObj('user', m.user, '')} on ${describeObj('project', m.project, '')}`);
  }
  if (admin && m.group) {
    const path = grantId({ kind: 'domains', id: d.id }, { kind: 'groups', id: m.group.id }, admin);
    await p.put(m, 'no-admin-grant', 'refused', GRANT_KIND, `dm-${m.tag}-admin-domain`, path, `role admin for ${describeObj('group', m.group, '')} on domain ${d.name} (id ${d.id})`);
  }
  await p.create(m, 'no-role-creation', 'refused', ROLE_KIND, `dm-${m.tag}-role`, 'roles', {}, m.key, '(a new role)');
}

async function otherDomain(p: Prober, m: Manager, o: Manager, roles: Map<string, string>): Promise<void> {
  const e = o.dm.domain;
  const inOther = `in the other domain ${e.name}`;
  const otherManager = { id: o.dm.session.token.user.id, name: o.dm.session.token.user.name ?? o.dm.session.token.user.id };
  // users
  await p.create(m, 'foreign-users', 'refused', USER_KIND, `dm-${m.tag}-intruder-user`, 'users', { domain_id: e.id, enabled: true }, o.key, inOther);
  const seen = o.user ?? otherManager;
  await p.list(m, 'foreign-users', 'hidden', describeObj('user', seen, ''), 'users', 'users', { domain_id: e.id }, (x) => x.id === seen.id);
  if (o.user) {
    const obj = describeObj('user', o.user, '');
    await p.call(m, 'foreign-users', 'refused', obj, 'PATCH', `users/${o.user.id}`, { user: { description: 'changed by the manager of another domain' } });
  }
  // projects
  await p.create(m, 'foreign-projects', 'refused', PROJECT_KIND, `dm-${m.tag}-intruder-project`, 'projects', { domain_id: e.id, enabled: true }, o.key, inOther);
  if (o.project) {
    const obj = describeObj('project', o.project, '');
    await p.list(m, 'foreign-projects', 'hidden', obj, 'projects', 'projects', { domain_id: e.id }, (x) => x.id === o.project!.id);
    await p.call(m, 'foreign-projects', 'refused', obj, 'PATCH', `projects/${o.project.id}`, { project: { description: 'changed by the manager of another domain' } });
  }
  // groups and membership
  await p.create(m, 'foreign-groups', 'refused', GROUP_KIND, `dm-${m.tag}-intruder-group`, 'groups', { domain_id: e.id }, o.key, inOther);
  if (o.group) {
    const obj = describeObj('group', o.group, '');
    await p.list(m, 'foreign-groups', 'hidden', obj, 'groups', 'groups', { domain_id: e.id }, (x) => x.id === o.group!.id);
    await p.call(m, 'foreign-groups', 'refused', obj, 'PATCH', `groups/${o.group.id}`, { group: { description: 'changed by the manager of another domain' } });
    if (m.user) {
      await p.put(m, 'foreign-groups', 'refused', MEMBERSHIP_KIND, `dm-${m.tag}-intruder-membership`, `groups/${o.group.id}/users/${m.user.id}`, `${describeObj('user', m.user, '')} in ${obj}`);
    }
    if (o.user) {
      await p.put(m, 'foreign-groups', 'refused', MEMBERSHIP_KIND, `dm-${m.tag}-foreign-membership`, `groups/${o.group.id}/users/${o.user.id}`, `${describeObj('user', o.user, '')} in ${obj}`);
    }
  }
  // grants
  const member = roles.get(m.dm.memberRole);
  if (member && o.user && o.project) {
    const target: GrantTarget = { kind: 'projects', id: o.project.id };
    const actor: GrantActor = { kind: 'users', id: o.user.id };
    const obj = `role ${m.dm.memberRole} for ${describeObj('user', o.user, '')} on ${describeObj('project', o.project, '')}`;
    const reader = roles.get('reader');
    if (reader && reader !== member) {
      await p.put(m, 'foreign-grants', 'refused', GRANT_KIND, `dm-${m.tag}-intruder-grant`, grantId(target, actor, reader), `role reader for ${describeObj('user', o.user, '')} on ${describeObj('project', o.project, '')}`);
    }
    if (o.projectGrant) {
      await p.list(m, 'foreign-grants', 'hidden', obj, 'role_assignments', 'role_assignments', { 'scope.project.id': o.project.id }, (x) => (x.user as Named | undefined)?.id === o.user!.id);
      await p.call(m, 'foreign-grants', 'refused', obj, 'DELETE', grantId(target, actor, member));
    }
  }
  if (member && o.user && m.project) {
    await p.put(m, 'foreign-grants', 'refused', GRANT_KIND, `dm-${m.tag}-foreign-grant`, grantId({ kind: 'projects', id: m.project.id }, { kind: 'users', id: o.user.id }, member), `role ${m.dm.memberRole} for ${describeObj('user', o.user, '')} (other domain) on ${describeObj('project', m.project, '')}`);
  }
  // deletions last: if the policy wrongly allows them, the objects are gone
  if (o.group) await p.call(m, 'foreign-groups', 'refused', describeObj('group', o.group, ''), 'DELETE', `groups/${o.group.id}`);
  if (o.user) await p.call(m, 'foreign-users', 'refused', describeObj('user', o.user, ''), 'DELETE', `users/${o.user.id}`);
  if (o.project) await p.call(m, 'foreign-projects', 'refused', describeObj('project', o.project, ''), 'DELETE', `projects/${o.project.id}`);
}

async function tidyUp(p: Prober, m: Manager): Promise<void> {
  if (m.projectGrant) await p.remove(m, 'own-grants', m.projectGrant, `role grant ${m.projectGrant}`, m.projectGrant);
  if (m.domainGrant) await p.remove(m, 'own-grants', m.domainGrant, `role grant ${m.domainGrant}`, m.domainGrant);
  if (m.membership) await p.remove(m, 'own-group-membership', m.membership, `membership ${m.membership}`, m.membership);
  if (m.group) await p.remove(m, 'own-groups', m.group.id, describeObj('group', m.group, ''), `groups/${m.group.id}`);
  if (m.user) await p.remove(m, 'own-users', m.user.id, describeObj('user', m.user, ''), `users/${m.user.id}`);
  if (m.project) await p.remove(m, 'own-projects', m.project.id, describeObj('project', m.project, ''), `projects/${m.project.id}`);
}

/** Role ids by name, as the first manager may list them. */
async function roleIds(m: Manager, signal: AbortSignal): Promise<Map<string, string> | string> {
  try {
    const res = await identityCall<{ roles?: Named[] }>(m.dm.session, 'GET', 'roles', { signal });
    if (res.status !== 200 || !Array.isArray(res.body?.roles)) return `GET /v3/roles as ${m.label} answered ${res.status}`;
    return new Map(res.body.roles.map((r) => [r.name, r.id]));
  } catch (err) {
    return `GET /v3/roles as ${m.label} failed: ${errorMessage(err)}`;
  }
}

export const domainManagerCheck = activeTestcase({
  id: 'domain-manager-check',
  creates: ['users, projects, groups, group memberships and role grants in two domains (as their domain managers)'],
  async run(ctx) {
    let dms: DomainManager[] | undefined;
    try {
      dms = await ctx.fact(domainManagersFact);
    } catch (err) {
      return abort(`could not log in the domain managers: ${errorMessage(err instanceof FactError ? err.original : err)}`);
    }
    if (!dms) return abort(NOT_CONFIGURED);
    if (!ctx.ledger) return abort('this run has no resource ledger, so it may not create the users, projects and groups the check needs');
    const ledger = ctx.ledger;
    const keyPrefix = `${ledger.prefix}dm/`;
    const managers: Manager[] = dms.slice(0, 2).map((dm, i) => ({
      dm,
      tag: String.fromCharCode(97 + i),
      key: `${keyPrefix}${dm.domain.id}`,
      label: `manager ${dm.user} of domain ${dm.domain.name}`,
    }));
    for (const m of managers) {
      const roles = m.dm.session.token.roles.map((r) => r.name);
      if (roles.includes('admin')) return abort(`the ${m.label} holds admin: its privileges are too high to prove what a domain manager is refused; configure a user with only manager on its domain`);
      if (!roles.includes('manager')) return abort(`the ${m.label} does not hold the role manager on its domain (token roles: ${roles.join(', ') || 'none'}): grant it, e.g. openstack role add --user <user> --domain ${m.dm.domain.name} manager`);
      registerIdentityClient(m.key, m.dm.session);
    }
    if (managers[0]!.dm.domain.id === managers[1]!.dm.domain.id) return abort('both configured managers are scoped to the same domain: configure two different domains');
    const roles = await roleIds(managers[0]!, ctx.signal);
    if (typeof roles === 'string') return abort(`could not read the roles: ${roles}`);
    const p = new Prober(ledger, ctx.signal);
    p.observations.push({
      rule: 'manager-role',
      actor: managers[0]!.label,
      action: 'GET /v3/roles',
      object: roles.has('manager') ? `role manager (id ${roles.get('manager')!})` : 'role manager',
      expect: 'listed',
      status: 200,
      found: roles.has('manager'),
    });
    for (const m of managers) {
      if (!roles.has(m.dm.memberRole)) return abort(`the managed role "${m.dm.memberRole}" configured for domain ${m.dm.domain.name} does not exist (roles: ${[...roles.keys()].join(', ')})`);
    }
    if (!roles.has('admin')) {
      p.observations.push({ rule: 'no-admin-grant', actor: managers[0]!.label, action: 'GET /v3/roles', object: 'role admin', expect: 'refused', error: 'the role list has no role admin, so granting it cannot be tried' });
    }
    // Whatever is left when run() ends (a refusal that was not, an interruption) the ledger deletes with
    // the sessions registered above; the keys carry the run prefix, so runs do not mix.
    for (const m of managers) {
      ctx.progress(`${m.label}: users, projects, groups and grants in its own domain`);
      await ownDomain(p, m, roles);
    }
    const [a, b] = managers as [Manager, Manager];
    ctx.progress('each manager in the other domain');
    await otherDomain(p, a, b, roles);
    await otherDomain(p, b, a, roles);
    for (const m of managers) await tidyUp(p, m);
    return judgeDomainManager(p.observations, ctx.url || DOMAIN_MANAGER_URL);
  },
});
