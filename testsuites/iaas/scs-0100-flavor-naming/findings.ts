/**
 * Small helpers for flavor findings: how a flavor is named in a message, and paste-ready commands.
 */
import type { Flavor } from '../../../src/openstack/compute.js';

/** `flavor SCS-2V-4 (id 7e1…)`. */
export function flavorObject(f: Pick<Flavor, 'name' | 'id'>): string {
  return `flavor ${f.name} (id ${f.id})`;
}

/** The flavor as an argument of the openstack CLI: its name when that is a plain token, else its id. */
export function flavorRef(f: Pick<Flavor, 'name' | 'id'>): string {
  return /^[A-Za-z0-9._:-]+$/.test(f.name) ? f.name : f.id;
}

/** One shell word: plain words as they are, anything else in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9._:/=@+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** ` --property k=v` for each entry, quoted for the shell. */
export function propertyArgs(props: Record<string, string>): string {
  return Object.entries(props)
    .map(([k, v]) => ` --property ${shellQuote(`${k}=${v}`)}`)
    .join('');
}

/** `openstack flavor set --property k=v … <flavor>`. */
export function setPropertyFix(f: Pick<Flavor, 'name' | 'id'>, props: Record<string, string>): string {
  return `openstack flavor set${propertyArgs(props)} ${flavorRef(f)}`;
}

/** `openstack flavor unset --property k <flavor>`. */
export function unsetPropertyFix(f: Pick<Flavor, 'name' | 'id'>, key: string): string {
  return `openstack flavor unset --property ${shellQuote(key)} ${flavorRef(f)}`;
}
