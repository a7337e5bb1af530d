/** scs-0102 and scs-0104 through real HTTP against the compliant and violations image profiles. */
import { describe, expect, it } from 'vitest';
import { FactError } from '../../src/engine/facts.js';
import type { Outcome, ReadTestcase } from '../../src/engine/types.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { json } from '../../src/sandbox/http.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { testcases as scs0102 } from '../../testsuites/iaas/scs-0102-image-metadata/index.js';
import { testcases as scs0104 } from '../../testsuites/iaas/scs-0104-standard-images/index.js';
import { sandboxesPerSuite, sandboxFacts, withSandbox } from '../helpers/sandbox.js';

const V4_SPEC = 'scs-0104-v1-images.yaml';
const V5_SPEC = 'scs-0104-v1-images-v5.yaml';
/** The scs-0104 testcases of SCS-compatible IaaS v4 and v5.1 (main and recommended targets). */
const V4_0104 = ['source-capi-1', 'source-ubuntu-2204', 'source-ubuntu-2004', 'source-debian-12', 'source-debian-11', 'image-ubuntu-2204', 'image-capi-1'];
const V5_0104 = [
  'source-capi-1', 'source-capi-2', 'source-ubuntu-2404', 'source-ubuntu-2204', 'source-ubuntu-2004', 'source-debian-13',
  'source-debian-12', 'source-debian-11', 'image-ubuntu-2404', 'image-capi-2', 'image-debian-12',
];

async function runAll(sb: RunningSandbox, now: Date, imageSpec: string): Promise<Record<string, Outcome>> {
  const store = sandboxFacts(sb, now);
  const out: Record<string, Outcome> = {};
  for (const tc of [...scs0102, ...scs0104]) {
    const read = tc as ReadTestcase;
    out[tc.id] = read.evaluate(await store.getAll(read.needs), { now, id: tc.id, url: '', params: { image_spec: imageSpec } });
  }
  return out;
}

const verdicts = (out: Record<string, Outcome>, ids: string[]) => Object.fromEntries(ids.map((id) => [id, out[id]?.verdict]));

describe('image testcases against the sandbox profiles', () => {
  const farFuture = new Date('2031-03-01T12:00:00Z');
  const sandboxes = sandboxesPerSuite({
    compliant: loadProfile('compliant'),
    compliantLater: [loadProfile('compliant'), { now: () => farFuture }],
    violations: { ...loadProfile('compliant'), image: loadProfile('violations').image },
  });

  it('compliant: every scs-0102 testcase and the v4 and v5.1 scs-0104 testcases PASS, with one image listing per run', async () => {
    const before = sandboxes.compliant.requests.length;
    const v5 = await runAll(sandboxes.compliant, new Date(), V5_SPEC);
    expect(sandboxes.compliant.requests.slice(before).filter((r) => r.path === '/image/v2/images')).toHaveLength(1);
    const ids0102 = scs0102.map((t) => t.id);
    expect(verdicts(v5, ids0102)).toEqual(Object.fromEntries(ids0102.map((id) => [id, 'PASS'])));
    const ids5 = V5_0104.map((k) => `scs-0104-${k}`);
    expect(verdicts(v5, ids5)).toEqual(Object.fromEntries(ids5.map((id) => [id, 'PASS'])));
    const v4 = await runAll(sandboxes.compliant, new Date(), V4_SPEC);
    const ids4 = V4_0104.map((k) => `scs-0104-${k}`);
    expect(verdicts(v4, ids4)).toEqual(Object.fromEntries(ids4.map((id) => [id, 'PASS'])));
    // the community image was checked, the hidden and private ones were not listed
    expect(v5['scs-0102-prop-architecture']!.evidence).toMatchObject({ images: 10 });
  });

  it('compliant stays compliant years later (dates follow the sandbox clock)', async () => {
    const out = await runAll(sandboxes.compliantLater, farFuture, V5_SPEC);
    const failing = Object.entries(out).filter(([id, o]) => o.verdict !== 'PASS' && (id.startsWith('scs-0102') || V5_0104.some((k) => id === `scs-0104-${k}`)));
    expect(failing.map(([id, o]) => `${id}: ${o.findings.map((f) => f.text).join(' | ')}`)).toEqual([]);
  });

  it('violations: every documented testcase FAILs, each with an error finding naming an image', async () => {
    const out = await runAll(sandboxes.violations, new Date(), V5_SPEC);
    const expectFail = [
      ...scs0102.map((t) => t.id),
      'scs-0104-source-ubuntu-2204',
      'scs-0104-source-debian-12',
      'scs-0104-source-debian-11',
      'scs-0104-source-capi-2',
      'scs-0104-image-ubuntu-2404',
      'scs-0104-image-ubuntu-2204',
    ];
    expect(verdicts(out, expectFail)).toEqual(Object.fromEntries(expectFail.map((id) => [id, 'FAIL'])));
    for (const id of expectFail) {
      const errors = out[id]!.findings.filter((f) => f.level === 'error');
      expect(errors.length, id).toBeGreaterThan(0);
      for (const f of errors) {
        expect(f.object, id).toBeTruthy();
        expect(f.url, id).toMatch(/^https:\/\/docs\.scs\.community\/standards\/scs-010[24]-/);
        expect(f.expected, id).toBeDefined();
      }
    }
    expect(out['scs-0102-image-recency']!.findings.find((f) => f.level === 'error')!.object).toBe(
      'image "Debian 12" (id 7b1e0d2c-3a4f-4b5c-9d6e-1f2a3b4c5d02)',
    );
    const v4 = await runAll(sandboxes.violations, new Date(), V4_SPEC);
    expect(v4['scs-0104-image-capi-1']!.verdict).toBe('FAIL');
    expect(v4['scs-0104-image-ubuntu-2204']!.verdict).toBe('FAIL');
  });
});

describe('a bad Glance answer never becomes a PASS', () => {
  it('fails the image fact (so its testcases ABORT) when the list is malformed', async () => {
    const { image: _drop, ...withoutImages } = loadProfile('compliant');
    const badList = () => ({ mount: 'image', routes: [{ method: 'GET' as const, pattern: '/v2/images', handler: () => json(200, { images: [{ name: 'no id' }] }) }] });
    await withSandbox([withoutImages, { extraServices: [badList] }], async (sb) => {
      const store = sandboxFacts(sb);
      const read = scs0102[0] as ReadTestcase;
      const err = await store.getAll(read.needs).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FactError);
      expect((err as FactError).fact).toBe('image.images');
      expect((err as Error).message).toContain('without an id');
    });
  });
});
