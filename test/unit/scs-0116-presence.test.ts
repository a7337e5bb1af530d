import { describe, expect, it } from 'vitest';
import type { ServiceCatalog } from '../../src/openstack/facts.js';
import { presence } from '../../testsuites/iaas/scs-0116-key-manager/presence.js';

const URL_ = 'https://docs.scs.community/standards/scs-0116-w1-key-manager-implementation-testing#automated-tests';
const ctx = { now: new Date(), id: 'scs-0116-presence', url: URL_, params: {} };
const catalog = (...types: string[]): ServiceCatalog => ({
  services: types.map((type, i) => ({ id: `svc${i}`, type, name: type === 'key-manager' ? 'barbican' : type, endpoints: [{ interface: 'public', url: `https://${type}.example` }] })),
  interface: 'public',
  cloudName: 'test',
});

describe('scs-0116-presence', () => {
  it('passes when the catalog has a key-manager', () => {
    const out = presence.evaluate({ catalog: catalog('identity', 'compute', 'key-manager') }, ctx);
    expect(out.verdict).toBe('PASS');
    expect(out.findings[0]).toMatchObject({ level: 'info', object: 'catalog service barbican (id svc2)' });
  });
  it('fails without one, listing the types that are there', () => {
    const out = presence.evaluate({ catalog: catalog('network', 'identity', 'compute', 'network') }, ctx);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]).toMatchObject({ level: 'error', observed: ['compute', 'identity', 'network'], expected: 'a service of type key-manager (e.g. Barbican)', url: URL_ });
  });
  it('does not accept a look-alike type', () => {
    expect(presence.evaluate({ catalog: catalog('keymanager', 'key-manager-v2') }, ctx).verdict).toBe('FAIL');
  });
});
