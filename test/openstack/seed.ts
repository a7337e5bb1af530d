/**
 * Seeds the real OpenStack test target (idempotent; run with `npx tsx test/openstack/seed.ts <step>`):
 *   bootstrap  roles (with the admin -> manager -> member -> reader implications), the service project,
 *              service users and the catalog; run by setup.sh before the services start taking requests
 *   seed       the two shapes `compliant` (domain osci-domain-a) and `violations` (osci-domain-b):
 *              projects, users with member / reader / manager, flavors with extra specs, images with SCS
 *              metadata, volume types, an application credential, EC2 credentials, and clouds.yaml
 *   all        both
 *   images S   make shape S's images the visible (community) ones, the other shape's private
 * Secrets (passwords, the application credential secret, EC2 keys) go only into files under
 * $OSCI_BASE/etc with mode 0600, never to the console.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { rest, restOk, passwordLogin, type Login } from './lib/rest.js';
import {
  ADMIN_PASSWORD,
  CATALOG,
  CLOUDS,
  CLOUDS_YAML,
  ETC_DIR,
  KEYSTONE_V3,
  REGION,
  SECRETS_JSON,
  SEED_MARKER,
  SERVICE_PASSWORD,
  SHAPES,
  USER_PASSWORD,
  enabledServices,
  type ShapeIdentity,
  type ShapeName,
} from './lib/target.js';
import { shapeSeed, type ShapeSeed } from './shapes.js';

/**
 * The global setup reseeds when the marker differs: the seed's own source (so any change of the seed
 * or the shapes reseeds) and the day (image build dates are relative to it).
 */
export const SEED_VERSION = `${createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(readFileSync(fileURLToPath(new URL('./shapes.ts', import.meta.url))))
  .digest('hex')
  .slice(0, 16)}-${new Date().toISOString().slice(0, 10)}`;

interface Named {
  id: string;
  name: string;
}

const ROLES = ['admin', 'manager', 'member', 'reader', 'service', 'ResellerAdmin', 'load-balancer_member', 'creator'];

async function adminLogin(): Promise<Login> {
  return passwordLogin('admin', 'Default', ADMIN_PASSWORD, { project: 'admin', projectDomain: 'Default' });
}

/** First object of a Keystone collection matching the query, or a new one. */
async function ensure(token: string, collection: string, query: Record<string, string>, create: Record<string, unknown>): Promise<Named> {
  const key = collection.split('/').pop()!;
  const found = await restOk<Record<string, Named[]>>('GET', `${KEYSTONE_V3}/${collection}`, { token, searchParams: query });
  const hit = found.body[key]?.[0];
  if (hit) return hit;
  const single = key.slice(0, -1);
  const made = await restOk<Record<string, Named>>('POST', `${KEYSTONE_V3}/${collection}`, { token, json: { [single]: create }, expect: [201] });
  return made.body[single]!;
}

async function grant(token: string, role: Named, user: Named, target: { project?: Named; domain?: Named }): Promise<void> {
  const on = target.project ? `projects/${target.project.id}` : `domains/${target.domain!.id}`;
  await restOk('PUT', `${KEYSTONE_V3}/${on}/users/${user.id}/roles/${role.id}`, { token, expect: [204] });
}

async function ensureRoles(token: string): Promise<Record<string, Named>> {
  const roles: Record<string, Named> = {};
  for (const name of ROLES) roles[name] = await ensure(token, 'roles', { name }, { name });
  // as Keystone 2024.x bootstraps them: admin implies manager implies member implies reader
  for (const [prior, implied] of [
    ['admin', 'manager'],
    ['manager', 'member'],
    ['member', 'reader'],
  ] as const) {
    const url = `${KEYSTONE_V3}/roles/${roles[prior]!.id}/implies/${roles[implied]!.id}`;
    const has = await rest('HEAD', url, { token });
    if (has.status !== 204 && has.status !== 200) await restOk('PUT', url, { token, expect: [201] });
  }
  return roles;
}

