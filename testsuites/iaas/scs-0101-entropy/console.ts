/**
 * What the entropy VM runs and how its console log is read: the cloud-init user data that prints
 * marked report lines to the console, the parser of those lines, and the two verdicts. Pure.
 */
import { abort, judge, pass, type Finding, type Outcome } from '../../../src/engine/types.js';

/** Every report line starts with `<MARKER>-<section>: `; the last line is `<MARKER>-end`. */
export const MARKER = 'scs-compliance-0101';
/** cloud-init's own message when the runcmd script could not run. */
export const CLOUD_INIT_FAILURE = 'Failed to run module scripts-user';

export const ENTROPY_EXPECTED = 256;
/** rngtest failures (out of 1000 blocks) up to which the test passes quietly. */
export const FIPS_QUIET_MAX = 3;
/** Up to this many failures still PASS, with a warning (see docs/decisions/scs-0101.md). */
export const FIPS_PASS_MAX = 5;

/**
 * The cloud-config of the VM. The marker is assembled in the shell (`$M-…`), so the user data never
 * contains a complete report line: a console that echoes the user data cannot fake a result.
 */
export function cloudInitUserData(): string {
  return [
    '#cloud-config',
    '# scs-compliance, scs-0101 entropy: report to the console, then this VM is deleted.',
    'bootcmd:',
    '  # a login prompt on the serial console would be mixed into the report lines',
    '  - [systemctl, mask, serial-getty@ttyS0.service]',
    'packages:',
    '  - rng-tools5',
    'runcmd:',
    '  - - sh',
    '    - -c',
    '    - |',
    `      M=${MARKER}`,
    '      report() { sed "s/^/$M-$1: /"; }',
    '      report entropy-avail < /proc/sys/kernel/random/entropy_avail',
    '      rngtest -c 1000 < /dev/random 2>&1 | report fips-test',
    '      echo "$M-end"',
    '',
  ].join('\n');
}

export interface ConsoleReport {
  /** Payload lines per section, in order. */
  sections: Record<string, string[]>;
  /** The end marker was seen. */
  ended: boolean;
  /** cloud-init said the script could not run. */
  failed: boolean;
}

/**
 * Reads the console log: every line containing `<MARKER>-` contributes the text after it, split at
 * the first `:` into section and payload (lines without `:` other than the end marker are ignored).
 */
export function parseConsole(text: string): ConsoleReport {
  const sections: Record<string, string[]> = {};
  let ended = false;
  const prefix = `${MARKER}-`;
  for (const rawLine of text.split(/\r?\n/)) {
    const at = rawLine.indexOf(prefix);
    if (at < 0) continue;
    const rest = rawLine.slice(at + prefix.length);
    const colon = rest.indexOf(':');
    if (colon < 0) {
      if (rest.trim() === 'end') ended = true;
      continue;
    }
    const name = rest.slice(0, colon).trim();
    (sections[name] ??= []).push(rest.slice(colon + 1).trim());
  }
  return { sections, ended, failed: text.includes(CLOUD_INIT_FAILURE) };
}

/** Names the VM in findings. */
export interface VmDescription {
  server: { id: string; name: string };
  image: { id: string; name: string };
  flavor: { id: string; name: string };
}

function vmObject(vm: VmDescription): string {
  return `VM ${vm.server.name} (id ${vm.server.id}; image "${vm.image.name}" (id ${vm.image.id}), flavor ${vm.flavor.name} (id ${vm.flavor.id}))`;
}

function missing(section: string, vm: VmDescription, report: ConsoleReport): Outcome {
  const seen = Object.keys(report.sections);
  return abort(
    `the console log of ${vmObject(vm)} has no "${section}" report line${seen.length ? ` (it has: ${seen.join(', ')})` : ''}, so the result is unknown`,
  );
}

/** scs-0101-entropy-avail: the first `entropy-avail` line must be 256. */
export function judgeEntropyAvail(report: ConsoleReport, vm: VmDescription, url: string): Outcome {
  const first = report.sections['entropy-avail']?.[0];
  if (first === undefined) return missing('entropy-avail', vm, report);
  const value = Number(first);
  const evidence = { entropyAvail: first, server: vm.server.id, image: vm.image.name, flavor: vm.flavor.name };
  if (first !== '' && value === ENTROPY_EXPECTED) return pass([], evidence);
  if (first === '' || !Number.isFinite(value)) return abort(`the "entropy-avail" line of ${vmObject(vm)} is not a number: ${JSON.stringify(first)}`, evidence);
  return judge(
    [
      {
        level: 'error',
        text: `${vmObject(vm)} reports /proc/sys/kernel/random/entropy_avail = ${first}, but a VM with entropy from the CPU and a Linux kernel ≥ 5.18 reports ${ENTROPY_EXPECTED}.`,
        object: vmObject(vm),
        rule: `/proc/sys/kernel/random/entropy_avail is ${ENTROPY_EXPECTED}`,
        observed: value,
        expected: ENTROPY_EXPECTED,
        url,
      },
    ],
    evidence,
  );
}

/** scs-0101-fips-test: rngtest's FIPS 140-2 failures out of 1000 blocks. */
export function judgeFipsTest(report: ConsoleReport, vm: VmDescription, url: string): Outcome {
  const lines = report.sections['fips-test'];
  if (lines === undefined) return missing('fips-test', vm, report);
  const m = lines.join('\n').match(/failures:\s*(\d+)/);
  if (!m) {
    return abort(`rngtest on ${vmObject(vm)} printed no "failures:" count, so the test is inconclusive; its output: ${lines.slice(-3).join(' | ') || '(empty)'}`);
  }
  const failures = Number(m[1]);
  const evidence = { fipsFailures: failures, server: vm.server.id, image: vm.image.name, flavor: vm.flavor.name };
  const object = vmObject(vm);
  if (failures <= FIPS_QUIET_MAX) return pass([], evidence);
  if (failures <= FIPS_PASS_MAX) {
    const f: Finding = {
      level: 'warning',
      text: `rngtest on ${object} counted ${failures} FIPS 140-2 failures in 1000 blocks: accepted (at most ${FIPS_PASS_MAX}), but more than the usual ${FIPS_QUIET_MAX}.`,
      object,
      rule: `at most ${FIPS_PASS_MAX} FIPS 140-2 failures in 1000 blocks`,
      observed: failures,
      expected: `≤ ${FIPS_PASS_MAX}`,
      url,
    };
    return pass([f], evidence);
  }
  return judge(
    [
      {
        level: 'error',
        text: `rngtest on ${object} counted ${failures} FIPS 140-2 failures in 1000 blocks from /dev/random; a healthy entropy source fails at most ${FIPS_PASS_MAX}.`,
        object,
        rule: `at most ${FIPS_PASS_MAX} FIPS 140-2 failures in 1000 blocks (rngtest -c 1000)`,
        observed: failures,
        expected: `≤ ${FIPS_PASS_MAX}`,
        url,
      },
    ],
    evidence,
  );
}
