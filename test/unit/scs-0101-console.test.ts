/** scs-0101: the cloud-init script, console parsing, the two verdicts and the image/flavor choice (pure). */
import { describe, expect, it } from 'vitest';
import { bootVolumeSize, chooseFlavor, chooseImage, imageRank } from '../../testsuites/iaas/scs-0101-entropy/choose.js';
import { MARKER, cloudInitUserData, judgeEntropyAvail, judgeFipsTest, parseConsole } from '../../testsuites/iaas/scs-0101-entropy/console.js';
import type { Flavor } from '../../src/openstack/compute.js';
import type { GlanceImage } from '../../src/openstack/image.js';

const URL = 'https://docs.scs.community/standards/scs-0101-w1-entropy-implementation-testing#automated-tests';
const VM = { server: { id: 'srv-1', name: 'scs-0a1b2c3d-entropy-vm' }, image: { id: 'img-1', name: 'Debian 13' }, flavor: { id: 'fl-1', name: 'SCS-1V-2' } };

function consoleWith(lines: string[], end = true): string {
  return [
    '[    0.000000] Linux version 6.12.0',
    `[    5.1] cloud-init[700]: some noise: with a colon`,
    ...lines.map((l) => `[   31.0] cloud-init[733]: ${MARKER}-${l}`),
    ...(end ? [`[   32.0] cloud-init[733]: ${MARKER}-end`] : []),
    'debian login: ',
  ].join('\r\n');
}

describe('cloud-init user data', () => {
  it('is a cloud-config that reports both sections and the end marker, without a complete report line in it', () => {
    const ud = cloudInitUserData();
    expect(ud.startsWith('#cloud-config\n')).toBe(true);
    expect(ud).toContain('/proc/sys/kernel/random/entropy_avail');
    expect(ud).toContain('rngtest -c 1000');
    expect(ud).toContain('serial-getty@ttyS0.service');
    // a console that echoes the user data cannot fake a result or the end
    const parsed = parseConsole(ud);
    expect(parsed.ended).toBe(false);
    expect(parsed.sections).toEqual({});
  });
});

describe('parseConsole', () => {
  it('collects payloads per section in order, ignores other lines, sees the end', () => {
    const r = parseConsole(consoleWith(['entropy-avail: 256', 'fips-test: rngtest 5', 'fips-test: rngtest: FIPS 140-2 failures: 2']));
    expect(r.sections).toEqual({ 'entropy-avail': ['256'], 'fips-test': ['rngtest 5', 'rngtest: FIPS 140-2 failures: 2'] });
    expect(r.ended).toBe(true);
    expect(r.failed).toBe(false);
  });
  it('is not done without the end marker, and notices a cloud-init failure', () => {
    expect(parseConsole(consoleWith(['entropy-avail: 256'], false)).ended).toBe(false);
    expect(parseConsole('x\nutil.py[WARNING]: Failed to run module scripts-user (scripts in /var/lib/cloud)\n').failed).toBe(true);
  });
});

describe('scs-0101-entropy-avail', () => {
  it('256 passes; 35 fails naming the VM, the rule, observed and expected, and the URL', () => {
    expect(judgeEntropyAvail(parseConsole(consoleWith(['entropy-avail: 256'])), VM, URL).verdict).toBe('PASS');
    const out = judgeEntropyAvail(parseConsole(consoleWith(['entropy-avail: 35'])), VM, URL);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]).toMatchObject({ level: 'error', observed: 35, expected: 256, url: URL });
    expect(out.findings[0]!.object).toContain('scs-0a1b2c3d-entropy-vm (id srv-1');
  });
  it('only the first line counts', () => {
    expect(judgeEntropyAvail(parseConsole(consoleWith(['entropy-avail: 256', 'entropy-avail: 12'])), VM, URL).verdict).toBe('PASS');
  });
  it('a missing section or a non-number ABORTs with the reason', () => {
    const missing = judgeEntropyAvail(parseConsole(consoleWith(['fips-test: x'])), VM, URL);
    expect(missing.verdict).toBe('ABORT');
    expect(missing.findings[0]!.text).toMatch(/no "entropy-avail" report line \(it has: fips-test\)/);
    expect(judgeEntropyAvail(parseConsole(consoleWith(['entropy-avail: cat: permission denied'])), VM, URL).verdict).toBe('ABORT');
  });
});

