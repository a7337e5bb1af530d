/**
 * Interrupted runs leave nothing behind. The sandbox runs in one child process (a slow-booting copy of
 * the compliant profile), `check` in another; SIGINT mid-run: the run exits 130 after deleting what it
 * created. SIGKILL mid-run: objects remain, and `cleanup --run <id>` deletes exactly those — a
 * customer's own network and volume (names without our prefix) survive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCloud } from '../../src/openstack/config.js';
import { createOpenStackConnector } from '../../src/openstack/connect.js';
import { createNetwork, listNetworkObjectsByPrefix } from '../../src/openstack/networks.js';
import { listServersByPrefix } from '../../src/openstack/servers.js';
import { createVolume, listCinderByPrefix } from '../../src/openstack/volumes.js';
import type { OpenStackSession } from '../../src/openstack/types.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PROFILES = join(ROOT, 'src/sandbox/profiles');

interface Child {
  proc: ChildProcess;
  out: string;
  err: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: Child[] = [];

function start(args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: env.HOME ?? tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const c: Child = {
    proc,
    out: '',
    err: '',
    exit: new Promise((done) => proc.on('exit', (code, signal) => done({ code, signal }))),
  };
  proc.stdout!.on('data', (d: Buffer) => (c.out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (c.err += d.toString()));
  children.push(c);
  return c;
}

async function until(c: Child, re: RegExp, what: string): Promise<RegExpMatchArray> {
  for (;;) {
    const m = (c.out + c.err).match(re);
    if (m) return m;
    if (c.proc.exitCode !== null || c.proc.signalCode !== null) throw new Error(`${what}: the process ended first\n${c.out}\n${c.err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let dir: string;
let configDir: string;
let env: Record<string, string>;
let session: OpenStackSession;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scs-kill-'));
  // A copy of the compliant profile whose VM never finishes booting within the test; volumes take 8 s
  // (Cinder refuses to delete a volume still "creating", so cleanup waits for it).
  const profile = join(dir, 'slow');
  mkdirSync(profile);
  for (const f of readdirSync(join(PROFILES, 'compliant'))) copyFileSync(join(PROFILES, 'compliant', f), join(profile, f));
  writeFileSync(
    join(profile, 'servers.yaml'),
    'servers:\n  boot_ms: 600000\n  console_ms: 200\nnetworking:\n  external_networks:\n    - {id: 6d3f2a1e-8b4c-4e5f-9a0b-1c2d3e4f5a60, name: public}\n',
  );
  writeFileSync(join(profile, 'backup.yaml'), 'backup:\n  api: true\n  transition_ms: 8000\n');
  configDir = join(dir, 'config');
  const sb = start(['sandbox', profile, '--config-dir', configDir], { HOME: dir });
  await until(sb, /serving on http:\/\/127\.0\.0\.1:\d+/, 'sandbox start');
  env = { HOME: dir, OS_CLIENT_CONFIG_FILE: join(configDir, 'clouds.yaml') };
  const cloud = resolveCloud({ cloud: 'sandbox', env, cwd: dir, home: dir });
  session = await createOpenStackConnector(cloud).session();
  // A customer's own objects: no prefix of ours, must survive every cleanup.
  await createNetwork(session, 'customer-net', 'not ours');
  await createVolume(session, 'customer-data', 1, 'not ours');
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM');
  await Promise.all(children.map((c) => c.exit));
});

/** Objects named with the prefix, asked through the sandbox API. */
async function objects(prefix: string): Promise<string[]> {
  return [
    ...(await listServersByPrefix(session, prefix)).map((s) => `server ${s.name}`),
    ...(await listNetworkObjectsByPrefix(session, 'routers', prefix)).map((o) => `router ${o.name}`),
    ...(await listNetworkObjectsByPrefix(session, 'subnets', prefix)).map((o) => `subnet ${o.name}`),
    ...(await listNetworkObjectsByPrefix(session, 'networks', prefix)).map((o) => `network ${o.name}`),
    ...(await listCinderByPrefix(session, 'volumes', prefix)).map((o) => `volume ${o.name}`),
    ...(await listCinderByPrefix(session, 'backups', prefix)).map((o) => `backup ${o.name}`),
  ].sort();
}

function startCheck(): Child {
  return start(['check', '--os-cloud', 'sandbox', '-V', 'v5.1', '-t', 'scs-0101|scs-0117', '--journal-dir', join(dir, 'journal'), '--output', join(dir, 'out')], env);
}

/** Waits until the VM is booting and the backup chain waits for its volume: both chains have objects. */
async function midRun(c: Child): Promise<string> {
  const runId = (await until(c, /run ([0-9a-f]{8}): objects/, 'run id'))[1]!;
  await until(c, /booting VM scs-[0-9a-f]{8}-entropy-vm/, 'VM booting');
  await until(c, /waiting for volume scs-[0-9a-f]{8}-backup-volume/, 'volume waiting');
  return runId;
}

describe('interrupted runs', () => {
  it('SIGINT mid-run: exit 130, and the run deleted every object it created', async () => {
    const c = startCheck();
    const runId = await midRun(c);
    const prefix = `scs-${runId}-`;
    expect(await objects(prefix)).toEqual([`network ${prefix}entropy-net`, `router ${prefix}entropy-router`, `server ${prefix}entropy-vm`, `subnet ${prefix}entropy-subnet`, `volume ${prefix}backup-volume`]);
    c.proc.kill('SIGINT');
    const { code } = await c.exit;
    expect(code, c.err).toBe(130);
    expect(await objects(prefix)).toEqual([]);
    expect((await listNetworkObjectsByPrefix(session, 'networks', 'customer-')).map((n) => n.name)).toEqual(['customer-net']);
  }, 120_000);

  it('SIGKILL mid-run leaves objects; cleanup --run removes exactly those', async () => {
    const c = startCheck();
    const runId = await midRun(c);
    const prefix = `scs-${runId}-`;
    c.proc.kill('SIGKILL');
    await c.exit;
    expect((await objects(prefix)).length).toBe(5);
    const cleanup = start(['cleanup', '--os-cloud', 'sandbox', '--run', runId, '--journal-dir', join(dir, 'journal')], env);
    const { code } = await cleanup.exit;
    expect(code, cleanup.out + cleanup.err).toBe(0);
    expect(cleanup.out).toMatch(new RegExp(`deleted server ${prefix}entropy-vm`));
    expect(await objects(prefix)).toEqual([]);
    expect(await objects('scs-')).toEqual([]);
    expect((await listNetworkObjectsByPrefix(session, 'networks', 'customer-')).map((n) => n.name)).toEqual(['customer-net']);
    expect((await listCinderByPrefix(session, 'volumes', 'customer-')).map((v) => v.name)).toEqual(['customer-data']);
  }, 120_000);
});
