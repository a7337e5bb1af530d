/**
 * The values scs-0102 admits for its enumerated properties, and where each list comes from.
 * See docs/decisions/scs-0102.md for why a list is what it is.
 */

/** Where the rules are written down (anchors of the stable text; os_purpose is mandatory in v2). */
export const DOC = {
  technical: 'https://docs.scs.community/standards/scs-0102-v1-image-metadata#technical-requirements-and-features',
  osPurpose: 'https://docs.scs.community/standards/scs-0102-v2-image-metadata#technical-requirements-and-features',
  updating: 'https://docs.scs.community/standards/scs-0102-v1-image-metadata#image-updating',
  origin: 'https://docs.scs.community/standards/scs-0102-v1-image-metadata#image-origin',
  buildInfo: 'https://docs.scs.community/standards/scs-0102-v1-image-metadata#image-build-info',
} as const;

/**
 * CPU architectures: the list of OpenStack's "useful image properties" page plus the canonical names
 * Nova's image property schema accepts (aarch64, ppc64le, ...). `risc-v` is in neither.
 */
export const ARCHITECTURES: readonly string[] = [
  'aarch64', 'alpha', 'armv6', 'armv7l', 'armv7b', 'cris', 'i686', 'ia64', 'lm32', 'm68k', 'microblaze',
  'microblazeel', 'mips', 'mipsel', 'mips64', 'mips64el', 'openrisc', 'parisc', 'parisc64', 'ppc', 'ppcle',
  'ppc64', 'ppc64le', 'ppcemb', 's390', 's390x', 'sh4', 'sh4eb', 'sparc', 'sparc64', 'unicore32', 'x86_64',
  'xtensa', 'xtensaeb',
];

/**
 * `os_distro` values OpenStack documents. OpenStack asks for the libosinfo vocabulary, which is larger,
 * so a lower-case value outside this list is only a warning.
 */
export const KNOWN_OS_DISTROS: readonly string[] = [
  'arch', 'centos', 'debian', 'fedora', 'freebsd', 'gentoo', 'mandrake', 'mandriva', 'mes', 'msdos', 'netbsd',
  'netware', 'openbsd', 'opensolaris', 'opensuse', 'rocky', 'rhel', 'sled', 'ubuntu', 'windows',
];

/** `hypervisor_type` values of OpenStack's useful-image-properties list (`qemu` covers KVM). */
export const HYPERVISOR_TYPES: readonly string[] = ['hyperv', 'ironic', 'lxc', 'qemu', 'uml', 'vmware', 'xen'];

/** Disk buses Nova's libvirt driver knows (`scsi` is the one scs-0102 recommends). */
export const DISK_BUSES: readonly string[] = ['scsi', 'virtio', 'ide', 'sata', 'usb', 'fdc', 'xen', 'lxc', 'uml'];

/** `os_purpose` values: v1's six plus `oldgeneric` (added in v2; the testcase id is shared). */
export const OS_PURPOSES: readonly string[] = ['generic', 'oldgeneric', 'minimal', 'k8snode', 'gpu', 'network', 'custom'];

export const RNG_MODELS: readonly string[] = ['virtio'];

export const HASH_ALGOS: readonly string[] = ['sha256', 'sha512'];

/** `replace_frequency` values; the periodic ones are judged by scs-0102-image-recency. */
export const REPLACE_FREQUENCIES: readonly string[] = ['yearly', 'quarterly', 'monthly', 'weekly', 'daily', 'critical_bug', 'never'];

/** URL schemes from which an image "can be downloaded" (`image_source`). */
export const DOWNLOAD_SCHEMES: readonly string[] = ['http:', 'https:', 'ftp:', 'ftps:'];
