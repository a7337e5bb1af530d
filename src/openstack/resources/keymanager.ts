/** Ledger kinds of the key manager (Barbican): `secret` (ref id = the secret's uuid). */
import type { ResourceKind } from '../../engine/ledger.js';
import { deleteSecret, listSecrets } from '../keymanager.js';
import type { OpenStackSession } from '../types.js';

export const SECRET_KIND = 'secret';

export const keyManagerResourceKinds: Record<string, ResourceKind<OpenStackSession>> = {
  [SECRET_KIND]: {
    order: 80,
    delete: (session, ref, signal) => deleteSecret(session, ref.id, signal),
    list: async (session, prefix, signal) =>
      (await listSecrets(session, signal)).filter((s) => s.name?.startsWith(prefix)).map((s) => ({ kind: SECRET_KIND, id: s.id, name: s.name! })),
  },
};
