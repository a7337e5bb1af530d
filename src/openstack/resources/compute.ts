/**
 * Ledger kinds of Nova: `server` (its boot volume is deleted with it: delete_on_termination).
 */
import type { ResourceKind } from '../../engine/ledger.js';
import { deleteServer, listServersByPrefix } from '../servers.js';
import type { OpenStackSession } from '../types.js';

export const SERVER_KIND = 'server';

export const computeResourceKinds: Record<string, ResourceKind<OpenStackSession>> = {
  [SERVER_KIND]: {
    order: 80,
    delete: (session, ref, signal) => deleteServer(session, ref.id, signal),
    list: async (session, prefix, signal) => (await listServersByPrefix(session, prefix, signal)).map((s) => ({ kind: SERVER_KIND, id: s.id, name: s.name })),
  },
};
