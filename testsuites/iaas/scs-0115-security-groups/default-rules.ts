/**
 * scs-0115-default-rules: the default security group rules follow scs-0115-v1.
 *
 * Neutron 2023.2+ lists the rule template (`GET /v2.0/default-security-group-rules`): judged as is,
 * nothing is created. Older Neutron (404) has no such API: the testcase then creates a security group
 * through the ledger, reads the rules Neutron put into it, judges those and deletes the group.
 * `run` does the I/O; `judgeTemplate` and `judgeNewGroup` are pure.
 */
import { errorMessage } from '../../../src/engine/facts.js';
import { abort, activeTestcase, judge, type ActiveContext, type Outcome } from '../../../src/engine/types.js';
import { sessionFact } from '../../../src/openstack/facts.js';
import { createSecurityGroup, defaultSecurityGroupRulesFact, getSecurityGroup, type DefaultRulesListing, type DefaultSecurityGroupRule, type SecurityGroup } from '../../../src/openstack/network.js';
import { SECURITY_GROUP_KIND } from '../../../src/openstack/resources/security-group.js';
import type { OpenStackSession } from '../../../src/openstack/types.js';
import { evaluateNewGroupRules, type NewGroupObservation } from './new-group.js';
import { STANDARD_URL, evaluateDefaultRules } from './rules.js';

export const ID = 'scs-0115-default-rules';
/** Base of the created group's name: `scs-<runid>-default-rules`. */
export const GROUP_BASE = 'default-rules';

/** The template from the default-rules API. */
export function judgeTemplate(rules: readonly DefaultSecurityGroupRule[], url: string): Outcome {
  const { findings, evidence } = evaluateDefaultRules(rules, url);
  return judge(findings, evidence);
}

/** The rules of the security group created because the API is missing. */
export function judgeNewGroup(o: NewGroupObservation, url: string): Outcome {
  const { findings, evidence } = evaluateNewGroupRules(o, url);
  return judge(findings, evidence);
}

/** Description of the created group: who made it and why, so that anyone who sees it knows. */
export function groupDescription(prefix: string): string {
  return `scs-compliance run ${prefix.split('-')[1] ?? ''}: ${ID} reads the rules Neutron gives a new security group; deleted right after`;
}

type Ledger = NonNullable<ActiveContext['ledger']>;

/** Creates the group through the ledger, reads it back and deletes it; the observation or the ABORT reason. */
export async function observeNewGroup(session: OpenStackSession, ledger: Ledger, apiMissing: string, signal: AbortSignal): Promise<NewGroupObservation | { failed: string; deleteError?: string }> {
  let created: SecurityGroup;
  try {
    created = await ledger.create(SECURITY_GROUP_KIND, GROUP_BASE, (name) => createSecurityGroup(session, name, groupDescription(ledger.prefix), signal));
  } catch (err) {
    return { failed: `${apiMissing}; creating a security group to read the rules Neutron puts into it failed: ${errorMessage(err)}` };
  }
  const group = { id: created.id, name: created.name || ledger.name(GROUP_BASE) };
  let shown: SecurityGroup | undefined;
  try {
    shown = await getSecurityGroup(session, created.id, signal);
  } catch (err) {
    return { failed: `${apiMissing}; reading back the new security group ${group.name} (id ${group.id}) failed: ${errorMessage(err)}` };
  }
  if (!shown) return { failed: `${apiMissing}; the new security group ${group.name} (id ${group.id}) was not found (404) right after it was created` };
  // Deleted at once; if that fails, the engine's cleanup of this testcase tries again and reports it.
  await ledger.delete(created.id, signal).catch(() => undefined);
  return { group, rules: shown.rules, apiMissing };
}

export const defaultRules = activeTestcase({
  id: ID,
  creates: ['a security group, only when the default-rules API is missing'],
  async run(ctx) {
    const url = ctx.url || STANDARD_URL;
    let listing: DefaultRulesListing;
    try {
      listing = await ctx.fact(defaultSecurityGroupRulesFact);
    } catch (err) {
      return abort(`could not read the default security group rules: ${errorMessage(err)}`);
    }
    if (listing.available) return judgeTemplate(listing.rules, url);
    if (!ctx.ledger) {
      return abort(`${listing.reason}. The rules can then only be read from a newly created security group, and this run has no resource ledger to create one.`, {
        url: listing.url,
        status: listing.status,
      });
    }
    let session: OpenStackSession;
    try {
      session = await ctx.fact(sessionFact);
    } catch (err) {
      return abort(`could not connect to the cloud: ${errorMessage(err)}`);
    }
    ctx.progress('no default-rules API: creating a security group to read its rules');
    const seen = await observeNewGroup(session, ctx.ledger, listing.reason, ctx.signal);
    if ('failed' in seen) return abort(seen.failed, { url: listing.url, status: listing.status });
    return judgeNewGroup(seen, url);
  },
});
