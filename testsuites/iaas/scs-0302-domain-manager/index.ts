/** scs-0302 domain manager role. */
import type { TestcaseImpl } from '../../../src/engine/types.js';
import { domainManagerCheck } from './check.js';

export const testcases: TestcaseImpl[] = [domainManagerCheck];
