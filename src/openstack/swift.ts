/**
 * Swift (object-store): the account listing of the token's project.
 */
import type { OpenStackSession } from './types.js';

export const OBJECT_STORE_TYPES = ['object-store'];

export interface SwiftContainer {
  name: string;
  count: number;
  bytes: number;
}

const PAGE = 10_000;

/** `GET <object-store endpoint>?format=json`, following Swift's marker paging. */
export async function listContainers(session: OpenStackSession, signal?: AbortSignal): Promise<SwiftContainer[]> {
  const endpoint = session.endpoint(OBJECT_STORE_TYPES);
  const out: SwiftContainer[] = [];
  let marker: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const res = await session.request<unknown>(OBJECT_STORE_TYPES, endpoint, {
      searchParams: { format: 'json', limit: PAGE, marker },
      signal,
    });
    if (res.status === 204) break; // older Swift: an empty account answers 204
    if (!Array.isArray(res.body)) throw new Error(`object-store answered the account listing with status ${res.status} but not with a JSON list`);
    const page = res.body.map((c: Record<string, unknown>, i) => {
      if (!c || typeof c.name !== 'string') throw new Error(`object-store listed a container without a name (entry ${i})`);
      return { name: c.name, count: Number(c.count ?? 0), bytes: Number(c.bytes ?? 0) };
    });
    out.push(...page);
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!.name;
    if (last === marker) break;
    marker = last;
  }
  return out;
}
