/**
 * The entry point of the OpenStack client: a connector that authenticates lazily, once per run.
 */
import type { ResolvedCloud } from './config.js';
import { HttpClient } from './http.js';
import { Session } from './session.js';
import type { OpenStackConnector, OpenStackSession } from './types.js';

export interface ConnectorOptions {
  /** Diagnostic lines (requests, retries, token renewal); never contain secrets. */
  log?: (message: string) => void;
  /**
   * The run's set of secret values: the connector adds the cloud's password or secret and every token,
   * so the engine can scrub them from any output.
   */
  secrets?: Set<string>;
  /** Retries of idempotent requests after the first attempt (default 2). */
  retryLimit?: number;
  /** Base of the retry backoff in ms (default 1000). */
  retryBackoffMs?: number;
  /** Clock used to decide when the token needs renewing. */
  now?: () => Date;
}

export function createOpenStackConnector(cloud: ResolvedCloud, opts: ConnectorOptions = {}): OpenStackConnector {
  const secrets = opts.secrets ?? new Set<string>();
  for (const s of cloud.secretValues()) secrets.add(s);
  let pending: Promise<OpenStackSession> | undefined;
  return {
    cloudName: cloud.name,
    session(): Promise<OpenStackSession> {
      if (!pending) {
        const http = new HttpClient({
          verify: cloud.verify,
          ca: cloud.ca,
          clientCert: cloud.clientCert,
          clientKey: cloud.clientKey,
          timeoutSeconds: cloud.apiTimeout,
          retryLimit: opts.retryLimit,
          retryBackoffMs: opts.retryBackoffMs,
          log: opts.log,
          secrets: () => secrets,
        });
        pending = Session.open(cloud, http, { secrets, now: opts.now });
        // A failed login may be retried by a later call (e.g. after the user fixed the network).
        pending.catch(() => {
          pending = undefined;
        });
      }
      return pending;
    },
  };
}
