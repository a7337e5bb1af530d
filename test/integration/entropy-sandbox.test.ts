/**
 * scs-0101 entropy-avail and fips-test (and the pre-flight) through the CLI against a sandbox served
 * on loopback: PASS with `compliant`, FAIL with `violations`, ABORT with a reason when the VM cannot
 * report; afterwards no `scs-` object is left in the sandbox (asked through its API).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addRouterInterface, createNetwork, createRouter, createSubnet, listExternalNetworks, listNetworkObjectsByPrefix } from '../../src/openstack/networks.js';
import { createServer, listServersByPrefix } from '../../src/openstack/servers.js';
import { listCinderByPrefix } from '../../src/openstack/volumes.js';
import { sandboxCloudsYaml } from '../../src/sandbox/cloud-config.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import { networkState } from '../../src/sandbox/services/network-resources.js';
import { volumeState } from '../../src/sandbox/services/volume-resources.js';
import type { SandboxProfile } from '../../src/sandbox/world.js';
import { cli } from '../helpers/cli.js';
import { checkIaasOnSandbox, sandboxPerTest, sandboxSession } from '../helpers/sandbox.js';

const startSandbox = sandboxPerTest();

async function check(profile: SandboxProfile, tests: string) {
  const sb = await startSandbox(profile);
  return { sb, ...(await checkIaasOnSandbox(sb, tests)) };
}

/** Every object of ours the sandbox still holds, asked through its API, plus the boot volumes and ports it keeps. */
async function leftovers(sb: RunningSandbox): Promise<string[]> {
  const session = await sandboxSession(sb, { auth: 'password' });
  const names = [
    ...(await listServersByPrefix(session, 'scs-')).map((s) => `server ${s.name}`),
    ...(await listNetworkObjectsByPrefix(session, 'routers', 'scs-')).map((o) => `router ${o.name}`),
    ...(await listNetworkObjectsByPrefix(session, 'subnets', 'scs-')).map((o) => `subnet ${o.name}`),
    ...(await listNetworkObjectsByPrefix(session, 'networks', 'scs-')).map((o) => `network ${o.name}`),
    ...(await listCinderByPrefix(session, 'volumes', '')).map((o) => `volume ${o.name || o.id}`),
  ];
  const net = networkState(sb.world);
  return [...names, ...net.ports.map((p) => `port ${p.id} of ${p.device_owner}`), ...volumeState(sb.world).volumes.map((v) => `stored volume ${v.id}`)];
}

function withServers(p: SandboxProfile, servers: Record<string, unknown>): SandboxProfile {
  return { ...p, servers: { ...(p.servers as object), ...servers } };
}

