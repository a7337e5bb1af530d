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
  /**
   * Kubeconfig file(s) for external tools such as sonobuoy (a KUBECONFIG-style list when several files
   * were merged); undefined when running in-cluster. The path only, never the contents.
   */
  readonly kubeconfigPath?: string;
  /**
   * Folder of the Kubernetes upstream data (releases, end-of-life dates, CVEs) to use for this cluster,
   * when it is not the shipped `standards/data/` (the sandbox brings its own); undefined = shipped data.
   */
  readonly kaasDataDir?: string;
}
