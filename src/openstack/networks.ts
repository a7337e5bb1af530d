/**
 * Neutron objects a creating testcase needs: a network with a subnet, a router to the external
 * network with an interface in that subnet. Deletes treat 404 as "already gone"; a router is deleted
 * after its interfaces are removed (also those a killed run never journaled).
 */
import { networkPath } from './network.js';
import type { OpenStackSession } from './types.js';

export const NETWORK_TYPES = ['network'];

export interface NamedObject {
  id: string;
  name: string;
}

function path(session: OpenStackSession, resource: string): string {
  return networkPath(session.endpoint(NETWORK_TYPES), resource);
}

function one(body: unknown, key: string, what: string, status: number): NamedObject {
  const o = (body as Record<string, { id?: unknown; name?: unknown }> | undefined)?.[key];
  if (!o || typeof o.id !== 'string') throw new Error(`network answered ${what} with status ${status} but without ${key}.id`);
  return { id: o.id, name: typeof o.name === 'string' ? o.name : '' };
}

async function create(session: OpenStackSession, collection: string, key: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<NamedObject> {
  const res = await session.request(NETWORK_TYPES, path(session, collection), { method: 'POST', json: { [key]: body }, signal });
  return one(res.body, key, `POST /v2.0/${collection}`, res.status);
}

export function createNetwork(session: OpenStackSession, name: string, description: string, signal?: AbortSignal): Promise<NamedObject> {
  return create(session, 'networks', 'network', { name, description, admin_state_up: true }, signal);
}

export interface SubnetSpec {
  cidr: string;
  gatewayIp: string;
  pool: { start: string; end: string };
  dnsNameservers: string[];
}

export function createSubnet(session: OpenStackSession, name: string, networkId: string, spec: SubnetSpec, description: string, signal?: AbortSignal): Promise<NamedObject> {
  return create(
    session,
    'subnets',
    'subnet',
    {
      name,
      description,
      network_id: networkId,
      ip_version: 4,
      cidr: spec.cidr,
      gateway_ip: spec.gatewayIp,
      enable_dhcp: true,
      allocation_pools: [spec.pool],
      dns_nameservers: spec.dnsNameservers,
    },
    signal,
  );
}

export function createRouter(session: OpenStackSession, name: string, externalNetworkId: string, description: string, signal?: AbortSignal): Promise<NamedObject> {
  return create(session, 'routers', 'router', { name, description, admin_state_up: true, external_gateway_info: { network_id: externalNetworkId } }, signal);
}

/** The networks with `router:external=True` the project can see (`GET /v2.0/networks?router:external=true`). */
export async function listExternalNetworks(session: OpenStackSession, signal?: AbortSignal): Promise<NamedObject[]> {
  const list = await session.paginate<{ id?: unknown; name?: unknown; 'router:external'?: unknown }>(NETWORK_TYPES, path(session, 'networks'), {
    itemsKey: 'networks',
    searchParams: { 'router:external': true },
    signal,
  });
  return list
    .filter((n) => typeof n.id === 'string' && n['router:external'] !== false)
    .map((n) => ({ id: n.id as string, name: typeof n.name === 'string' ? n.name : '' }));
}

/** `PUT /v2.0/routers/{id}/add_router_interface {subnet_id}`. */
export async function addRouterInterface(session: OpenStackSession, routerId: string, subnetId: string, signal?: AbortSignal): Promise<{ id: string; routerId: string; subnetId: string }> {
  await session.request(NETWORK_TYPES, path(session, `routers/${encodeURIComponent(routerId)}/add_router_interface`), {
    method: 'PUT',
    json: { subnet_id: subnetId },
    signal,
  });
  return { id: `${routerId}/${subnetId}`, routerId, subnetId };
}

/** Removes the router's interface in the subnet; a router or interface already gone counts as removed. */
export async function removeRouterInterface(session: OpenStackSession, routerId: string, subnetId: string, signal?: AbortSignal): Promise<void> {
  await session.request(NETWORK_TYPES, path(session, `routers/${encodeURIComponent(routerId)}/remove_router_interface`), {
    method: 'PUT',
    json: { subnet_id: subnetId },
    okStatus: [404],
    signal,
  });
}

/** `device_owner` values of the ports that make a router's interfaces. */
export const ROUTER_INTERFACE_OWNERS = ['network:router_interface', 'network:router_interface_distributed', 'network:ha_router_replicated_interface'];

/** `DELETE` of a network, subnet or router (collection `networks`, `subnets`, `routers`); 404 = gone. */
export async function deleteNetworkObject(session: OpenStackSession, collection: 'networks' | 'subnets' | 'routers', id: string, signal?: AbortSignal): Promise<void> {
  if (collection === 'routers') {
    // Neutron refuses (409) to delete a router that still has interfaces: remove them first (plain,
    // distributed and HA routers name their interface ports differently; gateway ports go with the router).
    const ports = await session.paginate<{ device_owner?: unknown; fixed_ips?: { subnet_id?: unknown }[] }>(NETWORK_TYPES, path(session, 'ports'), {
      itemsKey: 'ports',
      searchParams: { device_id: id },
      signal,
    });
    const subnets = new Set<string>();
    for (const p of ports) {
      if (typeof p.device_owner !== 'string' || !ROUTER_INTERFACE_OWNERS.includes(p.device_owner)) continue;
      for (const ip of p.fixed_ips ?? []) if (typeof ip.subnet_id === 'string') subnets.add(ip.subnet_id);
    }
    for (const subnet of subnets) await removeRouterInterface(session, id, subnet, signal);
  }
  await session.request(NETWORK_TYPES, path(session, `${collection}/${encodeURIComponent(id)}`), { method: 'DELETE', okStatus: [404], signal });
}

/** Objects of a collection whose name starts with the prefix (listed whole, filtered here). */
export async function listNetworkObjectsByPrefix(session: OpenStackSession, collection: 'networks' | 'subnets' | 'routers', prefix: string, signal?: AbortSignal): Promise<NamedObject[]> {
  const list = await session.paginate<{ id?: unknown; name?: unknown }>(NETWORK_TYPES, path(session, collection), { itemsKey: collection, signal });
  return list
    .filter((o) => typeof o.id === 'string' && typeof o.name === 'string' && o.name.startsWith(prefix))
    .map((o) => ({ id: o.id as string, name: o.name as string }));
}