describe('scs-0101 against the sandbox', () => {
  it('compliant: both PASS from one VM, and nothing of ours is left', async () => {
    const { sb, byId, err } = await check(loadProfile('compliant'), 'scs-0101');
    expect(byId.get('scs-0101-entropy-avail')?.verdict, JSON.stringify(byId.get('scs-0101-entropy-avail'))).toBe('PASS');
    expect(byId.get('scs-0101-fips-test')?.verdict).toBe('PASS');
    const creates = sb.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/servers'));
    expect(creates).toHaveLength(1); // one VM for both testcases
    expect(err).toMatch(/booting VM scs-[0-9a-f]{8}-entropy-vm/);
    expect(await leftovers(sb)).toEqual([]);
  });

  it("Nova's adminPass (a secret) appears in no output, report or journal", async () => {
    const canary = 'CANARY-adminpass-5e1d77';
    const { byId, out, err, dir } = await check(withServers(loadProfile('compliant'), { admin_pass: canary }), 'scs-0101');
    expect(byId.get('scs-0101-entropy-avail')?.verdict).toBe('PASS');
    const files = ['out', 'journal'].flatMap((d) => readdirSync(join(dir, d)).map((f) => readFileSync(join(dir, d, f), 'utf8')));
    expect(files.length).toBeGreaterThan(3);
    for (const text of [out, err, ...files]) expect(text).not.toContain(canary);
  });

  it('violations: entropy_avail 35 and 12 rngtest failures FAIL with object, rule, values and URL', async () => {
    const { sb, byId, code } = await check(loadProfile('violations'), 'scs-0101');
    expect(code).toBe(1);
    const e = byId.get('scs-0101-entropy-avail')!;
    expect(e.verdict).toBe('FAIL');
    const ef = e.findings.find((f) => f.level === 'error')!;
    expect(ef).toMatchObject({ observed: 35, expected: 256, url: expect.stringMatching(/^https:\/\/docs\.scs\.community\//) });
    expect(ef.object).toMatch(/^VM scs-[0-9a-f]{8}-entropy-vm \(id [0-9a-f-]{36};/);
    const f = byId.get('scs-0101-fips-test')!;
    expect(f.verdict).toBe('FAIL');
    expect(f.findings.find((x) => x.level === 'error')).toMatchObject({ observed: 12, expected: '≤ 5' });
    expect(await leftovers(sb)).toEqual([]);
  });

  it('a cloud-init failure on the console ABORTs both with the reason, and still cleans up', async () => {
    const { sb, byId } = await check(withServers(loadProfile('compliant'), { script_fails: true }), 'scs-0101');
    for (const id of ['scs-0101-entropy-avail', 'scs-0101-fips-test']) {
      expect(byId.get(id)?.verdict).toBe('ABORT');
      expect(byId.get(id)?.reason).toMatch(/could not run the report script/);
    }
    expect(await leftovers(sb)).toEqual([]);
  });

  it('a server that goes to ERROR: ABORT with Nova\'s fault message, and the objects are deleted', async () => {
    const { sb, byId } = await check(withServers(loadProfile('compliant'), { boot_fault: 'No valid host was found. There are not enough hosts available.' }), 'scs-0101');
    for (const id of ['scs-0101-entropy-avail', 'scs-0101-fips-test']) {
      expect(byId.get(id)?.verdict).toBe('ABORT');
      expect(byId.get(id)?.reason).toMatch(/server scs-[0-9a-f]{8}-entropy-vm \(id [0-9a-f-]{36}\) went to status ERROR: No valid host was found/);
    }
    expect(await leftovers(sb)).toEqual([]);
  });

  it('no external network: ABORT naming the missing router:external network', async () => {
    const p = loadProfile('compliant');
    const { sb, byId } = await check({ ...p, networking: { external_networks: [] } }, 'scs-0101');
    expect(byId.get('scs-0101-entropy-avail')?.verdict).toBe('ABORT');
    expect(byId.get('scs-0101-entropy-avail')?.reason).toMatch(/router:external/);
    expect(await leftovers(sb)).toEqual([]);
  });
});

describe('pre-flight', () => {
  it('a token with role manager: every creating IaaS testcase ABORTs with one message, read-only ones still run', async () => {
    const p = loadProfile('compliant');
    const identity = structuredClone(p.identity) as { roles: { id: string; name: string }[]; role_assignments: Record<string, string>[] };
    identity.roles.push({ id: '0c3e5a7b9d1f4a6c8e0a2c4e6a8c0e11', name: 'manager' });
    identity.role_assignments.push({ user: 'scs-tester', project: 'scs-test', role: 'manager' });
    const { sb, byId } = await check({ ...p, identity }, 'scs-0101|scs-0117|scs-0123-service-compute');
    const reasons = ['scs-0101-entropy-avail', 'scs-0101-fips-test', 'scs-0117-test-backup'].map((id) => {
      expect(byId.get(id)?.verdict, id).toBe('ABORT');
      return byId.get(id)?.reason;
    });
    expect(new Set(reasons).size).toBe(1);
    expect(reasons[0]).toMatch(/pre-flight: .* has the role manager/);
    expect(byId.get('scs-0123-service-compute')?.verdict).toBe('PASS');
    expect(sb.requests.filter((r) => r.method === 'POST' && !r.path.includes('/auth/'))).toEqual([]);
  });
});

describe('cleanup by name prefix alone (no journal)', () => {
  it('--all-runs deletes a server, a router with its interface, subnet and network of ours, in a working order, and nothing else', async () => {
    const sb = await startSandbox(loadProfile('compliant'));
    const dir = mkdtempSync(join(tmpdir(), 'scs-prefix-'));
    writeFileSync(join(dir, 'clouds.yaml'), sandboxCloudsYaml(sb, 'sandbox', { auth: 'password' }));
    const session = await sandboxSession(sb, { auth: 'password' });
    const p = 'scs-0badcafe-';
    const net = await createNetwork(session, `${p}net`, '');
    const subnet = await createSubnet(session, `${p}subnet`, net.id, { cidr: '10.1.0.0/24', gatewayIp: '10.1.0.1', pool: { start: '10.1.0.100', end: '10.1.0.199' }, dnsNameservers: [] }, '');
    const router = await createRouter(session, `${p}router`, (await listExternalNetworks(session))[0]!.id, '');
    await addRouterInterface(session, router.id, subnet.id);
    await createServer(session, { name: `${p}vm`, flavorId: 'x', imageId: 'y', networkId: net.id, volumeSize: 8, userData: '' });
    const foreign = await createNetwork(session, 'customer-net', '');
    expect((await leftovers(sb)).length).toBeGreaterThan(4);
    const r = await cli(['cleanup', '--os-cloud', 'sandbox', '--all-runs', '--journal-dir', join(dir, 'journal')], { env: { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml') } });
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/4 deleted, 0 could not be deleted/); // server, router (its interface removed first), subnet, network
    expect(await leftovers(sb)).toEqual([]);
    expect((await listNetworkObjectsByPrefix(session, 'networks', '')).map((n) => n.id)).toContain(foreign.id);
  });
});
