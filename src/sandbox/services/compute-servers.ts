/**
 * Sandbox Nova servers: boot from a new volume (block_device_mapping_v2) with user data, BUILD →
 * ACTIVE after a delay, a console log that prints what the scs-compliance cloud-init script asks for
 * (its marker and sections) with the profile's values, delete (with the boot volume and the port).
 * Shares the `compute` mount with the flavors.
 *
 * Profile section `servers`: `{ boot_ms?: 300, console_ms?: 200, entropy_avail?: 256,
 * rngtest_failures?: 0, script_fails?: false, admin_pass?: canary, boot_fault?: text }`.
 */
import { randomBytes } from 'node:crypto';
import { json, novaError, type SandboxRequest } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';
import { listRoutes, ownById, tokenProject as project } from './crud.js';
import { networkState } from './network-resources.js';
import { sectionMapping, sectionProblem, type SectionProblem } from './sections.js';
import { volumeState } from './volume-resources.js';

export interface ServersProfile {
  boot_ms?: number;
  console_ms?: number;
  entropy_avail?: number;
  rngtest_failures?: number;
  script_fails?: boolean;
  /** The `adminPass` Nova answers a create with (random when absent; tests set a canary). */
  admin_pass?: string;
  /** When set, every server goes to ERROR after boot_ms with this fault message (e.g. "No valid host was found."). */
  boot_fault?: string;
}

interface SbServer {
  id: string;
  name: string;
  project: string;
  user: string;
  flavor: string;
  network: string;
  userData: string;
  metadata: Record<string, string>;
  volumes: { id: string; deleteOnTermination: boolean }[];
  activeAt: number;
  created: string;
}

const KNOWN = ['boot_ms', 'console_ms', 'entropy_avail', 'rngtest_failures', 'script_fails', 'admin_pass', 'boot_fault'];

function checkSection(section: unknown): ServersProfile {
  const bad: SectionProblem = sectionProblem('servers');
  const s = sectionMapping(section, bad, KNOWN);
  for (const k of ['boot_ms', 'console_ms', 'entropy_avail', 'rngtest_failures']) {
    if (s[k] !== undefined && (typeof s[k] !== 'number' || (s[k] as number) < 0)) bad(`${k} must be a number ≥ 0`);
  }
  return s as ServersProfile;
}

/** The console text of a booted VM that ran the user data `script`. */
export function renderConsole(server: { name: string; userData: string }, p: ServersProfile, reportDue: boolean): string {
  const lines = [
    '[    0.000000] Linux version 6.1.0-sandbox (sandbox@scs-compliance) #1 SMP PREEMPT_DYNAMIC',
    '[    0.004000] random: crng init done',
    `[    2.100000] cloud-init[412]: Cloud-init v. 24.1 running 'init' at ${new Date(0).toUTCString()}.`,
    `${server.name} login: `,
  ];
  if (!reportDue) return lines.join('\n') + '\n';
  if (p.script_fails) {
    lines.push('[   30.000000] cloud-init[733]: 2026-01-01 00:00:00,000 - util.py[WARNING]: Failed to run module scripts-user (scripts in /var/lib/cloud/instance/scripts)');
    return lines.join('\n') + '\n';
  }
  const marker = server.userData.match(/^\s*M=(\S+)\s*$/m)?.[1];
  if (marker) {
    const say = (section: string, text: string) => `[   31.000000] cloud-init[733]: ${marker}-${section}: ${text}`;
    if (server.userData.includes('entropy_avail')) lines.push(say('entropy-avail', String(p.entropy_avail ?? 256)));
    if (server.userData.includes('rngtest')) {
      const failures = p.rngtest_failures ?? 0;
      for (const l of [
        'rngtest 5',
        'rngtest: starting FIPS tests...',
        'rngtest: bits received from input: 20000032',
        `rngtest: FIPS 140-2 successes: ${1000 - failures}`,
        `rngtest: FIPS 140-2 failures: ${failures}`,
        `rngtest: FIPS 140-2(2001-10-10) Monobit: ${Math.floor(failures / 2)}`,
        `rngtest: FIPS 140-2(2001-10-10) Runs: ${failures - Math.floor(failures / 2)}`,
      ])
        lines.push(say('fips-test', l));
    }
    lines.push(`[   32.000000] cloud-init[733]: ${marker}-end`);
  }
  lines.push('[   33.000000] cloud-init[733]: Cloud-init v. 24.1 finished. Datasource DataSourceOpenStackLocal.');
  return lines.join('\n') + '\n';
}

