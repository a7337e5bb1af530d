/**
 * Facts about the cluster under test, fetched once per run through @kubernetes/client-node.
 */
import { defineFact, type FactContext } from '../engine/facts.js';
import { describeKubeError, KubeConfigError } from './errors.js';
import type { KubeClients } from './connector.js';
import type { KubernetesConnector } from './types.js';

/** `GET /version`, as the API server reports it. */
export interface KubeVersionInfo {
  gitVersion: string;
  major: string;
  minor: string;
  platform?: string;
  buildDate?: string;
  /** The cluster as messages name it: `cluster "<context>" (<API server URL>)`. */
  cluster: string;
}

/** A node with what the KaaS checks read. */
export interface KubeNode {
  name: string;
  uid: string;
  labels: Record<string, string>;
  kubeletVersion?: string;
}

/** The connector of the run; a clear error when the run has no cluster. */
export function kubernetesOf(ctx: FactContext): KubernetesConnector {
  const k = ctx.env.kubernetes;
  if (!k) {
    throw new KubeConfigError('this testcase needs a Kubernetes cluster, but the run has none: pass --kubeconfig PATH (and --context NAME) or use --sandbox');
  }
  return k;
}

/** The connector's clients. */
export async function kubeClients(ctx: FactContext): Promise<KubeClients> {
  return (await kubernetesOf(ctx).client()) as KubeClients;
}

export const kubeVersionFact = defineFact<KubeVersionInfo>(
  'kubernetes.version',
  async (ctx) => {
    const { version } = await kubeClients(ctx);
    let info;
    try {
      info = await version.getCode();
    } catch (err) {
      throw describeKubeError('GET /version', err);
    }
    if (!info || typeof info.gitVersion !== 'string' || info.gitVersion === '') {
      throw new Error('GET /version: the answer has no gitVersion');
    }
    const k = kubernetesOf(ctx) as KubernetesConnector & { server?: string };
    const cluster = `cluster "${k.context}"${k.server ? ` (${k.server})` : ''}`;
    return { gitVersion: info.gitVersion, major: info.major, minor: info.minor, platform: info.platform, buildDate: info.buildDate, cluster };
  },
  'GET /version',
);

export const nodesFact = defineFact<KubeNode[]>(
  'kubernetes.nodes',
  async (ctx) => {
    const { core } = await kubeClients(ctx);
    const nodes: KubeNode[] = [];
    let cont: string | undefined;
    for (let page = 0; page < 1000; page++) {
      let list;
      try {
        list = await core.listNode({ limit: 500, _continue: cont });
      } catch (err) {
        throw describeKubeError('GET /api/v1/nodes', err);
      }
      if (!list || !Array.isArray(list.items)) throw new Error('GET /api/v1/nodes: the answer is not a NodeList');
      for (const n of list.items) {
        const name = n.metadata?.name;
        if (!name) throw new Error('GET /api/v1/nodes: a node without metadata.name');
        nodes.push({ name, uid: n.metadata?.uid ?? '', labels: { ...(n.metadata?.labels ?? {}) }, kubeletVersion: n.status?.nodeInfo?.kubeletVersion });
      }
      cont = list.metadata?._continue || undefined;
      if (!cont) return nodes;
    }
    throw new Error('GET /api/v1/nodes: more than 1000 pages, giving up');
  },
  'GET /api/v1/nodes (all pages)',
);

/** How external tools (sonobuoy) reach the cluster: kubeconfig path(s) and context, never contents. */
export interface KubeTarget {
  /** A single kubeconfig file, a KUBECONFIG-style list, or undefined in-cluster. */
  kubeconfigPath?: string;
  context: string;
  inCluster: boolean;
  cluster: string;
}

export const kubeTargetFact = defineFact<KubeTarget>(
  'kubernetes.target',
  async (ctx) => {
    const k = kubernetesOf(ctx) as KubernetesConnector & { server?: string };
    return {
      kubeconfigPath: k.kubeconfigPath,
      context: k.context,
      inCluster: k.source === 'in-cluster',
      cluster: `cluster "${k.context}"${k.server ? ` (${k.server})` : ''}`,
    };
  },
  'kubeconfig path and context of the cluster',
);
