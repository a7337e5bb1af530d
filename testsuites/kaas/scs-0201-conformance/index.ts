/** scs-0201-v1: CNCF Kubernetes conformance (`cncf-k8s-conformance`), through Sonobuoy. */
import type { TestcaseImpl } from '../../../src/engine/types.js';
import { sonobuoyTestcase } from '../sonobuoy/testcase.js';

export const conformanceCheck = sonobuoyTestcase({
  id: 'cncf-k8s-conformance',
  what: 'CNCF conformance test ([Conformance], mode certified-conformance)',
  runArgs: ['--mode=certified-conformance'],
});

export const testcases: TestcaseImpl[] = [conformanceCheck];
