/**
 * Shapes the project-scoped sandbox services (networks, volumes and backups, servers) share: a state
 * per sandbox world, the token's project, the object of a path's `:id` in that project, and the GET
 * routes of a list with its `/detail` twin; and telling an early answer from a looked-up value.
 */
import type { Handler, Route, SandboxRequest, SandboxResponse } from '../http.js';
import type { SandboxWorld } from '../world.js';

/** A getter of one state per sandbox world, made by `init` on first use (shared between services). */
export function statePerWorld<T>(init: () => T): (world: SandboxWorld) => T {
  const states = new WeakMap<SandboxWorld, T>();
  return (world) => {
    let s = states.get(world);
    if (s === undefined) {
      s = init();
      states.set(world, s);
    }
    return s;
  };
}

/** The project of the request's token ('' without one). */
export function tokenProject(req: SandboxRequest): string {
  return req.auth?.projectId ?? '';
}

/** The object of the path's `:id` that belongs to the token's project, if there is one. */
export function ownById<T extends { id: string; project: string }>(req: SandboxRequest, list: readonly T[]): T | undefined {
  return list.find((x) => x.id === req.params.id && x.project === tokenProject(req));
}

/** Whether a helper's result is an answer to send (an error) rather than the value it looked up. */
export function isResponse(x: unknown): x is SandboxResponse {
  return typeof x === 'object' && x !== null && 'status' in x && typeof (x as SandboxResponse).status === 'number';
}

/** `GET <base>` and `GET <base>/detail`, answered alike (the sandbox shows every field in both). */
export function listRoutes(base: string, handler: Handler): Route[] {
  return [base, `${base}/detail`].map((pattern) => ({ method: 'GET', pattern, handler }));
}
