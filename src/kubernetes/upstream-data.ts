/**
 * The Kubernetes upstream data the version policy (scs-0210) needs, as files in a data folder
 * (`standards/data/` by default): releases, end-of-life dates, CVEs. Each file records where it came
 * from and when it was taken (`taken_at`), so a check can say how old its knowledge is.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export const RELEASES_FILE = 'k8s-releases.yaml';
export const EOL_FILE = 'k8s-eol.yaml';
export const CVES_FILE = 'k8s-cves.yaml';

/** MAJOR.MINOR.PATCH as numbers. */
export type Semver = [number, number, number];

export interface ReleaseRecord {
  version: string;
  published_at: string;
}
export interface BranchRecord {
  branch: string;
  released?: string;
  end_of_life: string;
}
export interface AffectedRange {
  /** Lowest affected version (inclusive); `0.0.0` when unknown. */
  from: string;
  /** First unaffected version (exclusive upper bound). */
  below?: string;
  /** Last affected version (inclusive upper bound). */
  upto?: string;
}
export interface CveRecord {
  id: string;
  published?: string;
  /** CVSS version and base score of the original record; null when the record has none. */
  cvss: { version: string; score: number } | null;
  affected: AffectedRange[];
}

export interface KaasUpstreamData {
  releases: { source: string; takenAt: Date; releases: { version: Semver; text: string; publishedAt: Date }[] };
  eol: { source: string; takenAt: Date; branches: { branch: string; major: number; minor: number; endOfLife: Date }[] };
  /** takenAt null: the CVE list was never fetched (a shipped placeholder); nothing can PASS on it. */
  cves: { source: string; takenAt: Date | null; cves: { id: string; score: number | null; cvssVersion?: string; affected: { from: Semver; below?: Semver; upto?: Semver }[] }[] };
}

export class KaasDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KaasDataError';
  }
}

/** `v1.30.2+k3s1` → [1, 30, 2]; undefined when it is not MAJOR.MINOR.PATCH. */
export function parseSemver(text: string): Semver | undefined {
  const core = text.trim().replace(/^v/, '').split('+')[0]!.split('-')[0]!;
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(core);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function compareSemver(a: Semver, b: Semver): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function formatSemver(v: Semver): string {
  return v.join('.');
}

function readYaml(dir: string, file: string): Record<string, unknown> {
  const path = join(dir, file);
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new KaasDataError(`cannot read ${path}: ${(err as Error).message.split('\n')[0]} (run "scs-compliance update-data")`);
  }
  if (!doc || typeof doc !== 'object') throw new KaasDataError(`${path}: not a mapping`);
  return doc as Record<string, unknown>;
}

function date(path: string, what: string, v: unknown): Date {
  const d = typeof v === 'string' || v instanceof Date ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new KaasDataError(`${path}: ${what} is not a date: ${JSON.stringify(v)}`);
  return d;
}

function list(path: string, doc: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const v = doc[key];
  if (!Array.isArray(v)) throw new KaasDataError(`${path}: "${key}" must be a list`);
  return v as Record<string, unknown>[];
}

function semver(path: string, v: unknown): Semver {
  const s = parseSemver(String(v));
  if (!s) throw new KaasDataError(`${path}: ${JSON.stringify(v)} is not a MAJOR.MINOR.PATCH version`);
  return s;
}

/** Reads and validates the three files; throws KaasDataError naming the file and the problem. */
export function readKaasData(dir: string): KaasUpstreamData {
  return kaasDataFromDocs(
    { releases: readYaml(dir, RELEASES_FILE), eol: readYaml(dir, EOL_FILE), cves: readYaml(dir, CVES_FILE) },
    { releases: join(dir, RELEASES_FILE), eol: join(dir, EOL_FILE), cves: join(dir, CVES_FILE) },
  );
}

/** The three documents as the files hold them. */
export interface KaasDataDocs {
  releases: Record<string, unknown>;
  eol: Record<string, unknown>;
  cves: Record<string, unknown>;
}

/** Validates the documents (as parsed from the files); `names` label them in errors. */
export function kaasDataFromDocs(docs: KaasDataDocs, names: { releases: string; eol: string; cves: string }): KaasUpstreamData {
  const { releases: r, eol: e, cves: c } = docs;
  const { releases: rp, eol: ep, cves: cp } = names;
  return {
    releases: {
      source: String(r.source ?? ''),
      takenAt: date(rp, 'taken_at', r.taken_at),
      releases: list(rp, r, 'releases').map((x) => ({ version: semver(rp, x.version), text: String(x.version), publishedAt: date(rp, `published_at of ${x.version}`, x.published_at) })),
    },
    eol: {
      source: String(e.source ?? ''),
      takenAt: date(ep, 'taken_at', e.taken_at),
      branches: list(ep, e, 'branches').map((x) => {
        const m = /^(\d+)\.(\d+)$/.exec(String(x.branch));
        if (!m) throw new KaasDataError(`${ep}: branch ${JSON.stringify(x.branch)} is not MAJOR.MINOR`);
        return { branch: String(x.branch), major: Number(m[1]), minor: Number(m[2]), endOfLife: date(ep, `end_of_life of ${x.branch}`, x.end_of_life) };
      }),
    },
    cves: {
      source: String(c.source ?? ''),
      takenAt: c.taken_at === null ? null : date(cp, 'taken_at', c.taken_at),
      cves: list(cp, c, 'cves').map((x) => {
        const cvss = x.cvss as { version?: unknown; score?: unknown } | null | undefined;
        if (cvss && typeof cvss.score !== 'number') throw new KaasDataError(`${cp}: ${String(x.id)}: cvss.score must be a number`);
        const affected = Array.isArray(x.affected) ? (x.affected as Record<string, unknown>[]) : [];
        return {
          id: String(x.id),
          score: cvss ? (cvss.score as number) : null,
          cvssVersion: cvss ? String(cvss.version ?? '') : undefined,
          affected: affected.map((a) => ({
            from: semver(cp, a.from ?? '0.0.0'),
            below: a.below !== undefined ? semver(cp, a.below) : undefined,
            upto: a.upto !== undefined ? semver(cp, a.upto) : undefined,
          })),
        };
      }),
    },
  };
}

const providers = new Map<string, () => KaasUpstreamData>();

/**
 * In-process data sources by API server URL: a sandbox started in this process registers the upstream
 * data its profile describes, so its verdicts hold on any date. Only code in this process can register
 * (a kubeconfig cannot point the check at other data).
 */
export function provideUpstreamData(server: string, provider: (() => KaasUpstreamData) | undefined): void {
  if (provider) providers.set(server, provider);
  else providers.delete(server);
}

export function upstreamDataFor(server: string | undefined): (() => KaasUpstreamData) | undefined {
  return server ? providers.get(server) : undefined;
}

/** Writes one data file atomically (temp file, then rename). */
export function writeDataFile(dir: string, file: string, header: string, doc: Record<string, unknown>): void {
  const path = join(dir, file);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `# ${header}\n# Written by "scs-compliance update-data"; edit by re-running it.\n` + stringify(doc, { lineWidth: 0 }));
  renameSync(tmp, path);
}
