import { describe, expect, it } from 'vitest';
import { toGlanceImage, type GlanceImage } from '../../src/openstack/image.js';
import { evaluateRecency } from '../../testsuites/iaas/scs-0102-image-metadata/index.js';
import { freshness, replacementDeadline, unmarkedName } from '../../testsuites/iaas/scs-0102-image-metadata/recency.js';
import { addMonths } from '../../testsuites/iaas/scs-0102-image-metadata/dates.js';

let seq = 0;
function image(name: string, props: Record<string, unknown>, extra: Record<string, unknown> = {}): GlanceImage {
  seq++;
  return toGlanceImage({
    id: `id-${seq}`,
    name,
    status: 'active',
    visibility: 'public',
    os_hidden: false,
    created_at: '2021-04-14T00:00:00Z',
    ...extra,
    ...props,
  });
}

const at = (iso: string) => new Date(iso);

describe('replacement deadline', () => {
  it('counts calendar units from the build and adds 3 days of grace (the text\'s example)', () => {
    // "published on 2021-04-14 with monthly ... replaced no later than 2021-05-14; up to 3 days later is fine"
    expect(replacementDeadline(at('2021-04-14T00:00:00Z'), 'monthly').toISOString()).toBe('2021-05-17T00:00:00.000Z');
    expect(replacementDeadline(at('2021-04-14T00:00:00Z'), 'yearly').toISOString()).toBe('2022-04-17T00:00:00.000Z');
    expect(replacementDeadline(at('2021-04-14T00:00:00Z'), 'quarterly').toISOString()).toBe('2021-07-17T00:00:00.000Z');
    expect(replacementDeadline(at('2021-04-14T00:00:00Z'), 'weekly').toISOString()).toBe('2021-04-24T00:00:00.000Z');
    expect(replacementDeadline(at('2021-04-14T06:00:00Z'), 'daily').toISOString()).toBe('2021-04-18T06:00:00.000Z');
  });

  it('clamps to the end of shorter months', () => {
    expect(addMonths(at('2021-01-31T00:00:00Z'), 1).toISOString()).toBe('2021-02-28T00:00:00.000Z');
    expect(addMonths(at('2024-01-31T00:00:00Z'), 1).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(addMonths(at('2024-11-30T00:00:00Z'), 3).toISOString()).toBe('2025-02-28T00:00:00.000Z');
  });

  const boundary: [string, string, string, string][] = [
    ['yearly', '2021-04-14', '2022-04-17T00:00:00Z', '2022-04-17T00:00:01Z'],
    ['quarterly', '2021-04-14', '2021-07-17T00:00:00Z', '2021-07-17T00:00:01Z'],
    ['monthly', '2021-04-14', '2021-05-17T00:00:00Z', '2021-05-17T00:00:01Z'],
    ['weekly', '2021-04-14', '2021-04-24T00:00:00Z', '2021-04-24T00:00:01Z'],
    ['daily', '2021-04-14 12:00', '2021-04-18T12:00:00Z', '2021-04-18T12:00:01Z'],
  ];
  it.each(boundary)('%s: built %s is fresh at %s and outdated one second later', (freq, built, lastOk, firstLate) => {
    const img = image('Plain', { replace_frequency: freq, image_build_date: built });
    expect(freshness(img, at(lastOk)).state).toBe('fresh');
    expect(freshness(img, at(firstLate)).state).toBe('outdated');
  });

  it('never and critical_bug never go out of date; missing or unknown frequencies are not judged', () => {
    const late = at('2030-01-01T00:00:00Z');
    expect(freshness(image('a', { replace_frequency: 'never' }), late).state).toBe('unbounded');
    expect(freshness(image('b', { replace_frequency: 'critical_bug' }), late).state).toBe('unbounded');
    expect(freshness(image('c', {}), late).state).toBe('unjudged');
    expect(freshness(image('d', { replace_frequency: 'sometimes' }), late).state).toBe('unjudged');
  });

  it('falls back to created_at when image_build_date is missing or invalid', () => {
    const img = image('x', { replace_frequency: 'monthly', image_build_date: 'garbage' }, { created_at: '2021-04-14T00:00:00Z' });
    expect(freshness(img, at('2021-05-17T00:00:00Z')).state).toBe('fresh');
    expect(freshness(img, at('2021-05-18T00:00:00Z')).state).toBe('outdated');
  });
});

describe('unmarkedName', () => {
  it('recognises the marks of renamed old images', () => {
    expect(unmarkedName('Ubuntu 22.04 20240501')).toBe('Ubuntu 22.04');
    expect(unmarkedName('Ubuntu 22.04 2024-05-01')).toBe('Ubuntu 22.04');
    expect(unmarkedName('Ubuntu 22.04 old')).toBe('Ubuntu 22.04');
    expect(unmarkedName('Ubuntu 22.04 prev')).toBe('Ubuntu 22.04');
    expect(unmarkedName('Ubuntu 22.04')).toBeUndefined();
    expect(unmarkedName('Ubuntu 22.04 20241341')).toBeUndefined();
    expect(unmarkedName('Debian 12')).toBeUndefined();
  });
});

describe('scs-0102-image-recency', () => {
  const NOW = at('2025-06-15T00:00:00Z');
  const old = { replace_frequency: 'monthly', image_build_date: '2025-01-01' };
  const fresh = { replace_frequency: 'monthly', image_build_date: '2025-06-01' };

  it('passes when every image is fresh', () => {
    const out = evaluateRecency([image('Ubuntu 24.04', fresh)], NOW);
    expect(out.verdict).toBe('PASS');
    expect(out.evidence).toMatchObject({ outdated: 0 });
  });

  it('fails an outdated image that keeps its plain name, naming it, with a fix', () => {
    const img = image('Ubuntu 22.04', { ...old, provided_until: '2026-04-30' });
    const out = evaluateRecency([img], NOW);
    expect(out.verdict).toBe('FAIL');
    const f = out.findings.find((x) => x.level === 'error')!;
    expect(f.object).toBe(`image "Ubuntu 22.04" (id ${img.id})`);
    expect(f.text).toContain('2025-02-04'); // 2025-01-01 + 1 month + 3 days
    expect(f.url).toContain('scs-0102-v1-image-metadata#image-updating');
    expect(f.fix).toContain(`--name 'Ubuntu 22.04 20250101' --hidden ${img.id}`);
  });

  it('provided_until: none releases the promise; a past date ends it; notice, a future date and a missing value keep it', () => {
    const verdictWith = (pu: string | undefined) =>
      evaluateRecency([image('Ubuntu 22.04', pu === undefined ? old : { ...old, provided_until: pu })], NOW).verdict;
    expect(verdictWith('none')).toBe('PASS');
    expect(verdictWith('2025-06-14')).toBe('PASS');
    expect(verdictWith('2025-06-15')).toBe('FAIL'); // the promise holds through that day
    expect(verdictWith('2026-01-01')).toBe('FAIL');
    expect(verdictWith('notice')).toBe('FAIL');
    expect(verdictWith(undefined)).toBe('FAIL');
  });

  it('provided_until garbage on an outdated image fails with its own reason', () => {
    const out = evaluateRecency([image('Ubuntu 22.04', { ...old, provided_until: 'soon' })], NOW);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings.find((f) => f.level === 'error')!.text).toContain('"soon" is not a valid date');
  });

  it('garbage provided_until on a fresh image does not matter here', () => {
    expect(evaluateRecency([image('Ubuntu 22.04', { ...fresh, provided_until: 'soon' })], NOW).verdict).toBe('PASS');
  });

  it('a renamed outdated image passes when a current image carries the name', () => {
    const out = evaluateRecency([image('Ubuntu 22.04 20250101', old), image('Ubuntu 22.04', fresh)], NOW);
    expect(out.verdict).toBe('PASS');
    expect(out.evidence).toMatchObject({ outdated: 1 });
  });

  it('a renamed outdated image fails without a current replacement', () => {
    const out = evaluateRecency([image('Ubuntu 22.04 old', old), image('Ubuntu 22.04', old)], NOW);
    expect(out.verdict).toBe('FAIL');
    const errors = out.findings.filter((f) => f.level === 'error');
    expect(errors.map((f) => f.object)).toEqual([expect.stringContaining('"Ubuntu 22.04 old"'), expect.stringContaining('"Ubuntu 22.04"')]);
    expect(errors[0]!.text).toContain('no current visible image named "Ubuntu 22.04"');
  });

  it('a hidden outdated image needs a visible current image of the same name', () => {
    const hidden = image('Debian 12', old, { os_hidden: true });
    expect(evaluateRecency([hidden], NOW).verdict).toBe('FAIL');
    expect(evaluateRecency([hidden, image('Debian 12', fresh)], NOW).verdict).toBe('PASS');
    // a replacement that is itself hidden does not count
    expect(evaluateRecency([hidden, image('Debian 12', fresh, { os_hidden: true })], NOW).verdict).toBe('FAIL');
  });

  it('a replacement with replace_frequency never counts as current', () => {
    expect(evaluateRecency([image('Debian 12 prev', old), image('Debian 12', { replace_frequency: 'never' })], NOW).verdict).toBe('PASS');
  });

  it('duplicate visible names give a warning', () => {
    const out = evaluateRecency([image('Debian 12', fresh), image('Debian 12', fresh)], NOW);
    expect(out.verdict).toBe('PASS');
    expect(out.findings.some((f) => f.level === 'warning' && f.text.includes('share the name "Debian 12"'))).toBe(true);
  });

  it('ABORTs when an image has no readable build time at all', () => {
    const out = evaluateRecency([image('x', { replace_frequency: 'monthly' }, { created_at: 'yesterday' })], NOW);
    expect(out.verdict).toBe('ABORT');
    expect(out.findings[0]!.text).toContain('could not judge');
  });
});
