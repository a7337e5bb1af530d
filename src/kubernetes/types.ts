/**
 * Kubernetes access as the rest of the code sees it (implemented on @kubernetes/client-node).
 */
export interface KubernetesConnector {
  /** Path of the kubeconfig in use (or `in-cluster`), for messages; never its contents. */
  readonly source: string;
  /** Context name in use. */
  readonly context: string;
  /** The loaded client; implemented in this folder. */
  client(): Promise<unknown>;
}
