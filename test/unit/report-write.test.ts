import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseFormats, reportFileName } from '../../src/report/formats.js';
import { JSON_SCHEMA_VERSION, type JsonReport } from '../../src/report/json.js';
import { writeReports } from '../../src/report/write.js';
import { CANARIES, RUN_UUID, mixedRun } from '../fixtures/results/mixed-run.js';

describe('parseFormats', () => {
  it('accepts a comma list, aliases and all', () => {
    expect(parseFormats('yaml,json')).toEqual(['yaml', 'json']);
    expect(parseFormats(' md , junit,yaml,md ')).toEqual(['yaml', 'junit', 'md']);
    expect(parseFormats('all')).toEqual(['yaml', 'json', 'junit', 'md', 'badge']);
    expect(parseFormats('yml,xml,badges')).toEqual(['yaml', 'junit', 'badge']);
  });
  it('rejects unknown and empty lists with a helpful message', () => {
    expect(() => parseFormats('yaml,html')).toThrow('unknown report format "html" (known: yaml, json, junit, md, badge, or all)');
    expect(() => parseFormats(' , ')).toThrow(/no report format given/);
  });
});

describe('writeReports', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes every format with stable names into a new folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'scs-report-'));
    const out = join(dir, 'nested', 'reports');
    const paths = await writeReports(mixedRun(), { dir: out, formats: parseFormats('all'), secrets: [CANARIES.engine] });
    const names = [
      'scs-compatible-iaas.yaml',
      'scs-compatible-iaas.json',
      'scs-compatible-iaas.junit.xml',
      'scs-compatible-iaas.md',
      'badge-scs-compatible-iaas-v5.1.svg',
      'badge-scs-compatible-iaas-v5.1.json',
      'badge-scs-compatible-iaas-v4.svg',
      'badge-scs-compatible-iaas-v4.json',
    ];
    expect(paths).toEqual(names.map((n) => join(out, n)));
    expect((await readdir(out)).sort()).toEqual([...names].sort());
    const yaml = parse(await readFile(join(out, 'scs-compatible-iaas.yaml'), 'utf8'), { schema: 'yaml-1.1' }) as { run: { uuid: string } };
    expect(yaml.run.uuid).toBe(RUN_UUID);
    const json = JSON.parse(await readFile(join(out, 'scs-compatible-iaas.json'), 'utf8')) as JsonReport;
    expect(json.schemaVersion).toBe(JSON_SCHEMA_VERSION);
    for (const p of paths) {
      const content = await readFile(p, 'utf8');
      for (const c of Object.values(CANARIES)) expect(content).not.toContain(c);
    }
  });

  it('writes only the chosen formats', async () => {
    dir = await mkdtemp(join(tmpdir(), 'scs-report-'));
    const paths = await writeReports(mixedRun(), { dir, formats: ['junit'] });
    expect(paths).toEqual([join(dir, 'scs-compatible-iaas.junit.xml')]);
    expect(await readdir(dir)).toEqual(['scs-compatible-iaas.junit.xml']);
  });

  it('derives file names from the scope name', () => {
    expect(reportFileName('SCS-compatible KaaS', 'md')).toBe('scs-compatible-kaas.md');
    expect(reportFileName('Ümlaut / Scope: v2', 'yaml')).toBe('umlaut-scope-v2.yaml');
    expect(reportFileName('../..', 'json')).toBe('scope.json');
  });
});
