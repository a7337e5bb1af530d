/**
 * The sandbox server: one node:http server on loopback that mounts every enabled service.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileRoute, json, type Route, type SandboxRequest, type SandboxResponse } from './http.js';
import type { SandboxService, SandboxServiceFactory } from './service.js';
import { SandboxWorld, type SandboxProfile } from './world.js';
import { serviceFactories } from './services/index.js';

export interface SandboxOptions {
  /** 0 = any free port. */
  port?: number;
  host?: string;
  /** Added to every response, for benchmarks. */
  latencyMs?: number;
  now?: () => Date;
  /** Extra services (tests). */
  extraServices?: SandboxServiceFactory[];
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  start: number;
  end: number;
}

export interface RunningSandbox {
  url: string;
  world: SandboxWorld;
  services: SandboxService[];
  /** Every request served, in order of completion. */
  requests: RequestRecord[];
  /** Longest chain of requests where each started after the previous one ended. */
  criticalPathLength(): number;
  close(): Promise<void>;
}

interface Mounted {
  routes: { route: Route; match: (path: string) => Record<string, string> | undefined }[];
  unauthorized?: SandboxService['unauthorized'];
}

export async function startSandbox(profile: SandboxProfile, opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const world = new SandboxWorld(profile, opts.now);
  world.latencyMs = opts.latencyMs ?? 0;
  const services: SandboxService[] = [];
  for (const factory of [...serviceFactories, ...(opts.extraServices ?? [])]) {
    const s = factory(world);
    if (s) services.push(s);
  }
  const mounted = new Map<string, Mounted>();
  for (const service of services) {
    const m = mounted.get(service.mount) ?? { routes: [] };
    m.routes.push(...service.routes.map((route) => ({ route, match: compileRoute(route.pattern) })));
    m.unauthorized ??= service.unauthorized;
    mounted.set(service.mount, m);
  }
  const requests: RequestRecord[] = [];

  const server: Server = createServer((req, res) => {
    const start = performance.now();
    // Statistics for benchmarks run against a sandbox in another process; not part of any cloud API.
    if (req.url === '/_sandbox/stats' || req.url === '/_sandbox/reset') {
      if (req.url === '/_sandbox/reset') requests.length = 0;
      send(res, json(200, { requests: requests.length, criticalPath: longestChain(requests) }));
      return;
    }
    handle(req, world, mounted)
      .catch((err: unknown): SandboxResponse => json(500, { error: { code: 500, message: `sandbox error: ${String(err)}` } }))
      .then(async (out) => {
        if (world.latencyMs > 0) await new Promise((r) => setTimeout(r, world.latencyMs));
        send(res, out);
        requests.push({ method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, status: out.status, start, end: performance.now() });
      })
      .catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  world.baseUrl = `http://${host}:${addr.port}`;

  return {
    url: world.baseUrl,
    world,
    services,
    requests,
    criticalPathLength: () => longestChain(requests),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, world: SandboxWorld, mounted: Map<string, Mounted>): Promise<SandboxResponse> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const raw = await readBody(req);
  const segs = url.pathname.split('/').filter(Boolean);
  const mount = segs[0] ?? '';
  const m = mounted.get(mount);
  if (!m) {
    if (url.pathname === '/' || url.pathname === '') {
      return json(200, { sandbox: world.profile.name, services: [...mounted.keys()] });
    }
    return json(404, { error: { code: 404, message: `No service is mounted at /${mount}`, title: 'Not Found' } });
  }
  const path = '/' + segs.slice(1).join('/');
  let body: unknown;
  if (raw.length > 0 && String(req.headers['content-type'] ?? '').includes('json')) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return json(400, { error: { code: 400, message: 'Malformed request body: not valid JSON', title: 'Bad Request' } });
    }
  }
  let methodMismatch = false;
  for (const { route, match } of m.routes) {
    const params = match(path);
    if (!params) continue;
    if (route.method !== req.method && !(route.method === 'GET' && req.method === 'HEAD')) {
      methodMismatch = true;
      continue;
    }
    const request: SandboxRequest = {
      method: req.method ?? 'GET',
      path,
      fullPath: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      raw,
      body,
      params,
      baseUrl: world.baseUrl,
    };
    if (route.auth !== false) {
      const tokenHeader = req.headers['x-auth-token'];
      const token = world.validateToken(Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader);
      if (!token) {
        if (m.unauthorized) return m.unauthorized(request);
        return json(401, { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } }, {
          'WWW-Authenticate': `Keystone uri="${world.baseUrl}/identity"`,
        });
      }
      request.auth = token;
    }
    return route.handler(request);
  }
  if (methodMismatch) return json(405, { error: { code: 405, message: 'The method is not allowed for the requested URL.', title: 'Method Not Allowed' } });
  return json(404, { error: { code: 404, message: 'The resource could not be found.', title: 'Not Found' } });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, out: SandboxResponse): void {
  const headers: Record<string, string | string[]> = { ...(out.headers ?? {}) };
  let payload: Buffer | undefined;
  if (out.body === undefined || out.body === null) payload = undefined;
  else if (Buffer.isBuffer(out.body)) payload = out.body;
  else if (typeof out.body === 'string') payload = Buffer.from(out.body, 'utf8');
  else {
    payload = Buffer.from(JSON.stringify(out.body), 'utf8');
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  headers['Content-Length'] = String(payload?.length ?? 0);
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'x-openstack-request-id')) {
    headers['X-OpenStack-Request-ID'] = `req-${crypto.randomUUID()}`;
  }
  res.writeHead(out.status, headers);
  res.end(out.status === 204 || out.status === 304 ? undefined : payload);
}

/** Longest chain of non-overlapping requests (each starts at or after the previous one's end). */
export function longestChain(records: { start: number; end: number }[]): number {
  const byEnd = [...records].sort((a, b) => a.end - b.end);
  const byStart = [...records].sort((a, b) => a.start - b.start);
  const chainAtEnd = new Map<{ start: number; end: number }, number>();
  let best = 0;
  let j = 0;
  let bestFinishedBefore = 0;
  for (const r of byStart) {
    while (j < byEnd.length && byEnd[j]!.end <= r.start) {
      bestFinishedBefore = Math.max(bestFinishedBefore, chainAtEnd.get(byEnd[j]!) ?? 0);
      j++;
    }
    const c = bestFinishedBefore + 1;
    chainAtEnd.set(r, c);
    best = Math.max(best, c);
  }
  return best;
}
