/** scs-0117-test-backup: the verdict over the observed chain (pure). */
import { describe, expect, it } from 'vitest';
import { judgeBackupChain, type StepResult } from '../../testsuites/iaas/scs-0117-volume-backup/judge.js';

const URL = 'https://docs.scs.community/standards/scs-0117-w1-volume-backup-service-implementation#automated-tests';
const ok = (step: StepResult['step'], name: string, id: string): StepResult => ({ step, name, id, outcome: 'available', status: 'available', seconds: 3 });

describe('judgeBackupChain', () => {
  it('all three steps available: PASS with the ids as evidence', () => {
    const out = judgeBackupChain([ok('volume', 'v', 'v1'), ok('backup', 'b', 'b1'), ok('restore', 'r', 'r1')], URL);
    expect(out.verdict).toBe('PASS');
    expect(out.evidence).toMatchObject({ volume: { id: 'v1' }, backup: { id: 'b1' }, restore: { id: 'r1' } });
  });
  it('a backup in status error: FAIL naming the backup, its id, the step and the reason', () => {
    const out = judgeBackupChain([ok('volume', 'v', 'v1'), { step: 'backup', name: 'scs-1-backup', id: 'b1', outcome: 'bad-status', status: 'error', detail: 'driver down' }], URL);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]).toMatchObject({
      level: 'error',
      text: 'backing up the volume failed: backup scs-1-backup (id b1) went to status error: driver down.',
      object: 'backup scs-1-backup (id b1)',
      observed: 'status error',
      expected: 'status available',
      url: URL,
    });
  });
  it('the backup API answers 404: FAIL with the rule', () => {
    const out = judgeBackupChain([ok('volume', 'v', 'v1'), { step: 'backup', name: 'b', outcome: 'api-missing', detail: 'POST … answered 404' }], URL);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]!.rule).toMatch(/MUST be offered/);
  });
  it('a restore that times out: FAIL with the status it was stuck in', () => {
    const out = judgeBackupChain([ok('volume', 'v', 'v1'), ok('backup', 'b', 'b1'), { step: 'restore', name: 'r', id: 'r1', outcome: 'timeout', status: 'restoring-backup', seconds: 300 }], URL);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]!.text).toMatch(/still in status restoring-backup when we gave up waiting after 300 s/);
  });
  it('the first volume cannot be created: ABORT (nothing about backups is known)', () => {
    const out = judgeBackupChain([{ step: 'volume', name: 'v', id: 'v1', outcome: 'bad-status', status: 'error' }], URL);
    expect(out.verdict).toBe('ABORT');
    expect(out.findings[0]!.text).toMatch(/before any backup was tried/);
  });
  it('a chain that stopped early without a failure is never a PASS', () => {
    expect(judgeBackupChain([ok('volume', 'v', 'v1'), ok('backup', 'b', 'b1')], URL).verdict).toBe('ABORT');
  });
});
