/** scs-0214-v2: node distribution and availability (`node-distribution-check`), automated. */
import { readTestcase, type TestcaseImpl } from '../../../src/engine/types.js';
import { nodesFact } from '../../../src/kubernetes/facts.js';
import { evaluateNodeDistribution } from './distribution.js';

export const nodeDistributionCheck = readTestcase({
  id: 'node-distribution-check',
  needs: { nodes: nodesFact },
  evaluate: ({ nodes }, ctx) => evaluateNodeDistribution(nodes, ctx.url),
});

export const testcases: TestcaseImpl[] = [nodeDistributionCheck];
