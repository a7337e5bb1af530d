/**
 * Keystone administration as a domain manager sees it (scs-0302): raw calls to users, projects,
 * groups, group membership, grants, role assignments and roles that hand back the status instead of
 * throwing on a refusal, and the domain managers of a run — read from the file named by the scope
 * variable `domain_manager_config` and logged in domain-scoped.
 *
 * The config file (YAML):
 *   clouds_file: clouds.yaml            # optional; relative to this file; else the usual search path
 *   domains:                            # at least two
 *     - name: domain-a                  # the domain's name
 *       cloud: dom-a-manager            # a clouds.yaml cloud of its manager (preferred) …
 *       member_role: member             # optional: the managed role to grant (default member)
 *     - name: domain-b
 *       auth: {auth_url: …, username: …, password: …, user_domain_name: …}   # … or the credentials here
 * Whatever scope the cloud has, the session is scoped to the named domain.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { defineFact } from '../engine/facts.js';
import { ResolvedCloud, resolveCloud } from './config.js';
import { createOpenStackConnector } from './connect.js';
import type { OpenStackSession, Response } from './types.js';

export const IDENTITY = ['identity'];

/** `users/…` below the identity endpoint (`…/v3` or unversioned). */
export function identityPath(session: OpenStackSession, rest: string): string {
  const base = /\/v3\/?$/.test(new URL(session.endpoint(IDENTITY)).pathname) ? '' : 'v3/';
  return `${base}${rest.replace(/^\/+/, '')}`;
}

/** Statuses a check wants to see rather than have thrown (refusals, missing objects, conflicts). */
const REFUSALS = [400, 403, 404, 409];

