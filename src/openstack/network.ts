/**
 * Neutron (network): the admin-configurable default security group rules (Neutron 2023.2+), and
 * security groups (create, show, delete, find by name prefix) for clouds without that API.
 */
import { defineFact } from '../engine/facts.js';
import { sessionFact } from './facts.js';
import type { OpenStackSession } from './types.js';

/** The traffic fields a security group rule and a default security group rule share. */
export interface SecurityGroupRule {
  id: string;
  direction: string;
  ethertype: string;
  /** null = any protocol. */
  protocol: string | null;
  portRangeMin: number | null;
  portRangeMax: number | null;
  remoteIpPrefix: string | null;
  /** In a default security group rule, `PARENT` means the security group the rule ends up in. */
  remoteGroupId: string | null;
  remoteAddressGroupId: string | null;
  description: string;
}

export interface DefaultSecurityGroupRule extends SecurityGroupRule {
  usedInDefaultSg: boolean;
  usedInNonDefaultSg: boolean;
}

/** The rule template, or the reason why the cloud has none to show. */
export type DefaultRulesListing =
  | { available: true; url: string; rules: DefaultSecurityGroupRule[] }
  | { available: false; url: string; status: number; reason: string };

/** Path below the network endpoint (Neutron's catalog URL usually has no version; some have `/v2.0`). */
export function networkPath(endpoint: string, resource: string): string {
  return /\/v2\.0\/?$/.test(new URL(endpoint).pathname) ? resource : `v2.0/${resource}`;
}

/**
 * `GET /v2.0/default-security-group-rules`. A 404 (Neutron before 2023.2, or the extension
 * `security-groups-default-rules` disabled) is reported as `available: false`, not as an error.
 */
export async function listDefaultSecurityGroupRules(session: OpenStackSession, signal?: AbortSignal): Promise<DefaultRulesListing> {
  const endpoint = session.endpoint('network');
  const path = networkPath(endpoint, 'default-security-group-rules');
  const url = `${endpoint.replace(/\/$/, '')}/${path}`;
  const res = await session.request<{ default_security_group_rules?: unknown }>('network', path, { signal, okStatus: [404] });
  if (res.status === 404) {
    const extensions = await extensionAliases(session, endpoint, signal);
    const why =
      extensions === undefined
        ? 'this network API does not offer the default security group rules'
        : extensions.includes(DEFAULT_RULES_EXTENSION)
          ? `although the extension ${DEFAULT_RULES_EXTENSION} is listed`
          : `the extension ${DEFAULT_RULES_EXTENSION} is not among the ${extensions.length} extensions Neutron lists`;
    return {
      available: false,
      url,
      status: 404,
      reason: `Neutron answered 404 for GET ${url}: ${why} (it needs Neutron 2023.2 or newer with the ${DEFAULT_RULES_EXTENSION} extension)`,
    };
  }
  const list = res.body?.default_security_group_rules;
  if (!Array.isArray(list)) throw new Error(`network answered GET ${path} without a "default_security_group_rules" list (status ${res.status})`);
  return { available: true, url, rules: list.map((r: Record<string, unknown>, i) => toRule(r, i)) };
}

export const DEFAULT_RULES_EXTENSION = 'security-groups-default-rules';

/** Aliases of the enabled Neutron extensions, or undefined when they cannot be read. */
async function extensionAliases(session: OpenStackSession, endpoint: string, signal?: AbortSignal): Promise<string[] | undefined> {
  try {
    const res = await session.request<{ extensions?: { alias?: unknown }[] }>('network', networkPath(endpoint, 'extensions'), { signal, okStatus: [403, 404] });
    if (res.status !== 200 || !Array.isArray(res.body?.extensions)) return undefined;
    return res.body.extensions.map((e) => String(e.alias ?? ''));
  } catch {
    return undefined;
  }
}

function toRule(raw: Record<string, unknown>, index: number): DefaultSecurityGroupRule {
  if (typeof raw !== 'object' || raw === null || typeof raw.id !== 'string') {
    throw new Error(`network returned a default security group rule without an id (entry ${index})`);
  }
  for (const key of ['direction', 'ethertype', 'used_in_default_sg', 'used_in_non_default_sg']) {
    if (!(key in raw)) throw new Error(`default security group rule ${raw.id} has no "${key}" field`);
  }
  return { ...trafficFields(raw.id, raw), usedInDefaultSg: raw.used_in_default_sg === true, usedInNonDefaultSg: raw.used_in_non_default_sg === true };
}

