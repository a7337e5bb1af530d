/**
 * `scs-compliance update-data`: refreshes the Kubernetes upstream data files from the official sources
 * (GitHub releases of kubernetes/kubernetes, the kubernetes.io release schedule, the official
 * Kubernetes CVE feed and the CVE records it points to). Nothing is written unless every source
 * answered; the files are replaced atomically.
 */
import { existsSync, mkdirSync } from 'node:fs';
import pLimit from 'p-limit';
import { parse } from 'yaml';
import { CVES_FILE, EOL_FILE, KaasDataError, parseSemver, readKaasData, RELEASES_FILE, writeDataFile, type AffectedRange, type CveRecord } from './upstream-data.js';

export interface UpdateDataSources {
  /** GitHub REST API base. */
  githubApi: string;
  /** kubernetes/website `data/releases/schedule.yaml` (branches with end-of-life dates). */
  schedule: string;
  /** The official Kubernetes CVE feed (JSON feed). */
  cveFeed: string;
  /** CVE record API base: `<base>/<CVE id>` answers a CVE JSON 5 record. */
  cveRecord: string;
}

export const DEFAULT_SOURCES: UpdateDataSources = {
  githubApi: 'https://api.github.com',
  schedule: 'https://raw.githubusercontent.com/kubernetes/website/main/data/releases/schedule.yaml',
  cveFeed: 'https://kubernetes.io/docs/reference/issues-security/official-cve-feed/index.json',
  cveRecord: 'https://cveawg.mitre.org/api/cve',
};

export interface UpdateDataOptions {
  dataDir: string;
  now: Date;
  /** Raises GitHub's rate limit; sent as a bearer token, never logged. */
  githubToken?: string;
  /** Other base URLs (tests, mirrors, the sandbox). */
  sources?: Partial<UpdateDataSources>;
  fetchImpl?: typeof fetch;
  log: (message: string) => void;
  signal?: AbortSignal;
}

export interface UpdateDataSummary {
  takenAt: string;
  releases: number;
  branches: number;
  cves: number;
  criticalCves: number;
  files: string[];
}

export class UpdateDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateDataError';
  }
}

const MAX_RELEASE_PAGES = 10;

