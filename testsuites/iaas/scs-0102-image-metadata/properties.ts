/**
 * One rule per `scs-0102-prop-*` testcase: a pure check of one image's property.
 *
 * Mandatory and recommended properties must be present (a missing recommended property fails the
 * testcase, which the scope places in its `recommended` target); optional ones (`hotfix_hours`) are
 * judged only when set. Decisions: docs/decisions/scs-0102.md.
 */
import type { Finding } from '../../../src/engine/types.js';
import { imageProperty, type GlanceImage } from '../../../src/openstack/image.js';
import { parseBuildDate, parseDay, parseGlanceTimestamp } from './dates.js';
import { imageFinding, setPropertyFix } from './finding.js';
import {
  ARCHITECTURES,
  DISK_BUSES,
  DOC,
  DOWNLOAD_SCHEMES,
  HASH_ALGOS,
  HYPERVISOR_TYPES,
  KNOWN_OS_DISTROS,
  OS_PURPOSES,
  REPLACE_FREQUENCIES,
  RNG_MODELS,
} from './vocabulary.js';

export interface PropertyRule {
  /** Testcase id. */
  id: string;
  /** The Glance property (or field) the rule reads. */
  property: string;
  /** Findings about one image: errors make the testcase FAIL. */
  check(image: GlanceImage, now: Date): Finding[];
  /** Optional remarks about the whole set (recommendations that do not fail). */
  summarize?(images: GlanceImage[]): Finding[];
}

const GIB = 1024 ** 3;
/** Below this, `min_ram` is very unlikely to let a VM boot and survive. */
export const MIN_RAM_WARNING_MIB = 64;

