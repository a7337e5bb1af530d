/**
 * Ledger kinds of Cinder: `backup` (deleted before volumes) and `volume`. Both wait until no operation
 * runs on the object, delete it and wait until it is gone.
 */
import type { ResourceKind } from '../../engine/ledger.js';
import { deleteCinderAndWait, listCinderByPrefix } from '../volumes.js';
import type { OpenStackSession } from '../types.js';

export const VOLUME_KIND = 'volume';
export const BACKUP_KIND = 'backup';

export const volumeResourceKinds: Record<string, ResourceKind<OpenStackSession>> = {
  [BACKUP_KIND]: {
    order: 70,
    delete: (session, ref, signal) => deleteCinderAndWait(session, 'backups', ref.id, signal),
    list: async (session, prefix, signal) => (await listCinderByPrefix(session, 'backups', prefix, signal)).map((o) => ({ kind: BACKUP_KIND, id: o.id, name: o.name })),
  },
  [VOLUME_KIND]: {
    order: 60,
    delete: (session, ref, signal) => deleteCinderAndWait(session, 'volumes', ref.id, signal),
    list: async (session, prefix, signal) => (await listCinderByPrefix(session, 'volumes', prefix, signal)).map((o) => ({ kind: VOLUME_KIND, id: o.id, name: o.name })),
  },
};
