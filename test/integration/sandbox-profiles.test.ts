/**
 * The sandbox profiles as a whole (docs/sandbox.md): `compliant` passes every automated testcase of IaaS
 * v4, v5.1 and next, and KaaS v1; `violations` fails exactly the documented set, and nothing ABORTs.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const flavors = ['1v-2', '1v-4', '1v-4-10', '2v-4', '2v-4-20s', '2v-8', '4v-16', '4v-8', '8v-16', '8v-32'].map((f) => `scs-0103-flavor-${f}`);
const props = [
  'architecture', 'hash_algo', 'hotfix_hours', 'hw_disk_bus', 'hw_rng_model', 'hypervisor_type', 'image_build_date', 'image_description',
  'image_original_user', 'image_source', 'min_disk', 'min_ram', 'os_distro', 'os_purpose', 'os_version', 'provided_until', 'replace_frequency', 'uuid_validity',
].map((p) => `scs-0102-prop-${p}`);
const common = ['scs-0100-semantics-check', 'scs-0100-syntax-check', 'scs-0101-entropy-avail', 'scs-0101-fips-test', 'scs-0102-image-recency', 'scs-0102-os_purpose-uniqueness', ...props, ...flavors];
const v5 = [
  ...common,
  'domain-manager-check',
  'scs-0104-image-ubuntu-2404',
  'scs-0104-source-capi-2',
  'scs-0104-source-debian-11',
  'scs-0104-source-debian-12',
  'scs-0104-source-ubuntu-2204',
  'scs-0114-encrypted-type',
  'scs-0114-replicated-type',
  'scs-0114-syntax-check',
  'scs-0115-default-rules',
  'scs-0116-permissions',
  'scs-0117-test-backup',
  'scs-0123-service-load-balancer',
  'scs-0123-storage-apis',
];

/** The documented FAIL set of the violations profile per version (docs/sandbox.md). */
const VIOLATIONS: Record<string, string[]> = {
  v4: [...common, 'scs-0104-image-capi-1', 'scs-0104-image-ubuntu-2204', 'scs-0104-source-debian-11', 'scs-0104-source-debian-12', 'scs-0104-source-ubuntu-2204'],
  'v5.1': [...v5, 'scs-0123-swift-s3'],
  next: [...v5, 'scs-0123-service-s3'],
};

/** Manual documentation audits: MISSING without --manual-results, in every profile. */
const MANUAL = ['availability-zones-check', 'key-manager-docs-check'];

async function verdicts(args: string[], file: string): Promise<{ code: number; by: Record<string, string[]> }> {
  const out = mkdtempSync(join(tmpdir(), 'scs-profiles-'));
  const r = await cli([...args, '--output', out, '--format', 'json', '--quiet']);
  const report = JSON.parse(readFileSync(join(out, file), 'utf8')) as { testcases: { id: string; verdict: string }[] };
  const by: Record<string, string[]> = {};
  for (const t of report.testcases) (by[t.verdict] ??= []).push(t.id);
  for (const v of Object.values(by)) v.sort();
  return { code: r.code, by };
}

describe('sandbox profiles', () => {
  for (const version of ['v4', 'v5.1', 'next']) {
    it(`IaaS ${version}: compliant passes every automated testcase`, async () => {
      const { code, by } = await verdicts(['check', '--sandbox', 'compliant', '-V', version], 'scs-compatible-iaas.json');
      expect(by.FAIL ?? []).toEqual([]);
      expect(by.ABORT ?? []).toEqual([]);
      expect(by.MISSING ?? []).toEqual(version === 'v4' ? [] : MANUAL);
      expect(code).toBe(0);
    });

    it(`IaaS ${version}: violations fails exactly the documented set`, async () => {
      const { code, by } = await verdicts(['check', '--sandbox', 'violations', '-V', version], 'scs-compatible-iaas.json');
      expect(by.FAIL).toEqual([...VIOLATIONS[version]!].sort());
      expect(by.ABORT ?? []).toEqual([]);
      expect(code).toBe(1);
    });
  }

  it('KaaS v1: compliant passes; violations fails the documented set', async () => {
    const ok = await verdicts(['check', '--scope', 'kaas', '--sandbox', 'compliant'], 'scs-compatible-kaas.json');
    expect(ok.by.PASS).toEqual(['cncf-k8s-conformance', 'kaas-networking-check', 'node-distribution-check', 'version-policy-check']);
    expect(ok.code).toBe(0);
    const bad = await verdicts(['check', '--scope', 'kaas', '--sandbox', 'violations'], 'scs-compatible-kaas.json');
    expect(bad.by.FAIL).toEqual(['kaas-networking-check', 'node-distribution-check', 'version-policy-check']);
    expect(bad.by.PASS).toEqual(['cncf-k8s-conformance']);
    expect(bad.code).toBe(1);
  });
});
