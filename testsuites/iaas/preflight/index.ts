/**
 * Pre-flight for every IaaS testcase that creates something: the token must carry the role `member`
 * and neither `admin` nor `manager`, so that what we prove is what an ordinary customer can do (and a
 * bug of ours cannot touch other projects). One fact, one message: every creating testcase that
 * awaits it ABORTs with the same text, so the report groups it; read-only testcases do not need it.
 */
import { defineFact } from '../../../src/engine/facts.js';
import { abort, type ActiveContext, type Outcome } from '../../../src/engine/types.js';
import { sessionFact } from '../../../src/openstack/facts.js';
import type { TokenInfo } from '../../../src/openstack/types.js';

export const REQUIRED_ROLE = 'member';
export const FORBIDDEN_ROLES = ['admin', 'manager'];

export type Preflight = { ok: true; roles: string[] } | { ok: false; reason: string; roles: string[] };

/** The verdict of the pre-flight over the token's role names (case-insensitive). Pure. */
export function checkRoles(token: Pick<TokenInfo, 'roles' | 'user' | 'project'>): Preflight {
  const roles = [...new Set(token.roles.map((r) => r.name.toLowerCase()))].sort();
  const who = `user ${token.user.name ?? token.user.id}${token.project ? ` in project ${token.project.name ?? token.project.id}` : ''}`;
  const high = FORBIDDEN_ROLES.filter((r) => roles.includes(r));
  if (high.length > 0) {
    return {
      ok: false,
      roles,
      reason:
        `pre-flight: the ${who} has the role${high.length > 1 ? 's' : ''} ${high.join(' and ')}; testcases that create objects run only ` +
        `with an ordinary customer account (role ${REQUIRED_ROLE}, without ${FORBIDDEN_ROLES.join(' or ')}): use such credentials`,
    };
  }
  if (!roles.includes(REQUIRED_ROLE)) {
    return {
      ok: false,
      roles,
      reason: `pre-flight: the ${who} lacks the role ${REQUIRED_ROLE} (it has: ${roles.join(', ') || 'none'}); testcases that create objects need it: grant it or use other credentials`,
    };
  }
  return { ok: true, roles };
}

export const preflightFact = defineFact<Preflight>(
  'openstack.preflight',
  async (ctx) => checkRoles((await ctx.get(sessionFact)).token),
  'the role names of the token (no extra call)',
);

/** Awaits the pre-flight: undefined when the testcase may go on, else its ABORT outcome. */
export async function preflightAbort(ctx: Pick<ActiveContext, 'fact'>): Promise<Outcome | undefined> {
  const p = await ctx.fact(preflightFact);
  return p.ok ? undefined : abort(p.reason, { roles: p.roles });
}
