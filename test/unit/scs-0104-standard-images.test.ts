import { beforeAll, describe, expect, it } from 'vitest';
import { toGlanceImage, type GlanceImage } from '../../src/openstack/image.js';
import { dataDir } from '../../src/util/paths.js';
import { evaluatePresence, evaluateSource, IMAGE_KEYS, testcases } from '../../testsuites/iaas/scs-0104-standard-images/index.js';
import {
  deriveKey,
  entryMatcher,
  loadImageSpecs,
  parseImageSpec,
  specFileName,
  type ImageSpecs,
} from '../../testsuites/iaas/scs-0104-standard-images/spec.js';

const V4 = { image_spec: 'scs-0104-v1-images.yaml' };
const V5 = { image_spec: 'scs-0104-v1-images-v5.yaml' };

let seq = 0;
function image(name: string, source: string | undefined, extra: Record<string, unknown> = {}): GlanceImage {
  seq++;
  return toGlanceImage({
    id: `img-${seq}`,
    name,
    status: 'active',
    visibility: 'public',
    created_at: '2025-06-01T00:00:00Z',
    ...(source === undefined ? {} : { image_source: source }),
    ...extra,
  });
}

let specs: ImageSpecs;
beforeAll(async () => {
  specs = await loadImageSpecs(dataDir());
});

describe('image spec files', () => {
  it('both shipped files parse, with the keys the scopes need', () => {
    const v4 = specs['scs-0104-v1-images.yaml'];
    const v5 = specs['scs-0104-v1-images-v5.yaml'];
    expect(v4 && 'spec' in v4).toBe(true);
    expect(v5 && 'spec' in v5).toBe(true);
    if (!v4 || !('spec' in v4) || !v5 || !('spec' in v5)) return;
    const v4keys = v4.spec.entries.map((e) => e.key);
    // SCS-compatible IaaS v4: sources of capi-1, ubuntu-2204/2004, debian-12/11; presence of ubuntu-2204 and capi-1
    expect(v4keys).toEqual(expect.arrayContaining(['capi-1', 'ubuntu-2204', 'ubuntu-2004', 'debian-12', 'debian-11']));
    expect(v4.spec.entries.find((e) => e.key === 'ubuntu-2204')!.status).toBe('mandatory');
    // v5.1: every key of IMAGE_KEYS
    expect(v5.spec.entries.map((e) => e.key)).toEqual(expect.arrayContaining([...IMAGE_KEYS]));
    expect(v5.spec.entries.find((e) => e.key === 'ubuntu-2404')!.status).toBe('mandatory');
    expect(v5.spec.entries.find((e) => e.key === 'capi-2')!.status).toBe('recommended');
  });

  it('derives keys from plain names and insists on keys for name schemes', () => {
    expect(deriveKey('Ubuntu 24.04')).toBe('ubuntu-2404');
    expect(deriveKey('Debian 12')).toBe('debian-12');
    const s = parseImageSpec('images:\n- name: "Debian 12"\n  source: https://cloud.debian.org/images/cloud/bookworm/\n', 'x.yaml');
    expect(s.entries).toEqual([{ key: 'debian-12', name: 'Debian 12', status: 'optional', sources: ['https://cloud.debian.org/images/cloud/bookworm/'] }]);
    expect(() => parseImageSpec('images:\n- name: capi\n  name_scheme: "capi-v[0-9]+"\n  source: https://x/\n', 'x.yaml')).toThrow(/needs a "key"/);
    expect(() => parseImageSpec('images:\n- name: A\n  source: []\n', 'x.yaml')).toThrow(/source/);
    expect(() => parseImageSpec('images:\n- name: A\n  status: required\n  source: https://x/\n', 'x.yaml')).toThrow(/status/);
    expect(() => parseImageSpec('images:\n- name: A\n  key: a\n  name_scheme: "("\n  source: https://x/\n', 'x.yaml')).toThrow(/regular expression/);
    expect(() => parseImageSpec('nothing: here\n', 'x.yaml')).toThrow(/"images"/);
  });

  it('names a spec by file name or by an SCS URL, defaulting to the v5 file', () => {
    expect(specFileName(undefined)).toBe('scs-0104-v1-images-v5.yaml');
    expect(specFileName('scs-0104-v1-images.yaml')).toBe('scs-0104-v1-images.yaml');
    expect(specFileName('https://raw.githubusercontent.com/SovereignCloudStack/standards/main/Tests/iaas/scs-0104-v1-images.yaml')).toBe(
      'scs-0104-v1-images.yaml',
    );
  });

  it('matches a name scheme against the whole name', () => {
    const capi1 = parseImageSpec(
      'images:\n- key: c\n  name: c\n  name_scheme: "ubuntu-capi-image v[0-9]\\\\.[0-9]+(\\\\.[0-9]+)?"\n  source: https://x/\n',
      'x.yaml',
    ).entries[0]!;
    const m = entryMatcher(capi1);
    expect(m('ubuntu-capi-image v1.31')).toBe(true);
    expect(m('ubuntu-capi-image v1.31.2')).toBe(true);
    expect(m('ubuntu-capi-image v1.31.2-old')).toBe(false);
    expect(m('my ubuntu-capi-image v1.31')).toBe(false);
    expect(m('ubuntu-capi-image-v1.31')).toBe(false);
  });
});

