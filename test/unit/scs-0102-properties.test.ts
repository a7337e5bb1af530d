import { describe, expect, it } from 'vitest';
import { toGlanceImage, type GlanceImage } from '../../src/openstack/image.js';
import { evaluateProperty, testcases } from '../../testsuites/iaas/scs-0102-image-metadata/index.js';
import { PROPERTY_RULES, type PropertyRule } from '../../testsuites/iaas/scs-0102-image-metadata/properties.js';
import { parseBuildDate, parseDay } from '../../testsuites/iaas/scs-0102-image-metadata/dates.js';

const NOW = new Date('2025-06-15T12:00:00Z');
const GIB = 1024 ** 3;

/** A fully compliant image as Glance v2 would list it; overrides are top-level Glance keys. */
function image(overrides: Record<string, unknown> = {}, drop: string[] = []): GlanceImage {
  const raw: Record<string, unknown> = {
    id: '11111111-2222-4333-8444-555555555555',
    name: 'Ubuntu 24.04',
    status: 'active',
    visibility: 'public',
    os_hidden: false,
    created_at: '2025-06-10T08:00:00Z',
    size: 600 * 1024 ** 2,
    virtual_size: 3.5 * GIB,
    min_disk: 8,
    min_ram: 512,
    os_hash_algo: 'sha512',
    os_hash_value: 'abc',
    tags: [],
    architecture: 'x86_64',
    hypervisor_type: 'qemu',
    hw_disk_bus: 'scsi',
    hw_rng_model: 'virtio',
    os_distro: 'ubuntu',
    os_version: '24.04',
    os_purpose: 'generic',
    image_build_date: '2025-06-09',
    image_original_user: 'ubuntu',
    image_source: 'https://cloud-images.ubuntu.com/releases/noble/',
    image_description: 'https://ubuntu.com/server/docs/cloud-images/introduction',
    replace_frequency: 'monthly',
    provided_until: '2026-04-30',
    uuid_validity: 'last-3',
    hotfix_hours: '48',
    ...overrides,
  };
  for (const k of drop) delete raw[k];
  return toGlanceImage(raw);
}

