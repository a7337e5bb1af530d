/**
 * scs-0210-v2, the Kubernetes version policy, as a pure function of the cluster's version, the
 * upstream data (releases, end-of-life dates, CVEs) and the reference instant.
 *
 * Rules (see docs/decisions/scs-0210.md for the readings):
 *  - the cluster's branch must not be past its end of life (from 00:00 UTC of the end-of-life date);
 *  - a newer patch release of the same branch must be applied within one month (31 days);
 *  - when the cluster version is affected by a critical CVE (CVSS base score >= 8) and a newer patch of
 *    the branch is not affected, that patch must be applied within 14 days (2 days recommended);
 *  - a PASS needs data no older than the shortest window (14 days): a release published after the
 *    data was taken could already be overdue. Violations found in older data still FAIL.
 */
import { abort, type Finding, type Outcome } from '../../../src/engine/types.js';
import { compareSemver, formatSemver, parseSemver, type KaasUpstreamData, type Semver } from '../../../src/kubernetes/upstream-data.js';

export const DAY_MS = 86_400_000;
export const PATCH_WINDOW_DAYS = 31;
export const CRITICAL_CVE_WINDOW_DAYS = 14;
export const CRITICAL_CVE_RECOMMENDED_DAYS = 2;
export const CRITICAL_CVSS = 8;
/** A PASS needs release and CVE data at most this old (the shortest window of the standard). */
export const MAX_DATA_AGE_DAYS = CRITICAL_CVE_WINDOW_DAYS;

export const DOC = {
  decision: 'https://docs.scs.community/standards/scs-0210-v2-k8s-version-policy#decision',
  supportPeriod: 'https://kubernetes.io/releases/patch-releases/#support-period',
  releases: 'https://kubernetes.io/releases/',
};

export interface VersionPolicyInput {
  /** `gitVersion` from GET /version. */
  gitVersion: string;
  /** How to name the cluster in messages, e.g. `cluster "prod" (https://api.example:6443)`. */
  cluster: string;
  data: KaasUpstreamData;
  now: Date;
  /** Documentation URL of the testcase (scope file); falls back to the standard's decision section. */
  url?: string;
}

const days = (ms: number) => Math.floor(ms / DAY_MS);
const day = (d: Date) => d.toISOString().slice(0, 10);

function contains(range: { from: Semver; below?: Semver; upto?: Semver }, v: Semver): boolean {
  if (compareSemver(v, range.from) < 0) return false;
  if (range.below) return compareSemver(v, range.below) < 0;
  if (range.upto) return compareSemver(v, range.upto) <= 0;
  return compareSemver(v, range.from) === 0;
}

