/**
 * Every built-in testsuite. A testsuite folder exports `testcases`; add its import here.
 */
import type { TestcaseImpl } from '../src/engine/types.js';
import { testcases as scs0114 } from './iaas/scs-0114-volume-types/index.js';
import { testcases as scs0115 } from './iaas/scs-0115-security-groups/index.js';
import { testcases as scs0116 } from './iaas/scs-0116-key-manager/index.js';
import { testcases as scs0302 } from './iaas/scs-0302-domain-manager/index.js';
import { testcases as scs0102 } from './iaas/scs-0102-image-metadata/index.js';
import { testcases as scs0104 } from './iaas/scs-0104-standard-images/index.js';
import { testcases as scs0123 } from './iaas/scs-0123-mandatory-services/index.js';
import { testcases as scs0100 } from './iaas/scs-0100-flavor-naming/index.js';
import { testcases as scs0103 } from './iaas/scs-0103-standard-flavors/index.js';
import { testcases as scs0201 } from './kaas/scs-0201-conformance/index.js';
import { testcases as scs0210 } from './kaas/scs-0210-version-policy/index.js';
import { testcases as scs0214 } from './kaas/scs-0214-node-distribution/index.js';
import { testcases as scs0219 } from './kaas/scs-0219-networking/index.js';
import { testcases as scs0101 } from './iaas/scs-0101-entropy/index.js';
import { testcases as scs0117 } from './iaas/scs-0117-volume-backup/index.js';

const suites: TestcaseImpl[][] = [scs0114, scs0115, scs0116, scs0302, scs0102, scs0104, scs0123, scs0100, scs0103, scs0201, scs0210, scs0214, scs0219, scs0101, scs0117];

/** Built-in implementations by SCS testcase id. */
export function builtinTestcases(): Map<string, TestcaseImpl> {
  const map = new Map<string, TestcaseImpl>();
  for (const suite of suites) {
    for (const tc of suite) {
      if (map.has(tc.id)) throw new Error(`testcase ${tc.id} is implemented twice`);
      map.set(tc.id, tc);
    }
  }
  return map;
}
