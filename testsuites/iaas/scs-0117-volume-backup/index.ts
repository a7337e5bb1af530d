/**
 * scs-0117 volume backup: one testcase that backs up a volume and restores it (see chain.ts, judge.ts).
 */
import { activeTestcase, judge, type ActiveContext } from '../../../src/engine/types.js';
import { sessionFact } from '../../../src/openstack/facts.js';
import { BLOCK_STORAGE_TYPES } from '../../../src/openstack/volumes.js';
import { preflightAbort } from '../preflight/index.js';
import { runBackupChain } from './chain.js';
import { RULE_API, judgeBackupChain } from './judge.js';

export const DOC_URL = 'https://docs.scs.community/standards/scs-0117-w1-volume-backup-service-implementation#automated-tests';

export const testBackup = activeTestcase({
  id: 'scs-0117-test-backup',
  creates: ['volume (1 GiB)', 'volume backup', 'volume restored from the backup'],
  priority: 90,
  timeoutMs: 20 * 60_000,
  run: async (ctx: ActiveContext) => {
    const blocked = await preflightAbort(ctx);
    if (blocked) return blocked;
    const session = await ctx.fact(sessionFact);
    const url = ctx.url || DOC_URL;
    if (!session.hasService(BLOCK_STORAGE_TYPES)) {
      const types = [...new Set(session.token.catalog.map((s) => s.type))].sort();
      return judge([
        {
          level: 'error',
          text: `The service catalog has no block-storage service (types ${BLOCK_STORAGE_TYPES.join(', ')}), so no volume backup API is offered.`,
          object: 'the service catalog of the token',
          rule: RULE_API,
          observed: types,
          expected: BLOCK_STORAGE_TYPES[0],
          url,
        },
      ]);
    }
    const { steps, cleanup } = await runBackupChain(ctx, session);
    const out = judgeBackupChain(steps, url);
    return { ...out, findings: [...out.findings, ...cleanup] };
  },
});

export const testcases = [testBackup];
