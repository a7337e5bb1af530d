/** scs-0115-default-rules: the default security group rules follow scs-0115-v1. */
import { abort, judge, readTestcase } from '../../../src/engine/types.js';
import { defaultSecurityGroupRulesFact } from '../../../src/openstack/network.js';
import { STANDARD_URL, evaluateDefaultRules } from './rules.js';

export const defaultRules = readTestcase({
  id: 'scs-0115-default-rules',
  needs: { listing: defaultSecurityGroupRulesFact },
  evaluate: ({ listing }, ctx) => {
    if (!listing.available) {
      return abort(
        `${listing.reason}. The rules can then only be read from a newly created security group, which this read-only testcase does not do.`,
        { url: listing.url, status: listing.status },
      );
    }
    const { findings, evidence } = evaluateDefaultRules(listing.rules, ctx.url || STANDARD_URL);
    return judge(findings, evidence);
  },
});