/** One Keystone call; a 2xx or a refusal comes back as it is, anything else throws (ApiError, network). */
export function identityCall<T = Record<string, unknown>>(
  session: OpenStackSession,
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  rest: string,
  opts: { json?: unknown; searchParams?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response<T>> {
  return session.request<T>(IDENTITY, identityPath(session, rest), { method, json: opts.json, searchParams: opts.searchParams, okStatus: REFUSALS, signal: opts.signal });
}

export type GrantTarget = { kind: 'projects' | 'domains'; id: string };
export type GrantActor = { kind: 'users' | 'groups'; id: string };

/** `projects/{p}/users/{u}/roles/{r}` and the three other shapes of a grant. */
export function grantPath(target: GrantTarget, actor: GrantActor, roleId: string): string {
  return `${target.kind}/${encodeURIComponent(target.id)}/${actor.kind}/${encodeURIComponent(actor.id)}/roles/${encodeURIComponent(roleId)}`;
}

// ---- configuration

export interface DomainManagerEntry {
  /** The domain's name. */
  name: string;
  /** clouds.yaml cloud of its manager. */
  cloud?: string;
  /** Inline credentials (a secret: never shown). */
  auth?: { authUrl: string; username: string; password: string; userDomainName: string; cacert?: string; verify?: boolean };
  memberRole: string;
}

export interface DomainManagerConfig {
  source: string;
  cloudsFile?: string;
  domains: DomainManagerEntry[];
}

export class DomainManagerConfigError extends Error {
  override name = 'DomainManagerConfigError';
}

/** Checks the config file's text; errors name the file and the key, never a value. */
export function parseDomainManagerConfig(text: string, source: string): DomainManagerConfig {
  const bad = (what: string): never => {
    throw new DomainManagerConfigError(`${source}: ${what} (expected: domains: [{name, cloud | auth: {auth_url, username, password, user_domain_name}, member_role?}], at least two)`);
  };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return bad(`not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return bad('the file must be a mapping');
  const d = doc as Record<string, unknown>;
  for (const k of Object.keys(d)) if (!['domains', 'clouds_file'].includes(k)) bad(`unknown key "${k}"`);
  if (d.clouds_file !== undefined && typeof d.clouds_file !== 'string') bad('clouds_file must be a path');
  if (!Array.isArray(d.domains) || d.domains.length < 2) return bad('"domains" must list at least two domains');
  const domains = d.domains.map((raw: unknown, i): DomainManagerEntry => {
    const at = `domains[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return bad(`${at} must be a mapping`);
    const e = raw as Record<string, unknown>;
    for (const k of Object.keys(e)) if (!['name', 'cloud', 'auth', 'member_role'].includes(k)) bad(`${at}: unknown key "${k}"`);
    if (typeof e.name !== 'string' || !e.name) bad(`${at}.name (the domain's name) is missing`);
    if ((e.cloud === undefined) === (e.auth === undefined)) bad(`${at} needs either cloud or auth`);
    const entry: DomainManagerEntry = { name: e.name as string, memberRole: typeof e.member_role === 'string' ? e.member_role : 'member' };
    if (e.cloud !== undefined) {
      if (typeof e.cloud !== 'string' || !e.cloud) bad(`${at}.cloud must be a cloud name`);
      entry.cloud = e.cloud as string;
    } else {
      const a = e.auth as Record<string, unknown>;
      if (!a || typeof a !== 'object') return bad(`${at}.auth must be a mapping`);
      for (const k of ['auth_url', 'username', 'password', 'user_domain_name']) if (typeof a[k] !== 'string' || !a[k]) bad(`${at}.auth.${k} is missing`);
      entry.auth = {
        authUrl: a.auth_url as string,
        username: a.username as string,
        password: a.password as string,
        userDomainName: a.user_domain_name as string,
        ...(typeof a.cacert === 'string' ? { cacert: a.cacert } : {}),
        ...(a.verify === false ? { verify: false } : {}),
      };
    }
    return entry;
  });
  const names = domains.map((x) => x.name);
  if (new Set(names).size !== names.length) bad('two entries name the same domain');
  return { source, domains, ...(typeof d.clouds_file === 'string' ? { cloudsFile: isAbsolute(d.clouds_file) ? d.clouds_file : resolve(dirname(source), d.clouds_file) } : {}) };
}

/** The cloud of one manager, scoped to its domain whatever the cloud's own scope is. */
export function managerCloud(entry: DomainManagerEntry, config: DomainManagerConfig, env: Record<string, string | undefined>, cwd: string, home: string): ResolvedCloud {
  if (entry.cloud) {
    const cloud = resolveCloud({ cloud: entry.cloud, env: config.cloudsFile ? { ...env, OS_CLIENT_CONFIG_FILE: config.cloudsFile } : env, cwd, home });
    if (cloud.authType === 'v3applicationcredential') {
      throw new DomainManagerConfigError(`${config.source}: cloud "${entry.cloud}" uses an application credential, which is bound to a project: a domain manager needs a password (or token) login to get a domain-scoped token`);
    }
    const { projectId: _p, projectName: _n, projectDomainId: _pd, projectDomainName: _pdn, systemScope: _s, ...rest } = cloud.auth;
    const auth = { ...rest, domainId: undefined, domainName: entry.name };
    return cloud.with({ auth });
  }
  const a = entry.auth!;
  const ca = a.cacert ? readFileSync(isAbsolute(a.cacert) ? a.cacert : resolve(dirname(config.source), a.cacert), 'utf8') : undefined;
  return new ResolvedCloud(
    `domain manager of ${entry.name}`,
    'password',
    { authUrl: a.authUrl, username: a.username, password: a.password, userDomainName: a.userDomainName, domainName: entry.name },
    undefined,
    'public',
    a.verify !== false,
    a.cacert,
    ca,
    undefined,
    config.source,
  );
}

export interface DomainManager {
  /** The domain as configured and as the token names it. */
  domain: { id: string; name: string };
  memberRole: string;
  session: OpenStackSession;
  /** Who logs in, for messages: `user x (id …)`. */
  user: string;
}

/** Name of the scope variable. */
export const DOMAIN_MANAGER_VARIABLE = 'domain_manager_config';

/**
 * The configured domain managers, logged in domain-scoped; undefined when `domain_manager_config` is not
 * set. Their passwords and tokens join the run's secrets.
 */
export const domainManagersFact = defineFact<DomainManager[] | undefined>(
  'identity.domain-managers',
  async (ctx) => {
    const file = ctx.env.variables[DOMAIN_MANAGER_VARIABLE];
    if (!file) return undefined;
    const path = isAbsolute(file) ? file : resolve(process.cwd(), file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new DomainManagerConfigError(`cannot read the domain manager config ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const config = parseDomainManagerConfig(text, path);
    const secrets = ctx.env.secrets ?? new Set<string>();
    const out: DomainManager[] = [];
    for (const entry of config.domains) {
      const cloud = managerCloud(entry, config, process.env, process.cwd(), homedir());
      for (const s of cloud.secretValues()) secrets.add(s);
      const session = await createOpenStackConnector(cloud, { secrets, log: ctx.env.log }).session();
      const t = session.token;
      if (!t.domain) throw new DomainManagerConfigError(`the manager of domain ${entry.name} got a token without domain scope`);
      out.push({ domain: { id: t.domain.id, name: t.domain.name ?? entry.name }, memberRole: entry.memberRole, session, user: `${t.user.name ?? t.user.id} (id ${t.user.id})` });
    }
    return out;
  },
  'domain-scoped Keystone tokens of the domain managers in domain_manager_config',
);
