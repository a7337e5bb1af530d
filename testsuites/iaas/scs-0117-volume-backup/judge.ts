/**
 * The verdict of scs-0117-test-backup over what the chain observed (pure): every step must reach
 * `available`. A failing backup or restore is a FAIL (the standard says the backup API MUST be offered
 * and working); a volume that cannot even be created leaves the question open (ABORT).
 */
import { abort, judge, pass, type Outcome } from '../../../src/engine/types.js';

export type StepName = 'volume' | 'backup' | 'restore';

export interface StepResult {
  step: StepName;
  /** The object's name (and id once known). */
  name: string;
  id?: string;
  outcome: 'available' | 'bad-status' | 'timeout' | 'api-missing' | 'api-error';
  /** The last status seen. */
  status?: string;
  /** Cinder's fail_reason, the API's message or the timeout. */
  detail?: string;
  seconds?: number;
}

export const RULE_API = 'the backup API /v3/{project_id}/backups MUST be offered to customers and work (scs-0117-v1)';

const STEP_TEXT: Record<StepName, string> = {
  volume: 'creating a 1 GiB volume',
  backup: 'backing up the volume',
  restore: 'restoring the backup into a new volume',
};

function objectOf(r: StepResult): string {
  const what = r.step === 'backup' ? 'backup' : 'volume';
  return `${what} ${r.name}${r.id ? ` (id ${r.id})` : ''}`;
}

export function judgeBackupChain(steps: StepResult[], url: string): Outcome {
  const evidence = Object.fromEntries(steps.map((s) => [s.step, { id: s.id, status: s.status, seconds: s.seconds }]));
  const bad = steps.find((s) => s.outcome !== 'available');
  if (!bad) {
    if (!steps.some((s) => s.step === 'restore')) return abort('the backup chain ended before the restore step', evidence);
    return pass([], evidence);
  }
  const object = objectOf(bad);
  const detail = bad.detail ? `: ${bad.detail}` : '';
  if (bad.step === 'volume' && bad.outcome !== 'api-missing') {
    return abort(`${STEP_TEXT.volume} failed before any backup was tried — ${object} ${describe(bad)}${detail}`, evidence);
  }
  const observed = bad.outcome === 'api-missing' || bad.outcome === 'api-error' ? (bad.detail ?? bad.outcome) : `status ${bad.status ?? 'unknown'}`;
  return judge(
    [
      {
        level: 'error',
        text: `${STEP_TEXT[bad.step]} failed: ${object} ${describe(bad)}${detail}.`,
        object,
        rule: RULE_API,
        observed,
        expected: bad.outcome === 'api-missing' || bad.outcome === 'api-error' ? 'the block-storage backup API answers' : 'status available',
        url,
      },
    ],
    evidence,
  );
}

function describe(r: StepResult): string {
  switch (r.outcome) {
    case 'bad-status':
      return `went to status ${r.status}`;
    case 'timeout':
      return `was still in status ${r.status ?? 'unknown'} when we gave up waiting${r.seconds !== undefined ? ` after ${r.seconds} s` : ''}`;
    case 'api-missing':
      return 'could not be created because the API is not offered';
    case 'api-error':
      return 'could not be created: the API refused';
    default:
      return 'is available';
  }
}
