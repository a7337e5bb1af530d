/**
 * scs-0302 domain-manager persona on real Keystone (Zed) with the SCS policy file
 * (test/openstack/keystone-policy.yaml): a user holding `manager` on its domain manages users,
 * projects and grants of the managed roles in that domain, and nothing in another domain; it cannot
 * create roles or hand out `admin`. Raw HTTP against Keystone, every status asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordLogin, rest, restOk, type Login } from './lib/rest.js';
import { ADMIN_PASSWORD, KEYSTONE_V3, SHAPES, USER_PASSWORD } from './lib/target.js';

const PREFIX = 'osci-dm-test-';
const A = SHAPES.compliant;
const B = SHAPES.violations;

interface Named {
  id: string;
  name: string;
}

let admin: Login;
let managerA: Login;
let managerB: Login;
let domainA: Named;
let domainB: Named;
let projectB: Named;
let memberB: Named;
const roles: Record<string, Named> = {};

async function adminList<T>(path: string, key: string, searchParams: Record<string, string>): Promise<T[]> {
  const res = await restOk<Record<string, T[]>>('GET', `${KEYSTONE_V3}/${path}`, { token: admin.token, searchParams });
  return res.body[key] ?? [];
}

/** Deletes what an earlier, interrupted run of this file left behind (by prefix, as admin). */
async function cleanup(): Promise<void> {
  for (const domain of [domainA, domainB]) {
    for (const u of await adminList<Named>('users', 'users', { domain_id: domain.id })) {
      if (u.name.startsWith(PREFIX)) await restOk('DELETE', `${KEYSTONE_V3}/users/${u.id}`, { token: admin.token, expect: [204, 404] });
    }
    for (const p of await adminList<Named>('projects', 'projects', { domain_id: domain.id })) {
      if (p.name.startsWith(PREFIX)) await restOk('DELETE', `${KEYSTONE_V3}/projects/${p.id}`, { token: admin.token, expect: [204, 404] });
    }
  }
  for (const r of await adminList<Named>('roles', 'roles', {})) {
    if (r.name.startsWith(PREFIX)) await restOk('DELETE', `${KEYSTONE_V3}/roles/${r.id}`, { token: admin.token, expect: [204, 404] });
  }
}

beforeAll(async () => {
  admin = await passwordLogin('admin', 'Default', ADMIN_PASSWORD, { project: 'admin', projectDomain: 'Default' });
  managerA = await passwordLogin(A.manager, A.domain, USER_PASSWORD, { domain: A.domain });
  managerB = await passwordLogin(B.manager, B.domain, USER_PASSWORD, { domain: B.domain });
  domainA = (await adminList<Named>('domains', 'domains', { name: A.domain }))[0]!;
  domainB = (await adminList<Named>('domains', 'domains', { name: B.domain }))[0]!;
  projectB = (await adminList<Named>('projects', 'projects', { name: B.project, domain_id: domainB.id }))[0]!;
  memberB = (await adminList<Named>('users', 'users', { name: B.member, domain_id: domainB.id }))[0]!;
  for (const r of await adminList<Named>('roles', 'roles', {})) roles[r.name] = r;
  await cleanup();
});

afterAll(async () => {
  if (admin) await cleanup();
});

describe('the domain manager token', () => {
  it('is scoped to its own domain and carries the manager role', () => {
    const t = managerA.body.token;
    expect(t.domain?.id).toBe(domainA.id);
    expect(t.project).toBeUndefined();
    expect(t.roles.map((r) => r.name)).toContain('manager');
    expect(t.roles.map((r) => r.name)).not.toContain('admin');
  });

  it('may read its own domain but not another one', async () => {
    expect((await rest('GET', `${KEYSTONE_V3}/domains/${domainA.id}`, { token: managerA.token })).status).toBe(200);
    expect((await rest('GET', `${KEYSTONE_V3}/domains/${domainB.id}`, { token: managerA.token })).status).toBe(403);
  });
});