/** A property's value as text, trimmed; undefined when absent or blank. */
export function prop(image: GlanceImage, key: string): string | undefined {
  const v = imageProperty(image, key)?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function missing(image: GlanceImage, property: string, url: string, rule: string, expected: unknown, example: string): Finding {
  return imageFinding('error', image, {
    property,
    rule,
    observed: undefined,
    expected,
    url,
    detail: `property ${property} is missing, expected ${typeof expected === 'string' ? expected : `one of ${(expected as string[]).join(', ')}`}`,
    fix: setPropertyFix(image, property, example),
  });
}

/** A property that must be present and one of a list. */
function enumerated(id: string, property: string, values: readonly string[], url: string, example: string, required = true): PropertyRule {
  const rule = values.length > 8 ? `${property} must be one of the values OpenStack lists` : `${property} must be one of ${values.join(', ')}`;
  return {
    id,
    property,
    check(image) {
      const v = prop(image, property);
      if (v === undefined) return required ? [missing(image, property, url, `${property} must be set`, [...values], example)] : [];
      if (values.includes(v)) return [];
      return [imageFinding('error', image, { property, rule, observed: v, expected: [...values], url, fix: setPropertyFix(image, property, example) })];
    },
  };
}

/** A property that must be present with a non-blank value. */
function nonEmpty(id: string, property: string, url: string, expected: string, example: string): PropertyRule {
  return {
    id,
    property,
    check: (image) => (prop(image, property) === undefined ? [missing(image, property, url, `${property} must be set`, expected, example)] : []),
  };
}

/**
 * A property written in a given form: when absent an error (with `example` in the fix), or nothing
 * for an optional property (no `example`); when not `valid` an error with the fix `suggest(value)`.
 */
function formatted(o: {
  id: string;
  property: string;
  url: string;
  expected: string;
  valid: (value: string) => boolean;
  suggest: (value: string) => string;
  /** The rule for a malformed value; default `<property> must be <expected>`. */
  rule?: string;
  example?: string;
}): PropertyRule {
  const { property, url, expected, example } = o;
  return {
    id: o.id,
    property,
    check(image) {
      const v = prop(image, property);
      if (v === undefined) return example === undefined ? [] : [missing(image, property, url, `${property} must be set`, expected, example)];
      if (o.valid(v)) return [];
      const rule = o.rule ?? `${property} must be ${expected}`;
      return [imageFinding('error', image, { property, rule, observed: v, expected, url, fix: setPropertyFix(image, property, o.suggest(v)) })];
    },
  };
}

const architecture = enumerated('scs-0102-prop-architecture', 'architecture', ARCHITECTURES, DOC.technical, 'x86_64');

const minDisk: PropertyRule = {
  id: 'scs-0102-prop-min_disk',
  property: 'min_disk',
  check(image) {
    const needBytes = Math.max(image.size ?? 0, image.virtual_size ?? 0);
    const needGiB = Math.max(1, Math.ceil(needBytes / GIB));
    const fix = `openstack image set --min-disk ${needGiB} ${image.id}`;
    if (!(image.min_disk > 0)) {
      return [
        imageFinding('error', image, {
          property: 'min_disk',
          rule: 'min_disk (GiB) must be set',
          observed: image.min_disk,
          expected: `at least ${needGiB}`,
          url: DOC.technical,
          detail: `min_disk is not set (0), expected the disk size the image needs in GiB (at least ${needGiB})`,
          fix,
        }),
      ];
    }
    if (image.min_disk * GIB < needBytes) {
      return [
        imageFinding('error', image, {
          property: 'min_disk',
          rule: 'min_disk (GiB) must hold the image',
          observed: image.min_disk,
          expected: `at least ${needGiB}`,
          url: DOC.technical,
          detail: `min_disk is ${image.min_disk} GiB but the image needs ${needBytes} bytes (${needGiB} GiB)`,
          fix,
        }),
      ];
    }
    return [];
  },
};

const minRam: PropertyRule = {
  id: 'scs-0102-prop-min_ram',
  property: 'min_ram',
  check(image) {
    if (!(image.min_ram > 0)) {
      return [
        imageFinding('error', image, {
          property: 'min_ram',
          rule: 'min_ram (MiB) must be set and sufficient to boot',
          observed: image.min_ram,
          expected: 'the RAM in MiB the image needs to boot, e.g. 512',
          url: DOC.technical,
          detail: 'min_ram is not set (0), expected the RAM in MiB the image needs to boot',
          fix: `openstack image set --min-ram 512 ${image.id}`,
        }),
      ];
    }
    if (image.min_ram < MIN_RAM_WARNING_MIB) {
      return [
        imageFinding('warning', image, {
          property: 'min_ram',
          rule: 'min_ram (MiB) must be sufficient to boot',
          observed: image.min_ram,
          expected: `at least ${MIN_RAM_WARNING_MIB}`,
          url: DOC.technical,
          detail: `min_ram is ${image.min_ram} MiB, which is unlikely to be enough to boot`,
        }),
      ];
    }
    return [];
  },
};

const osVersion: PropertyRule = {
  id: 'scs-0102-prop-os_version',
  property: 'os_version',
  check(image) {
    const v = prop(image, 'os_version');
    if (v === undefined) return [missing(image, 'os_version', DOC.technical, 'os_version must be set', 'the version of the distribution, e.g. 24.04', '24.04')];
    if (!/\d/.test(v)) {
      return [
        imageFinding('warning', image, {
          property: 'os_version',
          rule: 'os_version should be numeric if the distribution uses numbers',
          observed: v,
          expected: 'a version number such as 24.04',
          url: DOC.technical,
        }),
      ];
    }
    return [];
  },
};

const osDistro: PropertyRule = {
  id: 'scs-0102-prop-os_distro',
  property: 'os_distro',
  check(image) {
    const v = prop(image, 'os_distro');
    const expected = 'a lower-case distribution name from the OpenStack/libosinfo vocabulary, e.g. ubuntu';
    if (v === undefined) return [missing(image, 'os_distro', DOC.technical, 'os_distro must be set', expected, 'ubuntu')];
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(v)) {
      return [
        imageFinding('error', image, {
          property: 'os_distro',
          rule: 'os_distro must follow the OpenStack vocabulary (lower case, no vendor prefix)',
          observed: v,
          expected,
          url: DOC.technical,
          fix: setPropertyFix(image, 'os_distro', v.toLowerCase().replace(/^org\./, '').replace(/[^a-z0-9_-]/g, '')),
        }),
      ];
    }
    if (!KNOWN_OS_DISTROS.includes(v)) {
      return [
        imageFinding('warning', image, {
          property: 'os_distro',
          rule: 'os_distro must follow the OpenStack vocabulary',
          observed: v,
          expected: [...KNOWN_OS_DISTROS],
          url: DOC.technical,
          detail: `os_distro "${v}" is not one of the values OpenStack lists; make sure libosinfo knows it`,
        }),
      ];
    }
    return [];
  },
};

