/**
 * Wiring the subject under test: the OpenStack cloud (clouds.yaml / OS_* / sandbox) and the Kubernetes
 * cluster (kubeconfig / in-cluster / sandbox) into a TargetEnvironment. Config problems surface here,
 * before anything runs (exit 3); authentication happens lazily in the first fact that needs it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetEnvironment } from '../engine/environment.js';
import type { OpenStackConnector } from '../openstack/types.js';
import { resolveCloud } from '../openstack/config.js';
import { createOpenStackConnector } from '../openstack/connect.js';
import { sandboxCloud } from '../sandbox/cloud-config.js';
import type { RunningSandbox } from '../sandbox/server.js';
import { createKubernetesConnector } from '../kubernetes/connector.js';
import { sandboxKubeconfig } from '../sandbox/kubeconfig.js';
import { sandboxDomainManagerConfig } from '../sandbox/services/identity-admin.js';
import type { KubernetesConnector } from '../kubernetes/types.js';
import type { Scope } from '../spec/model.js';
import type { Plan } from '../engine/plan.js';
import type { CliIO } from './io.js';

export interface EnvironmentOptions {
  scope: Scope;
  plan: Plan;
  variables: Record<string, string>;
  osCloud?: string;
  kubeconfig?: string;
  context?: string;
  sandbox?: RunningSandbox;
  io: CliIO;
  log: (message: string) => void;
}

export interface BuiltEnvironment {
  env: TargetEnvironment;
  /** A good default subject name: the cloud, the kube context, or `sandbox`. */
  subject: string;
  requestCount: () => number | undefined;
  dispose: () => void;
}

/** A short id for names and tags of created resources: 8 hex characters. */
export function newShortRunId(): string {
  return randomBytes(4).toString('hex');
}

export function needsOpenStack(scope: Scope, plan: Plan): boolean {
  return scope.variables.some((v) => v.name === 'os_cloud') && plan.testcases.some((t) => t.kind === 'builtin' && !t.skipReason);
}

export function needsKubernetes(scope: Scope, plan: Plan): boolean {
  return scope.variables.some((v) => v.name === 'kubeconfig' || v.name === 'subject_root') && plan.testcases.some((t) => t.kind === 'builtin' && !t.skipReason);
}

export function buildEnvironment(o: EnvironmentOptions, runId = newShortRunId()): BuiltEnvironment {
  const secrets = new Set<string>();
  const disposers: (() => void)[] = [];
  let openstack: OpenStackConnector | undefined;
  let kubernetes: KubernetesConnector | undefined;
  let subject = o.sandbox ? 'sandbox' : '';
  let sessionCount: (() => number | undefined) | undefined;

  if (needsOpenStack(o.scope, o.plan) || (o.sandbox && o.scope.variables.some((v) => v.name === 'os_cloud'))) {
    const cloud = o.sandbox
      ? sandboxCloud(o.sandbox)
      : resolveCloud({ cloud: o.osCloud ?? o.variables.os_cloud, env: o.io.env, cwd: o.io.cwd, home: o.io.home });
    for (const s of cloud.secretValues()) secrets.add(s);
    // The connector adds every token it receives, so they are scrubbed from all output too.
    const connector = createOpenStackConnector(cloud, { log: o.log, secrets });
    let session: { requestCount: number } | undefined;
    const original = connector.session.bind(connector);
    openstack = {
      cloudName: connector.cloudName,
      session: async () => {
        const s = await original();
        session = s;
        return s;
      },
    };
    sessionCount = () => session?.requestCount;
    subject ||= connector.cloudName;
  }

  if (needsKubernetes(o.scope, o.plan) || (o.sandbox && o.scope.variables.some((v) => v.name === 'kubeconfig'))) {
    let kubeconfig = o.kubeconfig ?? (o.variables.kubeconfig || undefined);
    if (o.sandbox) {
      const dir = mkdtempSync(join(tmpdir(), 'scs-compliance-kube-'));
      kubeconfig = join(dir, 'kubeconfig.yaml');
      writeFileSync(kubeconfig, sandboxKubeconfig(o.sandbox), { mode: 0o600 });
      disposers.push(() => rmSync(dir, { recursive: true, force: true }));
    }
    kubernetes = createKubernetesConnector({ kubeconfig, context: o.context, env: o.io.env, home: o.io.home });
    subject ||= kubernetes.context;
  }

  // The sandbox's own domain managers for domain-manager-check (scs-0302), unless the user gave a config.
  let variables = o.variables;
  const managers = o.sandbox && !variables.domain_manager_config ? sandboxDomainManagerConfig(o.sandbox.world) : undefined;
  if (managers) {
    const dir = mkdtempSync(join(tmpdir(), 'scs-compliance-dm-'));
    writeFileSync(join(dir, 'domain-managers.yaml'), managers.text, { mode: 0o600 });
    disposers.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const s of managers.secrets) secrets.add(s);
    variables = { ...variables, domain_manager_config: join(dir, 'domain-managers.yaml') };
  }

  const env: TargetEnvironment = {
    openstack,
    kubernetes,
    variables,
    runId,
    log: o.log,
    secrets,
  };
  return {
    env,
    subject: subject || 'unnamed',
    requestCount: () => (o.sandbox ? o.sandbox.requests.length : sessionCount?.()),
    dispose: () => {
      for (const d of disposers.reverse()) {
        try {
          d();
        } catch {
          // best effort
        }
      }
    },
  };
}
