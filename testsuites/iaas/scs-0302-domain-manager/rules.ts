/**
 * The rules of scs-0302 a domain-manager check proves, and the pure judgement of what was observed.
 *
 * Each observation is one API call made as a domain manager, with what the standard expects of it:
 * - `allowed`: a 2xx; a 403 breaks the rule.
 * - `refused`: a 403 (or 404: Keystone hides the object); a 2xx breaks the rule.
 * - `listed`:  a 200 whose list contains the object; a 403 or a list without it breaks the rule.
 * - `hidden`:  a 403, or a 200 whose list does not contain the other domain's object (Keystone filters
 *              lists to the token's domain); a list showing it breaks the rule.
 * Anything else (5xx, 400, 409, a transport error) leaves the rule undecided.
 */
import { abort, judge, type Finding, type Outcome } from '../../../src/engine/types.js';

export const DOMAIN_MANAGER_URL = 'https://docs.scs.community/standards/scs-0302-v1-domain-manager-role#design-considerations';

export type RuleId =
  | 'manager-role'
  | 'own-users'
  | 'own-projects'
  | 'own-groups'
  | 'own-group-membership'
  | 'own-grants'
  | 'foreign-users'
  | 'foreign-projects'
  | 'foreign-groups'
  | 'foreign-grants'
  | 'no-role-creation'
  | 'no-admin-grant';

export const RULES: Record<RuleId, string> = {
  'manager-role': 'a role named manager exists and a domain manager holds it on its domain',
  'own-users': 'a domain manager can create, list, update and delete users in its own domain',
  'own-projects': 'a domain manager can create, list, update and delete projects in its own domain',
  'own-groups': 'a domain manager can create, list, update and delete groups in its own domain',
  'own-group-membership': 'a domain manager can add users of its domain to groups of its domain, check and remove them',
  'own-grants': 'a domain manager can grant, check, list and revoke the managed role for users and groups of its domain on its projects and domain',
  'foreign-users': 'a domain manager must not create, see, change or delete users of another domain',
  'foreign-projects': 'a domain manager must not create, see, change or delete projects of another domain',
  'foreign-groups': 'a domain manager must not create, see, change, delete or fill groups of another domain',
  'foreign-grants': 'a domain manager must not grant, see or revoke roles involving another domain',
  'no-role-creation': 'a domain manager must not create roles',
  'no-admin-grant': 'a domain manager must not grant the admin role',
};

export type Expectation = 'allowed' | 'refused' | 'listed' | 'hidden';

export interface Observation {
  rule: RuleId;
  /** The domain manager acting: `manager x (id …) of domain d`. */
  actor: string;
  /** What was tried, e.g. `POST /v3/users in domain b`. */
  action: string;
  /** The object concerned, with name and id where known. */
  object: string;
  expect: Expectation;
  /** HTTP status, or the error message when there was no answer. */
  status?: number;
  error?: string;
  /** For list calls: whether the object was in the list. */
  found?: boolean;
}

export type Result = 'kept' | 'broken' | 'undecided';

export function classify(o: Observation): Result {
  if (o.status === undefined) return 'undecided';
  const ok = o.status >= 200 && o.status < 300;
  switch (o.expect) {
    case 'allowed':
      return ok ? 'kept' : o.status === 403 ? 'broken' : 'undecided';
    case 'refused':
      return o.status === 403 || o.status === 404 ? 'kept' : ok ? 'broken' : 'undecided';
    case 'listed':
      return ok ? (o.found ? 'kept' : 'broken') : o.status === 403 ? 'broken' : 'undecided';
    case 'hidden':
      return o.status === 403 ? 'kept' : ok ? (o.found ? 'broken' : 'kept') : 'undecided';
  }
}

function observed(o: Observation): string {
  if (o.status === undefined) return `no answer: ${o.error ?? 'unknown error'}`;
  if (o.expect === 'listed' || o.expect === 'hidden') return `HTTP ${o.status}${o.status === 200 ? (o.found ? ', in the list' : ', not in the list') : ''}`;
  return `HTTP ${o.status}`;
}

const EXPECTED: Record<Expectation, string> = {
  allowed: 'allowed (2xx)',
  refused: 'refused (403)',
  listed: 'listed (200 with the object)',
  hidden: 'not visible (403, or 200 without the object)',
};

/** The verdict: FAIL when a rule is broken; ABORT when some could not be decided; else PASS. */
export function judgeDomainManager(observations: readonly Observation[], url: string): Outcome {
  const results = observations.map((o) => ({ o, r: classify(o) }));
  const broken = results.filter((x) => x.r === 'broken');
  const undecided = results.filter((x) => x.r === 'undecided');
  const rules = [...new Set(observations.map((o) => o.rule))];
  const evidence = {
    calls: observations.length,
    rulesKept: rules.filter((r) => results.every((x) => x.o.rule !== r || x.r === 'kept')),
    rulesBroken: [...new Set(broken.map((x) => x.o.rule))],
  };
  if (broken.length === 0 && undecided.length > 0) {
    const first = undecided.slice(0, 3).map((x) => `${x.o.action} by ${x.o.actor}: ${observed(x.o)}`);
    return abort(`could not decide ${undecided.length} check(s) of the domain manager rules: ${first.join('; ')}`, evidence);
  }
  const findings: Finding[] = broken.map(({ o }) => ({
    level: 'error',
    text: `${o.action} by ${o.actor} was ${o.expect === 'allowed' || o.expect === 'listed' ? 'refused or incomplete' : 'not refused'}: ${RULES[o.rule]}.`,
    object: o.object,
    rule: RULES[o.rule],
    observed: observed(o),
    expected: EXPECTED[o.expect],
    url,
  }));
  for (const r of rules) {
    const mine = results.filter((x) => x.o.rule === r);
    if (mine.every((x) => x.r === 'kept')) findings.push({ level: 'info', text: `Proved (${mine.length} calls): ${RULES[r]}.`, rule: RULES[r] });
  }
  for (const x of undecided) findings.push({ level: 'warning', text: `Undecided: ${x.o.action} by ${x.o.actor}: ${observed(x.o)}.`, object: x.o.object, rule: RULES[x.o.rule] });
  return judge(findings, evidence);
}
