/**
 * `run-testcases`: our built-in testcases behind the SCS line protocol, as the SCS reference checker
 * (and the `executable` of our own scope files) calls them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResultLines } from '../../src/engine/script.js';
import { sandboxCloudsYaml } from '../../src/sandbox/cloud-config.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { cli } from '../helpers/cli.js';

describe('run-testcases (SCS line protocol)', () => {
  let sb: RunningSandbox;
  let clouds: string;
  beforeAll(async () => {
    sb = await startSandbox(loadProfile('violations'));
    clouds = join(mkdtempSync(join(tmpdir(), 'scs-rt-')), 'clouds.yaml');
    writeFileSync(clouds, sandboxCloudsYaml(sb));
  });
  afterAll(async () => sb.close());

  it('prints one result line per requested id, diagnostics on stderr, exit 0', async () => {
    const ids = ['scs-0100-syntax-check', 'scs-0123-service-compute', 'scs-0123-service-load-balancer', 'no-such-testcase'];
    const r = await cli(['run-testcases', '--os-cloud', 'sandbox', ...ids], { env: { OS_CLIENT_CONFIG_FILE: clouds } });
    expect(r.code).toBe(0);
    const { results } = parseResultLines(r.out.split('\n'), new Set(ids));
    expect(Object.fromEntries(results)).toEqual({
      'scs-0100-syntax-check': 'FAIL',
      'scs-0123-service-compute': 'PASS',
      'scs-0123-service-load-balancer': 'FAIL',
      'no-such-testcase': 'ABORT',
    });
    expect(r.err).toMatch(/^ERROR: scs-0123-service-load-balancer: .*load-balancer/m);
    expect(r.err).toMatch(/^CRITICAL: no-such-testcase: not a testcase of SCS-compatible IaaS/m);
  });
});