export async function updateData(opts: UpdateDataOptions): Promise<UpdateDataSummary> {
  const src = { ...DEFAULT_SOURCES, ...opts.sources };
  const doFetch = opts.fetchImpl ?? fetch;
  const get = async (url: string, headers: Record<string, string> = {}): Promise<Response> => {
    let res: Response;
    try {
      res = await doFetch(url, { headers, signal: opts.signal });
    } catch (err) {
      throw new UpdateDataError(`GET ${url}: ${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause: Error }).cause.message})` : ''}`);
    }
    if (!res.ok) {
      const hint = url.startsWith(src.githubApi) && (res.status === 403 || res.status === 429) ? ': GitHub rate limit? pass a token (--github-token or GITHUB_TOKEN)' : '';
      throw new UpdateDataError(`GET ${url}: HTTP ${res.status}${hint}`);
    }
    return res;
  };
  const getJson = async (url: string, headers?: Record<string, string>): Promise<unknown> => {
    const res = await get(url, headers);
    try {
      return await res.json();
    } catch {
      throw new UpdateDataError(`GET ${url}: the answer is not JSON`);
    }
  };

  // 1. Releases.
  const ghHeaders: Record<string, string> = { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28', 'User-Agent': 'scs-compliance' };
  if (opts.githubToken) ghHeaders.Authorization = `Bearer ${opts.githubToken}`;
  const releases: { version: string; published_at: string }[] = [];
  for (let page = 1; page <= MAX_RELEASE_PAGES; page++) {
    const url = `${src.githubApi}/repos/kubernetes/kubernetes/releases?per_page=100&page=${page}`;
    const body = await getJson(url, ghHeaders);
    if (!Array.isArray(body)) throw new UpdateDataError(`GET ${url}: expected a list of releases`);
    for (const r of body as Record<string, unknown>[]) {
      if (r.draft || r.prerelease || typeof r.tag_name !== 'string' || typeof r.published_at !== 'string') continue;
      const v = parseSemver(r.tag_name);
      if (!v || /-/.test(r.tag_name)) continue;
      releases.push({ version: v.join('.'), published_at: r.published_at });
    }
    if (body.length < 100) break;
  }
  opts.log(`releases: ${releases.length} from ${src.githubApi}`);
  if (releases.length === 0) throw new UpdateDataError('GitHub listed no Kubernetes releases; nothing written');

  // 2. Branches and end-of-life dates (the schedule lists active branches; keep older ones we knew).
  const scheduleText = await (await get(src.schedule)).text();
  let schedule: unknown;
  try {
    schedule = parse(scheduleText, { schema: 'failsafe' }); // strings only: `release: 1.30` must not become 1.3
  } catch {
    throw new UpdateDataError(`GET ${src.schedule}: not valid YAML`);
  }
  const branches = new Map<string, { branch: string; released?: string; end_of_life: string }>();
  if (existsSync(opts.dataDir)) {
    try {
      for (const b of readKaasData(opts.dataDir).eol.branches) branches.set(b.branch, { branch: b.branch, end_of_life: b.endOfLife.toISOString().slice(0, 10) });
    } catch (err) {
      if (!(err instanceof KaasDataError)) throw err;
    }
  }
  const schedules = (schedule as { schedules?: unknown })?.schedules;
  if (!Array.isArray(schedules)) throw new UpdateDataError(`GET ${src.schedule}: no "schedules" list`);
  let fresh = 0;
  for (const s of schedules as Record<string, unknown>[]) {
    const branch = String(s.release ?? '');
    const eol = String(s.endOfLifeDate ?? '');
    if (!/^\d+\.\d+$/.test(branch) || !/^\d{4}-\d{2}-\d{2}$/.test(eol)) continue;
    branches.set(branch, { branch, released: s.releaseDate ? String(s.releaseDate) : undefined, end_of_life: eol });
    fresh++;
  }
  if (fresh === 0) throw new UpdateDataError(`GET ${src.schedule}: no branch with an end-of-life date; nothing written`);
  opts.log(`branches: ${fresh} active from ${src.schedule}, ${branches.size} known`);

  // 3. CVEs: the feed names them, each record has the score and the affected versions.
  const feed = (await getJson(src.cveFeed)) as { items?: { id?: unknown }[] };
  if (!feed || !Array.isArray(feed.items)) throw new UpdateDataError(`GET ${src.cveFeed}: no "items" list`);
  const ids = [...new Set(feed.items.map((i) => String(i.id ?? '')).filter((id) => /^CVE-\d{4}-\d+$/.test(id)))];
  const limit = pLimit(5);
  const cves = await Promise.all(ids.map((id) => limit(async () => cveFromRecord(id, await getJson(`${src.cveRecord}/${id}`)))));
  const critical = cves.filter((c) => c.cvss && c.cvss.score >= 8).length;
  opts.log(`CVEs: ${cves.length} (${critical} with CVSS >= 8) from ${src.cveFeed}`);

  const takenAt = opts.now.toISOString();
  mkdirSync(opts.dataDir, { recursive: true });
  releases.sort((a, b) => b.published_at.localeCompare(a.published_at));
  writeDataFile(opts.dataDir, RELEASES_FILE, 'Kubernetes releases (no drafts, no pre-releases)', { source: `${src.githubApi}/repos/kubernetes/kubernetes/releases`, taken_at: takenAt, releases });
  const branchList = [...branches.values()].sort((a, b) => compareBranch(b.branch, a.branch));
  writeDataFile(opts.dataDir, EOL_FILE, 'Kubernetes release branches and their end-of-life dates', { source: src.schedule, taken_at: takenAt, branches: branchList });
  writeDataFile(opts.dataDir, CVES_FILE, 'Kubernetes CVEs with CVSS base score and affected versions', { source: src.cveFeed, taken_at: takenAt, cves });
  return { takenAt, releases: releases.length, branches: branches.size, cves: cves.length, criticalCves: critical, files: [RELEASES_FILE, EOL_FILE, CVES_FILE] };
}

function compareBranch(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am! - bm! || an! - bn!;
}

/** The parts of a CVE JSON 5 record the version policy needs. */
export function cveFromRecord(id: string, record: unknown): CveRecord {
  const cna = (record as { containers?: { cna?: Record<string, unknown> } })?.containers?.cna;
  const published = (record as { cveMetadata?: { datePublished?: unknown } })?.cveMetadata?.datePublished;
  let cvss: CveRecord['cvss'] = null;
  for (const m of (Array.isArray(cna?.metrics) ? cna.metrics : []) as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(m ?? {})) {
      if (!/^cvssv\d/i.test(key)) continue;
      const score = (value as { baseScore?: unknown })?.baseScore;
      if (typeof score !== 'number') continue;
      const version = String((value as { version?: unknown }).version ?? key.replace(/^cvssV/i, '').replace('_', '.'));
      if (!cvss || score > cvss.score) cvss = { version, score };
    }
  }
  const affected: AffectedRange[] = [];
  for (const a of (Array.isArray(cna?.affected) ? cna.affected : []) as Record<string, unknown>[]) {
    if (String(a.product ?? '').toLowerCase() !== 'kubernetes') continue;
    for (const v of (Array.isArray(a.versions) ? a.versions : []) as Record<string, unknown>[]) {
      if (v.status !== 'affected') continue;
      const range = affectedRange(String(v.version ?? ''), v.lessThan, v.lessThanOrEqual);
      if (range) affected.push(range);
    }
  }
  return { id, published: typeof published === 'string' ? published : undefined, cvss, affected };
}

function affectedRange(version: string, lessThan: unknown, lessThanOrEqual: unknown): AffectedRange | undefined {
  const lt = typeof lessThan === 'string' ? parseSemver(lessThan) : undefined;
  const le = typeof lessThanOrEqual === 'string' ? parseSemver(lessThanOrEqual) : undefined;
  const x = /^v?(\d+)\.(\d+)\.x$/.exec(version.trim());
  if (x) return { from: `${x[1]}.${x[2]}.0`, below: `${x[1]}.${Number(x[2]) + 1}.0` };
  const dash = /^v?(\d+\.\d+\.\d+)\s*-\s*v?(\d+\.\d+\.\d+)$/.exec(version.trim());
  if (dash) return { from: dash[1]!, upto: dash[2]! };
  const from = parseSemver(version);
  if (lt) return { from: from ? from.join('.') : '0.0.0', below: lt.join('.') };
  if (le) return { from: from ? from.join('.') : '0.0.0', upto: le.join('.') };
  if (from) return { from: from.join('.'), upto: from.join('.') };
  return undefined;
}
