import { describe, expect, it } from 'vitest';
import { toGlanceImage, type GlanceImage } from '../../src/openstack/image.js';
import { evaluateUniqueness } from '../../testsuites/iaas/scs-0102-image-metadata/index.js';

let seq = 0;
function image(name: string, props: Record<string, unknown>, extra: Record<string, unknown> = {}): GlanceImage {
  seq++;
  return toGlanceImage({
    id: `u-${seq}`,
    name,
    status: 'active',
    visibility: 'public',
    os_hidden: false,
    created_at: `2025-0${Math.min(seq, 9)}-01T00:00:00Z`,
    os_distro: 'ubuntu',
    os_version: '24.04',
    architecture: 'x86_64',
    os_purpose: 'generic',
    ...extra,
    ...props,
  });
}

describe('scs-0102-os_purpose-uniqueness', () => {
  it('passes with one generic image per triple', () => {
    const out = evaluateUniqueness([
      image('Ubuntu 24.04', {}),
      image('Ubuntu 24.04 arm', { architecture: 'aarch64' }),
      image('Ubuntu 22.04', { os_version: '22.04' }),
      image('Ubuntu 24.04 minimal', { os_purpose: 'minimal' }),
      image('Ubuntu 24.04 20250101', { os_purpose: 'oldgeneric' }),
    ]);
    expect(out.verdict).toBe('PASS');
    expect(out.evidence).toMatchObject({ generic: 3 });
  });

  it('fails two public visible generic images of the same triple, naming both and suggesting oldgeneric', () => {
    const a = image('Ubuntu 24.04', {});
    const b = image('Ubuntu 24.04 custom', {});
    const out = evaluateUniqueness([a, b]);
    expect(out.verdict).toBe('FAIL');
    const f = out.findings[0]!;
    expect(f.level).toBe('error');
    expect(f.text).toContain(`image "Ubuntu 24.04" (id ${a.id})`);
    expect(f.text).toContain(`image "Ubuntu 24.04 custom" (id ${b.id})`);
    expect(f.observed).toEqual([
      { name: 'Ubuntu 24.04', id: a.id },
      { name: 'Ubuntu 24.04 custom', id: b.id },
    ]);
    expect(f.url).toContain('scs-0102-v2-image-metadata');
    // the newer registration (b) is kept; the fix targets a
    expect(f.fix).toContain(`os_purpose=oldgeneric ${a.id}`);
  });

  it('ignores hidden and community images', () => {
    expect(evaluateUniqueness([image('A', {}), image('B', {}, { os_hidden: true })]).verdict).toBe('PASS');
    expect(evaluateUniqueness([image('A', {}), image('B', {}, { visibility: 'community' })]).verdict).toBe('PASS');
  });

  it('compares values exactly and treats a missing architecture as its own value', () => {
    expect(evaluateUniqueness([image('A', {}), image('B', { os_distro: 'Ubuntu' })]).verdict).toBe('PASS');
    expect(evaluateUniqueness([image('A', { architecture: undefined }), image('B', { architecture: undefined })]).verdict).toBe('FAIL');
    expect(evaluateUniqueness([image('A', { architecture: undefined }), image('B', {})]).verdict).toBe('PASS');
  });

  it('leaves images without os_distro or os_version to the property testcases', () => {
    expect(evaluateUniqueness([image('A', { os_version: undefined }), image('B', { os_version: undefined })]).verdict).toBe('PASS');
  });
});