export async function bootstrap(): Promise<void> {
  const { token } = await adminLogin();
  const roles = await ensureRoles(token);
  const service = await ensure(token, 'projects', { name: 'service', domain_id: 'default' }, { name: 'service', domain_id: 'default' });
  const services = enabledServices();
  for (const entry of CATALOG.filter((c) => services.includes(c.service))) {
    const svc = await ensure(token, 'services', { type: entry.type }, { name: entry.name, type: entry.type, description: `${entry.type} (osci)` });
    for (const iface of ['public', 'internal', 'admin']) {
      const eps = await restOk<{ endpoints: Named[] }>('GET', `${KEYSTONE_V3}/endpoints`, { token, searchParams: { service_id: svc.id, interface: iface } });
      if (eps.body.endpoints.length === 0) {
        await restOk('POST', `${KEYSTONE_V3}/endpoints`, {
          token,
          json: { endpoint: { service_id: svc.id, interface: iface, url: entry.url, region_id: REGION } },
          expect: [201],
        });
      }
    }
  }
  const users = [...new Set(CATALOG.filter((c) => services.includes(c.service)).map((c) => c.service))];
  for (const name of users) {
    const user = await ensure(token, 'users', { name, domain_id: 'default' }, { name, domain_id: 'default', password: SERVICE_PASSWORD });
    await grant(token, roles.admin!, user, { project: service });
    await grant(token, roles.service!, user, { project: service });
  }
  console.log(`bootstrap done: roles, service users ${users.join(' ')}, catalog`);
}

// ------------------------------------------------------------------------------------------ seeding

interface ShapeResult {
  identity: ShapeIdentity;
  domain: Named;
  project: Named;
  memberId: string;
}

async function seedIdentities(token: string, roles: Record<string, Named>, id: ShapeIdentity): Promise<ShapeResult> {
  const domain = await ensure(token, 'domains', { name: id.domain }, { name: id.domain, description: `osci ${id.shape} shape` });
  const project = await ensure(token, 'projects', { name: id.project, domain_id: domain.id }, { name: id.project, domain_id: domain.id, description: `osci ${id.shape} shape` });
  const user = (name: string) =>
    ensure(token, 'users', { name, domain_id: domain.id }, { name, domain_id: domain.id, password: USER_PASSWORD, default_project_id: project.id });
  const member = await user(id.member);
  await grant(token, roles.member!, member, { project });
  const reader = await user(id.reader);
  await grant(token, roles.reader!, reader, { project });
  const manager = await user(id.manager);
  await grant(token, roles.manager!, manager, { domain });
  return { identity: id, domain, project, memberId: member.id };
}

function endpointOf(login: Login, type: string): string {
  const svc = login.body.token.catalog?.find((s) => s.type === type);
  const ep = svc?.endpoints.find((e) => e.interface === 'public');
  if (!ep) throw new Error(`no public ${type} endpoint in the admin catalog`);
  return ep.url.replace(/\/$/, '');
}

async function seedFlavors(admin: Login, project: Named, seed: ShapeSeed): Promise<void> {
  const nova = endpointOf(admin, 'compute');
  const token = admin.token;
  type NovaFlavor = Named & { vcpus: number; ram: number; disk: number };
  const all = await restOk<{ flavors: NovaFlavor[] }>('GET', `${nova}/flavors/detail`, { token, searchParams: { is_public: 'None' } });
  for (const f of seed.flavors) {
    let flavor: Named | undefined = all.body.flavors.find((x) => x.name === f.name);
    const stale = all.body.flavors.find((x) => x.name === f.name && (x.vcpus !== f.vcpus || x.ram !== f.ram || x.disk !== f.disk));
    if (stale) {
      // Nova flavors are immutable: the seed changed this one, so replace it
      await restOk('DELETE', `${nova}/flavors/${stale.id}`, { token, expect: [202] });
      flavor = undefined;
    }
    if (!flavor) {
      const made = await restOk<{ flavor: Named }>('POST', `${nova}/flavors`, {
        token,
        json: { flavor: { name: f.name, vcpus: f.vcpus, ram: f.ram, disk: f.disk, 'os-flavor-access:is_public': false } },
      });
      flavor = made.body.flavor;
      await restOk('POST', `${nova}/flavors/${flavor.id}/action`, { token, json: { addTenantAccess: { tenant: project.id } } });
    }
    if (Object.keys(f.extraSpecs).length > 0) {
      await restOk('POST', `${nova}/flavors/${flavor.id}/os-extra_specs`, { token, json: { extra_specs: f.extraSpecs } });
    }
  }
}

