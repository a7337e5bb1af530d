/**
 * Ledger kinds of Neutron: `router-interface` (id `<router>/<subnet>`), `router`, `subnet`, `network`.
 * Order for cleanup by prefix: interfaces and routers before subnets before networks.
 */
import type { ResourceKind, ResourceRef } from '../../engine/ledger.js';
import { deleteNetworkObject, listNetworkObjectsByPrefix, removeRouterInterface } from '../networks.js';
import type { OpenStackSession } from '../types.js';

export const NETWORK_KIND = 'network';
export const SUBNET_KIND = 'subnet';
export const ROUTER_KIND = 'router';
export const ROUTER_INTERFACE_KIND = 'router-interface';

function byPrefix(kind: string, collection: 'networks' | 'subnets' | 'routers') {
  return async (session: OpenStackSession, prefix: string, signal: AbortSignal): Promise<ResourceRef[]> =>
    (await listNetworkObjectsByPrefix(session, collection, prefix, signal)).map((o) => ({ kind, id: o.id, name: o.name }));
}

export const networkResourceKinds: Record<string, ResourceKind<OpenStackSession>> = {
  [ROUTER_INTERFACE_KIND]: {
    order: 50,
    delete: (session, ref, signal) => {
      const [router, subnet] = ref.id.split('/');
      return removeRouterInterface(session, ref.attrs?.router ?? router ?? '', ref.attrs?.subnet ?? subnet ?? '', signal);
    },
  },
  [ROUTER_KIND]: { order: 45, delete: (s, ref, signal) => deleteNetworkObject(s, 'routers', ref.id, signal), list: byPrefix(ROUTER_KIND, 'routers') },
  [SUBNET_KIND]: { order: 30, delete: (s, ref, signal) => deleteNetworkObject(s, 'subnets', ref.id, signal), list: byPrefix(SUBNET_KIND, 'subnets') },
  [NETWORK_KIND]: { order: 20, delete: (s, ref, signal) => deleteNetworkObject(s, 'networks', ref.id, signal), list: byPrefix(NETWORK_KIND, 'networks') },
};