export function evaluateVersionPolicy(input: VersionPolicyInput): Outcome {
  const { data, now } = input;
  const url = input.url || DOC.decision;
  const version = parseSemver(input.gitVersion);
  if (!version) return abort(`cannot read the cluster version: gitVersion ${JSON.stringify(input.gitVersion)} of ${input.cluster} is not vMAJOR.MINOR.PATCH`);
  const vText = formatSemver(version);
  const branch = `${version[0]}.${version[1]}`;
  const object = `${input.cluster}, Kubernetes v${vText}`;
  const findings: Finding[] = [];
  const releaseAge = days(now.getTime() - data.releases.takenAt.getTime());
  const cveAge = data.cves.takenAt ? days(now.getTime() - data.cves.takenAt.getTime()) : null;
  const cvesTaken = data.cves.takenAt ? `taken ${day(data.cves.takenAt)} (${cveAge} days old)` : 'never fetched';
  const evidence: Record<string, unknown> = {
    version: vText,
    branch,
    data: {
      releasesTakenAt: data.releases.takenAt.toISOString(),
      eolTakenAt: data.eol.takenAt.toISOString(),
      cvesTakenAt: data.cves.takenAt?.toISOString() ?? null,
      releasesAgeDays: releaseAge,
      cvesAgeDays: cveAge,
    },
  };
  findings.push({
    level: 'info',
    text: `Upstream data: releases taken ${day(data.releases.takenAt)} (${releaseAge} days old), end-of-life dates taken ${day(data.eol.takenAt)}, CVEs ${cvesTaken}.`,
  });

  // 1. End of life.
  const branches = [...data.eol.branches].sort((a, b) => a.major - b.major || a.minor - b.minor);
  const known = branches.find((b) => b.major === version[0] && b.minor === version[1]);
  const supported = branches.filter((b) => now.getTime() < b.endOfLife.getTime());
  if (known) {
    evidence.endOfLife = day(known.endOfLife);
    if (now.getTime() >= known.endOfLife.getTime()) {
      findings.push({
        level: 'error',
        text: `Branch ${branch} reached its end of life on ${day(known.endOfLife)}; the cluster must run a supported branch (${supported.map((b) => b.branch).join(', ') || 'see the releases page'}).`,
        object,
        rule: 'no Kubernetes branch past its end of life',
        observed: `branch ${branch}, end of life ${day(known.endOfLife)}`,
        expected: `a branch whose end of life is after ${day(now)}`,
        url: DOC.supportPeriod,
        fix: 'Upgrade the cluster to a supported minor release.',
      });
    }
  } else if (branches.length > 0 && (version[0] < branches[0]!.major || (version[0] === branches[0]!.major && version[1] < branches[0]!.minor))) {
    findings.push({
      level: 'error',
      text: `Branch ${branch} is older than every branch in the end-of-life table (oldest: ${branches[0]!.branch}, end of life ${day(branches[0]!.endOfLife)}), so it is past its end of life.`,
      object,
      rule: 'no Kubernetes branch past its end of life',
      observed: `branch ${branch}`,
      expected: `one of ${supported.map((b) => b.branch).join(', ')}`,
      url: DOC.supportPeriod,
      fix: 'Upgrade the cluster to a supported minor release.',
    });
  }

  // 2. Patch releases and critical CVEs.
  const sameBranch = data.releases.releases.filter((r) => r.version[0] === version[0] && r.version[1] === version[1]);
  const newer = sameBranch.filter((r) => compareSemver(r.version, version) > 0 && r.publishedAt.getTime() <= now.getTime());
  newer.sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
  evidence.newerPatches = newer.map((r) => ({ version: r.text, publishedAt: r.publishedAt.toISOString() }));
  const overdue = newer.filter((r) => now.getTime() - r.publishedAt.getTime() > PATCH_WINDOW_DAYS * DAY_MS);
  if (overdue.length > 0) {
    const first = overdue[0]!;
    const newest = newer[newer.length - 1]!;
    findings.push({
      level: 'error',
      text: `Patch release ${first.text} was published ${day(first.publishedAt)} (${days(now.getTime() - first.publishedAt.getTime())} days ago) but the cluster still runs v${vText}; the latest patch must be provided within one month (${PATCH_WINDOW_DAYS} days). Newest patch: ${newest.text}.`,
      object,
      rule: `latest patch release within one month (${PATCH_WINDOW_DAYS} days)`,
      observed: `v${vText}; ${first.text} is ${days(now.getTime() - first.publishedAt.getTime())} days old`,
      expected: `at least ${overdue[overdue.length - 1]!.text} (newest patch: ${newest.text})`,
      url,
      fix: `Upgrade the cluster to ${newest.text}.`,
    });
  } else if (newer.length > 0) {
    const first = newer[0]!;
    const due = new Date(first.publishedAt.getTime() + PATCH_WINDOW_DAYS * DAY_MS);
    findings.push({ level: 'info', text: `Patch release ${first.text} (published ${day(first.publishedAt)}) is newer than v${vText}; it is due by ${day(due)}.`, object });
  }

  const critical = data.cves.cves.filter((c) => c.score !== null && c.score >= CRITICAL_CVSS && c.affected.some((r) => contains(r, version)));
  evidence.criticalCves = critical.map((c) => c.id);
  for (const cve of critical) {
    const fixes = newer.filter((r) => !cve.affected.some((range) => contains(range, r.version)));
    const fix = fixes[0];
    const cveUrl = `https://www.cve.org/CVERecord?id=${cve.id}`;
    if (!fix) {
      findings.push({ level: 'warning', text: `Critical ${cve.id} (CVSS ${cve.score}) affects v${vText} and no patch release of branch ${branch} fixes it yet (as of the data).`, object, url: cveUrl });
      continue;
    }
    const age = now.getTime() - fix.publishedAt.getTime();
    if (age > CRITICAL_CVE_WINDOW_DAYS * DAY_MS) {
      findings.push({
        level: 'error',
        text: `Critical ${cve.id} (CVSS ${cve.cvssVersion ? `v${cve.cvssVersion} ` : ''}${cve.score}) affects v${vText}; ${fix.text}, which fixes it, was published ${day(fix.publishedAt)} (${days(age)} days ago). A patch for a critical CVE must be provided within ${CRITICAL_CVE_WINDOW_DAYS} days.`,
        object,
        rule: `patch for a critical CVE (CVSS >= ${CRITICAL_CVSS}) within ${CRITICAL_CVE_WINDOW_DAYS} days`,
        observed: `v${vText}, affected by ${cve.id}; fix ${fix.text} is ${days(age)} days old`,
        expected: `${fix.text} or newer`,
        url,
        fix: `Upgrade the cluster to ${newer[newer.length - 1]!.text} (see ${cveUrl}).`,
      });
    } else if (age > CRITICAL_CVE_RECOMMENDED_DAYS * DAY_MS) {
      findings.push({
        level: 'warning',
        text: `Critical ${cve.id} (CVSS ${cve.score}) affects v${vText}; ${fix.text} fixes it and was published ${days(age)} days ago: update within ${CRITICAL_CVE_RECOMMENDED_DAYS} days is recommended, within ${CRITICAL_CVE_WINDOW_DAYS} days required (by ${day(new Date(fix.publishedAt.getTime() + CRITICAL_CVE_WINDOW_DAYS * DAY_MS))}).`,
        object,
        rule: `patch for a critical CVE recommended within ${CRITICAL_CVE_RECOMMENDED_DAYS} days`,
        url: cveUrl,
      });
    } else {
      findings.push({ level: 'info', text: `Critical ${cve.id} affects v${vText}; ${fix.text} fixes it (published ${day(fix.publishedAt)}).`, object, url: cveUrl });
    }
  }

  findings.push({
    level: 'info',
    text: 'Not decidable from one cluster, so not checked: that the latest minor release is offered within 4 months and that every supported branch is offered (these concern the provider\'s whole offering).',
  });

  if (findings.some((f) => f.level === 'error')) return { verdict: 'FAIL', findings, evidence };

  // 3. A PASS only on data fresh enough to rule out unknown overdue releases.
  if (!known) {
    return withReason(`the end-of-life table (taken ${day(data.eol.takenAt)}) does not know branch ${branch}; run "scs-compliance update-data"`, findings, evidence);
  }
  if (supported.length < 2) {
    return withReason(`the end-of-life table (taken ${day(data.eol.takenAt)}) lists fewer than two supported branches on ${day(now)}, so it is out of date; run "scs-compliance update-data"`, findings, evidence);
  }
  if (releaseAge > MAX_DATA_AGE_DAYS || cveAge === null || cveAge > MAX_DATA_AGE_DAYS) {
    return withReason(
      `the upstream data is too old to decide: releases taken ${day(data.releases.takenAt)} (${releaseAge} days old), CVEs ${cvesTaken}; a release published since then could already be overdue (shortest window: ${MAX_DATA_AGE_DAYS} days for critical CVEs). Run "scs-compliance update-data"`,
      findings,
      evidence,
    );
  }
  if (supported.length < 3) findings.push({ level: 'warning', text: `The end-of-life table lists only ${supported.length} supported branches on ${day(now)}; it may be out of date.` });
  findings.push({ level: 'info', text: `v${vText} is on supported branch ${branch} (end of life ${day(known.endOfLife)}) and no patch release is overdue.`, object });
  return { verdict: 'PASS', findings, evidence };
}

function withReason(reason: string, findings: Finding[], evidence: Record<string, unknown>): Outcome {
  return { verdict: 'ABORT', findings: [{ level: 'error', text: `Cannot decide: ${reason}.` }, ...findings], evidence };
}
