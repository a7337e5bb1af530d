/** scs-0116-presence through the sandbox Keystone catalog (both profiles, and one without key-manager). */
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/sandbox/profile.js';
import type { SandboxProfile } from '../../src/sandbox/world.js';
import { presence } from '../../testsuites/iaas/scs-0116-key-manager/presence.js';
import { sandboxFacts, sandboxPerTest } from '../helpers/sandbox.js';

const sandbox = sandboxPerTest();

async function evaluate(profile: SandboxProfile) {
  const store = sandboxFacts(await sandbox(profile));
  return presence.evaluate(await store.getAll(presence.needs), { now: new Date(), id: presence.id, url: '', params: {} });
}

describe('scs-0116-presence against the sandbox', () => {
  it('PASSes on both built-in profiles (both catalogs list key-manager)', async () => {
    for (const name of ['compliant', 'violations']) {
      const out = await evaluate(loadProfile(name));
      expect(out.verdict).toBe('PASS');
      expect(out.findings[0]!.text).toContain('type key-manager');
    }
  });
  it('FAILs when the catalog has no key-manager, with the standard URL when the scope gives none', async () => {
    const p = loadProfile('compliant');
    const identity = p.identity as { catalog: { type: string }[] };
    const out = await evaluate({ ...p, identity: { ...identity, catalog: identity.catalog.filter((e) => e.type !== 'key-manager') } });
    expect(out.verdict).toBe('FAIL');
    expect(out.findings[0]!.url).toBe('https://docs.scs.community/standards/scs-0116-v1-key-manager-standard#key-manager-standard');
    expect(out.findings[0]!.observed).not.toContain('key-manager');
    expect(out.findings[0]!.observed).toContain('object-store');
  });
});
