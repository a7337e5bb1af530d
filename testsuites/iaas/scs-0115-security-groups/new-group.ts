/**
 * scs-0115-v1 on clouds without the default-rules API (Neutron before 2023.2): the rules Neutron put
 * into a security group the testcase has just created, i.e. the template for custom security groups.
 * Pure function; the decisions are in docs/decisions/scs-0115.md ("API missing").
 *
 * - Every ingress rule in the new group is a violation (MUST NOT): ingress from the same group is
 *   allowed only for the default security group, and a new group is a custom one.
 * - For IPv4 and for IPv6 there must be a rule that allows all egress (same criterion as for the
 *   template: see `allowsAllEgress`).
 * - The default security group's share of the template cannot be seen on this path: an info finding
 *   says so.
 */
import type { Finding } from '../../../src/engine/types.js';
import type { SecurityGroupRule } from '../../../src/openstack/network.js';
import { ETHERTYPES, allowsAllEgress, type RulesVerdict } from './rules.js';

/** What the run saw of the group it created. */
export interface NewGroupObservation {
  group: { id: string; name: string };
  /** The rules Neutron put into the new group (as shown right after creation). */
  rules: readonly SecurityGroupRule[];
  /** Why the template itself could not be read (the 404 of the default-rules API). */
  apiMissing: string;
}

export function newGroupRuleLabel(r: SecurityGroupRule, group: { id: string; name: string }): string {
  const proto = r.protocol ?? 'any protocol';
  const ports = r.portRangeMin !== null ? ` port ${r.portRangeMin}${r.portRangeMax !== null && r.portRangeMax !== r.portRangeMin ? `-${r.portRangeMax}` : ''}` : '';
  const peer =
    r.remoteGroupId === group.id
      ? 'the same group'
      : r.remoteGroupId
        ? `remote group ${r.remoteGroupId}`
        : r.remoteAddressGroupId
          ? `remote address group ${r.remoteAddressGroupId}`
          : (r.remoteIpPrefix ?? 'anywhere');
  const dir = r.direction === 'ingress' ? `from ${peer}` : `to ${peer}`;
  return `rule ${r.id} of new security group ${group.name} (id ${group.id}) (${r.direction} ${r.ethertype} ${proto}${ports} ${dir})`;
}

const INGRESS_RULE = 'a new (custom) security group must not get any ingress rule from the default security group rules';
const EGRESS_RULE = 'a new security group should get rules that allow all egress for IPv4 and IPv6';
const OLD_NEUTRON_FIX =
  'Neutron before 2023.2 defines these rules in its code; with 2023.2 or newer they are set with `openstack default security group rule create|delete`';

export function evaluateNewGroupRules(o: NewGroupObservation, url: string): RulesVerdict {
  const findings: Finding[] = [];
  const object = `security group ${o.group.name} (id ${o.group.id}), created to read the default rules`;
  const egressCovered = new Set<string>();
  for (const r of o.rules) {
    const label = newGroupRuleLabel(r, o.group);
    if (r.direction === 'ingress') {
      const from =
        r.remoteGroupId === o.group.id
          ? 'from the same group, which scs-0115 allows only in the default security group'
          : `from ${r.remoteGroupId ? `remote group ${r.remoteGroupId}` : r.remoteAddressGroupId ? `remote address group ${r.remoteAddressGroupId}` : (r.remoteIpPrefix ?? 'anywhere')}`;
      findings.push({
        level: 'error',
        text: `Neutron put an ingress rule into the new security group ${o.group.name}: ${label} allows ingress ${from}.`,
        object: label,
        rule: INGRESS_RULE,
        observed: { direction: r.direction, ethertype: r.ethertype, protocol: r.protocol, port_range_min: r.portRangeMin, port_range_max: r.portRangeMax, remote_ip_prefix: r.remoteIpPrefix, remote_group_id: r.remoteGroupId },
        expected: 'no ingress rule in a newly created security group',
        url,
        fix: OLD_NEUTRON_FIX,
      });
    } else if (r.direction === 'egress') {
      if (allowsAllEgress(r)) egressCovered.add(r.ethertype);
      else findings.push({ level: 'info', text: `${label} allows only part of the egress traffic; it does not count as "allow all egress".`, object: label });
    }
  }
  for (const eth of ETHERTYPES) {
    if (egressCovered.has(eth)) continue;
    findings.push({
      level: 'error',
      text: `The new security group ${o.group.name} got no rule that allows all ${eth} egress.`,
      object,
      rule: EGRESS_RULE,
      observed: o.rules.filter((r) => r.direction === 'egress' && r.ethertype === eth).map((r) => newGroupRuleLabel(r, o.group)),
      expected: `an egress ${eth} rule without protocol, port or remote restriction`,
      url,
      fix: OLD_NEUTRON_FIX,
    });
  }
  findings.push({
    level: 'info',
    text: `The default security group rules could not be read (${o.apiMissing}), so the rules of a newly created security group were checked instead. They show the rules for custom security groups only; those of the default security group are not checked on this path.`,
    object,
  });
  return {
    findings,
    evidence: { source: 'new security group', securityGroup: o.group.id, rules: o.rules.length, egressCovered: [...egressCovered].sort() },
  };
}
