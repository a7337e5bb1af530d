/**
 * What a run knows about its subject: how to reach the cloud and the cluster, and the variables.
 * Connections are established lazily by facts (`openstack.session`, `kubernetes.client`), so a run that
 * selects only KaaS testcases never asks for OpenStack credentials and vice versa.
 */
import type { OpenStackConnector } from '../openstack/types.js';
import type { KubernetesConnector } from '../kubernetes/types.js';

export interface TargetEnvironment {
  /** Present when the run has an OpenStack cloud (clouds.yaml entry, OS_* variables or the sandbox). */
  openstack?: OpenStackConnector;
  /** Present when the run has a Kubernetes cluster (kubeconfig, in-cluster config or the sandbox). */
  kubernetes?: KubernetesConnector;
  /** Scope variables after `-a KEY=VALUE` and defaults. */
  variables: Readonly<Record<string, string>>;
  /** Run id: a short unique string used to name and tag everything a run creates. */
  runId: string;
  /** Writes a diagnostic line (debug level); the CLI decides whether it is shown. Never pass secrets. */
  log(message: string): void;
  /**
   * Secret values known to the run (passwords, application credential secrets, tokens, EC2 secrets).
   * Whoever obtains a secret adds it here; the engine scrubs every result, finding and log line of them.
   */
  secrets?: Set<string>;
}
