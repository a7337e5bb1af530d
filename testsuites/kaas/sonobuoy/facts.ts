/** The ok-to-fail list, read as a fact (validated; a bad list makes the Sonobuoy testcases ABORT). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineFact } from '../../../src/engine/facts.js';
import { dataDir } from '../../../src/util/paths.js';
import { parseOkToFail, type OkToFail } from './results.js';

export const OK_TO_FAIL_FILE = 'sonobuoy-ok-to-fail.yaml';

export const okToFailFact = defineFact<OkToFail[]>(
  'kaas.sonobuoy-ok-to-fail',
  async (ctx) => {
    const file = ctx.env.variables.sonobuoy_ok_to_fail || join(dataDir(), OK_TO_FAIL_FILE);
    return parseOkToFail(readFileSync(file, 'utf8'), file);
  },
  'read the Sonobuoy ok-to-fail list',
);