describe('inside its own domain', () => {
  it('creates, reads, updates, lists and deletes a user', async () => {
    const token = managerA.token;
    const created = await rest<{ user: Named & { domain_id: string } }>('POST', `${KEYSTONE_V3}/users`, {
      token,
      json: { user: { name: `${PREFIX}user`, domain_id: domainA.id, password: 'osci-dm-user-pw' } },
    });
    expect(created.status).toBe(201);
    const user = created.body.user;
    expect(user.domain_id).toBe(domainA.id);
    expect((await rest('GET', `${KEYSTONE_V3}/users/${user.id}`, { token })).status).toBe(200);
    const patched = await rest<{ user: { description: string } }>('PATCH', `${KEYSTONE_V3}/users/${user.id}`, {
      token,
      json: { user: { description: 'changed by the domain manager' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.user.description).toBe('changed by the domain manager');
    const listed = await rest<{ users: Named[] }>('GET', `${KEYSTONE_V3}/users`, { token, searchParams: { domain_id: domainA.id } });
    expect(listed.status).toBe(200);
    expect(listed.body.users.map((u) => u.name)).toEqual(expect.arrayContaining([`${PREFIX}user`, A.member, A.manager]));
    expect((await rest('DELETE', `${KEYSTONE_V3}/users/${user.id}`, { token })).status).toBe(204);
    expect((await rest('GET', `${KEYSTONE_V3}/users/${user.id}`, { token: admin.token })).status).toBe(404);
  });

  it('creates and deletes a project, and grants, checks and revokes member on it', async () => {
    const token = managerA.token;
    const project = await rest<{ project: Named & { domain_id: string } }>('POST', `${KEYSTONE_V3}/projects`, {
      token,
      json: { project: { name: `${PREFIX}project`, domain_id: domainA.id } },
    });
    expect(project.status).toBe(201);
    expect(project.body.project.domain_id).toBe(domainA.id);
    const pid = project.body.project.id;
    const user = await rest<{ user: Named }>('POST', `${KEYSTONE_V3}/users`, {
      token,
      json: { user: { name: `${PREFIX}grantee`, domain_id: domainA.id, password: 'osci-dm-user-pw' } },
    });
    expect(user.status).toBe(201);
    const uid = user.body.user.id;
    const grantUrl = (role: string) => `${KEYSTONE_V3}/projects/${pid}/users/${uid}/roles/${roles[role]!.id}`;
    expect((await rest('PUT', grantUrl('member'), { token })).status).toBe(204);
    expect((await rest('HEAD', grantUrl('member'), { token })).status).toBe(204);
    expect((await rest('PUT', grantUrl('reader'), { token })).status).toBe(204);
    const assignments = await rest<{ role_assignments: { role: { id: string } }[] }>('GET', `${KEYSTONE_V3}/role_assignments`, {
      token: admin.token,
      searchParams: { 'user.id': uid, 'scope.project.id': pid },
    });
    expect(assignments.body.role_assignments.map((a) => a.role.id).sort()).toEqual([roles.member!.id, roles.reader!.id].sort());
    expect((await rest('DELETE', grantUrl('member'), { token })).status).toBe(204);
    expect((await rest('HEAD', grantUrl('member'), { token: admin.token })).status).toBe(404);
    expect((await rest('DELETE', `${KEYSTONE_V3}/users/${uid}`, { token })).status).toBe(204);
    expect((await rest('DELETE', `${KEYSTONE_V3}/projects/${pid}`, { token })).status).toBe(204);
  });

  it('is refused granting admin or manager, at project and at domain level', async () => {
    const token = managerA.token;
    const user = await restOk<{ user: Named }>('POST', `${KEYSTONE_V3}/users`, {
      token,
      json: { user: { name: `${PREFIX}escalate`, domain_id: domainA.id, password: 'osci-dm-user-pw' } },
      expect: [201],
    });
    const uid = user.body.user.id;
    const project = (await adminList<Named>('projects', 'projects', { name: A.project, domain_id: domainA.id }))[0]!;
    for (const role of ['admin', 'manager']) {
      const onProject = `${KEYSTONE_V3}/projects/${project.id}/users/${uid}/roles/${roles[role]!.id}`;
      const onDomain = `${KEYSTONE_V3}/domains/${domainA.id}/users/${uid}/roles/${roles[role]!.id}`;
      expect((await rest('PUT', onProject, { token })).status, `grant ${role} on the project`).toBe(403);
      expect((await rest('PUT', onDomain, { token })).status, `grant ${role} on the domain`).toBe(403);
    }
    const assignments = await restOk<{ role_assignments: unknown[] }>('GET', `${KEYSTONE_V3}/role_assignments`, {
      token: admin.token,
      searchParams: { 'user.id': uid },
    });
    expect(assignments.body.role_assignments).toEqual([]);
    expect((await rest('DELETE', `${KEYSTONE_V3}/users/${uid}`, { token })).status).toBe(204);
  });

  it('cannot create, change or delete roles', async () => {
    const token = managerA.token;
    expect((await rest('POST', `${KEYSTONE_V3}/roles`, { token, json: { role: { name: `${PREFIX}role` } } })).status).toBe(403);
    expect((await rest('PATCH', `${KEYSTONE_V3}/roles/${roles.member!.id}`, { token, json: { role: { description: 'x' } } })).status).toBe(403);
    expect((await rest('DELETE', `${KEYSTONE_V3}/roles/${roles.reader!.id}`, { token })).status).toBe(403);
    expect((await adminList<Named>('roles', 'roles', { name: `${PREFIX}role` })).length).toBe(0);
  });

  it('sees the managed roles but not admin', async () => {
    const token = managerA.token;
    expect((await rest('GET', `${KEYSTONE_V3}/roles`, { token })).status).toBe(200);
    expect((await rest('GET', `${KEYSTONE_V3}/roles/${roles.member!.id}`, { token })).status).toBe(200);
    expect((await rest('GET', `${KEYSTONE_V3}/roles/${roles.admin!.id}`, { token })).status).toBe(403);
  });
});

describe('in another domain', () => {
  it('is refused creating a user or a project there', async () => {
    const token = managerA.token;
    const user = await rest('POST', `${KEYSTONE_V3}/users`, {
      token,
      json: { user: { name: `${PREFIX}intruder`, domain_id: domainB.id, password: 'osci-dm-user-pw' } },
    });
    expect(user.status).toBe(403);
    const project = await rest('POST', `${KEYSTONE_V3}/projects`, { token, json: { project: { name: `${PREFIX}intruder`, domain_id: domainB.id } } });
    expect(project.status).toBe(403);
    expect((await adminList<Named>('users', 'users', { name: `${PREFIX}intruder`, domain_id: domainB.id })).length).toBe(0);
    expect((await adminList<Named>('projects', 'projects', { name: `${PREFIX}intruder`, domain_id: domainB.id })).length).toBe(0);
  });

  it('is refused reading, changing and deleting its users and projects', async () => {
    const token = managerA.token;
    expect((await rest('GET', `${KEYSTONE_V3}/users/${memberB.id}`, { token })).status).toBe(403);
    expect((await rest('PATCH', `${KEYSTONE_V3}/users/${memberB.id}`, { token, json: { user: { description: 'x' } } })).status).toBe(403);
    expect((await rest('DELETE', `${KEYSTONE_V3}/users/${memberB.id}`, { token })).status).toBe(403);
    expect((await rest('GET', `${KEYSTONE_V3}/projects/${projectB.id}`, { token })).status).toBe(403);
    expect((await rest('DELETE', `${KEYSTONE_V3}/projects/${projectB.id}`, { token })).status).toBe(403);
    expect((await rest('GET', `${KEYSTONE_V3}/users/${memberB.id}`, { token: admin.token })).status).toBe(200);
  });

  it('is refused granting or revoking roles there', async () => {
    const token = managerA.token;
    const url = `${KEYSTONE_V3}/projects/${projectB.id}/users/${memberB.id}/roles/${roles.reader!.id}`;
    expect((await rest('PUT', url, { token })).status).toBe(403);
    const existing = `${KEYSTONE_V3}/projects/${projectB.id}/users/${memberB.id}/roles/${roles.member!.id}`;
    expect((await rest('DELETE', existing, { token })).status).toBe(403);
    expect((await rest('HEAD', existing, { token: admin.token })).status).toBe(204);
  });

  it('gets an empty 200, not a 403, when listing its users (Keystone filters lists to the token domain)', async () => {
    const res = await rest<{ users: Named[] }>('GET', `${KEYSTONE_V3}/users`, { token: managerA.token, searchParams: { domain_id: domainB.id } });
    expect(res.status).toBe(200);
    expect(res.body.users).toEqual([]);
    // the other domain's own manager does see them: the list is filtered, not empty
    const own = await rest<{ users: Named[] }>('GET', `${KEYSTONE_V3}/users`, { token: managerB.token, searchParams: { domain_id: domainB.id } });
    expect(own.status).toBe(200);
    expect(own.body.users.map((u) => u.name)).toContain(B.member);
  });
});

describe('without the manager role', () => {
  it('a project member cannot create users in its domain', async () => {
    const member = await passwordLogin(A.member, A.domain, USER_PASSWORD, { project: A.project, projectDomain: A.domain });
    const res = await rest('POST', `${KEYSTONE_V3}/users`, {
      token: member.token,
      json: { user: { name: `${PREFIX}by-member`, domain_id: domainA.id, password: 'osci-dm-user-pw' } },
    });
    expect(res.status).toBe(403);
  });
});