/** The fields a rule and a default rule share, from Neutron's answer (checked by the caller). */
function trafficFields(id: string, raw: Record<string, unknown>): SecurityGroupRule {
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  return {
    id,
    direction: String(raw.direction),
    ethertype: String(raw.ethertype),
    protocol: str(raw.protocol),
    portRangeMin: num(raw.port_range_min),
    portRangeMax: num(raw.port_range_max),
    remoteIpPrefix: str(raw.remote_ip_prefix),
    remoteGroupId: str(raw.remote_group_id),
    remoteAddressGroupId: str(raw.remote_address_group_id),
    description: typeof raw.description === 'string' ? raw.description : '',
  };
}

export const defaultSecurityGroupRulesFact = defineFact(
  'network.default-security-group-rules',
  async (ctx) => listDefaultSecurityGroupRules(await ctx.get(sessionFact), ctx.signal),
  'GET /v2.0/default-security-group-rules (network)',
);

/** A security group as Neutron shows it, with the rules it holds. */
export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  rules: SecurityGroupRule[];
}

function toTrafficRule(raw: Record<string, unknown>, what: string): SecurityGroupRule {
  if (typeof raw !== 'object' || raw === null || typeof raw.id !== 'string') throw new Error(`network returned ${what} without an id`);
  for (const key of ['direction', 'ethertype']) {
    if (typeof raw[key] !== 'string') throw new Error(`${what} ${raw.id} has no "${key}" field`);
  }
  return trafficFields(raw.id, raw);
}

function toSecurityGroup(body: unknown, what: string, status: number): SecurityGroup {
  const g = (body as { security_group?: Record<string, unknown> } | undefined)?.security_group;
  if (typeof g !== 'object' || g === null || typeof g.id !== 'string') throw new Error(`network answered ${what} with status ${status} but without security_group.id`);
  if (!Array.isArray(g.security_group_rules)) throw new Error(`network answered ${what} without a "security_group_rules" list for security group ${g.id}`);
  return {
    id: g.id,
    name: typeof g.name === 'string' ? g.name : '',
    description: typeof g.description === 'string' ? g.description : '',
    rules: (g.security_group_rules as Record<string, unknown>[]).map((r, i) => toTrafficRule(r, `a rule of security group ${g.id as string} (entry ${i})`)),
  };
}

/** `POST /v2.0/security-groups`: Neutron fills the new group with its default rules. */
export async function createSecurityGroup(session: OpenStackSession, name: string, description: string, signal?: AbortSignal): Promise<SecurityGroup> {
  const path = networkPath(session.endpoint('network'), 'security-groups');
  const res = await session.request('network', path, { method: 'POST', json: { security_group: { name, description } }, signal });
  return toSecurityGroup(res.body, 'POST /v2.0/security-groups', res.status);
}

/** `GET /v2.0/security-groups/{id}`; undefined when it is gone (404). */
export async function getSecurityGroup(session: OpenStackSession, id: string, signal?: AbortSignal): Promise<SecurityGroup | undefined> {
  const path = networkPath(session.endpoint('network'), `security-groups/${encodeURIComponent(id)}`);
  const res = await session.request('network', path, { signal, okStatus: [404] });
  if (res.status === 404) return undefined;
  return toSecurityGroup(res.body, `GET /v2.0/security-groups/${id}`, res.status);
}

/** `DELETE /v2.0/security-groups/{id}`; a group already gone (404) counts as deleted. */
export async function deleteSecurityGroup(session: OpenStackSession, id: string, signal?: AbortSignal): Promise<void> {
  const path = networkPath(session.endpoint('network'), `security-groups/${encodeURIComponent(id)}`);
  await session.request('network', path, { method: 'DELETE', okStatus: [404], signal });
}

/** Security groups of the project whose name starts with the prefix (listed whole, filtered here). */
export async function listSecurityGroupsByPrefix(session: OpenStackSession, prefix: string, signal?: AbortSignal): Promise<{ id: string; name: string }[]> {
  const path = networkPath(session.endpoint('network'), 'security-groups');
  const list = await session.paginate<{ id?: unknown; name?: unknown }>('network', path, { itemsKey: 'security_groups', signal });
  return list
    .filter((g) => typeof g.id === 'string' && typeof g.name === 'string' && g.name.startsWith(prefix))
    .map((g) => ({ id: g.id as string, name: g.name as string }));
}
