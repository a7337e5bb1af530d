/** scs-0116 key manager. */
import type { TestcaseImpl } from '../../../src/engine/types.js';
import { presence } from './presence.js';
import { permissions } from './permissions.js';

export const testcases: TestcaseImpl[] = [presence, permissions];
