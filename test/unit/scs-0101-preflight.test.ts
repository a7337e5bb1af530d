/** The pre-flight role check of creating IaaS testcases (pure part). */
import { describe, expect, it } from 'vitest';
import { checkRoles } from '../../testsuites/iaas/preflight/index.js';

const token = (...roles: string[]) => ({ roles: roles.map((name) => ({ name })), user: { id: 'u1', name: 'alice' }, project: { id: 'p1', name: 'demo' } });

describe('checkRoles', () => {
  it('member without admin or manager: ok', () => {
    expect(checkRoles(token('member', 'reader'))).toEqual({ ok: true, roles: ['member', 'reader'] });
    expect(checkRoles(token('Member')).ok).toBe(true);
  });
  it.each([['admin'], ['manager'], ['ADMIN']])('member plus %s: refused, naming user, project and role', (high) => {
    const p = checkRoles(token('member', high));
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.reason).toMatch(new RegExp(`user alice in project demo has the role ${high.toLowerCase()};`));
  });
  it('without member: refused, listing the roles it has', () => {
    const p = checkRoles(token('reader'));
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.reason).toMatch(/lacks the role member \(it has: reader\)/);
  });
});