describe('scs-0101-fips-test thresholds', () => {
  const fips = (n: number) => judgeFipsTest(parseConsole(consoleWith(['fips-test: rngtest: FIPS 140-2 successes: 990', `fips-test: rngtest: FIPS 140-2 failures: ${n}`])), VM, URL);
  it.each([
    [0, 'PASS', 0],
    [3, 'PASS', 0],
    [4, 'PASS', 1],
    [5, 'PASS', 1],
    [6, 'FAIL', 1],
    [12, 'FAIL', 1],
  ])('%i failures: %s with %i findings', (n, verdict, findings) => {
    const out = fips(n);
    expect(out.verdict).toBe(verdict);
    expect(out.findings).toHaveLength(findings);
    expect(out.evidence?.fipsFailures).toBe(n);
  });
  it('a FAIL carries observed and expected; 4–5 is a warning, not an error', () => {
    expect(fips(12).findings[0]).toMatchObject({ level: 'error', observed: 12, expected: '≤ 5', url: URL });
    expect(fips(5).findings[0]!.level).toBe('warning');
  });
  it('no failures count (rngtest missing) is inconclusive: ABORT', () => {
    const out = judgeFipsTest(parseConsole(consoleWith(['fips-test: sh: 1: rngtest: not found'])), VM, URL);
    expect(out.verdict).toBe('ABORT');
    expect(out.findings[0]!.text).toMatch(/inconclusive.*rngtest: not found/);
  });
});

function image(name: string, props: Record<string, string>, extra: Partial<GlanceImage> = {}): GlanceImage {
  return {
    id: `id-${name}`,
    name,
    visibility: 'public',
    status: 'active',
    created_at: '2026-01-01T00:00:00Z',
    size: 1,
    virtual_size: null,
    min_disk: 0,
    min_ram: 0,
    os_hidden: false,
    os_hash_algo: null,
    os_hash_value: null,
    tags: [],
    properties: props,
    ...extra,
  };
}

function flavor(name: string, vcpus: number, ram: number, disk = 0, extra_specs: Record<string, string> = {}): Flavor {
  return { id: `id-${name}`, name, vcpus, ram, disk, extra_specs, is_public: true };
}

describe('image and flavor choice', () => {
  it('prefers the newest Debian (numbers or codenames), then the newest Ubuntu, else the first image', () => {
    const imgs = [
      image('Other', {}),
      image('Ubuntu 24.04', { os_distro: 'ubuntu', os_version: '24.04' }),
      image('Debian bookworm', { os_distro: 'Debian', os_version: 'bookworm' }),
      image('Debian 13', { os_distro: 'debian', os_version: ' 13 ' }),
      image('Debian 14 queued', { os_distro: 'debian', os_version: '14' }, { status: 'queued' }),
    ];
    expect(chooseImage(imgs)?.name).toBe('Debian 13');
    expect(imageRank(imgs[2]!)).toEqual([2, 12]);
    expect(chooseImage(imgs.slice(0, 2))?.name).toBe('Ubuntu 24.04');
    expect(chooseImage([image('A', {}), image('B', {})])?.name).toBe('A');
    expect(chooseImage([])).toBeUndefined();
  });
  it('picks the smallest flavor with enough RAM, preferring hw_rng:allowed=true', () => {
    const fl = [flavor('big', 8, 32768), flavor('tiny', 1, 512), flavor('small', 1, 2048), flavor('rng', 2, 4096, 0, { 'hw_rng:allowed': 'True' })];
    expect(chooseFlavor(fl, { min_ram: 1024 })?.name).toBe('rng');
    expect(chooseFlavor(fl.slice(0, 3), { min_ram: 1024 })?.name).toBe('small');
    expect(chooseFlavor(fl.slice(0, 3), { min_ram: 65536 })).toBeUndefined();
  });
  it('boot volume: min_disk, at least 8 GiB', () => {
    expect(bootVolumeSize({ min_disk: 0 })).toBe(8);
    expect(bootVolumeSize({ min_disk: 20 })).toBe(20);
  });
});
