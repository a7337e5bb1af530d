/** Starting and closing sandboxes in integration tests, and sessions and fact stores on a sandbox's cloud. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { FactStore } from '../../src/engine/facts.js';
import { createOpenStackConnector } from '../../src/openstack/connect.js';
import type { OpenStackSession } from '../../src/openstack/types.js';
import { sandboxCloud, sandboxCloudsYaml, type SandboxCloudOptions } from '../../src/sandbox/cloud-config.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import type { SandboxProfile } from '../../src/sandbox/world.js';
import { cli } from './cli.js';

/** A profile, or a profile with start options. */
export type SandboxSpec = SandboxProfile | [SandboxProfile, SandboxOptions];

function start(spec: SandboxSpec): Promise<RunningSandbox> {
  return Array.isArray(spec) ? startSandbox(spec[0], spec[1]) : startSandbox(spec);
}

/**
 * For a test file whose tests each start their own sandboxes: call once at the top level; the
 * returned function starts a sandbox, and every sandbox started in a test is closed after it.
 */
export function sandboxPerTest(): (spec: SandboxSpec) => Promise<RunningSandbox> {
  let running: RunningSandbox[] = [];
  afterEach(async () => {
    await Promise.all(running.map((s) => s.close()));
    running = [];
  });
  return async (spec) => {
    const sb = await start(spec);
    running.push(sb);
    return sb;
  };
}

/**
 * For tests that share sandboxes: call in a describe block (or at the top level); one sandbox per
 * entry is started before its tests, in order, and closed after them. The returned record is filled
 * when the tests run.
 */
export function sandboxesPerSuite<K extends string>(profiles: Record<K, SandboxSpec>): Readonly<Record<K, RunningSandbox>> {
  const running: Partial<Record<K, RunningSandbox>> = {};
  beforeAll(async () => {
    for (const name of Object.keys(profiles) as K[]) running[name] = await start(profiles[name]);
  });
  afterAll(async () => {
    for (const sb of Object.values<RunningSandbox | undefined>(running)) await sb?.close();
  });
  return running as Record<K, RunningSandbox>;
}

/** Starts a sandbox, runs `fn` with it and closes it, also when `fn` throws. */
export async function withSandbox<T>(spec: SandboxSpec, fn: (sb: RunningSandbox) => Promise<T>): Promise<T> {
  const sb = await start(spec);
  try {
    return await fn(sb);
  } finally {
    await sb.close();
  }
}

/** A fact store over the sandbox's cloud as the engine makes one: no variables, logs dropped. */
export function sandboxFacts(sb: RunningSandbox, now = new Date()): FactStore {
  return new FactStore({ openstack: createOpenStackConnector(sandboxCloud(sb)), variables: {}, runId: 'itest', log: () => undefined }, new AbortController().signal, now);
}

/** A new session (one token request) on the sandbox's cloud, as the CLI would open one. */
export function sandboxSession(sb: RunningSandbox, opts?: SandboxCloudOptions): Promise<OpenStackSession> {
  return createOpenStackConnector(sandboxCloud(sb, opts)).session();
}

/** A testcase as the JSON report shows it. */
export interface ReportedTestcase {
  id: string;
  verdict: string;
  reason?: string;
  findings: { level: string; text: string; object?: string; rule?: string; observed?: unknown; expected?: unknown; url?: string }[];
}

/**
 * `check --os-cloud sandbox -V v5.1 -t <tests>` through the CLI against the sandbox (password auth from
 * a clouds.yaml in a new temporary folder `dir`, with the report and journal below it); the testcases
 * of the IaaS JSON report by id.
 */
export async function checkIaasOnSandbox(sb: RunningSandbox, tests: string, extra: string[] = []): Promise<{ code: number; out: string; err: string; dir: string; byId: Map<string, ReportedTestcase> }> {
  const dir = mkdtempSync(join(tmpdir(), 'scs-check-'));
  writeFileSync(join(dir, 'clouds.yaml'), sandboxCloudsYaml(sb, 'sandbox', { auth: 'password' }));
  const out = join(dir, 'out');
  const r = await cli(['check', '--os-cloud', 'sandbox', '-V', 'v5.1', '-t', tests, '--output', out, '--journal-dir', join(dir, 'journal'), ...extra], {
    env: { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml') },
  });
  const report = JSON.parse(readFileSync(join(out, 'scs-compatible-iaas.json'), 'utf8')) as { testcases: ReportedTestcase[] };
  return { ...r, dir, byId: new Map(report.testcases.map((t) => [t.id, t])) };
}
