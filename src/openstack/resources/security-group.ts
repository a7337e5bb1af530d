/**
 * Ledger kind of Neutron security groups: `security-group` (ref id = the group's uuid). Deleted after
 * servers (a port in use keeps its group), found by name prefix for cleanup without a journal.
 */
import type { ResourceKind } from '../../engine/ledger.js';
import { deleteSecurityGroup, listSecurityGroupsByPrefix } from '../network.js';
import type { OpenStackSession } from '../types.js';

export const SECURITY_GROUP_KIND = 'security-group';

export const securityGroupResourceKinds: Record<string, ResourceKind<OpenStackSession>> = {
  [SECURITY_GROUP_KIND]: {
    order: 40,
    delete: (session, ref, signal) => deleteSecurityGroup(session, ref.id, signal),
    list: async (session, prefix, signal) =>
      (await listSecurityGroupsByPrefix(session, prefix, signal)).map((g) => ({ kind: SECURITY_GROUP_KIND, id: g.id, name: g.name })),
  },
};
