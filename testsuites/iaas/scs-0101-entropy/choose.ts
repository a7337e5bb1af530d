/**
 * Which image and flavor the entropy VM uses (pure): the newest Debian, else the newest Ubuntu, else
 * the first image; the smallest flavor with enough RAM, preferring those that allow a virtio RNG.
 */
import type { Flavor } from '../../../src/openstack/compute.js';
import { imageProperty, type GlanceImage } from '../../../src/openstack/image.js';

const DEBIAN_CODENAMES: Record<string, number> = { buster: 10, bullseye: 11, bookworm: 12, trixie: 13 };

/** Preference of an image: [distribution rank, version]; higher is better. */
export function imageRank(image: GlanceImage): [number, number] {
  const distro = String(imageProperty(image, 'os_distro') ?? '').trim().toLowerCase();
  const version = String(imageProperty(image, 'os_version') ?? '').trim().toLowerCase();
  if (distro === 'debian') return [2, /^\d+$/.test(version) ? Number(version) : (DEBIAN_CODENAMES[version] ?? 0)];
  if (distro === 'ubuntu') return [1, /^\d\d\.\d\d$/.test(version) ? Number(version.replace('.', '')) : 0];
  return [0, 0];
}

/** The image to boot: among active images the best rank; ties keep the listing order. */
export function chooseImage(images: GlanceImage[]): GlanceImage | undefined {
  const usable = images.filter((i) => i.status === 'active');
  let best: GlanceImage | undefined;
  let bestRank: [number, number] = [-1, -1];
  for (const image of usable) {
    const r = imageRank(image);
    if (r[0] > bestRank[0] || (r[0] === bestRank[0] && r[1] > bestRank[1])) {
      best = image;
      bestRank = r;
    }
  }
  return best;
}

/** The flavor: RAM ≥ the image's min_ram; `hw_rng:allowed=true` preferred; then fewest RAM, vCPUs, disk. */
export function chooseFlavor(flavors: Flavor[], image: Pick<GlanceImage, 'min_ram'>): Flavor | undefined {
  const fit = flavors.filter((f) => f.ram >= (image.min_ram || 0) && f.vcpus > 0);
  const rng = fit.filter((f) => String(f.extra_specs['hw_rng:allowed'] ?? '').toLowerCase() === 'true');
  const pool = rng.length > 0 ? rng : fit;
  return [...pool].sort((a, b) => a.ram - b.ram || a.vcpus - b.vcpus || a.disk - b.disk || a.name.localeCompare(b.name))[0];
}

/** GiB of the boot volume: the image's min_disk, at least 8. */
export function bootVolumeSize(image: Pick<GlanceImage, 'min_disk'>): number {
  return Math.max(image.min_disk || 0, 8);
}
