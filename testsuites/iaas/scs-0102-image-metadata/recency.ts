/**
 * scs-0102-image-recency: an image that is referenced by name gets replaced as often as its
 * `replace_frequency` promises, while `provided_until` says the promise holds.
 *
 * - The period starts at the build (`image_build_date`, else `created_at`) and is counted in calendar
 *   units (monthly: the same day next month); the text tolerates up to 3 days of delay.
 * - An outdated image whose promise has ended (`provided_until` in the past, or `none`) is fine.
 * - An outdated image that still carries the plain name is a violation (the name must move to a newer
 *   image and the old one be hidden or renamed).
 * - An outdated image that was hidden or renamed (" YYYYMMDD", " YYYY-MM-DD", " old", " prev") is fine
 *   when a current, visible image under its base name replaces it.
 */
import type { Finding } from '../../../src/engine/types.js';
import { describeImage, type GlanceImage } from '../../../src/openstack/image.js';
import { addDays, addMonths, compactDay, endOfDay, isoDay, parseBuildDate, parseDay, parseGlanceTimestamp } from './dates.js';
import { imageFinding, quote } from './finding.js';
import { prop } from './properties.js';
import { DOC } from './vocabulary.js';

/** Days of delay the text tolerates ("up to 3 days later is not considered a violation"). */
export const GRACE_DAYS = 3;

export type PeriodicFrequency = 'yearly' | 'quarterly' | 'monthly' | 'weekly' | 'daily';
const PERIODIC: readonly string[] = ['yearly', 'quarterly', 'monthly', 'weekly', 'daily'];

/** The instant by which an image built at `built` must have been replaced (grace included). */
export function replacementDeadline(built: Date, frequency: PeriodicFrequency): Date {
  const due =
    frequency === 'yearly'
      ? addMonths(built, 12)
      : frequency === 'quarterly'
        ? addMonths(built, 3)
        : frequency === 'monthly'
          ? addMonths(built, 1)
          : frequency === 'weekly'
            ? addDays(built, 7)
            : addDays(built, 1);
  return addDays(due, GRACE_DAYS);
}

/** When the image was built: `image_build_date` if valid, else Glance's `created_at`. */
export function buildTime(image: GlanceImage): Date | undefined {
  const b = prop(image, 'image_build_date');
  return (b !== undefined ? parseBuildDate(b) : undefined) ?? parseGlanceTimestamp(image.created_at);
}

export type Freshness =
  | { state: 'fresh' | 'unbounded'; deadline?: Date }
  | { state: 'outdated'; deadline: Date; built: Date }
  | { state: 'unjudged'; reason: string };

/** Whether one image is past its replacement deadline, by its own properties. */
export function freshness(image: GlanceImage, now: Date): Freshness {
  const freq = prop(image, 'replace_frequency');
  if (freq === undefined) return { state: 'unjudged', reason: 'replace_frequency is missing (see scs-0102-prop-replace_frequency)' };
  if (freq === 'never' || freq === 'critical_bug') return { state: 'unbounded' };
  if (!PERIODIC.includes(freq)) return { state: 'unjudged', reason: `replace_frequency "${freq}" is not a known value (see scs-0102-prop-replace_frequency)` };
  const built = buildTime(image);
  if (!built) return { state: 'unjudged', reason: `neither image_build_date nor created_at ("${image.created_at}") is a readable date` };
  const deadline = replacementDeadline(built, freq as PeriodicFrequency);
  return now.getTime() > deadline.getTime() ? { state: 'outdated', deadline, built } : { state: 'fresh', deadline };
}

/** The name without a trailing version mark (" 20240501", " 2024-05-01", " old", " prev"), if it has one. */
export function unmarkedName(name: string): string | undefined {
  const m = /^(.*\S)\s+(\S+)$/.exec(name);
  if (!m) return undefined;
  const last = m[2]!;
  if (last === 'old' || last === 'prev' || parseDay(last) || (/^\d{8}$/.test(last) && parseDay(`${last.slice(0, 4)}-${last.slice(4, 6)}-${last.slice(6)}`))) {
    return m[1]!;
  }
  return undefined;
}