const osPurpose = enumerated('scs-0102-prop-os_purpose', 'os_purpose', OS_PURPOSES, DOC.osPurpose, 'generic');

const hwDiskBus: PropertyRule = {
  ...enumerated('scs-0102-prop-hw_disk_bus', 'hw_disk_bus', DISK_BUSES, DOC.technical, 'scsi'),
  summarize(images) {
    const other = images.filter((i) => {
      const v = prop(i, 'hw_disk_bus');
      return v !== undefined && v !== 'scsi' && DISK_BUSES.includes(v);
    });
    if (other.length === 0) return [];
    return [
      {
        level: 'info',
        text: `${other.length} image(s) use a disk bus other than scsi, which scs-0102 recommends (with hw_scsi_model): ${other
          .slice(0, 5)
          .map((i) => i.name)
          .join(', ')}${other.length > 5 ? ', …' : ''}`,
        rule: 'hw_disk_bus: scsi recommended',
        url: DOC.technical,
      },
    ];
  },
};

const hypervisorType: PropertyRule = {
  id: 'scs-0102-prop-hypervisor_type',
  property: 'hypervisor_type',
  check(image) {
    const v = prop(image, 'hypervisor_type');
    if (v === undefined) return [missing(image, 'hypervisor_type', DOC.technical, 'hypervisor_type is recommended', [...HYPERVISOR_TYPES], 'qemu')];
    if (HYPERVISOR_TYPES.includes(v)) return [];
    return [
      imageFinding('error', image, {
        property: 'hypervisor_type',
        rule: `hypervisor_type must follow the OpenStack list (${HYPERVISOR_TYPES.join(', ')})`,
        observed: v,
        expected: [...HYPERVISOR_TYPES],
        url: DOC.technical,
        detail:
          v.toLowerCase() === 'kvm'
            ? 'hypervisor_type is "kvm", but OpenStack uses "qemu" for both QEMU and KVM'
            : `hypervisor_type is "${v}", expected one of ${HYPERVISOR_TYPES.join(', ')}`,
        fix: setPropertyFix(image, 'hypervisor_type', 'qemu'),
      }),
    ];
  },
};

const hwRngModel = enumerated('scs-0102-prop-hw_rng_model', 'hw_rng_model', RNG_MODELS, DOC.technical, 'virtio');

const hashAlgo: PropertyRule = {
  id: 'scs-0102-prop-hash_algo',
  property: 'os_hash_algo',
  check(image) {
    const v = image.os_hash_algo ?? undefined;
    if (v !== undefined && HASH_ALGOS.includes(v)) return [];
    return [
      imageFinding('error', image, {
        property: 'os_hash_algo',
        rule: 'os_hash_algo should be sha256 or sha512',
        observed: v,
        expected: [...HASH_ALGOS],
        url: DOC.buildInfo,
        detail: v === undefined ? 'os_hash_algo is not set (Glance computes it when the data is uploaded)' : undefined,
        fix: `upload the image data again with Glance's [DEFAULT] hashing_algorithm set to sha512 (os_hash_algo cannot be set by hand)`,
      }),
    ];
  },
};

