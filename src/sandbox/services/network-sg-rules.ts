/**
 * Sandbox Neutron: version documents, extensions, the default security group rules
 * (`GET /network/v2.0/default-security-group-rules`, Neutron 2023.2+) and security groups
 * (`/network/v2.0/security-groups`: list, create, show, delete; per project, with the project's
 * `default` group made on first use as Neutron does).
 * Profile section `network`: `{ default_security_group_rules_api?: boolean (false = Neutron older than
 * 2023.2: the API answers 404, as Neutron Zed does), default_security_group_rules: [{id?, direction,
 * ethertype, protocol?, port_range_min?, port_range_max?, remote_ip_prefix?, remote_group_id?,
 * remote_address_group_id?, used_in_default_sg, used_in_non_default_sg, description?}] }`.
 * A new security group gets the rules of the template that are used for its kind (remote group
 * `PARENT` becomes the group itself), also when the API is off: then the template stands for the rules
 * older Neutron has in its code.
 */
import { json, neutronError, type SandboxRequest } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';
import { sectionMapping, sectionProblem, type SectionProblem } from './sections.js';

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

const bad: SectionProblem = sectionProblem('network');

/** Checks the default rules' shape, so that a typo in a profile surfaces at start-up. */
export function checkNetworkProfile(section: unknown): NetworkProfile {
  const n = sectionMapping<NetworkProfile>(section, bad);
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

  // Security groups, per project.
  interface SbSecurityGroup {
    id: string;
    name: string;
    description: string;
    project: string;
    rules: Record<string, unknown>[];
  }
  let groups: SbSecurityGroup[] = [];
  const projectOf = (req: SandboxRequest) => req.auth?.projectId ?? '';
  const newGroup = (project: string, name: string, description: string, isDefault: boolean): SbSecurityGroup => {
    const id = world.newId();
    const template = rules.filter((r) => (isDefault ? r.used_in_default_sg : r.used_in_non_default_sg));
    const ruleOf = (r: (typeof rules)[number]) => ({
      id: world.newId(),
      project_id: project,
      tenant_id: project,
      security_group_id: id,
      direction: r.direction,
      ethertype: r.ethertype,
      protocol: r.protocol,
      port_range_min: r.port_range_min,
      port_range_max: r.port_range_max,
      remote_ip_prefix: r.remote_ip_prefix,
      remote_group_id: r.remote_group_id === 'PARENT' ? id : r.remote_group_id,
      remote_address_group_id: r.remote_address_group_id,
      normalized_cidr: r.remote_ip_prefix,
      description: '',
      revision_number: 0,
    });
    const g: SbSecurityGroup = { id, name, description, project, rules: template.map(ruleOf) };
    groups.push(g);
    return g;
  };
  /** The project's groups; Neutron makes the `default` group the first time a project looks. */
  const groupsOf = (req: SandboxRequest): SbSecurityGroup[] => {
    const project = projectOf(req);
    if (!groups.some((g) => g.project === project && g.name === 'default')) newGroup(project, 'default', 'Default security group', true);
    return groups.filter((g) => g.project === project);
  };
  const showGroup = (g: SbSecurityGroup) => ({
    id: g.id,
    name: g.name,
    description: g.description,
    project_id: g.project,
    tenant_id: g.project,
    stateful: true,
    shared: false,
    tags: [],
    revision_number: 1,
    security_group_rules: g.rules,
  });
  const groupNotFound = (id: string) => neutronError(404, 'SecurityGroupNotFound', `Security group ${id} does not exist`);
  const securityGroupRoutes = [
    {
      method: 'GET',
      pattern: '/v2.0/security-groups',
      handler: (req: SandboxRequest) => {
        const filters = filtersOf(req.query).filter(([k]) => ['id', 'name', 'description', 'project_id', 'tenant_id'].includes(k));
        const shown = groupsOf(req)
          .map(showGroup)
          .filter((g) => filters.every(([k, values]) => values.includes(String((g as Record<string, unknown>)[k]))));
        return json(200, { security_groups: shown });
      },
    },
    {
      method: 'POST',
      pattern: '/v2.0/security-groups',
      handler: (req: SandboxRequest) => {
        const b = (req.body as { security_group?: { name?: unknown; description?: unknown } } | undefined)?.security_group;
        if (typeof b !== 'object' || b === null) return neutronError(400, 'BadRequest', 'Bad security_group request: the body needs a "security_group" object.');
        const name = typeof b.name === 'string' ? b.name : '';
        if (name === 'default') return neutronError(409, 'SecurityGroupDefaultAlreadyExists', 'Default security group already exists.');
        groupsOf(req);
        return json(201, { security_group: showGroup(newGroup(projectOf(req), name, typeof b.description === 'string' ? b.description : '', false)) });
      },
    },
    {
      method: 'GET',
      pattern: '/v2.0/security-groups/:id',
      handler: (req: SandboxRequest) => {
        const g = groupsOf(req).find((x) => x.id === req.params.id);
        return g ? json(200, { security_group: showGroup(g) }) : groupNotFound(req.params.id!);
      },
    },
    {
      method: 'DELETE',
      pattern: '/v2.0/security-groups/:id',
      handler: (req: SandboxRequest) => {
        const g = groupsOf(req).find((x) => x.id === req.params.id);
        if (!g) return groupNotFound(req.params.id!);
        if (g.name === 'default') return neutronError(409, 'SecurityGroupCannotRemoveDefault', 'Insufficient rights for removing default security group.');
        groups = groups.filter((x) => x !== g);
        return { status: 204 };
      },
    },
  ];

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
      ...securityGroupRoutes,
      // Neutron answers any unknown resource with a NeutronError, not the generic sandbox 404
      // (checked against real neutron-server in test/openstack/contract.test.ts). Keep this last.
      { method: 'GET', pattern: '/v2.0/*', handler: notFound },
    ],
  };
};
