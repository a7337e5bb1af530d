/** scs-0219-v1: KaaS networking (`kaas-networking-check`): upstream e2e tests focused on NetworkPolicy. */
import type { TestcaseImpl } from '../../../src/engine/types.js';
import { sonobuoyTestcase } from '../sonobuoy/testcase.js';

export const networkingCheck = sonobuoyTestcase({
  id: 'kaas-networking-check',
  what: 'e2e test focused on NetworkPolicy',
  runArgs: ['--e2e-focus', 'NetworkPolicy'],
});

export const testcases: TestcaseImpl[] = [networkingCheck];
