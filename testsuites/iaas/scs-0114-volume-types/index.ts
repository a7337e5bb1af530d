/** scs-0114 volume types: the aspect list syntax and the recommended encrypted and replicated types. */
import type { TestcaseImpl } from '../../../src/engine/types.js';
import { encryptedType, replicatedType, syntaxCheck } from './volume-types.js';

export const testcases: TestcaseImpl[] = [syntaxCheck, encryptedType, replicatedType];
