/**
 * scs-0100 flavor naming: the syntax and semantics testcases, and the flavor-name module the CLI's
 * `flavor-name` command and scs-0103 use.
 */
import type { TestcaseImpl } from '../../../src/engine/types.js';
import { semanticsCheck } from './semantics-check.js';
import { syntaxCheck } from './syntax-check.js';

export * from './flavor-name.js';
export { explain, describeName, flavorNameReport, type FlavorNameJson } from './flavor-name-report.js';
export { evaluateSyntax, SCS_0100_URL } from './syntax-check.js';
export { evaluateSemantics, checkPromises, diskTypeSatisfies } from './semantics-check.js';

export const testcases: TestcaseImpl[] = [syntaxCheck, semanticsCheck];
