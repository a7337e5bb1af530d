/**
 * Where the real OpenStack test target lives (see test/openstack/setup.sh): ports, state folder,
 * clouds.yaml, logs, and the identities the seed creates. Shared by the seed, the tests and the
 * vitest global setup, so that a change of port or name happens in one place.
 */
import { join } from 'node:path';

export const BASE_DIR = process.env.OSCI_BASE ?? '/var/lib/scs-os-ci';
export const ETC_DIR = join(BASE_DIR, 'etc');
export const LOG_DIR = join(BASE_DIR, 'log');
export const RUN_DIR = join(BASE_DIR, 'run');
export const CLOUDS_YAML = join(ETC_DIR, 'clouds.yaml');
/** Application credential and EC2 secrets of the seeded users (mode 0600; tests read it). */
export const SECRETS_JSON = join(ETC_DIR, 'secrets.json');
/** Written by the seed when it finished; its content is the seed version, so a changed seed reseeds. */
export const SEED_MARKER = join(ETC_DIR, 'seed.done');

export const ALL_SERVICES = ['keystone', 'nova', 'glance', 'swift', 'placement', 'cinder', 'neutron', 'barbican', 'octavia'] as const;
export type ServiceName = (typeof ALL_SERVICES)[number];

export function enabledServices(): ServiceName[] {
  const raw = process.env.OSCI_SERVICES;
  if (!raw) return [...ALL_SERVICES];
  return raw.split(/\s+/).filter((s): s is ServiceName => (ALL_SERVICES as readonly string[]).includes(s));
}

export const HOST = 'http://127.0.0.1';
export const KEYSTONE = `${HOST}:5000`;
export const KEYSTONE_V3 = `${KEYSTONE}/v3`;
export const REGION = 'RegionOne';

export const ADMIN_PASSWORD = process.env.OSCI_ADMIN_PASSWORD ?? 'admin-secret';
export const SERVICE_PASSWORD = process.env.OSCI_SERVICE_PASSWORD ?? 'service-secret';
export const USER_PASSWORD = process.env.OSCI_USER_PASSWORD ?? 'user-secret';

/** One catalog entry per service type; `%(project_id)s` is filled in by Keystone. */
export interface CatalogDef {
  service: ServiceName;
  name: string;
  type: string;
  url: string;
}
export const CATALOG: CatalogDef[] = [
  { service: 'nova', name: 'nova', type: 'compute', url: `${HOST}:8774/v2.1` },
  { service: 'glance', name: 'glance', type: 'image', url: `${HOST}:9292` },
  { service: 'swift', name: 'swift', type: 'object-store', url: `${HOST}:8080/v1/AUTH_%(project_id)s` },
  { service: 'placement', name: 'placement', type: 'placement', url: `${HOST}:8778` },
  { service: 'cinder', name: 'cinderv3', type: 'volumev3', url: `${HOST}:8776/v3/%(project_id)s` },
  { service: 'cinder', name: 'cinder', type: 'block-storage', url: `${HOST}:8776/v3/%(project_id)s` },
  { service: 'neutron', name: 'neutron', type: 'network', url: `${HOST}:9696` },
  { service: 'barbican', name: 'barbican', type: 'key-manager', url: `${HOST}:9311` },
  { service: 'octavia', name: 'octavia', type: 'load-balancer', url: `${HOST}:9876` },
];

/** Health probe per process (name = pid file name in RUN_DIR, log file in LOG_DIR). */
export interface ProcessDef {
  service: ServiceName;
  process: string;
  probe: string;
  logs: string[];
}
export const PROCESSES: ProcessDef[] = [
  { service: 'keystone', process: 'keystone', probe: `${KEYSTONE}/v3`, logs: ['keystone.log', 'keystone.out'] },
  { service: 'nova', process: 'nova-api', probe: `${HOST}:8774/`, logs: ['nova-api.log', 'nova-api.out'] },
  { service: 'glance', process: 'glance-api', probe: `${HOST}:9292/`, logs: ['glance-api.log', 'glance-api.out'] },
  { service: 'swift', process: 'swift-proxy', probe: `${HOST}:8080/healthcheck`, logs: ['swift-proxy.out'] },
  { service: 'swift', process: 'swift-account', probe: `${HOST}:6202/`, logs: ['swift-account.out'] },
  { service: 'swift', process: 'swift-container', probe: `${HOST}:6201/`, logs: ['swift-container.out'] },
  { service: 'swift', process: 'swift-object', probe: `${HOST}:6200/`, logs: ['swift-object.out'] },
  { service: 'placement', process: 'placement-api', probe: `${HOST}:8778/`, logs: ['placement-api.log', 'placement-api.out'] },
  { service: 'cinder', process: 'cinder-api', probe: `${HOST}:8776/`, logs: ['cinder-api.log', 'cinder-api.out'] },
  { service: 'neutron', process: 'neutron-server', probe: `${HOST}:9696/`, logs: ['neutron-server.log', 'neutron-server.out'] },
  { service: 'barbican', process: 'barbican-api', probe: `${HOST}:9311/`, logs: ['barbican-api.log', 'barbican-api.out'] },
  { service: 'octavia', process: 'octavia-api', probe: `${HOST}:9876/`, logs: ['octavia-api.log', 'octavia-api.out'] },
];

/** The two seeded shapes: each lives in its own domain and project. */
export type ShapeName = 'compliant' | 'violations';
export interface ShapeIdentity {
  shape: ShapeName;
  domain: string;
  project: string;
  member: string;
  reader: string;
  manager: string;
}
export const SHAPES: Record<ShapeName, ShapeIdentity> = {
  compliant: {
    shape: 'compliant',
    domain: 'osci-domain-a',
    project: 'osci-compliant',
    member: 'osci-a-member',
    reader: 'osci-a-reader',
    manager: 'osci-a-manager',
  },
  violations: {
    shape: 'violations',
    domain: 'osci-domain-b',
    project: 'osci-violations',
    member: 'osci-b-member',
    reader: 'osci-b-reader',
    manager: 'osci-b-manager',
  },
};

/** The clouds of $OSCI_BASE/etc/clouds.yaml. */
export const CLOUDS = {
  admin: 'osci-admin',
  compliant: 'osci-compliant',
  compliantAppcred: 'osci-compliant-appcred',
  compliantReader: 'osci-compliant-reader',
  violations: 'osci-violations',
  domAManager: 'osci-dom-a-manager',
  domBManager: 'osci-dom-b-manager',
} as const;
