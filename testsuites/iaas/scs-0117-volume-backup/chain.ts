/**
 * The I/O of scs-0117-test-backup: volume (1 GiB) → available → backup → available → restore into a
 * new volume → available, each wait with back-off; then the objects are deleted (backup first). Every
 * object goes through the ledger, so it is also deleted when the run is interrupted.
 */
import type { ActiveContext, Finding } from '../../../src/engine/types.js';
import { errorMessage } from '../../../src/engine/facts.js';
import { ApiError } from '../../../src/openstack/errors.js';
import { BACKUP_KIND, VOLUME_KIND } from '../../../src/openstack/resources/volume.js';
import { PollTimeoutError, pollUntil } from '../../../src/openstack/servers.js';
import type { OpenStackSession } from '../../../src/openstack/types.js';
import { createBackup, createVolume, getCinderObject, restoreBackup, type CinderObject } from '../../../src/openstack/volumes.js';
import type { StepName, StepResult } from './judge.js';

/** Per wait (the reference gives up after about 110 s; backends with large volumes are slower). */
export const WAIT_TIMEOUT_MS = 5 * 60_000;

const BUSY = new Set(['creating', 'backing-up', 'restoring', 'restoring-backup', 'downloading']);

export interface ChainResult {
  steps: StepResult[];
  /** Trouble while deleting (warnings; the ledger retries at the end of the testcase). */
  cleanup: Finding[];
}

export async function runBackupChain(ctx: ActiveContext, session: OpenStackSession, opts: { waitTimeoutMs?: number } = {}): Promise<ChainResult> {
  const ledger = ctx.ledger;
  if (!ledger) throw new Error('the run has no resource ledger, so no volume can be created');
  const signal = ctx.signal;
  const steps: StepResult[] = [];
  const description = `scs-compliance ${ledger.prefix.slice(0, -1)}: scs-0117 backup check, deleted when the run ends`;
  const collection = (step: StepName) => (step === 'backup' ? 'backups' : 'volumes');

  /** Creates, then waits for `available`; records the step; true when it got there. */
  const doStep = async (step: StepName, base: string, kind: string, create: (name: string) => Promise<CinderObject>): Promise<CinderObject | undefined> => {
    const name = ledger.name(base);
    let obj: CinderObject;
    try {
      obj = await ledger.create(kind, base, create);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      steps.push({ step, name, outcome: err.status === 404 ? 'api-missing' : 'api-error', detail: err.message });
      return undefined;
    }
    const started = Date.now();
    let last = obj.status;
    try {
      const final = await pollUntil(
        `${step === 'backup' ? 'backup' : 'volume'} ${name} (id ${obj.id}) to become available`,
        async () => {
          const now = await getCinderObject(session, collection(step), obj.id, signal);
          last = now?.status ?? 'deleted';
          if (!now) return { status: 'deleted' } as CinderObject;
          return BUSY.has(now.status) ? undefined : now;
        },
        { timeoutMs: opts.waitTimeoutMs ?? WAIT_TIMEOUT_MS, signal, onWait: (ms) => ctx.progress(`waiting for ${step} ${name} (status ${last}), ${Math.round(ms / 1000)} s`) },
      );
      const seconds = Math.round((Date.now() - started) / 1000);
      steps.push({ step, name, id: obj.id, status: final.status, outcome: final.status === 'available' ? 'available' : 'bad-status', detail: final.failReason, seconds });
      return final.status === 'available' ? obj : undefined;
    } catch (err) {
      if (!(err instanceof PollTimeoutError)) throw err;
      steps.push({ step, name, id: obj.id, status: last, outcome: 'timeout', detail: err.message, seconds: Math.round((Date.now() - started) / 1000) });
      return undefined;
    }
  };

  ctx.progress('creating a 1 GiB volume');
  const volume = await doStep('volume', 'backup-volume', VOLUME_KIND, (name) => createVolume(session, name, 1, description, signal));
  if (volume) {
    ctx.progress(`backing up volume ${volume.name}`);
    const backup = await doStep('backup', 'backup', BACKUP_KIND, (name) => createBackup(session, name, volume.id, description, signal));
    if (backup) {
      ctx.progress(`restoring backup ${backup.name}`);
      await doStep('restore', 'backup-restored', VOLUME_KIND, (name) => restoreBackup(session, backup.id, name, signal));
    }
  }

  // Delete now, newest first (the backup before its volume); what fails here the ledger retries.
  const cleanup: Finding[] = [];
  for (const s of [...steps].reverse()) {
    if (!s.id) continue;
    try {
      await ledger.delete(s.id, signal);
    } catch (err) {
      cleanup.push({ level: 'warning', text: `deleting ${s.step === 'backup' ? 'backup' : 'volume'} ${s.name} (id ${s.id}) failed: ${errorMessage(err)}` });
    }
  }
  return { steps, cleanup };
}