async function seedImages(admin: Login, project: Named, seed: ShapeSeed): Promise<void> {
  const glance = `${endpointOf(admin, 'image')}/v2`;
  const token = admin.token;
  for (const img of seed.images) {
    const found = await restOk<{ images: (Named & { status: string })[] }>('GET', `${glance}/images`, {
      token,
      searchParams: { name: img.name, owner: project.id, visibility: 'all' },
    });
    let image = found.body.images[0];
    if (image) {
      // reconcile: properties the seed changed since this image was made
      const current = image as unknown as Record<string, unknown>;
      const ops = Object.entries(img.fields)
        .filter(([k, v]) => !['name', 'disk_format', 'container_format'].includes(k) && current[k] !== v)
        .map(([k, v]) => ({ op: k in current ? 'replace' : 'add', path: `/${k}`, value: v }));
      if (ops.length > 0) {
        await restOk('PATCH', `${glance}/images/${image.id}`, {
          token,
          headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch' },
          body: JSON.stringify(ops),
          expect: [200],
        });
      }
    } else {
      const made = await restOk<Named & { status: string }>('POST', `${glance}/images`, {
        token,
        json: { ...img.fields, visibility: 'private', owner: project.id },
        expect: [201],
      });
      image = made.body;
    }
    if (image.status === 'queued') {
      // a few bytes of data: the image becomes active and gets a size and a hash, as real ones have
      await restOk('PUT', `${glance}/images/${image.id}/file`, {
        token,
        headers: { 'Content-Type': 'application/octet-stream' },
        body: Buffer.from(`osci image ${img.name}\n`),
        expect: [204],
      });
    }
  }
}

async function seedVolumeTypes(admin: Login, project: Named, seed: ShapeSeed): Promise<void> {
  const cinder = endpointOf(admin, 'volumev3');
  const token = admin.token;
  const all = await restOk<{ volume_types: (Named & { description: string | null })[] }>('GET', `${cinder}/types`, { token, searchParams: { is_public: 'None' } });
  for (const vt of seed.volumeTypes) {
    const existing = all.body.volume_types.find((x) => x.name === vt.name);
    if (existing) {
      if (existing.description !== vt.description) {
        await restOk('PUT', `${cinder}/types/${existing.id}`, { token, json: { volume_type: { description: vt.description } } });
      }
      continue;
    }
    const made = await restOk<{ volume_type: Named }>('POST', `${cinder}/types`, {
      token,
      json: { volume_type: { name: vt.name, description: vt.description, 'os-volume-type-access:is_public': false } },
    });
    await restOk('POST', `${cinder}/types/${made.body.volume_type.id}/action`, { token, json: { addProjectAccess: { project: project.id } } });
  }
}

/** Keystone's endpoint filter: once a project has endpoint associations, its catalog shows only those. */
async function seedEndpointFilter(token: string, project: Named, seed: ShapeSeed): Promise<void> {
  if (seed.hiddenServiceTypes.length === 0) return;
  const services = await restOk<{ services: (Named & { type: string })[] }>('GET', `${KEYSTONE_V3}/services`, { token });
  const endpoints = await restOk<{ endpoints: (Named & { service_id: string })[] }>('GET', `${KEYSTONE_V3}/endpoints`, { token });
  const hidden = new Set(services.body.services.filter((s) => seed.hiddenServiceTypes.includes(s.type)).map((s) => s.id));
  for (const ep of endpoints.body.endpoints) {
    if (hidden.has(ep.service_id)) continue;
    await restOk('PUT', `${KEYSTONE_V3}/OS-EP-FILTER/projects/${project.id}/endpoints/${ep.id}`, { token, expect: [204, 409] });
  }
}

