/** scs-0210-v2: Kubernetes version policy (`version-policy-check`). */
import { readTestcase, type TestcaseImpl } from '../../../src/engine/types.js';
import { kubeVersionFact } from '../../../src/kubernetes/facts.js';
import { kaasDataFact } from './facts.js';
import { evaluateVersionPolicy } from './policy.js';

export const versionPolicyCheck = readTestcase({
  id: 'version-policy-check',
  needs: { version: kubeVersionFact, data: kaasDataFact },
  evaluate: ({ version, data }, ctx) => evaluateVersionPolicy({ gitVersion: version.gitVersion, cluster: version.cluster, data, now: ctx.now, url: ctx.url }),
});

export const testcases: TestcaseImpl[] = [versionPolicyCheck];
