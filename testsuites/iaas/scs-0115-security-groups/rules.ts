/**
 * scs-0115-v1 over the default security group rules (Neutron's rule template). Pure functions.
 *
 * - Ingress: only from the same group (remote group `PARENT`), and only for the default security group.
 *   Every other ingress rule that is used for some security group is a violation (MUST NOT).
 * - Egress: for IPv4 and for IPv6, both default and custom security groups get a rule that allows all
 *   egress (no protocol or port restriction, to everywhere: no prefix, `0.0.0.0/0` or `::/0`).
 * - Ingress from `PARENT` in the default security group is a SHOULD: its absence is a warning.
 */
import type { Finding } from '../../../src/engine/types.js';
import type { DefaultSecurityGroupRule, SecurityGroupRule } from '../../../src/openstack/network.js';

export const STANDARD_URL = 'https://docs.scs.community/standards/scs-0115-v1-default-rules-for-security-groups#standard';

export type GroupKind = 'default' | 'custom';
export const ETHERTYPES = ['IPv4', 'IPv6'] as const;

export function ruleLabel(r: DefaultSecurityGroupRule): string {
  const proto = r.protocol ?? 'any protocol';
  const ports = r.portRangeMin !== null ? ` port ${r.portRangeMin}${r.portRangeMax !== null && r.portRangeMax !== r.portRangeMin ? `-${r.portRangeMax}` : ''}` : '';
  const peer = r.remoteGroupId
    ? `remote group ${r.remoteGroupId}`
    : r.remoteAddressGroupId
      ? `remote address group ${r.remoteAddressGroupId}`
      : (r.remoteIpPrefix ?? 'anywhere');
  const dir = r.direction === 'ingress' ? `from ${peer}` : `to ${peer}`;
  return `default security group rule ${r.id} (${r.direction} ${r.ethertype} ${proto}${ports} ${dir})`;
}

/** Which kinds of security group a rule is copied into. */
export function usedIn(r: DefaultSecurityGroupRule): GroupKind[] {
  const out: GroupKind[] = [];
  if (r.usedInDefaultSg) out.push('default');
  if (r.usedInNonDefaultSg) out.push('custom');
  return out;
}

/** An egress rule that allows everything for its ethertype (a template rule or a group's rule). */
export function allowsAllEgress(r: SecurityGroupRule): boolean {
  if (r.direction !== 'egress') return false;
  if (r.protocol !== null && r.protocol.toLowerCase() !== 'any') return false;
  if (r.portRangeMin !== null || r.portRangeMax !== null) return false;
  if (r.remoteGroupId !== null || r.remoteAddressGroupId !== null) return false;
  return r.remoteIpPrefix === null || coversAll(r.remoteIpPrefix);
}

/** A prefix of length 0 (`0.0.0.0/0`, `::/0`) covers every address. */
function coversAll(prefix: string): boolean {
  return /\/0$/.test(prefix.trim());
}

export interface RulesVerdict {
  findings: Finding[];
  evidence: Record<string, unknown>;
}

export function evaluateDefaultRules(rules: readonly DefaultSecurityGroupRule[], url: string): RulesVerdict {
  const findings: Finding[] = [];
  const egressCovered = new Set<string>();
  const parentIngress = new Set<string>();
  for (const r of rules) {
    const groups = usedIn(r);
    if (groups.length === 0) {
      findings.push({ level: 'info', text: `${ruleLabel(r)} is used for no security group and has no effect.`, object: ruleLabel(r) });
      continue;
    }
    if (r.direction === 'ingress') {
      if (r.remoteGroupId === 'PARENT' && !r.usedInNonDefaultSg) {
        parentIngress.add(r.ethertype);
        continue;
      }
      const where = groups.map((g) => `${g} security groups`).join(' and ');
      const why =
        r.remoteGroupId === 'PARENT'
          ? `ingress from the same group is only allowed for the default security group, but this rule is also used for custom security groups`
          : `it allows ingress ${r.remoteGroupId ? `from remote group ${r.remoteGroupId}` : r.remoteAddressGroupId ? `from remote address group ${r.remoteAddressGroupId}` : `from ${r.remoteIpPrefix ?? 'anywhere'}`}`;
      findings.push({
        level: 'error',
        text: `${ruleLabel(r)} is used for ${where}: ${why}.`,
        object: ruleLabel(r),
        rule: 'default security group rules must not allow ingress except from the same group (PARENT) in the default security group',
        observed: { direction: r.direction, ethertype: r.ethertype, protocol: r.protocol, remote_ip_prefix: r.remoteIpPrefix, remote_group_id: r.remoteGroupId, used_in_default_sg: r.usedInDefaultSg, used_in_non_default_sg: r.usedInNonDefaultSg },
        expected: 'no such ingress rule (only remote group PARENT with used_in_non_default_sg=false)',
        url,
        fix:
          r.remoteGroupId === 'PARENT'
            ? `openstack default security group rule delete ${r.id} && openstack default security group rule create --ingress --ethertype ${r.ethertype} --remote-group PARENT --for-default-sg`
            : `openstack default security group rule delete ${r.id}`,
      });
      continue;
    }
    if (r.direction === 'egress') {
      if (allowsAllEgress(r)) {
        for (const g of groups) egressCovered.add(`${r.ethertype}/${g}`);
      } else {
        findings.push({ level: 'info', text: `${ruleLabel(r)} allows only part of the egress traffic; it does not count as "allow all egress".`, object: ruleLabel(r) });
      }
    }
  }
  for (const eth of ETHERTYPES) {
    for (const g of ['default', 'custom'] as const) {
      if (egressCovered.has(`${eth}/${g}`)) continue;
      const flag = g === 'default' ? '--for-default-sg' : '--for-custom-sg';
      findings.push({
        level: 'error',
        text: `No default security group rule allows all ${eth} egress for ${g} security groups.`,
        object: `default security group rules (${g} security groups, ${eth})`,
        rule: 'default security group rules should allow all egress for IPv4 and IPv6 in every security group',
        observed: rules.filter((r) => r.direction === 'egress' && r.ethertype === eth).map((r) => ruleLabel(r)),
        expected: `an egress ${eth} rule without protocol, port or remote restriction with used_in_${g === 'default' ? 'default_sg' : 'non_default_sg'}=true`,
        url,
        fix: `openstack default security group rule create --egress --ethertype ${eth} ${flag}`,
      });
    }
  }
  for (const eth of ETHERTYPES) {
    if (!parentIngress.has(eth)) {
      findings.push({
        level: 'warning',
        text: `No default security group rule allows ${eth} ingress from the same group (PARENT) in the default security group, which scs-0115 recommends.`,
        object: `default security group rules (default security group, ${eth})`,
        rule: 'the default security group should allow ingress from the same group',
        url,
        fix: `openstack default security group rule create --ingress --ethertype ${eth} --remote-group PARENT --for-default-sg`,
      });
    }
  }
  return {
    findings,
    evidence: { rules: rules.length, egressCovered: [...egressCovered].sort(), parentIngress: [...parentIngress].sort() },
  };
}
