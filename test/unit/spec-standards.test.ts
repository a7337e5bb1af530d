/** Our own scope files under standards/: they load cleanly and say what we decided they say. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScope, resolveScopeArg } from '../../src/spec/load.js';
import type { Scope, VersionSpec } from '../../src/spec/model.js';
import { selectVersions, testcaseParams } from '../../src/spec/select.js';

const OFFICIAL = resolve(import.meta.dirname, '../../../shared/reference/scs-data/tests');
const version = (scope: Scope, name: string): VersionSpec => scope.versions.find((v) => v.name === name)!;
const on = (scope: Scope, date: string) => selectVersions(scope, { date }).map((s) => `${s.version.name}:${s.validity}`);

describe('standards/scs-compatible-iaas.yaml', () => {
  const scope = loadScope(resolveScopeArg('iaas'));

  it('loads with no problems and no warnings, with the SCS uuid', () => {
    expect(scope.warnings).toEqual([]);
    expect(scope.format).toBe('current');
    expect(scope.uuid).toBe('50393e6f-2ae1-4c5c-a62c-3b75f2abef3f');
    expect(scope.variables.find((v) => v.name === 'os_cloud')).toEqual({ name: 'os_cloud' });
  });

  it('has versions next, v5.1, v4, v3 with the main sizes of SCS', () => {
    expect(scope.versions.map((v) => [v.name, v.stabilizedAt, v.targets.main.length])).toEqual([
      ['next', undefined, 55],
      ['v5.1', '2024-12-19', 54],
      ['v4', '2024-02-28', 39],
      ['v3', '2024-02-28', 16],
    ]);
  });

  it('includes the recommended and the preview (manual) testcases in separate targets', () => {
    const v51 = version(scope, 'v5.1');
    expect(v51.targets.preview).toEqual(['availability-zones-check', 'domain-manager-check', 'key-manager-docs-check']);
    expect(v51.targets.recommended).toContain('scs-0103-flavor-16v-128');
    expect(v51.targets.recommended).toContain('scs-0116-presence');
    expect(v51.targets.recommended).toHaveLength(27);
    expect(version(scope, 'next').targets.recommended).not.toContain('scs-0102-prop-os_purpose');
    expect(Object.keys(version(scope, 'v4').targets).sort()).toEqual(['main', 'recommended']);
    for (const v of scope.versions) {
      for (const id of v.targets.recommended ?? []) expect(v.targets.main, `${v.name} ${id}`).not.toContain(id);
    }
  });

  it('declares the automated testcases in our CLI script and the two manual ones without executable', () => {
    expect(scope.scripts).toHaveLength(2);
    expect(scope.scripts[0].executable).toBe('../bin/scs-compliance.js');
    expect(scope.scripts[0].args).toBe('run-testcases --os-cloud {os_cloud} {testcases}');
    expect(scope.scripts[1].executable).toBeUndefined();
    expect(scope.scripts[1].testcases).toEqual(['key-manager-docs-check', 'availability-zones-check']);
    expect(scope.testcases.get('domain-manager-check')?.script).toBe(0);
  });

  it('gives every testcase a description and a documentation URL on docs.scs.community', () => {
    expect(scope.testcases.size).toBe(91);
    for (const tc of scope.testcases.values()) {
      expect(tc.description.length, tc.id).toBeGreaterThan(10);
      expect(tc.url, tc.id).toMatch(/^https:\/\/docs\.scs\.community\/standards\/scs-\d{4}-[vw]\d[\w.-]*#[\w-]+$/);
    }
  });

  it('passes the image spec of the version to the scs-0104 testcases', () => {
    expect(testcaseParams(scope, [version(scope, 'v4')], 'scs-0104-image-ubuntu-2204').image_spec).toBe('scs-0104-v1-images.yaml');
    expect(testcaseParams(scope, [version(scope, 'v5.1')], 'scs-0104-image-ubuntu-2404').image_spec).toBe('scs-0104-v1-images-v5.yaml');
    expect(testcaseParams(scope, [version(scope, 'next')], 'scs-0104-image-debian-12').image_spec).toBe('scs-0104-v1-images-v5.yaml');
  });

  it('selects versions along the history from 2024-02-28', () => {
    expect(() => on(scope, '2024-02-27')).toThrow(/begins on 2024-02-28/);
    expect(on(scope, '2024-02-28')).toEqual(['v4:effective', 'v3:effective']);
    expect(on(scope, '2024-05-01')).toEqual(['v4:effective', 'v3:warn']);
    expect(on(scope, '2024-08-01')).toEqual(['v4:effective']);
    expect(on(scope, '2024-11-25')).toEqual(['v4:effective', 'v3:deprecated']);
    expect(on(scope, '2024-12-19')).toEqual(['v5.1:effective', 'v4:effective', 'v3:deprecated']);
    expect(on(scope, '2025-02-01')).toEqual(['v5.1:effective', 'v4:warn', 'v3:deprecated']);
    expect(on(scope, '2025-07-01')).toEqual(['v5.1:effective', 'v4:deprecated', 'v3:deprecated']);
    expect(on(scope, '2025-09-09')).toEqual(['next:draft', 'v5.1:effective', 'v4:deprecated', 'v3:deprecated']);
    expect(on(scope, '2026-06-11')).toEqual(['next:draft', 'v5.1:effective']);
  });

  describe.skipIf(!existsSync(OFFICIAL))('agrees with the official SCS file', () => {
    const official = loadScope(join(OFFICIAL, 'scs-compatible-iaas.HEAD.yaml'));

    it('declares the same testcase ids', () => {
      expect([...scope.testcases.keys()].sort()).toEqual([...official.testcases.keys()].sort());
    });

    it('has the same main targets in every version', () => {
      for (const v of official.versions) expect(version(scope, v.name).targets.main, v.name).toEqual(v.targets.main);
    });

    it('selects the same versions on and around every official timeline date', () => {
      for (const entry of official.timeline) {
        const next = new Date(Date.parse(entry.date) + 86_400_000).toISOString().slice(0, 10);
        for (const date of [entry.date, next]) expect(on(scope, date), date).toEqual(on(official, date));
      }
    });
  });
});

describe('standards/scs-compatible-kaas.yaml', () => {
  const scope = loadScope(resolveScopeArg('kaas'));

  it('loads cleanly; v1 main is conformance, networking and version policy', () => {
    expect(scope.warnings).toEqual([]);
    expect(scope.uuid).toBe('1fffebe6-fd4b-44d3-a36c-fc58b4bb0180');
    const v1 = version(scope, 'v1');
    expect(v1.stabilizedAt).toBe('2024-11-26');
    expect(v1.targets).toEqual({
      main: ['cncf-k8s-conformance', 'kaas-networking-check', 'version-policy-check'],
      recommended: ['node-distribution-check'],
    });
  });

  it('has the lifetimes, sections, variables and script of the decision', () => {
    const tc = (id: string) => scope.testcases.get(id)!;
    expect([tc('cncf-k8s-conformance').lifetime, tc('cncf-k8s-conformance').section]).toEqual(['year', 'heavy']);
    expect([tc('kaas-networking-check').lifetime, tc('kaas-networking-check').section]).toEqual(['month', 'heavy']);
    expect([tc('version-policy-check').lifetime, tc('version-policy-check').section]).toEqual(['week', 'light']);
    expect(tc('node-distribution-check').section).toBe('light');
    expect(scope.variables).toEqual([
      { name: 'kubeconfig', default: '' },
      { name: 'execution_mode', default: 'parallel' },
      { name: 'sonobuoy', default: '' },
      { name: 'sonobuoy_results_dir', default: '' },
      { name: 'sonobuoy_poll_seconds', default: '30' },
      { name: 'sonobuoy_ok_to_fail', default: '' },
      { name: 'k8s_data_dir', default: '' },
    ]);
    expect(scope.scripts).toHaveLength(1);
    expect(scope.scripts[0]).toMatchObject({ executable: '../bin/scs-compliance.js', args: 'run-testcases --kubeconfig={kubeconfig} {testcases}' });
  });

  it('is draft from 2024-02-28 and effective from 2024-11-26', () => {
    expect(() => on(scope, '2024-02-27')).toThrow(SelectionErrorLike);
    expect(on(scope, '2024-02-28')).toEqual(['v1:draft']);
    expect(on(scope, '2024-11-25')).toEqual(['v1:draft']);
    expect(on(scope, '2024-11-26')).toEqual(['v1:effective']);
  });
});

const SelectionErrorLike = /no version of SCS-compatible KaaS is valid on 2024-02-27/;
