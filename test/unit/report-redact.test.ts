import { describe, expect, it } from 'vitest';
import { renderBadges, renderShieldsEndpoint } from '../../src/report/badges.js';
import { renderConsole } from '../../src/report/console.js';
import { renderJson } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { REDACTED, redactArgv, redactAssignment, redactRun } from '../../src/report/redact.js';
import { renderScsYaml } from '../../src/report/scs-yaml.js';
import { CANARIES, mixedRun, partialRun } from '../fixtures/results/mixed-run.js';

const canaries = Object.values(CANARIES);

describe('redaction', () => {
  it('redacts argv options and assignments whose key looks secret', () => {
    expect(
      redactArgv(['-a', 'os_cloud=prod', '-a', 'password=p1', '--os-password', 'p2', '--token=p3', '-asecret=p4', '--assign=app_key=p5', '--os-password', '--verbose', 'credential=p6']),
    ).toEqual(['-a', 'os_cloud=prod', '-a', `password=${REDACTED}`, '--os-password', REDACTED, `--token=${REDACTED}`, `-asecret=${REDACTED}`, `--assign=app_key=${REDACTED}`, '--os-password', '--verbose', `credential=${REDACTED}`]);
    expect(redactAssignment({ os_cloud: 'prod', OS_PASSWORD: 'x', api_token: 'y', kubeconfig: '/k' })).toEqual({ os_cloud: 'prod', OS_PASSWORD: REDACTED, api_token: REDACTED, kubeconfig: '/k' });
  });

  it('scrubs echoed secret values everywhere and leaves the input untouched', () => {
    const run = mixedRun();
    const before = JSON.stringify(run);
    const red = redactRun(run, [CANARIES.engine]);
    const text = JSON.stringify(red);
    for (const c of canaries) expect(text).not.toContain(c);
    expect(red.invocations[1]!.cmd).toBe(`OS_PASSWORD=${REDACTED} ./iaas/scs_0101_entropy/entropy_check.py --os-cloud pco-prod1`);
    expect(red.invocations[1]!.stderr[0]).toBe(`DEBUG: authenticating with ${REDACTED}`);
    expect(red.assignment.os_cloud).toBe('pco-prod1');
    expect(JSON.stringify(run)).toBe(before);
  });

  it('no renderer emits a canary secret', () => {
    for (const run of [mixedRun(), partialRun()]) {
      const outputs = [
        renderScsYaml(run, { secrets: [CANARIES.engine] }),
        renderJson(run, { secrets: [CANARIES.engine] }),
        renderJunit(run, { secrets: [CANARIES.engine] }),
        renderMarkdown(run, { secrets: [CANARIES.engine] }),
        renderConsole(run, { color: true, verbose: true, secrets: [CANARIES.engine] }),
        renderConsole(run, { color: false, verbose: false, secrets: [CANARIES.engine] }),
        ...renderBadges(run).map((b) => b.svg),
        ...renderShieldsEndpoint(run).map((e) => e.json),
      ];
      for (const out of outputs) {
        for (const c of canaries) expect(out).not.toContain(c);
      }
      // The canaries were really there to be removed: the redaction marker shows up instead.
      expect(outputs[0]).toContain(REDACTED);
      expect(outputs[1]).toContain(`key-manager: request timed out after 30 s (token ${REDACTED})`);
    }
  });

  it('without the engine secret, only the engine canary can remain (proves the fixture carries it)', () => {
    const json = renderJson(mixedRun());
    expect(json).toContain(CANARIES.engine);
    for (const c of canaries.filter((x) => x !== CANARIES.engine)) expect(json).not.toContain(c);
  });
});
