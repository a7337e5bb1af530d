/**
 * scs-0101 entropy: two testcases over one sample VM (see vm.ts), started first (priority) so that
 * the read-only testcases run while it boots.
 */
import { activeTestcase, type ActiveContext, type Outcome } from '../../../src/engine/types.js';
import { preflightAbort } from '../preflight/index.js';
import { judgeEntropyAvail, judgeFipsTest, type ConsoleReport, type VmDescription } from './console.js';
import { sharedEntropyVm } from './vm.js';

export const DOC_URL = 'https://docs.scs.community/standards/scs-0101-w1-entropy-implementation-testing#automated-tests';
const CREATES = ['network, subnet, router (with an interface)', 'server booted from a new volume (deleted with it)'];
/** VM boot plus console wait plus cleanup, with room to spare. */
const TIMEOUT_MS = 20 * 60_000;

function vmTestcase(id: string, evaluate: (r: ConsoleReport, vm: VmDescription, url: string) => Outcome) {
  return activeTestcase({
    id,
    creates: CREATES,
    priority: 100,
    timeoutMs: TIMEOUT_MS,
    run: async (ctx: ActiveContext) => {
      const blocked = await preflightAbort(ctx);
      if (blocked) return blocked;
      const vm = await sharedEntropyVm(ctx);
      const out = evaluate(vm.report, vm, ctx.url || DOC_URL);
      return { ...out, evidence: { ...out.evidence, bootSeconds: vm.bootSeconds, consoleSeconds: vm.consoleSeconds } };
    },
  });
}

export const entropyAvail = vmTestcase('scs-0101-entropy-avail', judgeEntropyAvail);
export const fipsTest = vmTestcase('scs-0101-fips-test', judgeFipsTest);

export const testcases = [entropyAvail, fipsTest];
