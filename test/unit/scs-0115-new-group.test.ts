/** scs-0115-default-rules without the default-rules API: judging the rules of a new security group, and run()'s branches. */
import { describe, expect, it } from 'vitest';
import type { FactDef } from '../../src/engine/facts.js';
import type { ActiveContext } from '../../src/engine/types.js';
import { defaultSecurityGroupRulesFact, type DefaultRulesListing, type SecurityGroupRule } from '../../src/openstack/network.js';
import { defaultRules, groupDescription, judgeNewGroup } from '../../testsuites/iaas/scs-0115-security-groups/default-rules.js';

const URL_ = 'https://docs.scs.community/standards/scs-0115-v1-default-rules-for-security-groups#standard';
const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', name: 'scs-1a2b3c4d-default-rules' };
const MISSING = 'Neutron answered 404 for GET http://127.0.0.1/network/v2.0/default-security-group-rules';

function rule(id: string, over: Partial<SecurityGroupRule> = {}): SecurityGroupRule {
  return { id, direction: 'egress', ethertype: 'IPv4', protocol: null, portRangeMin: null, portRangeMax: null, remoteIpPrefix: null, remoteGroupId: null, remoteAddressGroupId: null, description: '', ...over };
}

/** What Neutron before 2023.2 puts into every new custom security group. */
const NEUTRON_ZED = [rule('e4'), rule('e6', { ethertype: 'IPv6' })];

const judgeRules = (rules: SecurityGroupRule[]) => judgeNewGroup({ group: GROUP, rules, apiMissing: MISSING }, URL_);

describe('scs-0115 fallback: rules of a new security group', () => {
  it('passes egress IPv4 + IPv6 without restriction (Neutron Zed), saying what was and was not checked', () => {
    const out = judgeRules(NEUTRON_ZED);
    expect(out.verdict).toBe('PASS');
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]!.level).toBe('info');
    expect(out.findings[0]!.text).toContain(MISSING);
    expect(out.findings[0]!.text).toContain('those of the default security group are not checked');
    expect(out.evidence).toEqual({ source: 'new security group', securityGroup: GROUP.id, rules: 2, egressCovered: ['IPv4', 'IPv6'] });
  });

  it('passes egress with explicit 0.0.0.0/0 and ::/0', () => {
    expect(judgeRules([rule('e4', { remoteIpPrefix: '0.0.0.0/0' }), rule('e6', { ethertype: 'IPv6', remoteIpPrefix: '::/0' })]).verdict).toBe('PASS');
  });

  it('fails every ingress rule, also from the same group, naming rule, group, observed and expected values', () => {
    const ssh = rule('i22', { direction: 'ingress', protocol: 'tcp', portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: '0.0.0.0/0' });
    const self = rule('iself', { direction: 'ingress', ethertype: 'IPv6', remoteGroupId: GROUP.id });
    const out = judgeRules([...NEUTRON_ZED, ssh, self]);
    expect(out.verdict).toBe('FAIL');
    const errors = out.findings.filter((f) => f.level === 'error');
    expect(errors.map((f) => f.object)).toEqual([
      `rule i22 of new security group ${GROUP.name} (id ${GROUP.id}) (ingress IPv4 tcp port 22 from 0.0.0.0/0)`,
      `rule iself of new security group ${GROUP.name} (id ${GROUP.id}) (ingress IPv6 any protocol from the same group)`,
    ]);
    expect(errors[1]!.text).toMatch(/from the same group, which scs-0115 allows only in the default security group/);
    for (const f of errors) {
      expect(f.url).toBe(URL_);
      expect(f.rule).toMatch(/must not get any ingress rule/);
      expect(f.expected).toBe('no ingress rule in a newly created security group');
    }
    expect(errors[0]!.observed).toMatchObject({ direction: 'ingress', protocol: 'tcp', port_range_min: 22, remote_ip_prefix: '0.0.0.0/0' });
  });

  it('fails missing or restricted egress per ethertype; a restricted rule is listed as info', () => {
    const out = judgeRules([rule('e443', { protocol: 'tcp', portRangeMin: 443, portRangeMax: 443 })]);
    expect(out.verdict).toBe('FAIL');
    const errors = out.findings.filter((f) => f.level === 'error');
    expect(errors.map((f) => f.text)).toEqual([
      `The new security group ${GROUP.name} got no rule that allows all IPv4 egress.`,
      `The new security group ${GROUP.name} got no rule that allows all IPv6 egress.`,
    ]);
    expect(errors[0]!.object).toBe(`security group ${GROUP.name} (id ${GROUP.id}), created to read the default rules`);
    expect(errors[0]!.observed).toEqual([`rule e443 of new security group ${GROUP.name} (id ${GROUP.id}) (egress IPv4 tcp port 443 to anywhere)`]);
    expect(errors[1]!.observed).toEqual([]);
    expect(out.findings.filter((f) => f.level === 'info').map((f) => f.text)[0]).toMatch(/e443 .* allows only part of the egress traffic/);
  });

  it('fails an empty group (no egress at all)', () => {
    const out = judgeRules([]);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings.filter((f) => f.level === 'error')).toHaveLength(2);
  });

  it('describes the group with the run id', () => {
    expect(groupDescription('scs-1a2b3c4d-')).toBe('scs-compliance run 1a2b3c4d: scs-0115-default-rules reads the rules Neutron gives a new security group; deleted right after');
  });
});

describe('scs-0115-default-rules run()', () => {
  function ctx(listing: DefaultRulesListing | Error): ActiveContext {
    return {
      now: new Date(),
      id: defaultRules.id,
      url: URL_,
      params: {},
      signal: new AbortController().signal,
      progress: () => undefined,
      fact: (<T>(def: FactDef<T>) => {
        if (def !== (defaultSecurityGroupRulesFact as unknown)) return Promise.reject(new Error(`unexpected fact ${def.name}`));
        return listing instanceof Error ? Promise.reject(listing) : Promise.resolve(listing as T);
      }) as ActiveContext['fact'],
    };
  }

  it('declares what it may create', () => {
    expect(defaultRules.kind).toBe('active');
    expect(defaultRules.creates).toEqual(['a security group, only when the default-rules API is missing']);
  });

  it('judges the template when the API is there (no ledger needed)', async () => {
    const out = await defaultRules.run(ctx({ available: true, url: 'u', rules: [] }));
    expect(out.verdict).toBe('FAIL');
    expect(out.findings.filter((f) => f.level === 'error').map((f) => f.object)).toContain('default security group rules (default security groups, IPv4)');
  });

  it('ABORTs with the 404 reason when the API is missing and the run has no ledger', async () => {
    const out = await defaultRules.run(ctx({ available: false, url: 'u', status: 404, reason: MISSING }));
    expect(out.verdict).toBe('ABORT');
    expect(out.findings[0]!.text).toBe(`${MISSING}. The rules can then only be read from a newly created security group, and this run has no resource ledger to create one.`);
  });

  it('ABORTs when the listing fails (a bad answer never passes)', async () => {
    const out = await defaultRules.run(ctx(new Error('network answered 500')));
    expect(out.verdict).toBe('ABORT');
    expect(out.findings[0]!.text).toBe('could not read the default security group rules: network answered 500');
  });
});
