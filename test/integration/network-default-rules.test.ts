/** scs-0115 through real HTTP against the sandbox (Keystone + Neutron default security group rules). */
import { describe, expect, it } from 'vitest';
import { listDefaultSecurityGroupRules } from '../../src/openstack/network.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { defaultRules } from '../../testsuites/iaas/scs-0115-security-groups/default-rules.js';
import { sandboxesPerSuite, sandboxFacts, sandboxSession, withSandbox } from '../helpers/sandbox.js';

const DOC = 'https://docs.scs.community/standards/scs-0115-w1-security-groups-implementation#automated-tests';

async function evaluate(sb: RunningSandbox) {
  const store = sandboxFacts(sb);
  return defaultRules.evaluate(await store.getAll(defaultRules.needs), { now: new Date(), id: defaultRules.id, url: DOC, params: {} });
}

describe('scs-0115-default-rules against the sandbox', () => {
  const sandboxes = sandboxesPerSuite({ compliant: loadProfile('compliant'), violations: loadProfile('violations') });

  it('reads the rules with Neutron field names', async () => {
    const session = await sandboxSession(sandboxes.compliant);
    const listing = await listDefaultSecurityGroupRules(session);
    if (!listing.available) throw new Error('expected the API to be available');
    expect(listing.url).toBe(`${sandboxes.compliant.url}/network/v2.0/default-security-group-rules`);
    expect(listing.rules).toHaveLength(4);
    expect(listing.rules.find((r) => r.id === '93e35d0c-2482-4ec1-9fbd-fd8c9a21a04e')).toEqual({
      id: '93e35d0c-2482-4ec1-9fbd-fd8c9a21a04e',
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: null,
      portRangeMin: null,
      portRangeMax: null,
      remoteIpPrefix: null,
      remoteGroupId: 'PARENT',
      remoteAddressGroupId: null,
      usedInDefaultSg: true,
      usedInNonDefaultSg: false,
      description: '',
    });
  });

  it('PASSes the compliant profile (the standard example)', async () => {
    const out = await evaluate(sandboxes.compliant);
    expect(out.verdict).toBe('PASS');
    expect(out.findings.filter((f) => f.level !== 'info')).toEqual([]);
  });

  it('FAILs the violations profile with one error per violated rule', async () => {
    const out = await evaluate(sandboxes.violations);
    expect(out.verdict).toBe('FAIL');
    const errors = out.findings.filter((f) => f.level === 'error');
    expect(errors.map((f) => f.object)).toEqual([
      'default security group rule 5b0c0000-0000-4000-8000-000000000001 (ingress IPv4 tcp port 22 from 0.0.0.0/0)',
      'default security group rule 5b0c0000-0000-4000-8000-000000000002 (ingress IPv4 any protocol from remote group PARENT)',
      'default security group rules (custom security groups, IPv4)',
      'default security group rules (default security groups, IPv6)',
      'default security group rules (custom security groups, IPv6)',
    ]);
    for (const f of errors) {
      expect(f.url).toBe(DOC);
      expect(f.fix).toMatch(/^openstack default security group rule /);
    }
  });

  it('rejects a malformed rule at start-up', async () => {
    await expect(startSandbox({ ...loadProfile('compliant'), network: { default_security_group_rules: [{ direction: 'in', ethertype: 'IPv4' }] } })).rejects.toThrow(
      'sandbox profile, section network: default_security_group_rules[0]: direction must be ingress or egress, not in',
    );
  });

  it('ABORTs without creating anything when Neutron lacks the API (404)', async () => {
    const profile = loadProfile('compliant');
    await withSandbox({ ...profile, network: { ...(profile.network as object), default_security_group_rules_api: false } }, async (sb) => {
      const out = await evaluate(sb);
      expect(out.verdict).toBe('ABORT');
      expect(out.findings[0]!.text).toContain(
        `Neutron answered 404 for GET ${sb.url}/network/v2.0/default-security-group-rules: the extension security-groups-default-rules is not among the 1 extensions Neutron lists`,
      );
      expect(sb.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/auth/tokens'))).toEqual([]);
    });
  });
});
