/**
 * Sandbox Keystone, EC2 credentials (`/identity/v3/users/{user_id}/credentials/OS-EC2[/{access}]`),
 * beside the identity module on the same mount. The credentials live in a store per world, which
 * the sandbox S3 reads to verify SigV4 signatures.
 *
 * Policy as Keystone's default: a user manages only their own EC2 credentials (admin: anyone's), and a
 * credential is bound to a project the token is scoped to.
 */
import { randomBytes } from 'node:crypto';
import { json, keystoneError, type SandboxRequest } from '../http.js';
import type { SandboxServiceFactory } from '../service.js';
import type { SandboxWorld } from '../world.js';
import { keystoneForbidden as forbidden } from './identity.js';

export interface SandboxEc2Credential {
  access: string;
  secret: string;
  userId: string;
  projectId: string;
  createdAt: Date;
}

const stores = new WeakMap<SandboxWorld, Map<string, SandboxEc2Credential>>();

/** The EC2 credentials of a sandbox world, by access key. */
export function ec2Credentials(world: SandboxWorld): Map<string, SandboxEc2Credential> {
  let store = stores.get(world);
  if (!store) {
    store = new Map();
    stores.set(world, store);
  }
  return store;
}

function show(world: SandboxWorld, c: SandboxEc2Credential): Record<string, unknown> {
  return {
    user_id: c.userId,
    tenant_id: c.projectId,
    access: c.access,
    secret: c.secret,
    trust_id: null,
    links: { self: `${world.baseUrl}/identity/v3/users/${c.userId}/credentials/OS-EC2/${c.access}` },
  };
}


export const identityCredentialsService: SandboxServiceFactory = (world) => {
  const store = ec2Credentials(world);
  const mayManage = (req: SandboxRequest) => req.auth?.userId === req.params.user || (req.auth?.roles.includes('admin') ?? false);
  /** The credential of the path's `:access`, if it belongs to the path's `:user`. */
  const credentialOf = (req: SandboxRequest) => {
    const c = store.get(req.params.access!);
    return c?.userId === req.params.user ? c : undefined;
  };

  return {
    mount: 'identity',
    routes: [
      {
        method: 'POST',
        pattern: '/v3/users/:user/credentials/OS-EC2',
        handler: (req) => {
          if (!mayManage(req)) return forbidden('ec2_create_credential');
          const body = req.body as { tenant_id?: unknown } | undefined;
          const tenant = body?.tenant_id;
          if (typeof tenant !== 'string' || tenant === '') return keystoneError(400, "Invalid input for field 'tenant_id': None is not of type 'string'");
          if (tenant !== req.auth?.projectId && !req.auth?.roles.includes('admin')) return forbidden('ec2_create_credential');
          const cred: SandboxEc2Credential = {
            access: randomBytes(16).toString('hex'),
            secret: randomBytes(16).toString('hex'),
            userId: req.params.user!,
            projectId: tenant,
            createdAt: world.now(),
          };
          store.set(cred.access, cred);
          return json(201, { credential: show(world, cred) });
        },
      },
      {
        method: 'GET',
        pattern: '/v3/users/:user/credentials/OS-EC2',
        handler: (req) => {
          if (!mayManage(req)) return forbidden('ec2_list_credentials');
          const mine = [...store.values()].filter((c) => c.userId === req.params.user);
          return json(200, {
            credentials: mine.map((c) => show(world, c)),
            links: { self: `${world.baseUrl}/identity/v3/users/${req.params.user}/credentials/OS-EC2`, previous: null, next: null },
          });
        },
      },
      {
        method: 'GET',
        pattern: '/v3/users/:user/credentials/OS-EC2/:access',
        handler: (req) => {
          if (!mayManage(req)) return forbidden('ec2_get_credential');
          const c = credentialOf(req);
          if (!c) return keystoneError(404, `Could not find credential: ${req.params.access}.`);
          return json(200, { credential: show(world, c) });
        },
      },
      {
        method: 'DELETE',
        pattern: '/v3/users/:user/credentials/OS-EC2/:access',
        handler: (req) => {
          if (!mayManage(req)) return forbidden('ec2_delete_credential');
          const c = credentialOf(req);
          if (!c) return keystoneError(404, `Could not find credential: ${req.params.access}.`);
          store.delete(c.access);
          return { status: 204 };
        },
      },
    ],
  };
};
