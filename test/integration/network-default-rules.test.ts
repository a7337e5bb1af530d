/**
 * scs-0115 through real HTTP against the sandbox (Keystone + Neutron): the default-rules API when
 * present, else a security group created through the ledger, read and deleted (Neutron before 2023.2).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/engine/ledger.js';
import type { ActiveContext } from '../../src/engine/types.js';
import { sessionFact } from '../../src/openstack/facts.js';
import { createSecurityGroup, getSecurityGroup, listDefaultSecurityGroupRules } from '../../src/openstack/network.js';
import { openstackResourceKinds } from '../../src/openstack/resources/index.js';
import { SECURITY_GROUP_KIND } from '../../src/openstack/resources/security-group.js';
import type { OpenStackSession } from '../../src/openstack/types.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import type { SandboxProfile } from '../../src/sandbox/world.js';
import { defaultRules } from '../../testsuites/iaas/scs-0115-security-groups/default-rules.js';
import { sandboxesPerSuite, sandboxFacts, sandboxSession, withSandbox } from '../helpers/sandbox.js';

const DOC = 'https://docs.scs.community/standards/scs-0115-w1-security-groups-implementation#automated-tests';
const RUN_ID = '5ec0115a';

/** Runs the testcase as the engine does: with a ledger scope, then the testcase's cleanup. */
async function runDefaultRules(sb: RunningSandbox, opts: { ledger?: boolean } = {}) {
  const store = sandboxFacts(sb);
  const journalDir = mkdtempSync(join(tmpdir(), 'scs-0115-journal-'));
  try {
    const ledger = new Ledger<OpenStackSession>({ runId: RUN_ID, cloud: 'sandbox', journalDir, kinds: openstackResourceKinds, client: () => store.get(sessionFact) });
    const scope = opts.ledger === false ? undefined : ledger.scope(defaultRules.id);
    const signal = new AbortController().signal;
    const ctx: ActiveContext = { now: new Date(), id: defaultRules.id, url: DOC, params: {}, signal, fact: (def) => store.get(def), ledger: scope, progress: () => undefined };
    const out = await defaultRules.run(ctx);
    const cleanup = scope ? await scope.cleanup(signal) : { deleted: [], failed: [] };
    ledger.close();
    const files = readdirSync(journalDir);
    const journal = files.map((f) => readFileSync(join(journalDir, f), 'utf8')).join('');
    return { out, cleanup, files, journal };
  } finally {
    rmSync(journalDir, { recursive: true, force: true });
  }
}

const evaluate = async (sb: RunningSandbox) => (await runDefaultRules(sb)).out;

/** Requests that change something (everything but reads and token requests). */
const writes = (sb: RunningSandbox) => sb.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/auth/tokens')).map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, '<id>')} ${r.status}`);

/** Names of the project's security groups, listed through the API. */
async function groupNames(sb: RunningSandbox): Promise<string[]> {
  const session = await sandboxSession(sb);
  const list = await session.paginate<{ name: string }>('network', 'v2.0/security-groups', { itemsKey: 'security_groups' });
  return list.map((g) => g.name).sort();
}

