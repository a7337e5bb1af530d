/**
 * What the seed puts into the real cloud, per shape (pure data). `compliant` meets every IaaS rule the
 * services can show; `violations` breaks them on purpose, each in a way a real cloud does. Both shapes
 * coexist: flavors and volume types are private to the shape's project, images are `community` images
 * owned by it (a project lists its own community images, not other projects'), and names are unique
 * cloud-wide because Nova and Cinder demand it.
 */
import type { ShapeName } from './lib/target.js';

export interface FlavorSeed {
  name: string;
  vcpus: number;
  /** MiB */
  ram: number;
  /** GB */
  disk: number;
  extraSpecs: Record<string, string>;
}

export interface ImageSeed {
  name: string;
  /** Glance image fields and properties, as sent on create. */
  fields: Record<string, string | number | boolean>;
}

export interface VolumeTypeSeed {
  name: string;
  description: string;
}

export interface ShapeSeed {
  flavors: FlavorSeed[];
  images: ImageSeed[];
  volumeTypes: VolumeTypeSeed[];
  /** Service types whose endpoints the shape's project does NOT see (Keystone endpoint filter). */
  hiddenServiceTypes: string[];
}

/** The 15 mandatory flavors of scs-0103-v1: name, vCPUs, RAM GiB, disk GB (ssd). */
export const MANDATORY_FLAVORS: [string, number, number, number][] = [
  ['SCS-1V-4', 1, 4, 0],
  ['SCS-2V-8', 2, 8, 0],
  ['SCS-4V-16', 4, 16, 0],
  ['SCS-8V-32', 8, 32, 0],
  ['SCS-1V-2', 1, 2, 0],
  ['SCS-2V-4', 2, 4, 0],
  ['SCS-4V-8', 4, 8, 0],
  ['SCS-8V-16', 8, 16, 0],
  ['SCS-16V-32', 16, 32, 0],
  ['SCS-1V-8', 1, 8, 0],
  ['SCS-2V-16', 2, 16, 0],
  ['SCS-4V-32', 4, 32, 0],
  ['SCS-1L-1', 1, 1, 0],
  ['SCS-2V-4-20s', 2, 4, 20],
  ['SCS-4V-16-100s', 4, 16, 100],
];

/** The recommended flavors of scs-0103-v1 (disk type unspecified, so `network` is expected). */
export const RECOMMENDED_FLAVORS: [string, number, number, number][] = [
  ['SCS-1V-4-10', 1, 4, 10],
  ['SCS-2V-8-20', 2, 8, 20],
  ['SCS-4V-16-50', 4, 16, 50],
  ['SCS-8V-32-100', 8, 32, 100],
  ['SCS-1V-2-5', 1, 2, 5],
  ['SCS-2V-4-10', 2, 4, 10],
  ['SCS-4V-8-20', 4, 8, 20],
  ['SCS-8V-16-50', 8, 16, 50],
  ['SCS-16V-32-100', 16, 32, 100],
  ['SCS-1V-8-20', 1, 8, 20],
  ['SCS-2V-16-50', 2, 16, 50],
  ['SCS-4V-32-100', 4, 32, 100],
  ['SCS-1L-1-5', 1, 1, 5],
  ['SCS-16V-64', 16, 64, 0],
  ['SCS-8V-64', 8, 64, 0],
  ['SCS-16V-128', 16, 128, 0],
];

/** Testcase id of a standard flavor: `SCS-2V-4-20s` -> `scs-0103-flavor-2v-4-20s`. */
export function flavorTestcase(name: string): string {
  return `scs-0103-flavor-${name.slice(4).toLowerCase()}`;
}

/** The extra specs scs-0103 expects on a standard flavor (names without extensions only). */
export function standardExtraSpecs(name: string, disk: number): Record<string, string> {
  const cpuType = /^SCS-\d+L/.test(name) ? 'crowded-core' : 'shared-core';
  const rest = name.slice(4);
  const specs: Record<string, string> = {
    'scs:cpu-type': cpuType,
    'scs:name-v1': `SCS-${rest.replace(/-/g, ':')}`,
    'scs:name-v2': name,
  };
  if (disk > 0) specs['scs:disk0-type'] = name.endsWith('s') ? 'ssd' : 'network';
  return specs;
}

function standardFlavor(name: string, vcpus: number, ramGiB: number, disk: number): FlavorSeed {
  return { name, vcpus, ram: ramGiB * 1024, disk, extraSpecs: standardExtraSpecs(name, disk) };
}

const GiB = 1024;

