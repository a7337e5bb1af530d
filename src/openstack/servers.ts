/**
 * Nova servers: boot from volume with cloud-init user data, wait for ACTIVE, read the console log,
 * delete and wait until gone. Also the back-off poller every waiting step of a creating testcase uses.
 *
 * The create answer of Nova carries `adminPass`: it is never kept (only the id leaves this module).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { OpenStackSession } from './types.js';

export const COMPUTE_TYPES = ['compute'];

export interface PollOptions {
  /** First pause (ms); doubles after every poll. */
  initialMs?: number;
  /** Longest pause (ms). */
  maxMs?: number;
  /** Give up after this long (ms) with a TimeoutError naming `what`. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called before every pause with the time waited so far (ms), for progress lines. */
  onWait?: (elapsedMs: number) => void;
}

export class PollTimeoutError extends Error {
  override name = 'PollTimeoutError';
}

/**
 * Calls `probe` until it returns a value other than undefined, pausing with exponential back-off
 * (1 s, 2 s, 4 s, … capped at 10 s by default). Errors of `probe` propagate at once.
 */
export async function pollUntil<T>(what: string, probe: () => Promise<T | undefined>, opts: PollOptions): Promise<T> {
  const started = Date.now();
  let pause = opts.initialMs ?? 1000;
  const max = opts.maxMs ?? 10_000;
  for (;;) {
    opts.signal?.throwIfAborted();
    const v = await probe();
    if (v !== undefined) return v;
    const elapsed = Date.now() - started;
    if (elapsed >= opts.timeoutMs) throw new PollTimeoutError(`gave up waiting for ${what} after ${Math.round(elapsed / 1000)} s`);
    opts.onWait?.(elapsed);
    await sleep(Math.min(pause, Math.max(1, opts.timeoutMs - elapsed)), undefined, { signal: opts.signal });
    pause = Math.min(pause * 2, max);
  }
}

export interface ServerCreate {
  name: string;
  flavorId: string;
  imageId: string;
  networkId: string;
  /** GiB of the boot volume Nova creates from the image (deleted with the server). */
  volumeSize: number;
  /** Plain text; base64-encoded here. */
  userData: string;
  metadata?: Record<string, string>;
}

export interface ServerState {
  id: string;
  name: string;
  status: string;
  /** The fault message Nova gives for a server in ERROR, if any. */
  fault?: string;
  volumeIds: string[];
}

/** `POST /servers` booting from a new volume made from the image. Returns the server's id only. */
export async function createServer(session: OpenStackSession, s: ServerCreate, signal?: AbortSignal): Promise<{ id: string; name: string }> {
  const res = await session.request<{ server?: { id?: unknown } }>(COMPUTE_TYPES, '/servers', {
    method: 'POST',
    signal,
    json: {
      server: {
        name: s.name,
        flavorRef: s.flavorId,
        networks: [{ uuid: s.networkId }],
        user_data: Buffer.from(s.userData, 'utf8').toString('base64'),
        metadata: s.metadata ?? {},
        block_device_mapping_v2: [
          { boot_index: 0, uuid: s.imageId, source_type: 'image', destination_type: 'volume', volume_size: s.volumeSize, delete_on_termination: true },
        ],
      },
    },
  });
  const id = res.body?.server?.id;
  if (typeof id !== 'string' || id === '') throw new Error(`compute answered POST /servers with status ${res.status} but without server.id`);
  return { id, name: s.name };
}

interface RawServer {
  id?: unknown;
  name?: unknown;
  status?: unknown;
  fault?: { message?: unknown };
  'os-extended-volumes:volumes_attached'?: { id?: unknown }[];
}

function toServer(raw: RawServer | undefined, what: string): ServerState {
  if (!raw || typeof raw.id !== 'string' || typeof raw.status !== 'string') throw new Error(`compute returned ${what} without id or status`);
  return {
    id: raw.id,
    name: typeof raw.name === 'string' ? raw.name : '',
    status: raw.status,
    fault: typeof raw.fault?.message === 'string' ? raw.fault.message : undefined,
    volumeIds: (raw['os-extended-volumes:volumes_attached'] ?? []).map((v) => v?.id).filter((v): v is string => typeof v === 'string'),
  };
}

/** `GET /servers/{id}`; undefined when Nova says 404. */
export async function getServer(session: OpenStackSession, id: string, signal?: AbortSignal): Promise<ServerState | undefined> {
  const res = await session.request<{ server?: RawServer }>(COMPUTE_TYPES, `/servers/${encodeURIComponent(id)}`, { okStatus: [404], signal });
  if (res.status === 404) return undefined;
  return toServer(res.body?.server, `server ${id}`);
}

/** `POST /servers/{id}/action {"os-getConsoleOutput": {}}`: the whole console log. */
export async function consoleOutput(session: OpenStackSession, id: string, signal?: AbortSignal): Promise<string> {
  const res = await session.request<{ output?: unknown }>(COMPUTE_TYPES, `/servers/${encodeURIComponent(id)}/action`, {
    method: 'POST',
    json: { 'os-getConsoleOutput': {} },
    signal,
  });
  if (typeof res.body?.output !== 'string') throw new Error(`compute answered os-getConsoleOutput for server ${id} without "output" (status ${res.status})`);
  return res.body.output;
}

/** `DELETE /servers/{id}`, then waits (back-off, ≤ 5 min) until Nova no longer knows it. 404 = gone. */
export async function deleteServer(session: OpenStackSession, id: string, signal?: AbortSignal): Promise<void> {
  const res = await session.request(COMPUTE_TYPES, `/servers/${encodeURIComponent(id)}`, { method: 'DELETE', okStatus: [404], signal });
  if (res.status === 404) return;
  await pollUntil(`server ${id} to be deleted`, async () => ((await getServer(session, id, signal)) === undefined ? true : undefined), {
    initialMs: 500,
    timeoutMs: 5 * 60_000,
    signal,
  });
}

/** Servers of the project whose name starts with `prefix` (`GET /servers/detail?name=^prefix`). */
export async function listServersByPrefix(session: OpenStackSession, prefix: string, signal?: AbortSignal): Promise<ServerState[]> {
  const raws = await session.paginate<RawServer>(COMPUTE_TYPES, '/servers/detail', {
    itemsKey: 'servers',
    searchParams: { name: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` },
    signal,
  });
  return raws.map((r, i) => toServer(r, `server entry ${i}`)).filter((s) => s.name.startsWith(prefix));
}

