/**
 * Every built-in testsuite. A testsuite folder exports `testcases`; add its import here.
 */
import type { TestcaseImpl } from '../src/engine/types.js';

const suites: TestcaseImpl[][] = [];

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