/** Days before `now` as an ISO date, for image build dates that stay current however old the seed. */
function daysAgo(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/** Every property scs-0102 wants, with valid values. */
function goodImage(now: Date, name: string, distro: string, version: string, source: string, extra: Record<string, string> = {}): ImageSeed {
  return {
    name,
    fields: {
      name,
      disk_format: 'qcow2',
      container_format: 'bare',
      min_disk: 8,
      min_ram: 512,
      architecture: 'x86_64',
      os_distro: distro,
      os_version: version,
      hw_disk_bus: 'scsi',
      hypervisor_type: 'qemu',
      hw_rng_model: 'virtio',
      os_purpose: 'generic',
      image_build_date: daysAgo(now, 5),
      image_original_user: distro,
      image_source: source,
      image_description: `https://docs.example.org/images/${distro}-${version}`,
      replace_frequency: 'monthly',
      provided_until: 'none',
      uuid_validity: 'last-3',
      hotfix_hours: '72',
      ...extra,
    },
  };
}

export function shapeSeed(shape: ShapeName, now: Date = new Date()): ShapeSeed {
  return shape === 'compliant' ? compliant(now) : violations(now);
}

function compliant(now: Date): ShapeSeed {
  return {
    flavors: [
      ...MANDATORY_FLAVORS.map(([n, c, r, d]) => standardFlavor(n, c, r, d)),
      ...RECOMMENDED_FLAVORS.map(([n, c, r, d]) => standardFlavor(n, c, r, d)),
      // an SSD variant and a non-standard SCS name with extensions, both valid
      standardFlavor('SCS-2V-8-20s', 2, 8, 20),
      { name: 'SCS-4C-16-50n_kvm_z3', vcpus: 4, ram: 16 * GiB, disk: 50, extraSpecs: { 'scs:cpu-type': 'dedicated-core', 'scs:disk0-type': 'network', 'hw:cpu_policy': 'dedicated' } },
      // not an SCS name: ignored by the naming checks
      { name: 'osci-a-tiny', vcpus: 1, ram: 512, disk: 1, extraSpecs: {} },
    ],
    images: [
      goodImage(now, 'Ubuntu 24.04', 'ubuntu', '24.04', 'https://cloud-images.ubuntu.com/releases/noble/release-20250101/ubuntu-24.04-server-cloudimg-amd64.img'),
      goodImage(now, 'Ubuntu 22.04', 'ubuntu', '22.04', 'https://cloud-images.ubuntu.com/releases/jammy/release-20250101/ubuntu-22.04-server-cloudimg-amd64.img'),
      goodImage(now, 'Debian 12', 'debian', '12', 'https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2'),
      goodImage(now, 'ubuntu-capi-image-v1.31.4', 'ubuntu', '22.04', 'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images/ubuntu-2204-kube-v1.31/ubuntu-2204-kube-v1.31.4.qcow2', {
        os_purpose: 'k8snode',
      }),
      // stale, but marked by its name ("old"), still within provided_until, and replaced by "Ubuntu 22.04"
      goodImage(now, 'Ubuntu 22.04 old', 'ubuntu', '22.04', 'https://cloud-images.ubuntu.com/releases/jammy/release-20230101/ubuntu-22.04-server-cloudimg-amd64.img', {
        image_build_date: '2023-01-01',
        provided_until: '2099-12-31',
        os_purpose: 'oldgeneric',
      }),
    ],
    volumeTypes: [
      { name: 'osci-a-encrypted', description: '[scs:encrypted] LUKS with keys in Barbican' },
      { name: 'osci-a-replicated', description: '[scs:encrypted, replicated] LUKS, three replicas' },
      { name: 'osci-a-plain', description: 'Plain volumes, no aspects declared' },
    ],
    hiddenServiceTypes: [],
  };
}

function violations(now: Date): ShapeSeed {
  return {
    flavors: [
      // found through its scs:name-v2 extra spec and right in every respect
      { ...standardFlavor('SCS-1V-4', 1, 4, 0), name: 'osci-b-1v-4' },
      // scs-0103: half the RAM the name promises
      { ...standardFlavor('SCS-4V-16', 4, 16, 0), name: 'osci-b-4v-16', ram: 8 * GiB },
      // scs-0103: wrong CPU type in the extra specs
      { ...standardFlavor('SCS-2V-4', 2, 4, 0), name: 'osci-b-2v-4', extraSpecs: { ...standardExtraSpecs('SCS-2V-4', 0), 'scs:cpu-type': 'dedicated-core' } },
      // scs-0100 syntax: not a valid SCS name (CPU suffix in the wrong place)
      { name: 'SCS-2iT-4-10n', vcpus: 2, ram: 4 * GiB, disk: 10, extraSpecs: {} },
      // scs-0100 semantics: promises 8 vCPUs and 32 GiB, has 4 and 16
      { name: 'SCS-8V-32-50s', vcpus: 4, ram: 16 * GiB, disk: 50, extraSpecs: { 'scs:cpu-type': 'shared-core', 'scs:disk0-type': 'ssd' } },
    ],
    images: [
      // scs-0102 recency: built long ago, monthly replacement promised, neither hidden nor renamed nor replaced
      goodImage(now, 'Ubuntu 22.04', 'ubuntu', '22.04', 'https://cloud-images.ubuntu.com/releases/jammy/release-20200101/ubuntu-22.04-server-cloudimg-amd64.img', {
        image_build_date: '2020-01-01',
        provided_until: '2099-12-31',
      }),
      // scs-0104 source-debian-12: not from Debian
      goodImage(now, 'Debian 12', 'debian', '12', 'https://images.example.com/debian-12.qcow2'),
      // scs-0102: every property missing or malformed
      {
        name: 'osci-b-broken',
        fields: {
          name: 'osci-b-broken',
          disk_format: 'raw',
          container_format: 'bare',
          architecture: 'amd64',
          hw_disk_bus: 'floppy-disk',
          image_build_date: 'last tuesday',
          image_source: 'nfs://filer/images/broken.raw',
          replace_frequency: 'sometimes',
          uuid_validity: 'maybe',
        },
      },
    ],
    volumeTypes: [
      { name: 'osci-b-unsorted', description: '[scs:replicated, encrypted] aspects out of order' },
      { name: 'osci-b-unknown', description: '[scs:fast] an aspect SCS does not define' },
    ],
    // scs-0123: no load balancer in this project's catalog
    hiddenServiceTypes: ['load-balancer'],
  };
}