export const computeServersService: SandboxServiceFactory = (world) => {
  const raw = world.section<unknown>('servers');
  if (raw === undefined) return undefined;
  const p = checkSection(raw);
  const bootMs = p.boot_ms ?? 300;
  const consoleMs = p.console_ms ?? 200;
  let servers: SbServer[] = [];
  const net = networkState(world);
  const vols = volumeState(world);
  const now = () => world.now().getTime();
  const status = (s: SbServer) => (now() < s.activeAt ? 'BUILD' : p.boot_fault ? 'ERROR' : 'ACTIVE');

  const show = (req: SandboxRequest, s: SbServer) => ({
    id: s.id,
    name: s.name,
    status: status(s),
    tenant_id: s.project,
    user_id: s.user,
    metadata: s.metadata,
    created: s.created,
    updated: s.created,
    image: '',
    flavor: { id: s.flavor, links: [] },
    addresses: status(s) === 'ACTIVE' ? { [net.networks.find((n) => n.id === s.network)?.name ?? s.network]: [{ version: 4, addr: '10.1.0.123', 'OS-EXT-IPS:type': 'fixed' }] } : {},
    'OS-EXT-STS:vm_state': status(s) === 'ACTIVE' ? 'active' : status(s) === 'ERROR' ? 'error' : 'building',
    'OS-EXT-STS:task_state': status(s) === 'BUILD' ? 'spawning' : null,
    'os-extended-volumes:volumes_attached': s.volumes.map((v) => ({ id: v.id, delete_on_termination: v.deleteOnTermination })),
    ...(status(s) === 'ERROR' ? { fault: { code: 500, message: p.boot_fault, created: s.created } } : {}),
    links: [{ rel: 'self', href: `${world.baseUrl}/compute/v2.1/servers/${s.id}` }],
  });
  const find = (req: SandboxRequest) => ownById(req, servers);

  return {
    mount: 'compute',
    routes: [
      ...listRoutes('/v2.1/servers', (req) => {
        const name = req.query.get('name');
        let re: RegExp | undefined;
        try {
          re = name ? new RegExp(name) : undefined;
        } catch {
          return novaError(400, `Invalid regular expression in name filter: ${name}`);
        }
        const list = servers.filter((s) => s.project === project(req) && (!re || re.test(s.name)));
        return json(200, { servers: list.map((s) => show(req, s)) });
      }),
      {
        method: 'POST',
        pattern: '/v2.1/servers',
        handler: (req: SandboxRequest) => {
          const b = (req.body as { server?: Record<string, unknown> } | undefined)?.server;
          if (!b || typeof b.name !== 'string' || b.name === '') return novaError(400, "Invalid input for field/attribute server. Value: None. 'name' is a required property");
          if (typeof b.flavorRef !== 'string') return novaError(400, "'flavorRef' is a required property");
          const nets = Array.isArray(b.networks) ? (b.networks as { uuid?: unknown }[]) : [];
          const network = net.networks.find((n) => n.id === nets[0]?.uuid && (n.project === project(req) || n.external));
          if (!network) return novaError(400, `Network ${String(nets[0]?.uuid)} could not be found.`);
          const bdm = Array.isArray(b.block_device_mapping_v2) ? (b.block_device_mapping_v2 as Record<string, unknown>[]) : [];
          const boot = bdm.find((d) => d.boot_index === 0 || d.boot_index === '0');
          if (!boot && typeof b.imageRef !== 'string') return novaError(400, 'Missing imageRef attribute');
          let userData = '';
          if (typeof b.user_data === 'string') {
            if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b.user_data)) return novaError(400, 'User data needs to be valid base 64.');
            userData = Buffer.from(b.user_data, 'base64').toString('utf8');
          }
          const id = world.newId();
          const volumes: SbServer['volumes'] = [];
          if (boot && boot.destination_type === 'volume') {
            const size = Number(boot.volume_size ?? 1);
            const v = { id: world.newId(), name: '', description: '', project: project(req), size, status: 'in-use', attachedTo: id, createdAt: world.now().toISOString() };
            vols.volumes.push(v);
            volumes.push({ id: v.id, deleteOnTermination: boot.delete_on_termination === true });
          }
          const s: SbServer = {
            id,
            name: b.name,
            project: project(req),
            user: req.auth?.userId ?? '',
            flavor: b.flavorRef,
            network: network.id,
            userData,
            metadata: (b.metadata as Record<string, string> | undefined) ?? {},
            volumes,
            activeAt: now() + bootMs,
            created: world.now().toISOString().replace(/\.\d+Z$/, 'Z'),
          };
          servers.push(s);
          net.ports.push({ id: world.newId(), project: s.project, network: network.id, device_id: id, device_owner: 'compute:nova' });
          return json(202, {
            server: {
              id,
              links: [{ rel: 'self', href: `${world.baseUrl}/compute/v2.1/servers/${id}` }],
              'OS-DCF:diskConfig': 'MANUAL',
              security_groups: [{ name: 'default' }],
              adminPass: p.admin_pass ?? randomBytes(9).toString('base64url'),
            },
          });
        },
      },
      {
        method: 'GET',
        pattern: '/v2.1/servers/:id',
        handler: (req: SandboxRequest) => {
          const s = find(req);
          return s ? json(200, { server: show(req, s) }) : novaError(404, 'Instance could not be found');
        },
      },
      {
        method: 'DELETE',
        pattern: '/v2.1/servers/:id',
        handler: (req: SandboxRequest) => {
          const s = find(req);
          if (!s) return novaError(404, 'Instance could not be found');
          servers = servers.filter((x) => x !== s);
          net.ports = net.ports.filter((port) => port.device_id !== s.id);
          for (const v of s.volumes) {
            const stored = vols.volumes.find((x) => x.id === v.id);
            if (!stored) continue;
            stored.attachedTo = undefined;
            stored.status = 'available';
            if (v.deleteOnTermination) vols.volumes = vols.volumes.filter((x) => x !== stored);
          }
          return { status: 204 };
        },
      },
      {
        method: 'POST',
        pattern: '/v2.1/servers/:id/action',
        handler: (req: SandboxRequest) => {
          const s = find(req);
          if (!s) return novaError(404, 'Instance could not be found');
          const body = req.body as Record<string, unknown> | undefined;
          if (!body || !('os-getConsoleOutput' in body)) return novaError(400, 'sandbox: only the os-getConsoleOutput action is emulated');
          if (status(s) !== 'ACTIVE') return json(409, { conflictingRequest: { code: 409, message: `Cannot 'os-getConsoleOutput' instance ${s.id} while it is in vm_state ${status(s) === 'ERROR' ? 'error' : 'building'}` } });
          return json(200, { output: renderConsole(s, p, now() >= s.activeAt + consoleMs) });
        },
      },
    ],
  };
};
