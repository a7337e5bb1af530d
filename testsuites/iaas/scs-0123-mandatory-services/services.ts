/**
 * scs-0123 presence testcases: the token's service catalog lists a service of each mandatory type.
 * As in the SCS reference, a testcase passes when at least one catalog entry has one of its types;
 * endpoints are not required to decide, but a matched entry without an endpoint for the interface and
 * region in use, and an alias used instead of the canonical type, are reported as warnings.
 */
import { abort, judge, readTestcase, type Finding, type ReadTestcase } from '../../../src/engine/types.js';
import { normaliseInterface } from '../../../src/openstack/catalog.js';
import { catalogFact, type ServiceCatalog } from '../../../src/openstack/facts.js';

export const SCS_0123_URL = 'https://docs.scs.community/standards/scs-0123-w1-mandatory-and-supported-IaaS-services-implementation#automated-tests';

export interface ServiceRequirement {
  id: string;
  /** Accepted catalog types; the first one is the canonical type. */
  types: string[];
  /** What the service is, for messages: `Compute (Nova)`. */
  label: string;
  /** A typical OpenStack service name, for the fix command. */
  serviceName: string;
}

export const SERVICE_REQUIREMENTS: ServiceRequirement[] = [
  { id: 'scs-0123-service-compute', types: ['compute'], label: 'Compute (Nova)', serviceName: 'nova' },
  { id: 'scs-0123-service-identity', types: ['identity'], label: 'Identity (Keystone)', serviceName: 'keystone' },
  { id: 'scs-0123-service-image', types: ['image'], label: 'Image (Glance)', serviceName: 'glance' },
  { id: 'scs-0123-service-network', types: ['network'], label: 'Network (Neutron)', serviceName: 'neutron' },
  { id: 'scs-0123-service-load-balancer', types: ['load-balancer'], label: 'Load-balancer (Octavia)', serviceName: 'octavia' },
  { id: 'scs-0123-service-placement', types: ['placement'], label: 'Placement', serviceName: 'placement' },
  { id: 'scs-0123-storage-apis', types: ['block-storage', 'volumev3', 'volume'], label: 'Block storage (Cinder)', serviceName: 'cinder' },
];

function catalogObject(c: ServiceCatalog): string {
  const project = c.project ? `project ${c.project.name ?? '(unnamed)'} (id ${c.project.id})` : 'an unscoped token';
  return `the service catalog of ${project} in cloud ${c.cloudName}`;
}

/** The findings for one requirement over a catalog (pure). */
export function presenceFindings(req: ServiceRequirement, catalog: ServiceCatalog, url: string): Finding[] {
  const present = [...new Set(catalog.services.map((s) => s.type))].sort();
  const matched = catalog.services.filter((s) => req.types.includes(s.type));
  const typeList = req.types.map((t) => `"${t}"`).join(req.types.length > 2 ? ', ' : ' or ').replace(/, ("[^"]*")$/, ' or $1');
  if (matched.length === 0) {
    return [
      {
        level: 'error',
        text: `${catalogObject(catalog)} has no service of type ${typeList}: the ${req.label} API is mandatory and must be findable in the Keystone catalog.`,
        object: catalogObject(catalog),
        rule: `SCS-0123: the Keystone service catalog must list a service of type ${typeList}`,
        observed: present,
        expected: req.types.length === 1 ? req.types[0] : `one of ${req.types.join(', ')}`,
        url,
        fix:
          `openstack service create --name ${req.serviceName} ${req.types[0]} && ` +
          `openstack endpoint create --region <region> ${req.types[0]} public https://<${req.serviceName}-endpoint>`,
      },
    ];
  }
  const findings: Finding[] = matched.map((s) => ({
    level: 'info' as const,
    text: `The catalog lists ${s.name ? `"${s.name}"` : 'a service'} of type ${s.type} with ${s.endpoints.length} endpoint(s).`,
    object: `catalog service ${s.name ?? s.type}${s.id ? ` (id ${s.id})` : ''}`,
  }));
  const canonical = req.types[0]!;
  if (req.types.length > 1 && !matched.some((s) => s.type === canonical)) {
    findings.push({
      level: 'warning',
      text: `The ${req.label} API is listed only under the alias type ${[...new Set(matched.map((s) => s.type))].join(', ')}; catalog entries should use the canonical type "${canonical}".`,
      object: catalogObject(catalog),
      rule: 'SCS-0123 v2: catalog entries SHOULD use the canonical service type',
      observed: [...new Set(matched.map((s) => s.type))],
      expected: canonical,
      url: 'https://docs.scs.community/standards/scs-0123-v2-services#mandatory-iaas-apis',
    });
  }
  const reachable = matched.some((s) =>
    s.endpoints.some((e) => normaliseInterface(e.interface) === catalog.interface && (!catalog.region || (e.region_id ?? e.region) === catalog.region)),
  );
  if (!reachable) {
    findings.push({
      level: 'warning',
      text: `No ${req.label} entry has an endpoint for interface "${catalog.interface}"${catalog.region ? ` in region "${catalog.region}"` : ''}, so this run cannot use it.`,
      object: matched.map((s) => `catalog service ${s.name ?? s.type}${s.id ? ` (id ${s.id})` : ''}`).join(', '),
      rule: 'a mandatory service should be reachable on the interface and region the cloud is used with',
      observed: matched.flatMap((s) => s.endpoints.map((e) => `${e.interface}@${e.region_id ?? e.region ?? '-'}`)),
      expected: `${catalog.interface}@${catalog.region ?? '(any region)'}`,
      url,
    });
  }
  return findings;
}

/** A presence testcase over the catalog fact. */
export function servicePresenceTestcase(req: ServiceRequirement): ReadTestcase<{ catalog: typeof catalogFact }> {
  return readTestcase({
    id: req.id,
    needs: { catalog: catalogFact },
    evaluate: ({ catalog }, ctx) => {
      if (catalog.services.length === 0 && !catalog.project) {
        return abort(
          `The token of cloud ${catalog.cloudName} is not scoped to a project and has no service catalog: ` +
            'configure project_name/project_id (or an application credential) so the catalog can be checked.',
        );
      }
      const findings = presenceFindings(req, catalog, ctx.url || SCS_0123_URL);
      return judge(findings, {
        acceptedTypes: req.types,
        matchedTypes: [...new Set(catalog.services.filter((s) => req.types.includes(s.type)).map((s) => s.type))],
        catalogTypes: [...new Set(catalog.services.map((s) => s.type))].sort(),
      });
    },
  });
}

export const serviceTestcases = SERVICE_REQUIREMENTS.map(servicePresenceTestcase);
