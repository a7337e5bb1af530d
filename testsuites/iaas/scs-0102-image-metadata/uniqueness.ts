/**
 * scs-0102-os_purpose-uniqueness: among public, non-hidden images with `os_purpose=generic`, at most one
 * per (os_distro, os_version, architecture). Images lacking os_distro or os_version are left to the
 * property testcases; a missing architecture counts as its own value "".
 */
import type { Finding } from '../../../src/engine/types.js';
import { describeImage, type GlanceImage } from '../../../src/openstack/image.js';
import { quote } from './finding.js';
import { prop } from './properties.js';
import { DOC } from './vocabulary.js';

export function checkUniqueness(images: GlanceImage[]): { findings: Finding[]; generic: number } {
  const groups = new Map<string, GlanceImage[]>();
  let generic = 0;
  for (const image of images) {
    if (image.visibility !== 'public' || image.os_hidden) continue;
    if (prop(image, 'os_purpose') !== 'generic') continue;
    const distro = prop(image, 'os_distro');
    const version = prop(image, 'os_version');
    if (distro === undefined || version === undefined) continue;
    generic++;
    const key = JSON.stringify([distro, version, prop(image, 'architecture') ?? '']);
    const list = groups.get(key) ?? [];
    list.push(image);
    groups.set(key, list);
  }
  const findings: Finding[] = [];
  for (const [key, list] of groups) {
    if (list.length < 2) continue;
    const [distro, version, arch] = JSON.parse(key) as [string, string, string];
    // Suggest keeping the newest registration as the generic one.
    const sorted = [...list].sort((a, b) => b.created_at.localeCompare(a.created_at));
    const others = sorted.slice(1);
    findings.push({
      level: 'error',
      text:
        `${list.length} public, visible images have os_purpose=generic for os_distro=${distro}, os_version=${version}, ` +
        `architecture=${arch || '(unset)'}: ${list.map(describeImage).join(', ')}; at most one may (see ${DOC.osPurpose})`,
      object: list.map(describeImage).join(', '),
      rule: 'at most one public, non-hidden generic image per (os_distro, os_version, architecture)',
      observed: list.map((i) => ({ name: i.name, id: i.id })),
      expected: 'at most one such image',
      url: DOC.osPurpose,
      fix: others.map((i) => `openstack image set --property os_purpose=oldgeneric ${i.id}  # ${quote(i.name)}, or hide it with --hidden`).join('\n'),
    });
  }
  return { findings, generic };
}
