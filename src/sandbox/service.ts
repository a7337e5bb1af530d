/**
 * How a sandbox service plugs in. Each emulated API part (identity, compute flavors, compute servers,
 * image, volume types, volumes and backups, network, key-manager, object-store, S3, Kubernetes) is one
 * module under `services/` that exports a SandboxServiceFactory. The server mounts it at `/<mount>`.
 * Several modules may share a mount (e.g. `compute` for flavors and for servers): their routes are
 * tried in registration order. What the Keystone catalog lists comes from the profile's
 * `identity.catalog` section, not from the modules, so a profile can omit or add any service type.
 */
import type { Route, SandboxRequest, SandboxResponse } from './http.js';
import type { SandboxWorld } from './world.js';

export interface SandboxService {
  /** Mount point below the server root, e.g. `compute`; requests to `/compute/...` reach its routes. */
  mount: string;
  routes: Route[];
  /**
   * The service's own answer to a request without a valid token (body and headers differ between
   * services, e.g. Glance and Swift); absent = the Keystone-middleware JSON 401. The first service on a
   * mount that gives one answers for the mount.
   */
  unauthorized?: (req: SandboxRequest) => SandboxResponse;
}

/** Builds a service over the shared world; returns undefined when the profile disables it. */
export type SandboxServiceFactory = (world: SandboxWorld) => SandboxService | undefined;
