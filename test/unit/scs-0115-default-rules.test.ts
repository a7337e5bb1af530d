import { describe, expect, it } from 'vitest';
import { networkPath, type DefaultSecurityGroupRule } from '../../src/openstack/network.js';
import { allowsAllEgress, evaluateDefaultRules } from '../../testsuites/iaas/scs-0115-security-groups/rules.js';
import { judgeTemplate } from '../../testsuites/iaas/scs-0115-security-groups/default-rules.js';

const URL_ = 'https://docs.scs.community/standards/scs-0115-w1-security-groups-implementation#automated-tests';

function rule(id: string, over: Partial<DefaultSecurityGroupRule>): DefaultSecurityGroupRule {
  return {
    id,
    direction: 'egress',
    ethertype: 'IPv4',
    protocol: null,
    portRangeMin: null,
    portRangeMax: null,
    remoteIpPrefix: null,
    remoteGroupId: null,
    remoteAddressGroupId: null,
    usedInDefaultSg: true,
    usedInNonDefaultSg: true,
    description: '',
    ...over,
  };
}

/** The example table of scs-0115-v1 (the CLI shows 0.0.0.0/0 and ::/0 for rules without a prefix). */
const EXAMPLE = [
  rule('47b929fd', { ethertype: 'IPv6', remoteIpPrefix: '::/0' }),
  rule('92a79600', { ethertype: 'IPv4', remoteIpPrefix: '0.0.0.0/0' }),
  rule('93e35d0c', { direction: 'ingress', ethertype: 'IPv4', remoteGroupId: 'PARENT', usedInNonDefaultSg: false }),
  rule('ed5cd662', { direction: 'ingress', ethertype: 'IPv6', remoteGroupId: 'PARENT', usedInNonDefaultSg: false }),
];

describe('scs-0115-default-rules', () => {
  it('passes the standard example, with explicit 0.0.0.0/0 and ::/0 egress (decision)', () => {
    const out = judgeTemplate(EXAMPLE, URL_);
    expect(out.verdict).toBe('PASS');
    expect(out.findings).toEqual([]);
    expect(out.evidence).toEqual({ rules: 4, egressCovered: ['IPv4/custom', 'IPv4/default', 'IPv6/custom', 'IPv6/default'], parentIngress: ['IPv4', 'IPv6'] });
  });
  it('passes the example with egress rules without prefix (Neutron stores null)', () => {
    const rules = EXAMPLE.map((r) => (r.direction === 'egress' ? { ...r, remoteIpPrefix: null } : r));
    expect(judgeTemplate(rules, URL_).verdict).toBe('PASS');
  });
  it('fails ingress from 0.0.0.0/0 with the rule named and a delete command', () => {
    const bad = rule('5b0c-1', { direction: 'ingress', protocol: 'tcp', portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: '0.0.0.0/0' });
    const out = judgeTemplate([...EXAMPLE, bad], URL_);
    expect(out.verdict).toBe('FAIL');
    const errors = out.findings.filter((f) => f.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      object: 'default security group rule 5b0c-1 (ingress IPv4 tcp port 22 from 0.0.0.0/0)',
      url: URL_,
      fix: 'openstack default security group rule delete 5b0c-1',
    });
    expect(errors[0]!.observed).toMatchObject({ remote_ip_prefix: '0.0.0.0/0', used_in_default_sg: true, used_in_non_default_sg: true });
  });
  it('fails ingress from PARENT that is also used for custom security groups', () => {
    const rules = EXAMPLE.map((r) => (r.id === '93e35d0c' ? { ...r, usedInNonDefaultSg: true } : r));
    const out = judgeTemplate(rules, URL_);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings.find((f) => f.level === 'error')!.text).toMatch(/only allowed for the default security group/);
  });
  it('fails a missing IPv6 egress for each group kind', () => {
    const out = judgeTemplate(EXAMPLE.filter((r) => r.id !== '47b929fd'), URL_);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings.filter((f) => f.level === 'error').map((f) => f.object)).toEqual([
      'default security group rules (default security groups, IPv6)',
      'default security group rules (custom security groups, IPv6)',
    ]);
    expect(out.findings.filter((f) => f.level === 'error').map((f) => f.fix)).toEqual([
      'openstack default security group rule create --egress --ethertype IPv6 --for-default-sg',
      'openstack default security group rule create --egress --ethertype IPv6 --for-custom-sg',
    ]);
  });
  it('does not count restricted egress (protocol, port, narrower prefix, remote group)', () => {
    expect(allowsAllEgress(rule('a', {}))).toBe(true);
    expect(allowsAllEgress(rule('a', { remoteIpPrefix: '0.0.0.0/0' }))).toBe(true);
    expect(allowsAllEgress(rule('a', { ethertype: 'IPv6', remoteIpPrefix: '::/0' }))).toBe(true);
    expect(allowsAllEgress(rule('a', { remoteIpPrefix: '10.0.0.0/8' }))).toBe(false);
    expect(allowsAllEgress(rule('a', { protocol: 'tcp', portRangeMin: 443, portRangeMax: 443 }))).toBe(false);
    expect(allowsAllEgress(rule('a', { remoteGroupId: 'PARENT' }))).toBe(false);
    expect(allowsAllEgress(rule('a', { direction: 'ingress' }))).toBe(false);
  });
  it('ignores rules used for no security group and warns when PARENT ingress is missing', () => {
    const unused = rule('u1', { direction: 'ingress', remoteIpPrefix: '0.0.0.0/0', usedInDefaultSg: false, usedInNonDefaultSg: false });
    const { findings } = evaluateDefaultRules([...EXAMPLE.filter((r) => r.direction === 'egress'), unused], URL_);
    expect(findings.map((f) => f.level).sort()).toEqual(['info', 'warning', 'warning']);
  });
});

describe('networkPath', () => {
  it('adds v2.0 unless the catalog URL has it', () => {
    expect(networkPath('https://neutron.example:9696', 'default-security-group-rules')).toBe('v2.0/default-security-group-rules');
    expect(networkPath('https://neutron.example:9696/', 'x')).toBe('v2.0/x');
    expect(networkPath('https://api.example/network/v2.0', 'x')).toBe('x');
    expect(networkPath('https://api.example/network/v2.0/', 'x')).toBe('x');
  });
});
