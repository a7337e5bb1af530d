/** Starting and closing sandboxes in integration tests, and sessions and fact stores on a sandbox's cloud. */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { FactStore } from '../../src/engine/facts.js';
import { createOpenStackConnector } from '../../src/openstack/connect.js';
import type { OpenStackSession } from '../../src/openstack/types.js';
import { sandboxCloud, type SandboxCloudOptions } from '../../src/sandbox/cloud-config.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import type { SandboxProfile } from '../../src/sandbox/world.js';

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