function rule(id: string): PropertyRule {
  const r = PROPERTY_RULES.find((x) => x.id === `scs-0102-prop-${id}`);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

function verdict(id: string, img: GlanceImage): string {
  return evaluateProperty(rule(id), [img], NOW).verdict;
}

describe('scs-0102 property testcases', () => {
  it('declares every scs-0102 testcase of the w1 list', () => {
    const ids = testcases.map((t) => t.id).sort();
    expect(ids).toEqual(
      [
        'architecture', 'hash_algo', 'min_disk', 'min_ram', 'os_version', 'os_distro', 'os_purpose', 'hw_disk_bus',
        'hypervisor_type', 'hw_rng_model', 'image_build_date', 'image_original_user', 'image_source',
        'image_description', 'replace_frequency', 'provided_until', 'uuid_validity', 'hotfix_hours',
      ]
        .map((p) => `scs-0102-prop-${p}`)
        .concat(['scs-0102-image-recency', 'scs-0102-os_purpose-uniqueness'])
        .sort(),
    );
  });

  it('a complete image passes every property rule', () => {
    for (const r of PROPERTY_RULES) {
      const out = evaluateProperty(r, [image()], NOW);
      expect(out.verdict, r.id).toBe('PASS');
    }
  });

  it('keeps custom properties apart from Glance fields', () => {
    const img = image();
    expect(img.properties.architecture).toBe('x86_64');
    expect(img.properties).not.toHaveProperty('min_disk');
    expect(img.min_disk).toBe(8);
  });

  const cases: [string, Record<string, unknown>, string[], 'PASS' | 'FAIL'][] = [
    ['architecture', { architecture: 'aarch64' }, [], 'PASS'],
    ['architecture', { architecture: 'ppc64le' }, [], 'PASS'],
    ['architecture', { architecture: 'risc-v' }, [], 'FAIL'],
    ['architecture', { architecture: 'amd64' }, [], 'FAIL'],
    ['architecture', {}, ['architecture'], 'FAIL'],
    ['min_disk', { min_disk: 0 }, [], 'FAIL'],
    ['min_disk', { min_disk: 3 }, [], 'FAIL'], // 3 GiB < 3.5 GiB virtual size
    ['min_disk', { min_disk: 4 }, [], 'PASS'],
    ['min_disk', { min_disk: 1, size: GIB, virtual_size: null }, [], 'PASS'],
    ['min_ram', { min_ram: 0 }, [], 'FAIL'],
    ['min_ram', { min_ram: 32 }, [], 'PASS'], // only a warning
    ['os_version', { os_version: '' }, [], 'FAIL'],
    ['os_version', {}, ['os_version'], 'FAIL'],
    ['os_version', { os_version: 'noble' }, [], 'PASS'], // warning: should be numeric
    ['os_distro', { os_distro: 'Ubuntu' }, [], 'FAIL'],
    ['os_distro', { os_distro: 'org.debian' }, [], 'FAIL'],
    ['os_distro', { os_distro: 'almalinux' }, [], 'PASS'], // warning: not in OpenStack's list
    ['os_distro', {}, ['os_distro'], 'FAIL'],
    ['os_purpose', { os_purpose: 'k8snode' }, [], 'PASS'],
    ['os_purpose', { os_purpose: 'oldgeneric' }, [], 'PASS'],
    ['os_purpose', { os_purpose: 'general' }, [], 'FAIL'],
    ['os_purpose', {}, ['os_purpose'], 'FAIL'],
    ['hw_disk_bus', { hw_disk_bus: 'virtio' }, [], 'PASS'],
    ['hw_disk_bus', { hw_disk_bus: 'nvme' }, [], 'FAIL'],
    ['hw_disk_bus', {}, ['hw_disk_bus'], 'FAIL'],
    ['hypervisor_type', { hypervisor_type: 'kvm' }, [], 'FAIL'],
    ['hypervisor_type', { hypervisor_type: 'xen' }, [], 'PASS'],
    ['hypervisor_type', {}, ['hypervisor_type'], 'FAIL'],
    ['hw_rng_model', { hw_rng_model: 'random' }, [], 'FAIL'],
    ['hw_rng_model', {}, ['hw_rng_model'], 'FAIL'],
    ['hash_algo', { os_hash_algo: 'sha256' }, [], 'PASS'],
    ['hash_algo', { os_hash_algo: 'md5' }, [], 'FAIL'],
    ['hash_algo', { os_hash_algo: null }, [], 'FAIL'],
    ['image_build_date', { image_build_date: '2025-06-09 14:30' }, [], 'PASS'],
    ['image_build_date', { image_build_date: '2025-06-09 14:30:59' }, [], 'PASS'],
    ['image_build_date', { image_build_date: '2025-06-09T14:30:59Z' }, [], 'FAIL'],
    ['image_build_date', { image_build_date: '2024/05/01' }, [], 'FAIL'],
    ['image_build_date', { image_build_date: '2025-02-30' }, [], 'FAIL'],
    ['image_build_date', { image_build_date: '2025-06-11' }, [], 'FAIL'], // after created_at
    ['image_build_date', { image_build_date: '2025-07-01', created_at: '2025-07-02T00:00:00Z' }, [], 'FAIL'], // future
    ['image_build_date', {}, ['image_build_date'], 'FAIL'],
    ['image_original_user', { image_original_user: 'none' }, [], 'PASS'],
    ['image_original_user', { image_original_user: '  ' }, [], 'FAIL'],
    ['image_source', { image_source: 'private' }, [], 'PASS'],
    ['image_source', { image_source: 'ftp://ftp.example.org/img.qcow2' }, [], 'PASS'],
    ['image_source', { image_source: 'cloud-images.ubuntu.com/noble' }, [], 'FAIL'],
    ['image_source', { image_source: 'file:///tmp/x.img' }, [], 'FAIL'],
    ['image_source', {}, ['image_source'], 'FAIL'],
    ['image_description', { image_description: 'Plain text is fine' }, [], 'PASS'],
    ['image_description', {}, ['image_description'], 'FAIL'],
    ['replace_frequency', { replace_frequency: 'critical_bug' }, [], 'PASS'],
    ['replace_frequency', { replace_frequency: 'Monthly' }, [], 'FAIL'],
    ['replace_frequency', {}, ['replace_frequency'], 'FAIL'],
    ['provided_until', { provided_until: 'none' }, [], 'PASS'],
    ['provided_until', { provided_until: 'notice' }, [], 'PASS'],
    ['provided_until', { provided_until: '2022-09-30' }, [], 'PASS'],
    ['provided_until', { provided_until: 'forever' }, [], 'FAIL'],
    ['provided_until', { provided_until: 'soon' }, [], 'FAIL'],
    ['provided_until', {}, ['provided_until'], 'FAIL'],
    ['uuid_validity', { uuid_validity: '2022-12-31' }, [], 'PASS'],
    ['uuid_validity', { uuid_validity: 'forever' }, [], 'PASS'],
    ['uuid_validity', { uuid_validity: 'notice' }, [], 'PASS'],
    ['uuid_validity', { uuid_validity: 'none' }, [], 'PASS'],
    ['uuid_validity', { uuid_validity: 'last-x' }, [], 'FAIL'],
    ['uuid_validity', { uuid_validity: 'last-0' }, [], 'FAIL'],
    ['uuid_validity', {}, ['uuid_validity'], 'FAIL'],
    ['hotfix_hours', { hotfix_hours: '0' }, [], 'PASS'],
    ['hotfix_hours', {}, ['hotfix_hours'], 'PASS'],
    ['hotfix_hours', { hotfix_hours: 'two days' }, [], 'FAIL'],
    ['hotfix_hours', { hotfix_hours: '-4' }, [], 'FAIL'],
  ];
  it.each(cases)('%s with %j (dropped %j) → %s', (id, overrides, drop, expected) => {
    expect(verdict(id, image(overrides, drop))).toBe(expected);
  });

  it('a FAIL names the image, the rule, observed and expected values, the URL and a fix', () => {
    const out = evaluateProperty(rule('hw_disk_bus'), [image({}, ['hw_disk_bus'])], NOW);
    expect(out.verdict).toBe('FAIL');
    const f = out.findings.find((x) => x.level === 'error')!;
    expect(f.object).toBe('image "Ubuntu 24.04" (id 11111111-2222-4333-8444-555555555555)');
    expect(f.text).toContain('Ubuntu 24.04');
    expect(f.text).toContain('11111111-2222-4333-8444-555555555555');
    expect(f.observed).toBeUndefined();
    expect(f.expected).toEqual(expect.arrayContaining(['scsi', 'virtio']));
    expect(f.url).toMatch(/^https:\/\/docs\.scs\.community\/standards\/scs-0102-v1-image-metadata#/);
    expect(f.fix).toBe('openstack image set --property hw_disk_bus=scsi 11111111-2222-4333-8444-555555555555');
    expect(out.evidence).toMatchObject({ images: 1, offending: 1 });
  });

  it('min_disk fix suggests the size the image needs', () => {
    const out = evaluateProperty(rule('min_disk'), [image({ min_disk: 0, virtual_size: 10 * GIB + 1 })], NOW);
    expect(out.findings[0]!.fix).toBe('openstack image set --min-disk 11 11111111-2222-4333-8444-555555555555');
  });

  it('kvm gets the hint that OpenStack uses qemu', () => {
    const out = evaluateProperty(rule('hypervisor_type'), [image({ hypervisor_type: 'kvm' })], NOW);
    expect(out.findings[0]!.text).toContain('"qemu"');
  });

  it('reports each offending image among many', () => {
    const imgs = [image(), image({ id: 'a', name: 'A', architecture: 'risc-v' }), image({ id: 'b', name: 'B' }, ['architecture'])];
    const out = evaluateProperty(rule('architecture'), imgs, NOW);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings.filter((f) => f.level === 'error').map((f) => f.object)).toEqual(['image "A" (id a)', 'image "B" (id b)']);
  });

  it('an empty image list passes with a note', () => {
    const out = evaluateProperty(rule('architecture'), [], NOW);
    expect(out.verdict).toBe('PASS');
    expect(out.findings[0]!.level).toBe('info');
  });

  it('hw_disk_bus other than scsi is noted as info, not an error', () => {
    const out = evaluateProperty(rule('hw_disk_bus'), [image({ hw_disk_bus: 'virtio' })], NOW);
    expect(out.verdict).toBe('PASS');
    expect(out.findings.map((f) => f.level)).toEqual(['info']);
  });
});

describe('scs-0102 dates', () => {
  it('parses the formats of the text, as UTC', () => {
    expect(parseBuildDate('2021-04-14')?.toISOString()).toBe('2021-04-14T00:00:00.000Z');
    expect(parseBuildDate('2021-04-14 13:05')?.toISOString()).toBe('2021-04-14T13:05:00.000Z');
    expect(parseBuildDate('2021-04-14 13:05:07')?.toISOString()).toBe('2021-04-14T13:05:07.000Z');
    expect(parseBuildDate('2021-04-14 25:00')).toBeUndefined();
    expect(parseBuildDate('14.04.2021')).toBeUndefined();
    expect(parseDay('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseDay('2023-02-29')).toBeUndefined();
  });
});

describe('Glance image parsing (src/openstack/image.ts)', () => {
  it('rejects entries that are not images, so the fact fails and its testcases ABORT', () => {
    expect(() => toGlanceImage('Ubuntu')).toThrow(/not an object/);
    expect(() => toGlanceImage({ name: 'no id' })).toThrow(/without an id/);
  });

  it('listImages keeps public and community images once each and asks Glance for all visibilities', async () => {
    const { listImages } = await import('../../src/openstack/image.js');
    const calls: unknown[] = [];
    const session = {
      paginate: async (service: string, path: string, opts: unknown) => {
        calls.push({ service, path, opts });
        return [
          { id: 'a', name: 'A', visibility: 'public' },
          { id: 'b', name: 'B', visibility: 'community' },
          { id: 'c', name: 'C', visibility: 'private' },
          { id: 'd', name: 'D', visibility: 'shared' },
          { id: 'a', name: 'A', visibility: 'public' },
        ];
      },
    } as unknown as Parameters<typeof listImages>[0];
    const images = await listImages(session);
    expect(images.map((i) => i.id)).toEqual(['a', 'b']);
    expect(calls).toEqual([
      { service: 'image', path: 'v2/images', opts: { itemsKey: 'images', limit: 1000, searchParams: { visibility: 'all', member_status: 'all' }, signal: undefined } },
    ]);
  });
});

describe('every property FAIL comes with a fix', () => {
  const broken: [string, Record<string, unknown>][] = [
    ['image_build_date', { image_build_date: '2025-06-09T14:30:00Z' }],
    ['image_source', { image_source: 'cloud-images.ubuntu.com/noble/' }],
    ['provided_until', { provided_until: 'soon' }],
    ['uuid_validity', { uuid_validity: 'last-x' }],
  ];
  it.each(broken)('%s', (id, overrides) => {
    const out = evaluateProperty(rule(id), [image(overrides)], NOW);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]!.fix).toMatch(/^openstack image set --property /);
  });

  it('suggests the standard form of an ISO build date and a scheme for a bare host', () => {
    expect(evaluateProperty(rule('image_build_date'), [image({ image_build_date: '2025-06-09T14:30:00Z' })], NOW).findings[0]!.fix).toBe(
      "openstack image set --property 'image_build_date=2025-06-09 14:30:00' 11111111-2222-4333-8444-555555555555",
    );
    expect(evaluateProperty(rule('image_source'), [image({ image_source: 'cloud-images.ubuntu.com/noble/' })], NOW).findings[0]!.fix).toBe(
      'openstack image set --property image_source=https://cloud-images.ubuntu.com/noble/ 11111111-2222-4333-8444-555555555555',
    );
  });
});
