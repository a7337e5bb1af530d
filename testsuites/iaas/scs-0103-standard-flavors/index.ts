/**
 * scs-0103 standard flavors: one testcase per standard flavor, `scs-0103-flavor-<name without SCS-, lower case>`.
 */
import { flavorsFact } from '../../../src/openstack/compute.js';
import { readTestcase, type TestcaseImpl } from '../../../src/engine/types.js';
import { evaluateStandardFlavor } from './flavor-check.js';
import { STANDARD_FLAVORS, testcaseId } from './standard-flavors.js';

export { STANDARD_FLAVORS, testcaseId, type StandardFlavor } from './standard-flavors.js';
export { evaluateStandardFlavor, expectationOf, findStandardFlavor, SCS_0103_URL } from './flavor-check.js';

export const testcases: TestcaseImpl[] = STANDARD_FLAVORS.map((std) =>
  readTestcase({
    id: testcaseId(std.name),
    needs: { flavors: flavorsFact },
    evaluate: ({ flavors }, ctx) => evaluateStandardFlavor(std, flavors, ctx),
  }),
);
