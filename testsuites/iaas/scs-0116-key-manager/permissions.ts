/**
 * scs-0116-permissions: where the cloud offers a key manager, a user with the Keystone role `member`
 * (and neither `admin` nor `manager`) can store a secret, find it by name, read it and delete it.
 *
 * `run` collects observations (I/O through the client and the ledger); `judgePermissions` turns them
 * into the outcome without I/O.
 */
import { randomBytes } from 'node:crypto';
import { errorMessage, FactError } from '../../../src/engine/facts.js';
import { abort, activeTestcase, judge, pass, type ActiveContext, type Finding, type Outcome } from '../../../src/engine/types.js';
import { sessionFact } from '../../../src/openstack/facts.js';
import { createSecret, findSecrets, getSecret, KEY_MANAGER_TYPES, SecretForbiddenError, type SecretMeta } from '../../../src/openstack/keymanager.js';
import { SECRET_KIND } from '../../../src/openstack/resources/keymanager.js';
import type { OpenStackSession } from '../../../src/openstack/types.js';
import { preflightFact, type Preflight } from '../preflight/index.js';

export const PERMISSIONS_URL = 'https://docs.scs.community/standards/scs-0116-v1-key-manager-standard#policies';
export const MEMBER_RULE = 'member must be able to create secrets (Keystone member ≙ Barbican creator)';

type Step = 'create' | 'list' | 'read' | 'delete';

/** What the run saw, step by step. `error` = an unexpected answer (not a 403). */
export interface PermissionObservations {
  user: string;
  project?: string;
  roles: string[];
  /** The pre-flight's reason when the roles do not fit (admin/manager, or no member). */
  roleProblem?: string;
  offered: boolean;
  secret?: { id: string; name: string };
  /** The first step that did not work, and how. */
  stopped?: { step: Step; forbidden: boolean; message: string };
  listedByName?: boolean;
  readBack?: { name?: string; status?: string };
  deleted?: boolean;
}

const STEP_RULES: Record<Step, string> = {
  create: MEMBER_RULE,
  list: 'member must be able to list its project\'s secrets',
  read: 'member must be able to read the secrets it stored',
  delete: 'member must be able to delete the secrets it stored',
};

export function judgePermissions(o: PermissionObservations, url: string): Outcome {
  const who = `user ${o.user}${o.project ? ` in project ${o.project}` : ''}`;
  if (o.roleProblem) return abort(o.roleProblem, { roles: o.roles });
  if (!o.offered) {
    return pass(
      [
        {
          level: 'info',
          text: 'The catalog has no key-manager service: scs-0116 only recommends offering one, and the rule that member may create secrets applies where it is offered.',
          url,
        },
      ],
      { offered: false },
    );
  }
  const evidence = { offered: true, roles: o.roles, secretId: o.secret?.id };
  const object = o.secret ? `secret ${o.secret.name} (id ${o.secret.id})` : `a secret of ${who}`;
  if (o.stopped) {
    if (!o.stopped.forbidden) return abort(`could not ${o.stopped.step} the test secret: ${o.stopped.message}`, evidence);
    return judge(
      [
        {
          level: 'error',
          text: `Barbican refused (403) to let ${who} ${o.stopped.step} ${o.secret ? `secret ${o.secret.name}` : 'a secret'}: ${STEP_RULES[o.stopped.step]}.`,
          object,
          rule: STEP_RULES[o.stopped.step],
          observed: `HTTP 403 for ${o.stopped.step} with roles ${o.roles.join(', ')}`,
          expected: `member may ${o.stopped.step} secrets (legacy policy: give member the creator rights; secure RBAC: enforce_new_defaults)`,
          url,
        },
      ],
      evidence,
    );
  }
  const findings: Finding[] = [];
  if (o.listedByName === false) {
    findings.push({
      level: 'error',
      text: `The secret ${o.secret?.name} that ${who} just stored is not in the list of secrets with that name.`,
      object,
      rule: 'a stored secret must be found in GET /v1/secrets?name=…',
      observed: 'not listed',
      expected: 'listed',
      url,
    });
  }
  if (o.readBack && o.readBack.name !== o.secret?.name) {
    findings.push({
      level: 'error',
      text: `Reading the secret back gave the name ${JSON.stringify(o.readBack.name)} instead of ${JSON.stringify(o.secret?.name)}.`,
      object,
      rule: 'a stored secret must read back as stored',
      observed: o.readBack.name,
      expected: o.secret?.name,
      url,
    });
  }
  if (o.readBack === undefined) {
    findings.push({ level: 'error', text: `The secret ${o.secret?.name} could not be read back (404 right after it was stored).`, object, rule: STEP_RULES.read, observed: 'HTTP 404', expected: 'the secret\'s metadata', url });
  }
  if (o.deleted === false) {
    findings.push({ level: 'error', text: `The secret ${o.secret?.name} is still there after ${who} deleted it.`, object, rule: STEP_RULES.delete, observed: 'still readable', expected: 'HTTP 404 after DELETE', url });
  }
  if (findings.length === 0) findings.push({ level: 'info', text: `${who} (roles ${o.roles.join(', ')}) stored, found, read and deleted a secret.`, object });
  return judge(findings, evidence);
}

