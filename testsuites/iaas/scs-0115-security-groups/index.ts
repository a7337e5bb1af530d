/** scs-0115 default rules for security groups. */
import type { TestcaseImpl } from '../../../src/engine/types.js';
import { defaultRules } from './default-rules.js';

export const testcases: TestcaseImpl[] = [defaultRules];
