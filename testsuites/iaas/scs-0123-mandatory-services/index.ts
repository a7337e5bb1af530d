/** scs-0123 mandatory and supported IaaS services. */
import type { TestcaseImpl } from '../../../src/engine/types.js';
import { serviceTestcases } from './services.js';
import { s3Testcases } from './s3.js';

export const testcases: TestcaseImpl[] = [...serviceTestcases, ...s3Testcases];