function stop(o: PermissionObservations, step: Step, err: unknown): PermissionObservations {
  return { ...o, stopped: { step, forbidden: err instanceof SecretForbiddenError, message: errorMessage(err) } };
}

/** The I/O part: create → list by name → read → delete through the ledger; each failure recorded. */
export async function observePermissions(session: OpenStackSession, ledger: NonNullable<ActiveContext['ledger']>, preflight: Preflight, signal: AbortSignal): Promise<PermissionObservations> {
  const t = session.token;
  let o: PermissionObservations = {
    user: `${t.user.name ?? t.user.id} (id ${t.user.id})`,
    project: t.project ? `${t.project.name ?? t.project.id} (id ${t.project.id})` : undefined,
    roles: t.roles.map((r) => r.name),
    ...(preflight.ok ? {} : { roleProblem: preflight.reason }),
    offered: session.hasService(KEY_MANAGER_TYPES),
  };
  if (o.roleProblem || !o.offered) return o;
  let secret: SecretMeta;
  try {
    // A random payload: nothing anyone could mistake for a real secret, and nothing reused.
    secret = await ledger.create(SECRET_KIND, 'member-secret', (name) => createSecret(session, name, randomBytes(12).toString('hex'), signal));
  } catch (err) {
    return stop(o, 'create', err);
  }
  o = { ...o, secret: { id: secret.id, name: secret.name ?? ledger.name('member-secret') } };
  try {
    o.listedByName = (await findSecrets(session, o.secret!.name, signal)).some((s) => s.id === secret.id);
  } catch (err) {
    return stop(o, 'list', err);
  }
  try {
    const meta = await getSecret(session, secret.id, signal);
    o.readBack = meta ? { name: meta.name, status: meta.status } : undefined;
  } catch (err) {
    return stop(o, 'read', err);
  }
  try {
    await ledger.delete(secret.id, signal);
  } catch (err) {
    return stop(o, 'delete', err);
  }
  try {
    o.deleted = (await getSecret(session, secret.id, signal)) === undefined;
  } catch (err) {
    // 403 after the delete: cannot tell, so it does not count against the cloud.
    if (!(err instanceof SecretForbiddenError)) return stop(o, 'delete', err);
  }
  return o;
}

export const permissions = activeTestcase({
  id: 'scs-0116-permissions',
  creates: ['a key-manager secret (deleted at once)'],
  async run(ctx) {
    let session: OpenStackSession;
    let preflight: Preflight;
    try {
      session = await ctx.fact(sessionFact);
      // the shared pre-flight: member, and neither admin nor manager (as the reference re-checks)
      preflight = await ctx.fact(preflightFact);
    } catch (err) {
      return abort(`could not connect to the cloud: ${errorMessage(err instanceof FactError ? err.original : err)}`);
    }
    const url = ctx.url || PERMISSIONS_URL;
    if (!ctx.ledger) {
      const early = judgePermissions({ user: session.token.user.id, roles: preflight.roles, ...(preflight.ok ? {} : { roleProblem: preflight.reason }), offered: session.hasService(KEY_MANAGER_TYPES) }, url);
      if (early.verdict !== 'PASS' || early.evidence?.offered === false) return early;
      return abort('this run has no resource ledger, so it may not create the test secret');
    }
    ctx.progress('storing, finding, reading and deleting a secret as member');
    return judgePermissions(await observePermissions(session, ctx.ledger, preflight, ctx.signal), url);
  },
});
