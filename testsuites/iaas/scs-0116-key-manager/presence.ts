/** scs-0116-presence: the Keystone catalog offers a Key Manager API (service type `key-manager`). */
import { judge, readTestcase, type Finding } from '../../../src/engine/types.js';
import { catalogFact } from '../../../src/openstack/facts.js';
import type { CatalogService } from '../../../src/openstack/types.js';

export const KEY_MANAGER_URL = 'https://docs.scs.community/standards/scs-0116-v1-key-manager-standard#key-manager-standard';

export function presenceFindings(catalog: readonly CatalogService[], url: string): Finding[] {
  const entries = catalog.filter((s) => s.type === 'key-manager');
  if (entries.length > 0) {
    return entries.map((s) => ({
      level: 'info' as const,
      text: `The catalog lists the key manager${s.name ? ` "${s.name}"` : ''} (type key-manager) with ${s.endpoints.length} endpoint(s).`,
      object: `catalog service ${s.name ?? s.type}${s.id ? ` (id ${s.id})` : ''}`,
    }));
  }
  return [
    {
      level: 'error',
      text: 'The service catalog has no entry of type key-manager, so users cannot find a Key Manager API (scs-0116 recommends offering one).',
      object: 'the service catalog of the token',
      rule: 'the catalog should contain a service of type key-manager',
      observed: [...new Set(catalog.map((s) => s.type))].sort(),
      expected: 'a service of type key-manager (e.g. Barbican)',
      url,
      fix: 'openstack service create --name barbican key-manager && openstack endpoint create --region <region> key-manager public https://<barbican-host>:9311',
    },
  ];
}

export const presence = readTestcase({
  id: 'scs-0116-presence',
  needs: { catalog: catalogFact },
  evaluate: ({ catalog }, ctx) => judge(presenceFindings(catalog.services, ctx.url || KEY_MANAGER_URL), { catalogServices: catalog.services.length }),
});
