/**
 * The standard flavors of scs-0103-v1 (v1.2): their recommended names and status, as the standard's
 * tables list them. What each flavor must look like is derived from its name by the scs-0100 module.
 */

export type FlavorStatus = 'mandatory' | 'recommended';

export interface StandardFlavor {
  name: string;
  status: FlavorStatus;
}

const MANDATORY = [
  'SCS-1V-4', 'SCS-2V-8', 'SCS-4V-16', 'SCS-4V-16-100s', 'SCS-8V-32', 'SCS-1V-2', 'SCS-2V-4', 'SCS-2V-4-20s',
  'SCS-4V-8', 'SCS-8V-16', 'SCS-16V-32', 'SCS-1V-8', 'SCS-2V-16', 'SCS-4V-32', 'SCS-1L-1',
];

const RECOMMENDED = [
  // part 1: fixed-size root disks of unspecified type
  'SCS-1V-4-10', 'SCS-2V-8-20', 'SCS-4V-16-50', 'SCS-8V-32-100', 'SCS-1V-2-5', 'SCS-2V-4-10', 'SCS-4V-8-20',
  'SCS-8V-16-50', 'SCS-16V-32-100', 'SCS-1V-8-20', 'SCS-2V-16-50', 'SCS-4V-32-100', 'SCS-1L-1-5',
  // part 2 (v1.2): more RAM
  'SCS-16V-64', 'SCS-8V-64', 'SCS-16V-128',
];

export const STANDARD_FLAVORS: readonly StandardFlavor[] = [
  ...MANDATORY.map((name) => ({ name, status: 'mandatory' as const })),
  ...RECOMMENDED.map((name) => ({ name, status: 'recommended' as const })),
];

/** `SCS-2V-4-20s` → `scs-0103-flavor-2v-4-20s`. */
export function testcaseId(name: string): string {
  return `scs-0103-flavor-${name.slice('SCS-'.length).toLowerCase()}`;
}
