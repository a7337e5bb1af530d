/**
 * Picking endpoints from the token's service catalog: by service type (with the aliases of the
 * OpenStack Service Type Authority), then interface, then region. Pure functions over the catalog.
 */
import { ServiceNotFoundError } from './errors.js';
import type { CatalogEndpoint, CatalogService } from './types.js';

/**
 * Official aliases (service-types-authority), canonical type first, in the order we prefer them when
 * several are present. Only types this harness uses or the SCS standards name are listed.
 */
const ALIAS_GROUPS: string[][] = [
  ['block-storage', 'volumev3', 'volume', 'volumev2', 'block-store'],
  ['shared-file-system', 'sharev2', 'share'],
  ['baremetal', 'bare-metal'],
  ['instance-ha', 'ha'],
  ['container-infrastructure-management', 'container-infrastructure', 'container-infra'],
  ['clustering', 'cluster'],
  ['workflow', 'workflowv2'],
];

/** The canonical type and its aliases, for one requested type; unknown types stand alone. */
export function serviceTypeAliases(type: string): string[] {
  const group = ALIAS_GROUPS.find((g) => g.includes(type));
  return group ? [...group] : [type];
}

/** Canonical name of a type (the first of its alias group). */
export function canonicalServiceType(type: string): string {
  return serviceTypeAliases(type)[0]!;
}

/**
 * The types to look for, in order: the requested ones first as given, then their aliases.
 * `endpoint('block-storage')` finds a `volumev3` entry; `endpoint(['volumev3'])` also finds `block-storage`.
 */
export function candidateTypes(types: string | string[]): string[] {
  const requested = Array.isArray(types) ? types : [types];
  const out: string[] = [];
  for (const t of requested) if (!out.includes(t)) out.push(t);
  for (const t of requested) for (const a of serviceTypeAliases(t)) if (!out.includes(a)) out.push(a);
  return out;
}

function regionOf(e: CatalogEndpoint): string | undefined {
  return e.region_id ?? e.region ?? undefined;
}

export interface EndpointChoice {
  service: CatalogService;
  endpoint: CatalogEndpoint;
}

/**
 * The endpoint of a service type for the interface and region. Throws ServiceNotFoundError (with the
 * types the catalog has) when there is none, and when several regions match and none was chosen.
 */
export function selectEndpoint(catalog: CatalogService[], types: string | string[], iface: string, region: string | undefined): EndpointChoice {
  const requested = Array.isArray(types) ? types : [types];
  const available = [...new Set(catalog.map((s) => s.type))].sort();
  const seenElsewhere: string[] = [];
  for (const type of candidateTypes(types)) {
    for (const service of catalog.filter((s) => s.type === type)) {
      const byInterface = (service.endpoints ?? []).filter((e) => normaliseInterface(e.interface) === iface);
      const matching = region ? byInterface.filter((e) => regionOf(e) === region) : byInterface;
      if (matching.length === 0) {
        for (const e of service.endpoints ?? []) seenElsewhere.push(`${normaliseInterface(e.interface)}${regionOf(e) ? `@${regionOf(e)}` : ''}`);
        continue;
      }
      if (!region) {
        const regions = [...new Set(matching.map(regionOf).filter((r): r is string => !!r))];
        if (regions.length > 1) {
          throw new ServiceNotFoundError(
            requested,
            iface,
            undefined,
            available,
            `there are endpoints in several regions (${regions.join(', ')}) — set region_name for the cloud`,
          );
        }
      }
      return { service, endpoint: matching[0]! };
    }
  }
  const reason = seenElsewhere.length
    ? `the service catalog has endpoints of that type only for ${[...new Set(seenElsewhere)].join(', ')} (interface@region)`
    : 'the service catalog has none';
  throw new ServiceNotFoundError(requested, iface, region, available, reason);
}

/** `publicURL` (Keystone v2 style) → `public`. */
export function normaliseInterface(iface: string): string {
  return iface.toLowerCase().replace(/url$/, '');
}

/** Whether the catalog has an entry of the type or one of its aliases (endpoints not inspected). */
export function catalogHas(catalog: CatalogService[], types: string | string[]): boolean {
  const wanted = candidateTypes(types);
  return catalog.some((s) => wanted.includes(s.type));
}
