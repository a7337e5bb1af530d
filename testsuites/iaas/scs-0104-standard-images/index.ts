/**
 * scs-0104 standard images, driven by an image spec file (module parameter `image_spec`):
 * - `scs-0104-source-<key>`: every image that matches the entry has an `image_source` starting with one
 *   of the entry's prefixes (no matching image: nothing to violate, PASS with a note);
 * - `scs-0104-image-<key>`: at least one active image matches the entry.
 * Whether a missing image is a MUST or a SHOULD is decided by the target the scope puts the testcase in.
 */
import { abort, judge, readTestcase, type EvalContext, type Finding, type Outcome, type TestcaseImpl } from '../../../src/engine/types.js';
import { describeImage, imageProperty, imagesFact, type GlanceImage } from '../../../src/openstack/image.js';
import { entryMatcher, imageSpecsFact, specFileName, type ImageSpecEntry, type ImageSpecs } from './spec.js';

/** The testcase suffixes SCS defines for scs-0104. */
export const IMAGE_KEYS = ['capi-1', 'capi-2', 'ubuntu-2404', 'ubuntu-2204', 'ubuntu-2004', 'debian-13', 'debian-12', 'debian-11'] as const;

const DOC_SINGLE = 'https://docs.scs.community/standards/scs-0104-v1-standard-images#image-specification-single-image';
const DOC_CLASS = 'https://docs.scs.community/standards/scs-0104-v1-standard-images#image-specification-class-of-images';

function docUrl(entry: ImageSpecEntry): string {
  return entry.nameScheme === undefined ? DOC_SINGLE : DOC_CLASS;
}

function describeEntry(entry: ImageSpecEntry): string {
  return entry.nameScheme === undefined ? `an image named "${entry.name}"` : `an image whose name matches ${entry.nameScheme}`;
}

/** The entry a testcase uses, or the reason it cannot be found. */
export function selectEntry(specs: ImageSpecs, key: string, ctx: Pick<EvalContext, 'params'>): { entry: ImageSpecEntry; file: string } | { reason: string } {
  const file = specFileName(ctx.params.image_spec);
  const loaded = specs[file];
  if (!loaded) {
    return { reason: `image spec "${file}" (module parameter image_spec) is not one of the spec files shipped in standards/data: ${Object.keys(specs).join(', ') || 'none'}` };
  }
  if ('error' in loaded) return { reason: `image spec ${file} cannot be used: ${loaded.error}` };
  const entry = loaded.spec.entries.find((e) => e.key === key);
  if (!entry) return { reason: `image spec ${file} has no entry for "${key}", so this testcase has nothing to check against` };
  return { entry, file };
}

export function evaluateSource(images: GlanceImage[], specs: ImageSpecs, key: string, ctx: Pick<EvalContext, 'params'>): Outcome {
  const sel = selectEntry(specs, key, ctx);
  if ('reason' in sel) return abort(sel.reason);
  const { entry, file } = sel;
  const matches = images.filter((i) => entryMatcher(entry)(i.name));
  const evidence = { spec: file, entry: entry.name, matching: matches.length };
  if (matches.length === 0) {
    const none = entry.nameScheme === undefined ? `no image is named "${entry.name}"` : `no image name matches ${entry.nameScheme}`;
    return judge([{ level: 'info', text: `${none}; no image_source to check (spec ${file})` }], evidence);
  }
  const findings: Finding[] = [];
  for (const image of matches) {
    const source = imageProperty(image, 'image_source')?.trim();
    if (source !== undefined && entry.sources.some((p) => source.startsWith(p))) continue;
    const object = describeImage(image);
    findings.push({
      level: 'error',
      text:
        `${object}: image_source is ${source === undefined ? 'missing' : `"${source}"`}, expected a URL starting with ` +
        `${entry.sources.join(' or ')} (image spec ${file}, entry "${entry.name}"; see ${docUrl(entry)})`,
      object,
      rule: `image_source of ${describeEntry(entry)} must start with one of the spec's prefixes`,
      observed: source ?? null,
      expected: entry.sources,
      url: docUrl(entry),
      fix: `openstack image set --property image_source=${entry.sources[0]}<path of the image file> ${image.id}`,
    });
  }
  return judge(findings, evidence);
}

export function evaluatePresence(images: GlanceImage[], specs: ImageSpecs, key: string, ctx: Pick<EvalContext, 'params'>): Outcome {
  const sel = selectEntry(specs, key, ctx);
  if ('reason' in sel) return abort(sel.reason);
  const { entry, file } = sel;
  const matches = images.filter((i) => entryMatcher(entry)(i.name));
  const active = matches.filter((i) => i.status === 'active');
  const evidence = { spec: file, entry: entry.name, status: entry.status, matching: matches.length, active: active.length };
  if (active.length > 0) {
    return judge([{ level: 'info', text: `found ${active.map(describeImage).join(', ')} (spec ${file}, entry "${entry.name}", ${entry.status})` }], evidence);
  }
  const inactive = matches.map((i) => `${describeImage(i)} is ${i.status}`);
  return judge(
    [
      {
        level: 'error',
        text:
          `missing ${describeEntry(entry)} among the public and community images` +
          (inactive.length ? ` (${inactive.join('; ')}; only active images count)` : '') +
          ` (image spec ${file}, status ${entry.status}; see ${docUrl(entry)})`,
        object: entry.nameScheme === undefined ? `image "${entry.name}"` : `images matching ${entry.nameScheme}`,
        rule: `${describeEntry(entry)} must be present`,
        observed: inactive.length ? inactive : 'no such image',
        expected: `an active, public image: ${describeEntry(entry).replace(/^an image /, '')}`,
        url: docUrl(entry),
        fix: `openstack image create --public --disk-format qcow2 --container-format bare --file <image file> --property image_source=${entry.sources[0]}<file> ${entry.nameScheme === undefined ? JSON.stringify(entry.name) : `'<a name matching ${entry.nameScheme}>'`}`,
      },
    ],
    evidence,
  );
}

const needs = { images: imagesFact, specs: imageSpecsFact };

export const testcases: TestcaseImpl[] = IMAGE_KEYS.flatMap((key) => [
  readTestcase({ id: `scs-0104-source-${key}`, needs, evaluate: ({ images, specs }, ctx) => evaluateSource(images, specs, key, ctx) }),
  readTestcase({ id: `scs-0104-image-${key}`, needs, evaluate: ({ images, specs }, ctx) => evaluatePresence(images, specs, key, ctx) }),
]);
