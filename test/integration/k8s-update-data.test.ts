/** `update-data` against loopback upstreams: the sandbox's emulation and a scripted fake. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cveFromRecord, updateData, UpdateDataError } from '../../src/kubernetes/update-data.js';
import { readKaasData } from '../../src/kubernetes/upstream-data.js';
import { sandboxKaasDataDir } from '../../src/sandbox/kubeconfig.js';
import { loadProfile } from '../../src/sandbox/profile.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';

const NOW = new Date('2026-11-20T10:00:00Z');
let work: string;
let sb: RunningSandbox;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'k8s-data-'));
  sb = await startSandbox({ name: 'compliant', kubernetes: loadProfile('compliant').kubernetes }, { now: () => NOW });
});
afterAll(async () => {
  await sb.close();
  rmSync(work, { recursive: true, force: true });
});

const sandboxSources = () => {
  const up = `${sb.url}/k8s-upstream`;
  return { githubApi: `${up}/github`, schedule: `${up}/website/data/releases/schedule.yaml`, cveFeed: `${up}/cve-feed/index.json`, cveRecord: `${up}/cve` };
};

describe('updateData against the sandbox upstream', () => {
  it('writes releases, end-of-life dates and CVEs with taken_at, readable by the check', async () => {
    const dir = join(work, 'sb');
    const log: string[] = [];
    const summary = await updateData({ dataDir: dir, now: NOW, sources: sandboxSources(), log: (m) => log.push(m) });
    expect(summary).toMatchObject({ takenAt: NOW.toISOString(), releases: 9, branches: 4, cves: 1, criticalCves: 1 });
    const data = readKaasData(dir);
    expect(data.releases.takenAt).toEqual(NOW);
    expect(data.releases.releases.map((r) => r.text)).toContain('1.36.6');
    expect(data.eol.branches.find((b) => b.branch === '1.34')!.endOfLife.toISOString().slice(0, 10)).toBe('2026-10-24');
    expect(data.cves.cves[0]).toMatchObject({ id: 'CVE-2099-0001', score: 8.8 });
    expect(data.cves.cves[0]!.affected).toHaveLength(2);
    expect(log.join('\n')).toContain('CVEs: 1 (1 with CVSS >= 8)');
  });

  it('gives the same data as the synchronous sandbox writer', async () => {
    const a = readKaasData(join(work, 'sb'));
    const b = readKaasData(sandboxKaasDataDir(sb, join(work, 'sync'))!);
    expect(b.releases.releases.map((r) => [r.text, r.publishedAt.toISOString().slice(0, 10)]).sort()).toEqual(
      a.releases.releases.map((r) => [r.text, r.publishedAt.toISOString().slice(0, 10)]).sort(),
    );
    expect(b.eol.branches.map((x) => [x.branch, x.endOfLife.getTime()]).sort()).toEqual(a.eol.branches.map((x) => [x.branch, x.endOfLife.getTime()]).sort());
    expect(b.cves.cves).toEqual(a.cves.cves);
  });
});

describe('updateData against a scripted upstream', () => {
  let server: Server;
  let base: string;
  const seen: { url: string; auth?: string }[] = [];
  let githubStatus = 200;
  const TOKEN = 'ghp_CANARY_update_data_token_7731';

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/gh/repos/kubernetes/kubernetes/releases') {
        if (githubStatus !== 200) return res.writeHead(githubStatus).end('{"message":"API rate limit exceeded"}');
        const page = Number(url.searchParams.get('page'));
        const n = page === 1 ? 100 : 20;
        const list = Array.from({ length: n }, (_, i) => ({ tag_name: `v1.${page === 1 ? 35 : 34}.${i}`, draft: false, prerelease: false, published_at: '2026-01-01T00:00:00Z' }));
        if (page === 1) list.push({ tag_name: 'v1.36.0-rc.1', draft: false, prerelease: true, published_at: '2026-01-02T00:00:00Z' });
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page <= 2 ? list : []));
      }
      if (url.pathname === '/schedule.yaml') {
        return res.writeHead(200).end('schedules:\n- release: 1.30\n  releaseDate: 2024-04-17\n  endOfLifeDate: 2025-06-28\n- release: "1.35"\n  endOfLifeDate: 2027-02-28\n');
      }
      if (url.pathname === '/feed.json') return res.writeHead(200).end(JSON.stringify({ items: [] }));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const sources = () => ({ githubApi: `${base}/gh`, schedule: `${base}/schedule.yaml`, cveFeed: `${base}/feed.json`, cveRecord: `${base}/cve` });

  it('pages the releases, skips pre-releases, keeps "1.30" a string, keeps older branches, sends the token but never logs it', async () => {
    const dir = join(work, 'scripted');
    // An earlier EOL file knows 1.20, which the schedule no longer lists.
    await updateData({ dataDir: dir, now: NOW, sources: sources(), log: () => undefined });
    const eolFile = join(dir, 'k8s-eol.yaml');
    writeFileSync(eolFile, readFileSync(eolFile, 'utf8').replace('branches:', 'branches:\n  - branch: "1.20"\n    end_of_life: 2022-02-28'));
    seen.length = 0;
    const log: string[] = [];
    const s = await updateData({ dataDir: dir, now: NOW, githubToken: TOKEN, sources: sources(), log: (m) => log.push(m) });
    expect(s.releases).toBe(120);
    expect(seen.filter((x) => x.url.startsWith('/gh/')).map((x) => x.url)).toEqual([
      '/gh/repos/kubernetes/kubernetes/releases?per_page=100&page=1',
      '/gh/repos/kubernetes/kubernetes/releases?per_page=100&page=2',
    ]);
    expect(seen.find((x) => x.url.startsWith('/gh/'))!.auth).toBe(`Bearer ${TOKEN}`);
    expect(seen.find((x) => x.url === '/schedule.yaml')!.auth).toBeUndefined();
    expect(readKaasData(dir).eol.branches.map((b) => b.branch).sort()).toEqual(['1.20', '1.30', '1.35']);
    for (const f of ['k8s-releases.yaml', 'k8s-eol.yaml', 'k8s-cves.yaml']) expect(readFileSync(join(dir, f), 'utf8')).not.toContain(TOKEN);
    expect(log.join('\n')).not.toContain(TOKEN);
  });

  it('a rate-limited GitHub answer is an error with advice, without the token, and nothing is written', async () => {
    githubStatus = 403;
    const dir = join(work, 'limited');
    const err = await updateData({ dataDir: dir, now: NOW, githubToken: TOKEN, sources: sources(), log: () => undefined }).catch((e: unknown) => e);
    githubStatus = 200;
    expect(err).toBeInstanceOf(UpdateDataError);
    expect((err as Error).message).toContain('HTTP 403: GitHub rate limit? pass a token');
    expect((err as Error).message).not.toContain(TOKEN);
    expect(existsSync(dir)).toBe(false);
  });

  it('an unreachable upstream is an error naming the URL', async () => {
    const err = await updateData({ dataDir: join(work, 'down'), now: NOW, sources: { ...sources(), githubApi: 'http://127.0.0.1:9' }, log: () => undefined }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:9\/repos\/kubernetes\/kubernetes\/releases/);
  });
});

describe('cveFromRecord', () => {
  const rec = (versions: unknown[], metrics: unknown[] = [{ cvssV3_1: { version: '3.1', baseScore: 8.1 } }]) => ({
    cveMetadata: { cveId: 'CVE-1', datePublished: '2026-01-01T00:00:00Z' },
    containers: { cna: { metrics, affected: [{ product: 'Kubernetes', versions }, { product: 'Other', versions: [{ version: '9.9.9', status: 'affected' }] }] } },
  });
  it('reads ranges in the forms the feed uses', () => {
    const c = cveFromRecord('CVE-1', rec([
      { version: '1.30.0', lessThan: '1.30.3', status: 'affected' },
      { version: '1.29.0', lessThanOrEqual: '1.29.7', status: 'affected' },
      { version: 'v1.28.x', status: 'affected' },
      { version: '1.27.1 - 1.27.4', status: 'affected' },
      { version: '1.26.5', status: 'affected' },
      { version: '1.31.0', status: 'unaffected' },
    ]));
    expect(c.affected).toEqual([
      { from: '1.30.0', below: '1.30.3' },
      { from: '1.29.0', upto: '1.29.7' },
      { from: '1.28.0', below: '1.29.0' },
      { from: '1.27.1', upto: '1.27.4' },
      { from: '1.26.5', upto: '1.26.5' },
    ]);
    expect(c.cvss).toEqual({ version: '3.1', score: 8.1 });
  });
  it('takes the highest base score over CVSS versions; none when the record has no metrics', () => {
    expect(cveFromRecord('CVE-1', rec([], [{ cvssV3_1: { version: '3.1', baseScore: 6.5 } }, { cvssV4_0: { version: '4.0', baseScore: 8.7 } }])).cvss).toEqual({ version: '4.0', score: 8.7 });
    expect(cveFromRecord('CVE-1', rec([], [])).cvss).toBeNull();
  });
});