const imageBuildDate: PropertyRule = {
  id: 'scs-0102-prop-image_build_date',
  property: 'image_build_date',
  check(image, now) {
    const v = prop(image, 'image_build_date');
    const url = DOC.buildInfo;
    const expected = 'YYYY-MM-DD or YYYY-MM-DD hh:mm[:ss] (UTC)';
    if (v === undefined) return [missing(image, 'image_build_date', url, 'image_build_date must be set', expected, now.toISOString().slice(0, 10))];
    const built = parseBuildDate(v);
    if (!built) {
      // An ISO timestamp carries the same information: suggest it in the standard's form.
      const iso = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?Z$/.exec(v);
      const suggestion = iso ? `${iso[1]} ${iso[2]}` : 'YYYY-MM-DD';
      return [
        imageFinding('error', image, {
          property: 'image_build_date',
          rule: `image_build_date must be ${expected}`,
          observed: v,
          expected,
          url,
          fix: setPropertyFix(image, 'image_build_date', suggestion),
        }),
      ];
    }
    if (built.getTime() > now.getTime()) {
      return [
        imageFinding('error', image, {
          property: 'image_build_date',
          rule: 'image_build_date cannot lie in the future',
          observed: v,
          expected: `not later than ${now.toISOString()}`,
          url,
          fix: setPropertyFix(image, 'image_build_date', '<the date of the newest patches included, YYYY-MM-DD>'),
        }),
      ];
    }
    const created = parseGlanceTimestamp(image.created_at);
    if (created && built.getTime() > created.getTime()) {
      return [
        imageFinding('error', image, {
          property: 'image_build_date',
          rule: 'image_build_date cannot be later than the image was registered',
          observed: v,
          expected: `not later than created_at ${image.created_at}`,
          url,
          fix: setPropertyFix(image, 'image_build_date', '<the date of the newest patches included, YYYY-MM-DD>'),
        }),
      ];
    }
    return [];
  },
};

const imageOriginalUser = nonEmpty(
  'scs-0102-prop-image_original_user',
  'image_original_user',
  DOC.buildInfo,
  'the default login user, or none',
  'ubuntu',
);

const imageSource = formatted({
  id: 'scs-0102-prop-image_source',
  property: 'image_source',
  url: DOC.origin,
  expected: 'a download URL (http, https, ftp, ftps) or "private"',
  example: 'private',
  valid: (v) => v === 'private' || isDownloadUrl(v),
  rule: 'image_source must be a download URL or "private"',
  suggest: (v) => (/^[a-z0-9.-]+\.[a-z]{2,}\//i.test(v) ? `https://${v}` : '<download URL or private>'),
});

export function isDownloadUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return DOWNLOAD_SCHEMES.includes(u.protocol) && u.hostname !== '';
  } catch {
    return false;
  }
}

const imageDescription = nonEmpty('scs-0102-prop-image_description', 'image_description', DOC.origin, 'a URL or text describing the image', 'https://example.com/release-notes');

const replaceFrequency = enumerated('scs-0102-prop-replace_frequency', 'replace_frequency', REPLACE_FREQUENCIES, DOC.updating, 'monthly');

const providedUntil = formatted({
  id: 'scs-0102-prop-provided_until',
  property: 'provided_until',
  url: DOC.updating,
  expected: 'YYYY-MM-DD, none or notice',
  example: 'notice',
  valid: isProvidedUntil,
  suggest: () => '<YYYY-MM-DD|none|notice>',
});

export function isProvidedUntil(v: string): boolean {
  return v === 'none' || v === 'notice' || parseDay(v) !== undefined;
}

const uuidValidity = formatted({
  id: 'scs-0102-prop-uuid_validity',
  property: 'uuid_validity',
  url: DOC.updating,
  expected: 'none, last-N, YYYY-MM-DD, notice or forever',
  example: 'last-3',
  valid: (v) => ['none', 'notice', 'forever'].includes(v) || /^last-[1-9]\d*$/.test(v) || parseDay(v) !== undefined,
  suggest: () => '<none|last-N|YYYY-MM-DD|notice|forever>',
});

/** Optional: judged only when set. */
const hotfixHours = formatted({
  id: 'scs-0102-prop-hotfix_hours',
  property: 'hotfix_hours',
  url: DOC.updating,
  expected: 'a non-negative integer, e.g. 48 (0 = best effort)',
  valid: (v) => /^\d+$/.test(v),
  rule: 'hotfix_hours, when set, must be a whole number of hours',
  suggest: () => '0',
});

/** Every property rule, in the order of the testcase list of scs-0102-w1. */
export const PROPERTY_RULES: readonly PropertyRule[] = [
  architecture,
  hashAlgo,
  minDisk,
  minRam,
  osVersion,
  osDistro,
  osPurpose,
  hwDiskBus,
  hypervisorType,
  hwRngModel,
  imageBuildDate,
  imageOriginalUser,
  imageSource,
  imageDescription,
  replaceFrequency,
  providedUntil,
  uuidValidity,
  hotfixHours,
];
