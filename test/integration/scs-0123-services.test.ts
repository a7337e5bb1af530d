/**
 * scs-0123 presence testcases: evaluated over the catalog of real sandbox tokens (compliant and
 * violations profiles) and over hand-made catalogs for the edge cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FactStore } from '../../src/engine/facts.js';
import type { EvalContext, Outcome, ReadTestcase } from '../../src/engine/types.js';
import { createOpenStackConnector } from '../../src/openstack/connect.js';
import type { ServiceCatalog } from '../../src/openstack/facts.js';
import { sandboxCloud } from '../../src/sandbox/cloud-config.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { testcases } from '../../testsuites/iaas/scs-0123-mandatory-services/index.js';
import { SCS_0123_URL, SERVICE_REQUIREMENTS, servicePresenceTestcase } from '../../testsuites/iaas/scs-0123-mandatory-services/services.js';
import { builtinTestcases } from '../../testsuites/index.js';

const URL_FROM_SCOPE = 'https://docs.scs.community/standards/scs-0123-w1-mandatory-and-supported-IaaS-services-implementation#automated-tests';
const PROJECT_ID = '3c6b0f9e2a7d4e51b8f4a2c9d0e1f203';

function ctx(id: string): EvalContext {
  return { now: new Date(), id, url: URL_FROM_SCOPE, params: {} };
}

async function runAll(profileName: string): Promise<Map<string, Outcome>> {
  // Only the identity section: these testcases read nothing but the token's catalog.
  const profile = loadProfile(profileName);
  const sb: RunningSandbox = await startSandbox({ name: profileName, identity: profile.identity });
  try {
    const env = { openstack: createOpenStackConnector(sandboxCloud(sb)), variables: {}, runId: 't', log: () => undefined };
    const store = new FactStore(env, new AbortController().signal, new Date());
    const out = new Map<string, Outcome>();
    for (const tc of testcases) {
      if (tc.kind !== 'read' || !IDS.includes(tc.id)) continue;
      const facts = await store.getAll(tc.needs);
      out.set(tc.id, tc.evaluate(facts, ctx(tc.id)));
    }
    // One token, one request: the catalog comes with the token.
    expect(sb.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /identity/v3/auth/tokens']);
    return out;
  } finally {
    await sb.close();
  }
}

const IDS = [
  'scs-0123-service-compute',
  'scs-0123-service-identity',
  'scs-0123-service-image',
  'scs-0123-service-network',
  'scs-0123-service-load-balancer',
  'scs-0123-service-placement',
  'scs-0123-storage-apis',
];

describe('registration', () => {
  it('exports the seven catalog testcases and registers them as built-ins', () => {
    expect(testcases.map((t) => t.id).filter((id) => IDS.includes(id))).toEqual(IDS);
    const builtins = builtinTestcases();
    for (const id of IDS) expect(builtins.get(id)?.kind).toBe('read');
  });
});

describe('against the sandbox', () => {
  let compliant: Map<string, Outcome>;
  let violations: Map<string, Outcome>;
  beforeAll(async () => {
    compliant = await runAll('compliant');
    violations = await runAll('violations');
  });
  afterAll(() => undefined);

  it('the compliant cloud passes every testcase without warnings', () => {
    for (const id of IDS) {
      const o = compliant.get(id)!;
      expect(o.verdict, id).toBe('PASS');
      expect(o.findings.filter((f) => f.level !== 'info'), id).toEqual([]);
    }
    expect(compliant.get('scs-0123-storage-apis')!.evidence).toMatchObject({ matchedTypes: ['block-storage', 'volumev3'] });
  });

  it('the violations cloud fails load-balancer and storage, naming the object, rule, values and URL', () => {
    const lb = violations.get('scs-0123-service-load-balancer')!;
    expect(lb.verdict).toBe('FAIL');
    const err = lb.findings.find((f) => f.level === 'error')!;
    expect(err.object).toBe(`the service catalog of project scs-test (id ${PROJECT_ID}) in cloud sandbox`);
    expect(err.rule).toBe('SCS-0123: the Keystone service catalog must list a service of type "load-balancer"');
    expect(err.expected).toBe('load-balancer');
    expect(err.observed).toEqual(['compute', 'identity', 'image', 'key-manager', 'network', 'object-store', 'object-store-s3', 'placement', 'volumev2']);
    expect(err.url).toBe(URL_FROM_SCOPE);
    expect(err.text).toContain('has no service of type "load-balancer"');
    expect(err.fix).toContain('openstack service create --name octavia load-balancer');

    const storage = violations.get('scs-0123-storage-apis')!;
    expect(storage.verdict).toBe('FAIL');
    const serr = storage.findings.find((f) => f.level === 'error')!;
    expect(serr.expected).toBe('one of block-storage, volumev3, volume');
    expect(serr.rule).toBe('SCS-0123: the Keystone service catalog must list a service of type "block-storage", "volumev3" or "volume"');

    for (const id of IDS.filter((i) => i !== 'scs-0123-service-load-balancer' && i !== 'scs-0123-storage-apis')) {
      expect(violations.get(id)!.verdict, id).toBe('PASS');
    }
  });
});

describe('edge cases (pure evaluation)', () => {
  const storage = servicePresenceTestcase(SERVICE_REQUIREMENTS.find((r) => r.id === 'scs-0123-storage-apis')!) as ReadTestcase;
  const compute = servicePresenceTestcase(SERVICE_REQUIREMENTS[0]!) as ReadTestcase;
  const base: ServiceCatalog = { services: [], project: { id: 'p1', name: 'proj' }, interface: 'public', region: 'R1', cloudName: 'c' };

  it('passes on an alias and warns that the canonical type should be used', () => {
    const catalog: ServiceCatalog = { ...base, services: [{ type: 'volume', name: 'cinder', id: 's1', endpoints: [{ interface: 'public', region_id: 'R1', url: 'https://c' }] }] };
    const o = storage.evaluate({ catalog }, ctx('scs-0123-storage-apis'));
    expect(o.verdict).toBe('PASS');
    const w = o.findings.filter((f) => f.level === 'warning');
    expect(w).toHaveLength(1);
    expect(w[0]!.text).toContain('only under the alias type volume');
    expect(w[0]!.expected).toBe('block-storage');
  });

  it('passes on type presence alone, warning when no endpoint serves the interface and region', () => {
    const catalog: ServiceCatalog = { ...base, services: [{ type: 'compute', name: 'nova', endpoints: [{ interface: 'internal', region_id: 'R1', url: 'https://n' }] }] };
    const o = compute.evaluate({ catalog }, ctx('scs-0123-service-compute'));
    expect(o.verdict).toBe('PASS');
    expect(o.findings.find((f) => f.level === 'warning')?.observed).toEqual(['internal@R1']);
  });

  it('fails a scoped token with an empty catalog, aborts an unscoped one', () => {
    expect(compute.evaluate({ catalog: base }, ctx('x')).verdict).toBe('FAIL');
    const o = compute.evaluate({ catalog: { ...base, project: undefined } }, ctx('x'));
    expect(o.verdict).toBe('ABORT');
    expect(o.findings[0]!.text).toMatch(/not scoped to a project/);
  });

  it('falls back to the standard URL when the scope file gives none', () => {
    const o = compute.evaluate({ catalog: { ...base, services: [{ type: 'image', endpoints: [] }] } }, { ...ctx('x'), url: '' });
    expect(o.findings[0]!.url).toBe(SCS_0123_URL);
    expect(o.findings[0]!.observed).toEqual(['image']);
  });
});