describe('scs-0104 testcases', () => {
  it('implements source and image testcases for every key', () => {
    expect(testcases.map((t) => t.id).sort()).toEqual(IMAGE_KEYS.flatMap((k) => [`scs-0104-image-${k}`, `scs-0104-source-${k}`]).sort());
  });

  it('source: passes an image from one of the prefixes, fails another prefix or a missing source', () => {
    const good = image('Ubuntu 22.04', 'https://cloud-images.ubuntu.com/jammy/current/jammy-server-cloudimg-amd64.img');
    expect(evaluateSource([good], specs, 'ubuntu-2204', { params: V4 }).verdict).toBe('PASS');
    const mirror = image('Ubuntu 22.04', 'https://mirror.example.net/jammy/x.img');
    const out = evaluateSource([good, mirror], specs, 'ubuntu-2204', { params: V5 });
    expect(out.verdict).toBe('FAIL');
    const f = out.findings[0]!;
    expect(f.object).toBe(`image "Ubuntu 22.04" (id ${mirror.id})`);
    expect(f.observed).toBe('https://mirror.example.net/jammy/x.img');
    expect(f.expected).toEqual(['https://cloud-images.ubuntu.com/releases/jammy/', 'https://cloud-images.ubuntu.com/jammy/']);
    expect(f.url).toContain('scs-0104-v1-standard-images#');
    const none = evaluateSource([image('Debian 11', undefined)], specs, 'debian-11', { params: V5 });
    expect(none.verdict).toBe('FAIL');
    expect(none.findings[0]!.text).toContain('image_source is missing');
  });

  it('source: no matching image passes with a note (nothing to violate)', () => {
    const out = evaluateSource([image('Ubuntu 24.04', 'https://cloud-images.ubuntu.com/noble/')], specs, 'debian-13', { params: V5 });
    expect(out.verdict).toBe('PASS');
    expect(out.findings[0]!.level).toBe('info');
    expect(out.evidence).toMatchObject({ matching: 0 });
  });

  it('source: the capi schemes differ between capi-1 (space) and capi-2 (dash)', () => {
    const bad1 = image('ubuntu-capi-image v1.30.4', 'https://objects.example.net/capi/x.qcow2');
    const bad2 = image('ubuntu-capi-image-v1.30.4', 'https://objects.example.net/capi/x.qcow2');
    expect(evaluateSource([bad2], specs, 'capi-1', { params: V4 }).verdict).toBe('PASS');
    expect(evaluateSource([bad1], specs, 'capi-1', { params: V4 }).verdict).toBe('FAIL');
    expect(evaluateSource([bad1], specs, 'capi-2', { params: V5 }).verdict).toBe('PASS');
    expect(evaluateSource([bad2], specs, 'capi-2', { params: V5 }).verdict).toBe('FAIL');
    const ok = image('ubuntu-capi-image-v1.31.2', 'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images/ubuntu-2404-kube-v1.31/x.qcow2');
    expect(evaluateSource([ok], specs, 'capi-2', { params: V5 }).verdict).toBe('PASS');
  });

  it('image: present and active passes; absent or inactive fails naming what is missing', () => {
    const u24 = image('Ubuntu 24.04', 'https://cloud-images.ubuntu.com/noble/');
    expect(evaluatePresence([u24], specs, 'ubuntu-2404', { params: V5 }).verdict).toBe('PASS');
    const absent = evaluatePresence([image('Ubuntu 24.04 minimal', undefined)], specs, 'ubuntu-2404', { params: V5 });
    expect(absent.verdict).toBe('FAIL');
    expect(absent.findings[0]!.object).toBe('image "Ubuntu 24.04"');
    expect(absent.findings[0]!.text).toContain('missing an image named "Ubuntu 24.04"');
    const deactivated = image('Ubuntu 22.04', 'https://cloud-images.ubuntu.com/jammy/', { status: 'deactivated' });
    const out = evaluatePresence([deactivated], specs, 'ubuntu-2204', { params: V4 });
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]!.text).toContain(`(id ${deactivated.id}) is deactivated`);
  });

  it('image: a class of images is present when one name matches the scheme', () => {
    expect(evaluatePresence([image('ubuntu-capi-image-v1.32.1', undefined)], specs, 'capi-2', { params: V5 }).verdict).toBe('PASS');
    expect(evaluatePresence([image('ubuntu-capi-image v1.32.1', undefined)], specs, 'capi-2', { params: V5 }).verdict).toBe('FAIL');
  });

  it('ABORTs when the spec has no entry for the key or the file is unknown', () => {
    const noEntry = evaluatePresence([], specs, 'ubuntu-2404', { params: V4 });
    expect(noEntry.verdict).toBe('ABORT');
    expect(noEntry.findings[0]!.text).toContain('has no entry for "ubuntu-2404"');
    const unknown = evaluateSource([], specs, 'debian-12', { params: { image_spec: 'nope.yaml' } });
    expect(unknown.verdict).toBe('ABORT');
    expect(unknown.findings[0]!.text).toContain('nope.yaml');
  });

  it('ABORTs with the parse error of a broken spec file', () => {
    const broken: ImageSpecs = { 'scs-0104-broken.yaml': { error: 'scs-0104-broken.yaml: the key "images" must hold a list' } };
    const out = evaluateSource([], broken, 'debian-12', { params: { image_spec: 'scs-0104-broken.yaml' } });
    expect(out.verdict).toBe('ABORT');
    expect(out.findings[0]!.text).toContain('must hold a list');
  });
});
