/**
 * Sandbox Neutron objects a testcase creates: networks, subnets, routers with an external gateway,
 * router interfaces (as ports), and the ports of servers. Shares the `network` mount with the default
 * security group rules (registered before that module, whose catch-all must stay last).
 *
 * Profile section `networking`: `{ external_networks: [{id?, name}] }` — networks with
 * `router:external=True` every project sees and none may delete.
 */
import { json, neutronError, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';
import { isResponse, ownById, statePerWorld, tokenProject as project } from './crud.js';
import { sectionMapping, sectionProblem, type SectionProblem } from './sections.js';

export interface NetworkingProfile {
  external_networks?: { id?: string; name: string }[];
}

export interface SbNetwork {
  id: string;
  name: string;
  description: string;
  project: string;
  external: boolean;
}
export interface SbSubnet {
  id: string;
  name: string;
  description: string;
  project: string;
  network: string;
  cidr: string;
  gateway_ip: string | null;
  allocation_pools: { start: string; end: string }[];
  dns_nameservers: string[];
  enable_dhcp: boolean;
}
export interface SbRouter {
  id: string;
  name: string;
  description: string;
  project: string;
  gateway?: string;
}
export interface SbPort {
  id: string;
  project: string;
  network: string;
  device_id: string;
  device_owner: string;
  subnet?: string;
  ip?: string;
}

/** The Neutron state of one sandbox, shared with the compute servers (which plug ports in). */
export interface NetworkState {
  networks: SbNetwork[];
  subnets: SbSubnet[];
  routers: SbRouter[];
  ports: SbPort[];
}

export const networkState = statePerWorld<NetworkState>(() => ({ networks: [], subnets: [], routers: [], ports: [] }));

function checkSection(section: unknown): NetworkingProfile {
  const bad: SectionProblem = sectionProblem('networking');
  const s = sectionMapping<NetworkingProfile>(section, bad, ['external_networks']);
  if (s.external_networks !== undefined && !Array.isArray(s.external_networks)) bad('external_networks must be a list');
  (s.external_networks ?? []).forEach((n, i) => {
    if (typeof n?.name !== 'string') bad(`external_networks[${i}] needs a name`);
  });
  return s;
}

const notFound = (type: string, what: string, id: string) => neutronError(404, `${type}NotFound`, `${what} ${id} could not be found.`);

export const networkResourcesService: SandboxServiceFactory = (world) => {
  const raw = world.section<unknown>('networking');
  if (raw === undefined) return undefined;
  const section = checkSection(raw);
  const state = networkState(world);
  for (const n of section.external_networks ?? []) {
    state.networks.push({ id: n.id ?? world.newId(), name: n.name, description: 'external network of the sandbox', project: 'admin', external: true });
  }
  const nowIso = () => world.now().toISOString().replace(/\.\d+Z$/, 'Z');

  const visibleNet = (req: SandboxRequest, n: SbNetwork) => n.external || n.project === project(req);
  const own = <T extends { project: string }>(req: SandboxRequest, list: T[]) => list.filter((o) => o.project === project(req));

  const showNet = (n: SbNetwork) => ({
    id: n.id,
    name: n.name,
    description: n.description,
    status: 'ACTIVE',
    admin_state_up: true,
    shared: false,
    'router:external': n.external,
    subnets: state.subnets.filter((s) => s.network === n.id).map((s) => s.id),
    project_id: n.project,
    tenant_id: n.project,
    mtu: 1450,
    tags: [],
    created_at: nowIso(),
  });
  const showSubnet = (s: SbSubnet) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    network_id: s.network,
    ip_version: 4,
    cidr: s.cidr,
    gateway_ip: s.gateway_ip,
    enable_dhcp: s.enable_dhcp,
    allocation_pools: s.allocation_pools,
    dns_nameservers: s.dns_nameservers,
    host_routes: [],
    project_id: s.project,
    tenant_id: s.project,
    tags: [],
  });
  const showRouter = (r: SbRouter) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    status: 'ACTIVE',
    admin_state_up: true,
    external_gateway_info: r.gateway ? { network_id: r.gateway, enable_snat: true, external_fixed_ips: [] } : null,
    routes: [],
    project_id: r.project,
    tenant_id: r.project,
    tags: [],
  });
  const showPort = (p: SbPort) => ({
    id: p.id,
    name: '',
    network_id: p.network,
    device_id: p.device_id,
    device_owner: p.device_owner,
    fixed_ips: p.subnet ? [{ subnet_id: p.subnet, ip_address: p.ip ?? '' }] : [],
    status: 'ACTIVE',
    project_id: p.project,
    tenant_id: p.project,
  });

  /** Neutron's list filters: every query key except paging and `fields` is an exact match. */
  const filtered = <T>(req: SandboxRequest, list: T[], view: (o: T) => Record<string, unknown>) => {
    const filters = [...new Set(req.query.keys())].filter((k) => !['limit', 'marker', 'fields', 'sort_key', 'sort_dir'].includes(k));
    return list
      .map(view)
      .filter((o) => filters.every((k) => req.query.getAll(k).some((want) => String(o[k]).toLowerCase() === want.toLowerCase())));
  };

  const body = (req: SandboxRequest, key: string): Record<string, unknown> | SandboxResponse => {
    const b = (req.body as Record<string, unknown> | undefined)?.[key];
    if (typeof b !== 'object' || b === null) return neutronError(400, 'BadRequest', `Bad ${key} request: the body needs a "${key}" object.`);
    return b as Record<string, unknown>;
  };
  const str = (v: unknown, dflt = '') => (typeof v === 'string' ? v : dflt);

  const routes = [
    {
      method: 'GET',
      pattern: '/v2.0/networks',
      handler: (req: SandboxRequest) => json(200, { networks: filtered(req, state.networks.filter((n) => visibleNet(req, n)), showNet) }),
    },
    {
      method: 'POST',
      pattern: '/v2.0/networks',
      handler: (req: SandboxRequest) => {
        const b = body(req, 'network');
        if (isResponse(b)) return b;
        const n: SbNetwork = { id: world.newId(), name: str(b.name), description: str(b.description), project: project(req), external: false };
        state.networks.push(n);
        return json(201, { network: showNet(n) });
      },
    },
    {
      method: 'GET',
      pattern: '/v2.0/networks/:id',
      handler: (req: SandboxRequest) => {
        const n = state.networks.find((x) => x.id === req.params.id && visibleNet(req, x));
        return n ? json(200, { network: showNet(n) }) : notFound('Network', 'Network', req.params.id!);
      },
    },
    {
      method: 'DELETE',
      pattern: '/v2.0/networks/:id',
      handler: (req: SandboxRequest) => {
        const n = state.networks.find((x) => x.id === req.params.id && visibleNet(req, x));
        if (!n) return notFound('Network', 'Network', req.params.id!);
        if (n.external) return neutronError(403, 'PolicyNotAuthorized', `rule:delete_network is disallowed by policy`);
        if (state.ports.some((p) => p.network === n.id)) {
          return neutronError(409, 'NetworkInUse', `Unable to complete operation on network ${n.id}. There are one or more ports still in use on the network.`);
        }
        state.subnets = state.subnets.filter((s) => s.network !== n.id);
        state.networks = state.networks.filter((x) => x !== n);
        return { status: 204 };
      },
    },
    { method: 'GET', pattern: '/v2.0/subnets', handler: (req: SandboxRequest) => json(200, { subnets: filtered(req, own(req, state.subnets), showSubnet) }) },
    {
      method: 'POST',
      pattern: '/v2.0/subnets',
      handler: (req: SandboxRequest) => {
        const b = body(req, 'subnet');
        if (isResponse(b)) return b;
        const net = state.networks.find((x) => x.id === b.network_id && x.project === project(req));
        if (!net) return notFound('Network', 'Network', str(b.network_id, '(none)'));
        if (typeof b.cidr !== 'string' || !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(b.cidr)) return neutronError(400, 'BadRequest', `Invalid input for cidr. Reason: '${String(b.cidr)}' is not a valid IP subnet.`);
        const s: SbSubnet = {
          id: world.newId(),
          name: str(b.name),
          description: str(b.description),
          project: project(req),
          network: net.id,
          cidr: b.cidr,
          gateway_ip: typeof b.gateway_ip === 'string' ? b.gateway_ip : null,
          allocation_pools: Array.isArray(b.allocation_pools) ? (b.allocation_pools as { start: string; end: string }[]) : [],
          dns_nameservers: Array.isArray(b.dns_nameservers) ? (b.dns_nameservers as string[]) : [],
          enable_dhcp: b.enable_dhcp !== false,
        };
        state.subnets.push(s);
        return json(201, { subnet: showSubnet(s) });
      },
    },
    {
      method: 'DELETE',
      pattern: '/v2.0/subnets/:id',
      handler: (req: SandboxRequest) => {
        const s = ownById(req, state.subnets);
        if (!s) return notFound('Subnet', 'Subnet', req.params.id!);
        if (state.ports.some((p) => p.subnet === s.id)) {
          return neutronError(409, 'SubnetInUse', `Unable to complete operation on subnet ${s.id}: One or more ports have an IP allocation from this subnet.`);
        }
        state.subnets = state.subnets.filter((x) => x !== s);
        return { status: 204 };
      },
    },
    { method: 'GET', pattern: '/v2.0/routers', handler: (req: SandboxRequest) => json(200, { routers: filtered(req, own(req, state.routers), showRouter) }) },
    {
      method: 'POST',
      pattern: '/v2.0/routers',
      handler: (req: SandboxRequest) => {
        const b = body(req, 'router');
        if (isResponse(b)) return b;
        const gw = (b.external_gateway_info as { network_id?: unknown } | undefined)?.network_id;
        if (gw !== undefined && !state.networks.some((n) => n.id === gw && n.external)) {
          return neutronError(400, 'BadRequest', `Bad router request: Network ${String(gw)} is not an external network.`);
        }
        const r: SbRouter = { id: world.newId(), name: str(b.name), description: str(b.description), project: project(req), gateway: typeof gw === 'string' ? gw : undefined };
        state.routers.push(r);
        return json(201, { router: showRouter(r) });
      },
    },
    {
      method: 'DELETE',
      pattern: '/v2.0/routers/:id',
      handler: (req: SandboxRequest) => {
        const r = ownById(req, state.routers);
        if (!r) return notFound('Router', 'Router', req.params.id!);
        if (state.ports.some((p) => p.device_id === r.id)) {
          return neutronError(409, 'RouterInUse', `Router ${r.id} still has ports`);
        }
        state.routers = state.routers.filter((x) => x !== r);
        return { status: 204 };
      },
    },
    {
      method: 'PUT',
      pattern: '/v2.0/routers/:id/add_router_interface',
      handler: (req: SandboxRequest) => {
        const r = ownById(req, state.routers);
        if (!r) return notFound('Router', 'Router', req.params.id!);
        const subnetId = (req.body as { subnet_id?: unknown } | undefined)?.subnet_id;
        const s = own(req, state.subnets).find((x) => x.id === subnetId);
        if (!s) return notFound('Subnet', 'Subnet', String(subnetId));
        if (state.ports.some((p) => p.device_id === r.id && p.subnet === s.id)) {
          return neutronError(400, 'BadRequest', `Bad router request: Router already has a port on subnet ${s.id}.`);
        }
        const port: SbPort = { id: world.newId(), project: r.project, network: s.network, device_id: r.id, device_owner: 'network:router_interface', subnet: s.id, ip: s.gateway_ip ?? '' };
        state.ports.push(port);
        return json(200, { id: r.id, tenant_id: r.project, project_id: r.project, port_id: port.id, network_id: s.network, subnet_id: s.id, subnet_ids: [s.id] });
      },
    },
    {
      method: 'PUT',
      pattern: '/v2.0/routers/:id/remove_router_interface',
      handler: (req: SandboxRequest) => {
        const r = ownById(req, state.routers);
        if (!r) return notFound('Router', 'Router', req.params.id!);
        const subnetId = String((req.body as { subnet_id?: unknown } | undefined)?.subnet_id);
        const port = state.ports.find((p) => p.device_id === r.id && p.subnet === subnetId);
        if (!port) return neutronError(404, 'RouterInterfaceNotFoundForSubnet', `Router ${r.id} has no interface on subnet ${subnetId}`);
        state.ports = state.ports.filter((p) => p !== port);
        return json(200, { id: r.id, tenant_id: r.project, project_id: r.project, port_id: port.id, network_id: port.network, subnet_id: subnetId, subnet_ids: [subnetId] });
      },
    },
    { method: 'GET', pattern: '/v2.0/ports', handler: (req: SandboxRequest) => json(200, { ports: filtered(req, own(req, state.ports), showPort) }) },
  ];
  return { mount: 'network', routes };
};