/** An instant as Glance writes it, without milliseconds. */
function stamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface RecencyResult {
  findings: Finding[];
  /** Images that could not be judged although the cloud's answer should have allowed it. */
  undecided: string[];
  outdated: number;
}

export function checkRecency(images: GlanceImage[], now: Date): RecencyResult {
  const findings: Finding[] = [];
  const undecided: string[] = [];
  let outdated = 0;
  const state = new Map<GlanceImage, Freshness>();
  for (const image of images) state.set(image, freshness(image, now));

  // Visible images by name: candidates that carry a name for users.
  const byName = new Map<string, GlanceImage[]>();
  for (const image of images) {
    if (image.os_hidden) continue;
    const list = byName.get(image.name) ?? [];
    list.push(image);
    byName.set(image.name, list);
  }
  for (const [name, list] of byName) {
    if (list.length > 1) {
      findings.push({
        level: 'warning',
        text: `${list.length} visible images share the name "${name}" (${list.map((i) => i.id).join(', ')}); referencing it by name is ambiguous`,
        object: `images named "${name}"`,
        rule: 'old images must be hidden or renamed',
        url: DOC.updating,
      });
    }
  }

  for (const image of images) {
    const f = state.get(image)!;
    if (f.state === 'unjudged') {
      if (f.reason.startsWith('neither')) undecided.push(`${describeImage(image)}: ${f.reason}`);
      else findings.push({ level: 'info', text: `${describeImage(image)} not judged: ${f.reason}`, object: describeImage(image), url: DOC.updating });
      continue;
    }
    if (f.state !== 'outdated') continue;
    outdated++;
    const freq = prop(image, 'replace_frequency')!;
    const until = prop(image, 'provided_until');
    const base = {
      property: 'replace_frequency',
      observed: { replace_frequency: freq, built: f.built.toISOString(), provided_until: until ?? null },
      url: DOC.updating,
    };
    if (until === 'none') continue; // no promises made
    if (until !== undefined && until !== 'notice') {
      const end = parseDay(until);
      if (!end) {
        findings.push(
          imageFinding('error', image, {
            ...base,
            rule: 'provided_until must be a date, none or notice',
            expected: `provided_until YYYY-MM-DD, none or notice`,
            detail: `is outdated (replacement was due by ${stamp(f.deadline)}) and its provided_until "${until}" is not a valid date, so the promise cannot be bounded`,
          }),
        );
        continue;
      }
      if (now.getTime() >= endOfDay(end).getTime()) continue; // the promise has ended
    }
    const renamedFrom = unmarkedName(image.name);
    const archived = image.os_hidden || renamedFrom !== undefined;
    if (!archived) {
      findings.push(
        imageFinding('error', image, {
          ...base,
          rule: `an image referenced by name must be replaced ${freq} (plus ${GRACE_DAYS} days)`,
          expected: `a newer image under this name by ${stamp(f.deadline)}, the old one hidden or renamed`,
          detail: `was built ${stamp(f.built)} and should have been replaced (${freq}) by ${stamp(f.deadline)}; it still carries the plain name and is not hidden`,
          fix: `upload a current image as ${quote(image.name)}, then: openstack image set --name ${quote(`${image.name} ${compactDay(f.built)}`)} --hidden ${image.id}`,
        }),
      );
      continue;
    }
    const baseName = renamedFrom ?? image.name;
    const replacement = (byName.get(baseName) ?? []).find((c) => c !== image && ['fresh', 'unbounded'].includes(state.get(c)!.state));
    if (!replacement) {
      findings.push(
        imageFinding('error', image, {
          ...base,
          rule: 'an outdated image must have a current replacement under its name',
          expected: `a visible, current image named "${baseName}"`,
          detail: `is outdated (built ${isoDay(f.built)}, ${freq}, due by ${isoDay(f.deadline)}) and no current visible image named "${baseName}" replaces it`,
          fix: `upload a current image named ${quote(baseName)}`,
        }),
      );
    }
  }
  return { findings, undecided, outdated };
}