/** The profile as Neutron before 2023.2: no default-rules API. */
function withoutApi(profile: SandboxProfile): SandboxProfile {
  return { ...profile, network: { ...(profile.network as object), default_security_group_rules_api: false } };
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

  it('PASSes the compliant profile (the standard example) without creating anything', async () => {
    const before = sandboxes.compliant.requests.length;
    const out = await evaluate(sandboxes.compliant);
    expect(out.verdict).toBe('PASS');
    expect(out.findings.filter((f) => f.level !== 'info')).toEqual([]);
    expect(sandboxes.compliant.requests.slice(before).filter((r) => r.method !== 'GET' && !r.path.endsWith('/auth/tokens'))).toEqual([]);
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

  it('ABORTs without creating anything when Neutron lacks the API (404) and the run has no ledger', async () => {
    await withSandbox(withoutApi(loadProfile('compliant')), async (sb) => {
      const { out } = await runDefaultRules(sb, { ledger: false });
      expect(out.verdict).toBe('ABORT');
      expect(out.findings[0]!.text).toContain(
        `Neutron answered 404 for GET ${sb.url}/network/v2.0/default-security-group-rules: the extension security-groups-default-rules is not among the 1 extensions Neutron lists`,
      );
      expect(writes(sb)).toEqual([]);
    });
  });
});

describe('scs-0115-default-rules without the default-rules API (Neutron before 2023.2)', () => {
  const sandboxes = sandboxesPerSuite({ compliant: withoutApi(loadProfile('compliant')), violations: withoutApi(loadProfile('violations')) });

  it('compliant: creates a security group through the ledger, reads egress IPv4 + IPv6, deletes it; PASS; nothing left', async () => {
    const sb = sandboxes.compliant;
    const { out, cleanup, files, journal } = await runDefaultRules(sb);
    expect(out.verdict, JSON.stringify(out.findings)).toBe('PASS');
    expect(out.findings.map((f) => f.level)).toEqual(['info']);
    expect(out.findings[0]!.text).toContain(`Neutron answered 404 for GET ${sb.url}/network/v2.0/default-security-group-rules`);
    expect(out.findings[0]!.object).toMatch(new RegExp(`^security group scs-${RUN_ID}-default-rules \\(id [0-9a-f-]{36}\\)`));
    expect(out.evidence).toMatchObject({ source: 'new security group', rules: 2, egressCovered: ['IPv4', 'IPv6'] });
    expect(writes(sb)).toEqual(['POST /network/v2.0/security-groups 201', 'DELETE /network/v2.0/security-groups/<id> 204']);
    expect(sb.requests.some((r) => r.method === 'GET' && /\/network\/v2\.0\/security-groups\/[0-9a-f-]{36}$/.test(r.path))).toBe(true);
    // The testcase deleted the group itself; the journal records both and is closed as done.
    expect(cleanup).toEqual({ deleted: [], failed: [] });
    expect(files).toEqual([`${RUN_ID}.done.jsonl`]);
    expect(journal).toMatch(new RegExp(`"op":"created","seq":1,"kind":"security-group","id":"[0-9a-f-]{36}","name":"scs-${RUN_ID}-default-rules"`));
    expect(journal).toContain('"op":"deleted","seq":1');
    expect(await groupNames(sb)).toEqual(['default']);
  });

  it('violations: the new group gets SSH ingress, ingress from itself and only TCP 443 egress; FAIL; nothing left', async () => {
    const sb = sandboxes.violations;
    const { out } = await runDefaultRules(sb);
    expect(out.verdict).toBe('FAIL');
    const errors = out.findings.filter((f) => f.level === 'error');
    expect(errors.map((f) => f.object!.replace(/[0-9a-f-]{36}/g, '<id>'))).toEqual([
      `rule <id> of new security group scs-${RUN_ID}-default-rules (id <id>) (ingress IPv4 tcp port 22 from 0.0.0.0/0)`,
      `rule <id> of new security group scs-${RUN_ID}-default-rules (id <id>) (ingress IPv4 any protocol from the same group)`,
      `security group scs-${RUN_ID}-default-rules (id <id>), created to read the default rules`,
      `security group scs-${RUN_ID}-default-rules (id <id>), created to read the default rules`,
    ]);
    expect(errors.slice(2).map((f) => f.text)).toEqual([
      `The new security group scs-${RUN_ID}-default-rules got no rule that allows all IPv4 egress.`,
      `The new security group scs-${RUN_ID}-default-rules got no rule that allows all IPv6 egress.`,
    ]);
    for (const f of errors) {
      expect(f.url).toBe(DOC);
      expect(f.rule).toBeTruthy();
      expect(f.expected).toBeTruthy();
    }
    expect(writes(sb)).toEqual(['POST /network/v2.0/security-groups 201', 'DELETE /network/v2.0/security-groups/<id> 204']);
    expect((await groupNames(sb)).filter((n) => n.startsWith('scs-'))).toEqual([]);
  });

  it('the security-group ledger kind finds leftovers by prefix and deletes them (404 counts as gone)', async () => {
    const sb = sandboxes.compliant;
    const session = await sandboxSession(sb);
    const left = await createSecurityGroup(session, 'scs-0badc0de-default-rules', 'left by a killed run');
    await createSecurityGroup(session, 'not-ours', 'a user group');
    const kind = openstackResourceKinds[SECURITY_GROUP_KIND]!;
    const found = await kind.list!(session, 'scs-0badc0de-', new AbortController().signal);
    expect(found).toEqual([{ kind: SECURITY_GROUP_KIND, id: left.id, name: 'scs-0badc0de-default-rules' }]);
    await kind.delete(session, found[0]!, new AbortController().signal);
    await kind.delete(session, found[0]!, new AbortController().signal);
    expect(await getSecurityGroup(session, left.id)).toBeUndefined();
    expect(await groupNames(sb)).toEqual(['default', 'not-ours']);
  });
});
