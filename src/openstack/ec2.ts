/**
 * Keystone EC2 credentials (`/v3/users/{user_id}/credentials/OS-EC2`): the access/secret pair an S3
 * API behind Keystone (Swift s3api + s3token, Ceph RGW with Keystone) accepts for SigV4 signing.
 *
 * The secret never leaves this object in readable form: it is not enumerable, and toJSON/inspect
 * redact it, so a credential that ends up in a log, a finding or an error shows only its access key.
 */
import { inspect } from 'node:util';
import type { ResourceKind } from '../engine/ledger.js';
import type { OpenStackSession } from './types.js';

export const IDENTITY_TYPES = ['identity'];

export class Ec2Credential {
  readonly #secret: string;

  constructor(
    /** The access key id (not secret: it names the credential). */
    readonly access: string,
    secret: string,
    readonly userId: string,
    readonly projectId: string,
  ) {
    this.#secret = secret;
  }

  /** The ledger's id of the credential: its access key. */
  get id(): string {
    return this.access;
  }

  /** The secret, for the signer only. */
  revealSecret(): string {
    return this.#secret;
  }

  toJSON(): Record<string, string> {
    return { access: this.access, secret: '<redacted>', userId: this.userId, projectId: this.projectId };
  }

  [inspect.custom](): string {
    return `Ec2Credential { access: '${this.access}', secret: <redacted> }`;
  }

  toString(): string {
    return `EC2 credential ${this.access}`;
  }
}

/** Path of the OS-EC2 collection relative to the identity endpoint (`…/v3` or unversioned). */
export function ec2Path(identityEndpoint: string, userId: string, access?: string): string {
  const base = /\/v3\/?$/.test(new URL(identityEndpoint).pathname) ? '' : 'v3/';
  return `${base}users/${encodeURIComponent(userId)}/credentials/OS-EC2${access ? `/${encodeURIComponent(access)}` : ''}`;
}

/** Keystone refused to create the credential (policy, or a restricted application credential). */
export class Ec2NotAllowedError extends Error {
  override name = 'Ec2NotAllowedError';
}

/**
 * Create an EC2 credential for the token's user in the token's project. Throws Ec2NotAllowedError on
 * 403, other errors as the session raises them.
 */
export async function createEc2Credential(session: OpenStackSession, signal?: AbortSignal): Promise<Ec2Credential> {
  const userId = session.token.user.id;
  const projectId = session.token.project?.id;
  if (!projectId) throw new Error('EC2 credentials need a project-scoped token, but the token has no project');
  const path = ec2Path(session.endpoint(IDENTITY_TYPES), userId);
  const res = await session.request<{ credential?: { access?: unknown; secret?: unknown } }>(IDENTITY_TYPES, path, {
    method: 'POST',
    json: { tenant_id: projectId },
    okStatus: [403],
    signal,
  });
  if (res.status === 403) {
    throw new Ec2NotAllowedError(
      `Keystone refused to create an EC2 credential for user ${userId} in project ${projectId} (403): the policy or a restricted application credential forbids it`,
    );
  }
  const c = res.body?.credential;
  if (!c || typeof c.access !== 'string' || typeof c.secret !== 'string') {
    throw new Error(`Keystone answered POST ${path} with status ${res.status} but without credential.access and credential.secret`);
  }
  return new Ec2Credential(c.access, c.secret, userId, projectId);
}

/** Delete an EC2 credential; a 404 (already gone) counts as deleted. */
export async function deleteEc2Credential(session: OpenStackSession, credential: { access: string; userId: string }, signal?: AbortSignal): Promise<void> {
  const path = ec2Path(session.endpoint(IDENTITY_TYPES), credential.userId, credential.access);
  await session.request(IDENTITY_TYPES, path, { method: 'DELETE', okStatus: [404], signal });
}

/** Ledger kind of an EC2 credential (the ref's id is the access key, attrs.userId its owner). */
export const EC2_CREDENTIAL_KIND = 'ec2-credential';

export const ec2ResourceKinds: Record<string, ResourceKind<OpenStackSession>> = {
  [EC2_CREDENTIAL_KIND]: {
    order: 90,
    delete: (session, ref, signal) => deleteEc2Credential(session, { access: ref.id, userId: ref.attrs?.userId ?? session.token.user.id }, signal),
  },
};
