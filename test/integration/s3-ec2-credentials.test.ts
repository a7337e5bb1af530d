/** Keystone EC2 credentials through the client against the sandbox (shapes, policy, redaction). */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEc2Credential, deleteEc2Credential, ec2Path } from '../../src/openstack/ec2.js';
import type { OpenStackSession } from '../../src/openstack/types.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { ec2Credentials } from '../../src/sandbox/services/identity-credentials.js';
import { sandboxSession } from '../helpers/sandbox.js';

describe('EC2 credentials', () => {
  let sb: RunningSandbox;
  let session: OpenStackSession;
  beforeAll(async () => {
    sb = await startSandbox(loadProfile('compliant'));
    session = await sandboxSession(sb);
  });
  afterAll(async () => {
    await sb?.close();
  });

  it('creates a credential for the token user and project, and deletes it', async () => {
    const cred = await createEc2Credential(session);
    const stored = ec2Credentials(sb.world).get(cred.access)!;
    expect(stored).toMatchObject({ userId: session.token.user.id, projectId: session.token.project!.id });
    expect(cred.revealSecret()).toBe(stored.secret);
    const listed = await session.request<{ credentials: { access: string; tenant_id: string }[] }>('identity', ec2Path(session.endpoint('identity'), cred.userId));
    expect(listed.body.credentials.map((c) => [c.access, c.tenant_id])).toEqual([[cred.access, session.token.project!.id]]);
    await deleteEc2Credential(session, cred);
    expect(ec2Credentials(sb.world).has(cred.access)).toBe(false);
    await expect(deleteEc2Credential(session, cred)).resolves.toBeUndefined(); // already gone: fine
  });

  it('never shows the secret when serialised or inspected', async () => {
    const cred = await createEc2Credential(session);
    try {
      const secret = cred.revealSecret();
      expect(JSON.stringify(cred)).not.toContain(secret);
      expect(inspect(cred, { showHidden: true, depth: 5 })).not.toContain(secret);
      expect(String(cred)).not.toContain(secret);
      expect(JSON.stringify({ ...cred })).not.toContain(secret);
    } finally {
      await deleteEc2Credential(session, cred);
    }
  });

  it("refuses to manage another user's credentials (403, Keystone's policy)", async () => {
    const path = ec2Path(session.endpoint('identity'), 'someone-else');
    const res = await session.request<{ error: { code: number; title: string } }>('identity', path, { method: 'POST', json: { tenant_id: session.token.project!.id }, okStatus: [403] });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 403, title: 'Forbidden' });
    expect(ec2Credentials(sb.world).size).toBe(0);
  });
});
