import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_VERSION, renderJson, type JsonReport } from '../../src/report/json.js';
import { IAAS_UUID, IMAGE_FACT_REASON, RUN_UUID, mixedRun, partialRun } from '../fixtures/results/mixed-run.js';

describe('renderJson', () => {
  const report = JSON.parse(renderJson(mixedRun())) as JsonReport;

  it('has a stable top-level shape with a schemaVersion', () => {
    expect(Object.keys(report)).toEqual(['schemaVersion', 'kind', 'harness', 'scope', 'subject', 'run', 'versions', 'testcases', 'invocations', 'facts']);
    expect(report.schemaVersion).toBe(JSON_SCHEMA_VERSION);
    expect(report.kind).toBe('scs-compliance-report');
  });

  it('carries provenance: harness version and commit, scope digest', () => {
    expect(report.harness).toEqual({ name: 'scs-compliance', version: '0.1.0', commit: 'abc1234', node: 'v20.18.1' });
    expect(report.scope).toMatchObject({ uuid: IAAS_UUID, digest: 'sha256:0123456789abcdef' });
    const noCommit = JSON.parse(renderJson(mixedRun({ harness: { name: 'scs-compliance', version: '0.1.0', node: 'v24.0.0' } }))) as JsonReport;
    expect(noCommit.harness.commit).toBeNull();
  });

  it('carries run data, timings, findings, evidence, facts and version outcomes', () => {
    expect(report.run).toMatchObject({ uuid: RUN_UUID, durationMs: 72_123, requestCount: 17, partial: false, referenceDate: '2026-08-21' });
    const semantics = report.testcases.find((t) => t.id === 'scs-0100-semantics-check')!;
    expect(semantics.verdict).toBe('FAIL');
    expect(semantics.durationMs).toBe(4.5);
    expect(semantics.evidence).toEqual({ flavors: 12 });
    expect(semantics.findings[0]).toMatchObject({ rule: 'RAM must match the name', observed: 2048, expected: 4096 });
    expect(report.testcases.filter((t) => t.reason === IMAGE_FACT_REASON)).toHaveLength(3);
    expect(report.facts).toContainEqual({ name: 'image.images', ok: false, error: 'GET /v2/images failed: HTTP 503 Service Unavailable', startedMs: 1, durationMs: 35 });
    expect(report.versions.map((v) => [v.version, v.validity, v.verdict])).toEqual([
      ['v5.1', 'effective', 'FAIL'],
      ['v4', 'warn', 'PASS'],
    ]);
    expect(report.invocations).toHaveLength(2);
  });

  it('records how a partial run was narrowed', () => {
    const p = JSON.parse(renderJson(partialRun())) as JsonReport;
    expect(p.run).toMatchObject({ partial: true, sections: ['light'], forcedVersions: ['v5.1', 'v4'], forcedTests: '^scs-01' });
  });
});
