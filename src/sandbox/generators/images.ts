/**
 * Many well-formed Glance images for benchmarks: `generateImages(10_000)` gives images for a profile's
 * `image` section that all satisfy scs-0102 (distinct names, fresh build dates relative to the sandbox
 * clock, os_purpose `custom` so that the generic-uniqueness rule has nothing to compare).
 */
import type { ImageProfileEntry } from '../services/image.js';

const DISTROS = [
  { distro: 'ubuntu', versions: ['20.04', '22.04', '24.04'], user: 'ubuntu', source: 'https://cloud-images.ubuntu.com/releases/' },
  { distro: 'debian', versions: ['11', '12', '13'], user: 'debian', source: 'https://cloud.debian.org/images/cloud/' },
  { distro: 'rocky', versions: ['8', '9'], user: 'rocky', source: 'https://dl.rockylinux.org/pub/rocky/' },
  { distro: 'fedora', versions: ['40', '41'], user: 'fedora', source: 'https://download.fedoraproject.org/pub/fedora/' },
] as const;

/** A deterministic, valid UUID for image number `i`. */
function imageId(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `b0000000-0000-4000-8000-${hex}`;
}

export function generateImages(n: number): ImageProfileEntry[] {
  const out: ImageProfileEntry[] = [];
  for (let i = 0; i < n; i++) {
    const d = DISTROS[i % DISTROS.length]!;
    const version = d.versions[Math.floor(i / DISTROS.length) % d.versions.length]!;
    const age = 1 + (i % 20);
    out.push({
      id: imageId(i),
      name: `${d.distro}-${version}-bench-${String(i).padStart(5, '0')}`,
      visibility: i % 10 === 9 ? 'community' : 'public',
      created_at: `{{now-${age}d|iso}}`,
      size: 500_000_000 + (i % 1000) * 1000,
      virtual_size: 4 * 1024 ** 3,
      min_disk: 5,
      min_ram: 512,
      properties: {
        architecture: i % 7 === 0 ? 'aarch64' : 'x86_64',
        hypervisor_type: 'qemu',
        hw_disk_bus: 'scsi',
        hw_scsi_model: 'virtio-scsi',
        hw_rng_model: 'virtio',
        os_distro: d.distro,
        os_version: version,
        os_purpose: 'custom',
        image_build_date: `{{now-${age + 1}d}}`,
        image_original_user: d.user,
        image_source: `${d.source}${version}/image-${i}.qcow2`,
        image_description: `Benchmark image ${i}`,
        replace_frequency: 'monthly',
        provided_until: '{{now+365d}}',
        uuid_validity: 'last-3',
        hotfix_hours: '24',
      },
    });
  }
  return out;
}
