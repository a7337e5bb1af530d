/** scs-0123 mandatory and supported IaaS services. */
import type { TestcaseImpl } from '../../../src/engine/types.js';
import { serviceTestcases } from './services.js';

export const testcases: TestcaseImpl[] = [...serviceTestcases];
