/**
 * Sandbox Neutron: version documents, extensions and the default security group rules
 * (`GET /network/v2.0/default-security-group-rules`, Neutron 2023.2+).
 * Profile section `network`: `{ default_security_group_rules_api?: boolean (false = Neutron older than
 * 2023.2: 404), default_security_group_rules: [{id?, direction, ethertype, protocol?, port_range_min?,
 * port_range_max?, remote_ip_prefix?, remote_group_id?, remote_address_group_id?, used_in_default_sg,
 * used_in_non_default_sg, description?}] }`.
 */
import { json, neutronError, type SandboxRequest } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';

export interface DefaultRuleProfileEntry {
  id?: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol?: string | null;
  port_range_min?: number | null;
  port_range_max?: number | null;
  remote_ip_prefix?: string | null;
  remote_group_id?: string | null;
  remote_address_group_id?: string | null;
  used_in_default_sg?: boolean;
  used_in_non_default_sg?: boolean;
  description?: string;
}

export interface NetworkProfile {
  default_security_group_rules_api?: boolean;
  default_security_group_rules?: DefaultRuleProfileEntry[];
  [key: string]: unknown;
}

const EXTENSIONS = [
  { alias: 'security-group', name: 'security-group', description: 'The security groups extension.', updated: '2012-10-05T10:00:00-00:00' },
  {
    alias: 'security-groups-default-rules',
    name: 'Default rules for security groups',
    description: 'Configure set of security group rules used as default rules for every new security group',
    updated: '2023-05-24T10:00:00-00:00',
  },
];

/** Query parameters that filter a Neutron collection by field value (everything but paging/fields). */
function filtersOf(query: URLSearchParams): [string, string[]][] {
  const keys = [...new Set([...query.keys()])].filter((k) => !['limit', 'marker', 'page_reverse', 'fields', 'sort_key', 'sort_dir'].includes(k));
  return keys.map((k) => [k, query.getAll(k)]);
}

function bad(message: string): never {
  throw new Error(`sandbox profile, section network: ${message}`);
}

/** Checks the default rules' shape, so that a typo in a profile surfaces at start-up. */
export function checkNetworkProfile(section: unknown): NetworkProfile {
  if (typeof section !== 'object' || section === null || Array.isArray(section)) bad('must be a mapping');
  const n = section as NetworkProfile;
  if (n.default_security_group_rules !== undefined && !Array.isArray(n.default_security_group_rules)) bad('default_security_group_rules must be a list');
  (n.default_security_group_rules ?? []).forEach((r, i) => {
    if (typeof r !== 'object' || r === null) bad(`default_security_group_rules[${i}] must be a mapping`);
    if (r.direction !== 'ingress' && r.direction !== 'egress') bad(`default_security_group_rules[${i}]: direction must be ingress or egress, not ${String(r.direction)}`);
    if (r.ethertype !== 'IPv4' && r.ethertype !== 'IPv6') bad(`default_security_group_rules[${i}]: ethertype must be IPv4 or IPv6, not ${String(r.ethertype)}`);
    if (r.remote_ip_prefix && r.remote_group_id) bad(`default_security_group_rules[${i}]: remote_ip_prefix and remote_group_id exclude each other (as in Neutron)`);
  });
  return n;
}

export const networkSgRulesService: SandboxServiceFactory = (world) => {
  const raw = world.section<unknown>('network');
  if (raw === undefined) return undefined;
  const section = checkNetworkProfile(raw);
  const apiPresent = section.default_security_group_rules_api !== false;
  const rules = (section.default_security_group_rules ?? []).map((r) => ({
    id: r.id ?? world.newId(),
    description: r.description ?? '',
    remote_group_id: r.remote_group_id ?? null,
    remote_address_group_id: r.remote_address_group_id ?? null,
    direction: r.direction,
    protocol: r.protocol ?? null,
    ethertype: r.ethertype,
    port_range_max: r.port_range_max ?? null,
    port_range_min: r.port_range_min ?? null,
    remote_ip_prefix: r.remote_ip_prefix ?? null,
    used_in_default_sg: r.used_in_default_sg ?? true,
    used_in_non_default_sg: r.used_in_non_default_sg ?? true,
  }));

  const notFound = () => neutronError(404, 'HTTPNotFound', 'The resource could not be found.');

  const listRules = (req: SandboxRequest) => {
    if (!apiPresent) return notFound();
    let out = rules.filter((r) =>
      filtersOf(req.query).every(([k, values]) => {
        const v = (r as Record<string, unknown>)[k];
        return values.some((want) => String(v ?? '') === want || (v === null && want === ''));
      }),
    );
    const links: { rel: string; href: string }[] = [];
    const limit = Number(req.query.get('limit') ?? '0');
    const marker = req.query.get('marker');
    if (marker) {
      const at = out.findIndex((r) => r.id === marker);
      if (at < 0) return neutronError(404, 'DefaultSecurityGroupRuleNotFound', `Default security group rule ${marker} could not be found.`);
      out = out.slice(at + 1);
    }
    if (limit > 0 && out.length > limit) {
      out = out.slice(0, limit);
      links.push({ rel: 'next', href: `${world.baseUrl}/network/v2.0/default-security-group-rules?limit=${limit}&marker=${out[out.length - 1]!.id}` });
    }
    const fields = req.query.getAll('fields');
    const shown = fields.length > 0 ? out.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => fields.includes(k)))) : out;
    return json(200, links.length > 0 ? { default_security_group_rules: shown, default_security_group_rules_links: links } : { default_security_group_rules: shown });
  };

  return {
    mount: 'network',
    routes: [
      {
        method: 'GET',
        pattern: '/',
        auth: false,
        handler: () => json(200, { versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${world.baseUrl}/network/v2.0/` }] }] }),
      },
      {
        method: 'GET',
        pattern: '/v2.0',
        handler: () =>
          json(200, {
            resources: ['networks', 'subnets', 'ports', 'routers', 'security-groups', 'security-group-rules', ...(apiPresent ? ['default-security-group-rules'] : [])].map((c) => ({
              name: c.replace(/-/g, '_').replace(/s$/, ''),
              collection: c.replace(/-/g, '_'),
              links: [{ rel: 'self', href: `${world.baseUrl}/network/v2.0/${c}` }],
            })),
          }),
      },
      {
        method: 'GET',
        pattern: '/v2.0/extensions',
        handler: () => json(200, { extensions: EXTENSIONS.filter((e) => apiPresent || e.alias !== 'security-groups-default-rules').map((e) => ({ ...e, links: [] })) }),
      },
      { method: 'GET', pattern: '/v2.0/default-security-group-rules', handler: listRules },
      {
        method: 'GET',
        pattern: '/v2.0/default-security-group-rules/:id',
        handler: (req) => {
          if (!apiPresent) return notFound();
          const r = rules.find((x) => x.id === req.params.id);
          if (!r) return neutronError(404, 'DefaultSecurityGroupRuleNotFound', `Default security group rule ${req.params.id} could not be found.`);
          return json(200, { default_security_group_rule: r });
        },
      },
      // Neutron answers any unknown resource with a NeutronError, not the generic sandbox 404
      // (checked against real neutron-server in test/openstack/contract.test.ts). Keep this last.
      { method: 'GET', pattern: '/v2.0/*', handler: notFound },
    ],
  };
};
