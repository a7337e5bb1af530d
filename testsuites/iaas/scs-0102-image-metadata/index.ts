/**
 * scs-0102 image metadata: one read-only testcase per property rule, plus image recency and the
 * uniqueness of generic images. Every testcase scans all public and community images.
 */
import { abort, judge, readTestcase, type Finding, type Outcome, type TestcaseImpl } from '../../../src/engine/types.js';
import { imagesFact, type GlanceImage } from '../../../src/openstack/image.js';
import { PROPERTY_RULES, type PropertyRule } from './properties.js';
import { checkRecency } from './recency.js';
import { checkUniqueness } from './uniqueness.js';

const needs = { images: imagesFact };

function noImages(images: GlanceImage[]): Finding[] {
  return images.length === 0 ? [{ level: 'info', text: 'the cloud lists no public or community images; nothing to check' }] : [];
}

/** Applies one property rule to every image. */
export function evaluateProperty(rule: PropertyRule, images: GlanceImage[], now: Date): Outcome {
  const findings: Finding[] = [...noImages(images)];
  const offenders = new Set<string>();
  for (const image of images) {
    for (const f of rule.check(image, now)) {
      findings.push(f);
      if (f.level === 'error') offenders.add(image.id);
    }
  }
  findings.push(...(rule.summarize?.(images) ?? []));
  return judge(findings, { property: rule.property, images: images.length, offending: offenders.size });
}

export function evaluateRecency(images: GlanceImage[], now: Date): Outcome {
  const r = checkRecency(images, now);
  const evidence = { images: images.length, outdated: r.outdated, now: now.toISOString() };
  const findings = [...noImages(images), ...r.findings];
  if (findings.some((f) => f.level === 'error')) return judge(findings, evidence);
  if (r.undecided.length > 0) return abort(`could not judge the recency of ${r.undecided.length} image(s): ${r.undecided.join('; ')}`, evidence);
  return judge(findings, evidence);
}

export function evaluateUniqueness(images: GlanceImage[]): Outcome {
  const r = checkUniqueness(images);
  return judge([...noImages(images), ...r.findings], { images: images.length, generic: r.generic });
}

export const testcases: TestcaseImpl[] = [
  ...PROPERTY_RULES.map((rule) =>
    readTestcase({ id: rule.id, needs, evaluate: ({ images }, ctx) => evaluateProperty(rule, images, ctx.now) }),
  ),
  readTestcase({ id: 'scs-0102-image-recency', needs, evaluate: ({ images }, ctx) => evaluateRecency(images, ctx.now) }),
  readTestcase({ id: 'scs-0102-os_purpose-uniqueness', needs, evaluate: ({ images }) => evaluateUniqueness(images) }),
];