/**
 * Glance has no per-project view of community images (`visibility=all` lists every project's), so the
 * two image sets cannot be listed side by side: the active shape's images are `community`, the other
 * shape's `private` to their owner (invisible to the harness, which counts public and community ones).
 * The seed leaves `compliant` active; the CLI suite switches to `violations` for its run and back.
 */
export async function activateImageShape(active: ShapeName): Promise<void> {
  const admin = await adminLogin();
  const glance = `${endpointOf(admin, 'image')}/v2`;
  for (const shapeName of ['compliant', 'violations'] as ShapeName[]) {
    const id = SHAPES[shapeName];
    const projects = await restOk<{ projects: Named[] }>('GET', `${KEYSTONE_V3}/projects`, { token: admin.token, searchParams: { name: id.project } });
    const project = projects.body.projects[0];
    if (!project) throw new Error(`project ${id.project} not found: run the seed first`);
    const want = shapeName === active ? 'community' : 'private';
    const images = await restOk<{ images: (Named & { visibility: string })[] }>('GET', `${glance}/images`, {
      token: admin.token,
      searchParams: { owner: project.id, visibility: 'all', limit: 1000 },
    });
    for (const image of images.body.images) {
      if (image.visibility === want) continue;
      await restOk('PATCH', `${glance}/images/${image.id}`, {
        token: admin.token,
        headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch' },
        body: JSON.stringify([{ op: 'replace', path: '/visibility', value: want }]),
        expect: [200],
      });
    }
  }
}

interface Secrets {
  appcred?: { id: string; secret: string };
  ec2?: { access: string; secret: string };
}

async function seedCredentials(shape: ShapeResult, previous: Secrets): Promise<Secrets> {
  const id = shape.identity;
  const member = await passwordLogin(id.member, id.domain, USER_PASSWORD, { project: id.project, projectDomain: id.domain });
  const uid = member.body.token.user.id;
  const token = member.token;
  const name = `${id.project}-appcred`;
  const list = await restOk<{ application_credentials: Named[] }>('GET', `${KEYSTONE_V3}/users/${uid}/application_credentials`, { token, searchParams: { name } });
  let appcred = previous.appcred;
  const existing = list.body.application_credentials[0];
  if (!appcred || !existing || existing.id !== appcred.id) {
    // the secret is shown only at creation: without it on file, replace the credential
    if (existing) await restOk('DELETE', `${KEYSTONE_V3}/users/${uid}/application_credentials/${existing.id}`, { token, expect: [204] });
    const made = await restOk<{ application_credential: { id: string; secret: string } }>('POST', `${KEYSTONE_V3}/users/${uid}/application_credentials`, {
      token,
      json: { application_credential: { name, description: 'osci: the harness logs in with this in CI' } },
      expect: [201],
    });
    appcred = { id: made.body.application_credential.id, secret: made.body.application_credential.secret };
  }
  const ec2s = await restOk<{ credentials: { access: string; secret: string; tenant_id: string }[] }>('GET', `${KEYSTONE_V3}/users/${uid}/credentials/OS-EC2`, { token });
  let ec2 = ec2s.body.credentials.find((c) => c.tenant_id === shape.project.id);
  if (!ec2) {
    const made = await restOk<{ credential: { access: string; secret: string } }>('POST', `${KEYSTONE_V3}/users/${uid}/credentials/OS-EC2`, {
      token,
      json: { tenant_id: shape.project.id },
      expect: [201],
    });
    ec2 = { ...made.body.credential, tenant_id: shape.project.id };
  }
  return { appcred, ec2: { access: ec2.access, secret: ec2.secret } };
}

interface CloudEntry {
  auth_type?: string;
  auth: Record<string, string>;
  region_name: string;
  interface: string;
  identity_api_version: number;
}

function passwordCloud(user: string, userDomain: string, password: string, scope: { project: string; domain: string } | { domainScope: string }): CloudEntry {
  const auth: Record<string, string> = { auth_url: KEYSTONE_V3, username: user, password, user_domain_name: userDomain };
  if ('project' in scope) Object.assign(auth, { project_name: scope.project, project_domain_name: scope.domain });
  else auth.domain_name = scope.domainScope;
  return { auth, region_name: REGION, interface: 'public', identity_api_version: 3 };
}

