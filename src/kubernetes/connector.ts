/**
 * Finding and loading the kubeconfig the way kubectl does, but loudly: `--kubeconfig PATH`, else the
 * `KUBECONFIG` list, else `~/.kube/config`, else the in-cluster service account when running as a pod.
 * Never the client library's silent fallback to http://localhost:8080.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { CoreV1Api, KubeConfig, VersionApi } from '@kubernetes/client-node';
import { KubeConfigError } from './errors.js';
import type { KubernetesConnector } from './types.js';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubernetesConnectorOptions {
  /** `--kubeconfig PATH`. */
  kubeconfig?: string;
  /** `--context NAME`; default: the kubeconfig's current-context. */
  context?: string;
  /** Environment to read `KUBECONFIG`, `KUBERNETES_SERVICE_HOST/PORT` from. */
  env: Record<string, string | undefined>;
  /** Home folder (for `~/.kube/config`). */
  home: string;
  /** Relative kubeconfig paths are relative to this folder; default the process's working directory. */
  cwd?: string;
  /** Where the pod's service account is mounted (tests); default the standard path. */
  serviceAccountDir?: string;
  /** Data folder for the version policy (the sandbox sets it); see KubernetesConnector.kaasDataDir. */
  kaasDataDir?: string;
}

/** The clients the facts use; what `KubernetesConnector.client()` resolves to. */
export interface KubeClients {
  config: KubeConfig;
  core: CoreV1Api;
  version: VersionApi;
}

class LoadedConnector implements KubernetesConnector {
  private clients?: KubeClients;
  constructor(
    private readonly kc: KubeConfig,
    readonly source: string,
    readonly context: string,
    readonly kubeconfigPath: string | undefined,
    readonly kaasDataDir: string | undefined,
  ) {}

  async client(): Promise<KubeClients> {
    this.clients ??= { config: this.kc, core: this.kc.makeApiClient(CoreV1Api), version: this.kc.makeApiClient(VersionApi) };
    return this.clients;
  }

  /** API server URL of the current context (for messages). */
  get server(): string {
    return this.kc.getCurrentCluster()?.server ?? '';
  }
}

/** Resolve and load the kubeconfig now; throws KubeConfigError with advice when that is impossible. */
export function createKubernetesConnector(opts: KubernetesConnectorOptions): KubernetesConnector & { readonly server: string } {
  const files = kubeconfigFiles(opts);
  if (files.length === 0) {
    const sa = opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
    if (opts.env.KUBERNETES_SERVICE_HOST && opts.env.KUBERNETES_SERVICE_PORT && existsSync(join(sa, 'token'))) {
      if (opts.context) throw new KubeConfigError(`--context ${opts.context} cannot be used in-cluster (no kubeconfig was found)`);
      return new LoadedConnector(inClusterConfig(opts.env, sa), 'in-cluster', 'inClusterContext', undefined, opts.kaasDataDir);
    }
    throw new KubeConfigError(
      `no kubeconfig found: pass --kubeconfig PATH, set KUBECONFIG, or create ${join(opts.home, '.kube', 'config')} (looked for all three, and the cluster's service account is not mounted either)`,
    );
  }
  const kc = new KubeConfig();
  for (const [i, file] of files.entries()) {
    const one = i === 0 ? kc : new KubeConfig();
    if (readFileSync(file, 'utf8').trim() === '') throw new KubeConfigError(`kubeconfig ${file} is empty: point --kubeconfig or KUBECONFIG at a kubeconfig with a cluster, a user and a context`);
    try {
      one.loadFromFile(file, { onInvalidEntry: 'throw' });
    } catch (err) {
      throw new KubeConfigError(`kubeconfig ${file} is not valid: ${firstLine(err)}; check the file with "kubectl config view --kubeconfig ${file}"`);
    }
    if (i > 0) mergeFirstWins(kc, one);
  }
  const names = kc.getContexts().map((c) => c.name);
  const source = files.join(delimiter);
  const wanted = opts.context ?? kc.getCurrentContext();
  if (!wanted) {
    throw new KubeConfigError(`kubeconfig ${source} has no current-context: pass --context NAME (available: ${names.join(', ') || 'none'})`);
  }
  if (!names.includes(wanted)) {
    throw new KubeConfigError(`context "${wanted}" not found in kubeconfig ${source} (available: ${names.join(', ') || 'none'})`);
  }
  kc.setCurrentContext(wanted);
  const ctx = kc.getContextObject(wanted)!;
  const cluster = kc.getCluster(ctx.cluster);
  if (!cluster || !cluster.server) {
    throw new KubeConfigError(`context "${wanted}" in kubeconfig ${source} names cluster "${ctx.cluster}", which is not defined or has no server URL`);
  }
  return new LoadedConnector(kc, source, wanted, source, opts.kaasDataDir);
}

/** The kubeconfig files kubectl would read, in order; throws when an explicitly named one is missing. */
export function kubeconfigFiles(opts: Pick<KubernetesConnectorOptions, 'kubeconfig' | 'env' | 'home' | 'cwd'>): string[] {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.kubeconfig) {
    const path = resolve(cwd, opts.kubeconfig);
    if (!isFile(path)) throw new KubeConfigError(`kubeconfig ${path} not found (given with --kubeconfig): check the path`);
    return [path];
  }
  const list = opts.env.KUBECONFIG;
  if (list && list.trim() !== '') {
    const paths = list.split(delimiter).filter((p) => p.trim() !== '').map((p) => resolve(cwd, p));
    const present = paths.filter(isFile);
    if (present.length === 0) throw new KubeConfigError(`none of the files in KUBECONFIG exist (${paths.join(delimiter)}): fix KUBECONFIG or pass --kubeconfig PATH`);
    return present;
  }
  const home = join(opts.home, '.kube', 'config');
  return isFile(home) ? [home] : [];
}

function inClusterConfig(env: Record<string, string | undefined>, saDir: string): KubeConfig {
  const host = env.KUBERNETES_SERVICE_HOST!;
  const port = env.KUBERNETES_SERVICE_PORT!;
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const kc = new KubeConfig();
  const caFile = join(saDir, 'ca.crt');
  kc.loadFromClusterAndUser(
    { name: 'inCluster', server, caFile: existsSync(caFile) ? caFile : undefined, skipTLSVerify: false },
    { name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile: join(saDir, 'token') } } },
  );
  readFileSync(join(saDir, 'token')); // unreadable token: fail now (EACCES), not on the first request
  return kc;
}

/** KUBECONFIG merge rule of kubectl: the first file that defines a name (or the current-context) wins. */
function mergeFirstWins(into: KubeConfig, from: KubeConfig): void {
  if (!into.getCurrentContext() && from.getCurrentContext()) into.setCurrentContext(from.getCurrentContext());
  for (const c of from.getClusters()) if (!into.getCluster(c.name)) into.addCluster(c);
  for (const u of from.getUsers()) if (!into.getUser(u.name)) into.addUser(u);
  for (const c of from.getContexts()) if (!into.getContextObject(c.name)) into.addContext(c);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** First line of an error message only: YAML parser messages quote source lines, which may hold credentials. */
function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const line = msg.split('\n')[0] ?? '';
  return line.length > 200 ? line.slice(0, 200) + '…' : line;
}
