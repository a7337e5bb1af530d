/** scs-0302: classification of observed calls and the verdict of domain-manager-check (pure). */
import { describe, expect, it } from 'vitest';
import { classify, judgeDomainManager, RULES, type Observation } from '../../testsuites/iaas/scs-0302-domain-manager/rules.js';

const URL = 'https://example.test/scs-0302';
const obs = (o: Partial<Observation>): Observation => ({
  rule: 'own-users',
  actor: 'manager m (id 1) of domain a',
  action: 'POST /v3/users',
  object: 'user scs-12345678-dm-a-user (id u1)',
  expect: 'allowed',
  status: 201,
  ...o,
});

describe('classify', () => {
  it('allowed: 2xx kept, 403 broken, anything else undecided', () => {
    expect(classify(obs({ status: 204 }))).toBe('kept');
    expect(classify(obs({ status: 403 }))).toBe('broken');
    expect(classify(obs({ status: 409 }))).toBe('undecided');
    expect(classify(obs({ status: undefined, error: 'ECONNRESET' }))).toBe('undecided');
  });
  it('refused: 403 and 404 kept, 2xx broken, 500 undecided', () => {
    expect(classify(obs({ expect: 'refused', status: 403 }))).toBe('kept');
    expect(classify(obs({ expect: 'refused', status: 404 }))).toBe('kept');
    expect(classify(obs({ expect: 'refused', status: 201 }))).toBe('broken');
    expect(classify(obs({ expect: 'refused', status: 500 }))).toBe('undecided');
  });
  it('listed needs the object in a 200; hidden accepts 403 or a 200 without it (Keystone filters lists)', () => {
    expect(classify(obs({ expect: 'listed', status: 200, found: true }))).toBe('kept');
    expect(classify(obs({ expect: 'listed', status: 200, found: false }))).toBe('broken');
    expect(classify(obs({ expect: 'listed', status: 403 }))).toBe('broken');
    expect(classify(obs({ expect: 'hidden', status: 200, found: false }))).toBe('kept');
    expect(classify(obs({ expect: 'hidden', status: 403 }))).toBe('kept');
    expect(classify(obs({ expect: 'hidden', status: 200, found: true }))).toBe('broken');
  });
});

describe('judgeDomainManager', () => {
  it('PASS with one info finding per proved rule', () => {
    const out = judgeDomainManager([obs({}), obs({ rule: 'no-admin-grant', expect: 'refused', status: 403 }), obs({ rule: 'no-admin-grant', expect: 'refused', status: 403 })], URL);
    expect(out.verdict).toBe('PASS');
    expect(out.findings.map((f) => [f.level, f.text])).toEqual([
      ['info', `Proved (1 calls): ${RULES['own-users']}.`],
      ['info', `Proved (2 calls): ${RULES['no-admin-grant']}.`],
    ]);
    expect(out.evidence).toEqual({ calls: 3, rulesKept: ['own-users', 'no-admin-grant'], rulesBroken: [] });
  });

  it('FAIL: an error finding with object, rule, observed, expected and URL for each broken call', () => {
    const bad = obs({ rule: 'no-admin-grant', expect: 'refused', status: 204, action: 'PUT /v3/projects/p/users/u/roles/r', object: 'role admin for user x (id u) on project y (id p)' });
    const out = judgeDomainManager([obs({}), bad, obs({ rule: 'own-grants', status: 500 })], URL);
    expect(out.verdict).toBe('FAIL');
    const errors = out.findings.filter((f) => f.level === 'error');
    expect(errors).toEqual([
      {
        level: 'error',
        text: `PUT /v3/projects/p/users/u/roles/r by manager m (id 1) of domain a was not refused: ${RULES['no-admin-grant']}.`,
        object: 'role admin for user x (id u) on project y (id p)',
        rule: RULES['no-admin-grant'],
        observed: 'HTTP 204',
        expected: 'refused (403)',
        url: URL,
      },
    ]);
    // the undecided call is still shown, as a warning
    expect(out.findings.filter((f) => f.level === 'warning').map((f) => f.text)).toEqual(['Undecided: POST /v3/users by manager m (id 1) of domain a: HTTP 500.']);
    expect(out.evidence!.rulesBroken).toEqual(['no-admin-grant']);
  });

  it('a list that shows the other domain\'s user is a FAIL of foreign-users', () => {
    const out = judgeDomainManager([obs({ rule: 'foreign-users', expect: 'hidden', status: 200, found: true, action: 'GET /v3/users?domain_id=b' })], URL);
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]!.observed).toBe('HTTP 200, in the list');
    expect(out.findings[0]!.expected).toBe('not visible (403, or 200 without the object)');
  });

  it('ABORT (never PASS) when nothing is broken but a call could not be decided', () => {
    const out = judgeDomainManager([obs({}), obs({ rule: 'own-projects', status: undefined, error: 'socket hang up' })], URL);
    expect(out.verdict).toBe('ABORT');
    expect(out.findings[0]!.text).toMatch(/^could not decide 1 check\(s\) .*no answer: socket hang up/);
  });
});