function readPreviousSecrets(): Record<string, Secrets> {
  if (!existsSync(SECRETS_JSON)) return {};
  try {
    return JSON.parse(readFileSync(SECRETS_JSON, 'utf8')) as Record<string, Secrets>;
  } catch {
    return {};
  }
}

export async function seed(): Promise<void> {
  const admin = await adminLogin();
  const token = admin.token;
  const roles = await ensureRoles(token);
  const previous = readPreviousSecrets();
  const secrets: Record<string, Secrets> = {};
  const services = enabledServices();
  for (const shapeName of ['compliant', 'violations'] as ShapeName[]) {
    const shape = await seedIdentities(token, roles, SHAPES[shapeName]);
    const data = shapeSeed(shapeName);
    if (services.includes('nova')) await seedFlavors(admin, shape.project, data);
    if (services.includes('glance')) await seedImages(admin, shape.project, data);
    if (services.includes('cinder')) await seedVolumeTypes(admin, shape.project, data);
    await seedEndpointFilter(token, shape.project, data);
    secrets[shapeName] = await seedCredentials(shape, previous[shapeName] ?? {});
  }
  const a = SHAPES.compliant;
  const b = SHAPES.violations;
  const clouds: Record<string, CloudEntry> = {
    [CLOUDS.admin]: passwordCloud('admin', 'Default', ADMIN_PASSWORD, { project: 'admin', domain: 'Default' }),
    [CLOUDS.compliant]: passwordCloud(a.member, a.domain, USER_PASSWORD, { project: a.project, domain: a.domain }),
    [CLOUDS.compliantReader]: passwordCloud(a.reader, a.domain, USER_PASSWORD, { project: a.project, domain: a.domain }),
    [CLOUDS.compliantAppcred]: {
      auth_type: 'v3applicationcredential',
      auth: { auth_url: KEYSTONE_V3, application_credential_id: secrets.compliant!.appcred!.id, application_credential_secret: secrets.compliant!.appcred!.secret },
      region_name: REGION,
      interface: 'public',
      identity_api_version: 3,
    },
    [CLOUDS.violations]: passwordCloud(b.member, b.domain, USER_PASSWORD, { project: b.project, domain: b.domain }),
    [CLOUDS.domAManager]: passwordCloud(a.manager, a.domain, USER_PASSWORD, { domainScope: a.domain }),
    [CLOUDS.domBManager]: passwordCloud(b.manager, b.domain, USER_PASSWORD, { domainScope: b.domain }),
  };
  if (services.includes('glance')) await activateImageShape('compliant');
  mkdirSync(ETC_DIR, { recursive: true });
  writeFileSync(CLOUDS_YAML, stringify({ clouds }), { mode: 0o600 });
  chmodSync(CLOUDS_YAML, 0o600);
  writeFileSync(SECRETS_JSON, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  chmodSync(SECRETS_JSON, 0o600);
  writeFileSync(SEED_MARKER, SEED_VERSION + '\n', { mode: 0o600 });
  console.log(`seed done: shapes compliant (${a.domain}/${a.project}) and violations (${b.domain}/${b.project}); clouds in ${CLOUDS_YAML}`);
}

async function main(step: string | undefined, arg: string | undefined): Promise<void> {
  if (step === 'bootstrap' || step === 'all') await bootstrap();
  if (step === 'seed' || step === 'all') await seed();
  if (step === 'images' && (arg === 'compliant' || arg === 'violations')) {
    await activateImageShape(arg);
    console.log(`images of the ${arg} shape are now the visible ones`);
  } else if (!['bootstrap', 'seed', 'all'].includes(step ?? '')) {
    throw new Error('usage: seed.ts bootstrap|seed|all|images compliant|violations');
  }
}

if (process.argv[1]?.endsWith('seed.ts')) {
  main(process.argv[2], process.argv[3]).catch((err: unknown) => {
    console.error(`seed failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
