/**
 * How a sandbox service plugs in. Each emulated API (identity, compute, image, volume, network,
 * key-manager, object-store, S3, Kubernetes) is one module under `services/` that exports a
 * SandboxServiceFactory. The server mounts it at `/<mount>` and lists it in the Keystone catalog.
 */
import type { Route } from './http.js';
import type { SandboxWorld } from './world.js';

export interface SandboxService {
  /** Mount point below the server root, e.g. `compute`; requests to `/compute/...` reach its routes. */
  mount: string;
  /**
   * Catalog entries this service contributes (type and the path below the server root of its
   * endpoint, which may contain `{project_id}`). Empty for services outside the Keystone catalog.
   */
  catalog: { type: string; name: string; path: string }[];
  routes: Route[];
}

/** Builds a service over the shared world; returns undefined when the profile disables it. */
export type SandboxServiceFactory = (world: SandboxWorld) => SandboxService | undefined;
