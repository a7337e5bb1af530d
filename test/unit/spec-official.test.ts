/**
 * The official SCS scope files load unchanged (they are read from the shared reference folder next to
 * the repository when it exists; they are never copied into the repository).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScope } from '../../src/spec/load.js';
import type { Scope, VersionSpec } from '../../src/spec/model.js';
import { selectVersions, testcaseParams } from '../../src/spec/select.js';

const ROOT = resolve(import.meta.dirname, '../..');
const OFFICIAL = join(ROOT, '../shared/reference/scs-data/tests');
const file = (name: string) => join(OFFICIAL, name);

function version(scope: Scope, name: string): VersionSpec {
  const v = scope.versions.find((x) => x.name === name);
  if (!v) throw new Error(`no version ${name}`);
  return v;
}

describe.skipIf(!existsSync(OFFICIAL))('official SCS scope files', () => {
  describe('IaaS, current format (HEAD)', () => {
    const scope = loadScope(file('scs-compatible-iaas.HEAD.yaml'));

    it('loads without problems or warnings', () => {
      expect(scope.format).toBe('current');
      expect(scope.uuid).toBe('50393e6f-2ae1-4c5c-a62c-3b75f2abef3f');
      expect(scope.warnings).toEqual([]);
      expect(scope.variables).toEqual([{ name: 'os_cloud' }]);
      expect(scope.scripts.map((s) => s.executable)).toEqual(['./iaas/openstack_test.py', undefined]);
      expect(scope.scripts[1].testcases).toEqual(['key-manager-docs-check', 'availability-zones-check', 'domain-manager-check']);
      expect(scope.testcases.size).toBe(91);
      expect(scope.modules.size).toBe(26);
    });

    it('has the known target sizes: v5.1 main 54, next 55, v4 39, v3 16; only main targets', () => {
      expect(scope.versions.map((v) => [v.name, v.targets.main.length])).toEqual([['next', 55], ['v5.1', 54], ['v4', 39], ['v3', 16]]);
      for (const v of scope.versions) expect(Object.keys(v.targets)).toEqual(['main']);
    });

    it('resolves next as v5.1 with the v2 modules of image metadata and services', () => {
      const v51 = new Set(version(scope, 'v5.1').targets.main);
      const next = new Set(version(scope, 'next').targets.main);
      expect([...v51].filter((id) => !next.has(id)).sort()).toEqual(['scs-0123-service-placement', 'scs-0123-swift-s3']);
      expect([...next].filter((id) => !v51.has(id)).sort()).toEqual(['scs-0102-os_purpose-uniqueness', 'scs-0102-prop-os_purpose', 'scs-0123-service-s3']);
    });

    it('selects v5.1 (effective) and next (draft) on 2026-08-21', () => {
      const sel = selectVersions(scope, { date: '2026-08-21' });
      expect(sel.map((s) => [s.version.name, s.validity])).toEqual([['next', 'draft'], ['v5.1', 'effective']]);
    });

    it('gives the image spec of the include entry to scs-0104 testcases', () => {
      const params = testcaseParams(scope, [version(scope, 'v4')], 'scs-0104-image-ubuntu-2204');
      expect(params.image_spec).toBe('https://raw.githubusercontent.com/SovereignCloudStack/standards/main/Tests/iaas/scs-0104-v1-images.yaml');
    });
  });

  describe('KaaS, current format (HEAD)', () => {
    const scope = loadScope(file('scs-compatible-kaas.HEAD.yaml'));

    it('has v1 main = conformance, networking and version policy; lifetimes and sections as declared', () => {
      expect(version(scope, 'v1').targets).toEqual({ main: ['cncf-k8s-conformance', 'kaas-networking-check', 'version-policy-check'] });
      expect(scope.variables).toEqual([{ name: 'subject_root' }, { name: 'kubeconfig' }, { name: 'execution_mode', default: 'parallel' }]);
      expect(scope.testcases.get('cncf-k8s-conformance')).toMatchObject({ lifetime: 'year', section: 'heavy', script: 0 });
      expect(scope.testcases.get('kaas-networking-check')).toMatchObject({ lifetime: 'month', section: 'heavy', script: 3 });
      expect(scope.testcases.get('version-policy-check')).toMatchObject({ lifetime: 'week', section: 'light', script: 1 });
      expect(scope.scripts[2].executable).toBeUndefined();
      expect(scope.scripts[0].args).toContain('--execution-mode {execution_mode}');
    });
  });

  describe('IaaS, previous format (2024-12-20)', () => {
    const scope = loadScope(file('scs-compatible-iaas.2024-12-20.yaml'));

    it('loads and resolves the selector targets', () => {
      expect(scope.format).toBe('previous');
      expect(version(scope, 'v5.1').targets).toEqual({
        main: [
          'entropy-check', 'flavor-name-check', 'image-metadata-check', 'key-manager-check', 'security-groups-default-rules-check',
          'service-apis-check', 'standard-flavors-check', 'standard-images-check', 'volume-backup-check', 'volume-types-check',
        ],
        preview: ['availability-zones-check', 'domain-manager-check', 'service-apis-docs-check'],
      });
      expect(version(scope, 'v5').targets.main).not.toContain('service-apis-check');
      expect(version(scope, 'v4').targets).toEqual({
        main: ['entropy-check', 'flavor-name-check', 'image-metadata-check', 'standard-flavors-check', 'standard-images-check'],
      });
      expect(scope.versions.map((v) => v.name)).toEqual(['v5.1', 'v5', 'v4', 'v3', 'v3-orig', 'v2', 'v1']);
    });

    it('turns every module run entry into a script and keeps the version-specific script of shared ids', () => {
      const flavorScripts = scope.scripts.filter((s) => s.testcases.includes('flavor-name-check'));
      expect(flavorScripts.map((s) => s.args)).toEqual([
        '-c {os_cloud} --v1prefer',
        '-c {os_cloud}',
        '--v3 -c {os_cloud}',
        '-c {os_cloud} --mand=./iaas/scs-0100-v3-flavors.yaml',
      ]);
      // the shared declaration is the one the first version (v5.1) uses: flavor naming v3.1
      const tc = scope.testcases.get('flavor-name-check')!;
      expect(scope.scripts[tc.script].args).toBe('-c {os_cloud} --mand=./iaas/scs-0100-v3-flavors.yaml');
      // v1 runs the v1 script
      const v1 = version(scope, 'v1');
      expect(scope.scripts[v1.scriptOf!['flavor-name-check']].args).toBe('-c {os_cloud} --v1prefer');
      // entropy-check is mandatory in scs-0101-v1 only, so v4 uses that module's script
      expect(scope.scripts[version(scope, 'v4').scriptOf!['entropy-check']].executable).toBe('./iaas/entropy/entropy-check.py');
      // a module without run becomes a manual script
      const manual = scope.scripts[scope.testcases.get('domain-manager-check')!.script];
      expect(manual.executable).toBeUndefined();
    });

    it('selects by the full timeline', () => {
      const on = (date: string) => selectVersions(scope, { date }).map((s) => `${s.version.name}:${s.validity}`);
      expect(on('2024-11-25')).toEqual(['v5:effective', 'v4:effective', 'v3:deprecated']);
      expect(on('2023-07-01')).toEqual(['v3:effective', 'v2:effective', 'v1:effective']);
      expect(on('2021-01-01')).toEqual(['v1:effective']);
      expect(() => selectVersions(scope, { date: '2020-12-31' })).toThrow(/begins on 2021-01-01/);
    });

    it('merges include parameters over the module parameters', () => {
      const params = testcaseParams(scope, [version(scope, 'v4')], 'standard-images-check');
      expect(params).toEqual({ image_spec: 'https://raw.githubusercontent.com/SovereignCloudStack/standards/main/Tests/iaas/scs-0104-v1-images.yaml' });
    });
  });

  describe('KaaS, previous format (2024-11-26)', () => {
    const scope = loadScope(file('scs-compatible-kaas.2024-11-26.yaml'));

    it('has v1 main with all four testcases (node distribution was mandatory then)', () => {
      expect(version(scope, 'v1').targets).toEqual({
        main: ['cncf-k8s-conformance', 'kaas-networking-check', 'node-distribution-check', 'version-policy-check'],
      });
      expect(scope.scripts).toHaveLength(4);
      expect(scope.testcases.get('version-policy-check')?.lifetime).toBe('week');
      expect(scope.testcases.get('version-policy-check')?.url).toBe('https://docs.scs.community/standards/scs-0210-v2-k8s-version-policy');
    });
  });

  it('rejects the first-generation file of 2024-02-28 with a clear message', () => {
    expect(() => loadScope(file('scs-compatible-iaas.2024-02-28.yaml'))).toThrow(/first-generation scope format/);
  });
});
