/**
 * Sonobuoy results, pure: the e2e plugin's `sonobuoy_results.yaml` (file → suite → testcase items),
 * the ok-to-fail list, and the verdict.
 */
import { parse } from 'yaml';
import { abort, type Finding, type Outcome } from '../../../src/engine/types.js';

export interface OkToFail {
  regex: RegExp;
  source: string;
  reason: string;
}

export interface E2eTest {
  name: string;
  status: 'passed' | 'failed' | 'skipped' | string;
  /** Failure message, shortened. */
  failure?: string;
}

export interface E2eResults {
  /** Status of the plugin as a whole (`passed`, `failed`, ...). */
  status: string;
  tests: E2eTest[];
}

export class SonobuoyResultsError extends Error {}

/** Validates the ok-to-fail document: `okToFail: [{regex, reason}]`, both non-empty, nothing else. */
export function parseOkToFail(text: string, file = 'ok-to-fail list'): OkToFail[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new SonobuoyResultsError(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new SonobuoyResultsError(`${file}: must be a mapping with the key okToFail`);
  const extra = Object.keys(doc).filter((k) => k !== 'okToFail');
  if (extra.length) throw new SonobuoyResultsError(`${file}: unknown key ${extra.join(', ')} (only okToFail is allowed)`);
  const list = (doc as { okToFail?: unknown }).okToFail ?? [];
  if (!Array.isArray(list)) throw new SonobuoyResultsError(`${file}: okToFail must be a list`);
  return list.map((e, i) => {
    const entry = e as Record<string, unknown>;
    const bad = Object.keys(entry ?? {}).filter((k) => k !== 'regex' && k !== 'reason');
    if (bad.length) throw new SonobuoyResultsError(`${file}: entry ${i + 1}: unknown key ${bad.join(', ')}`);
    if (typeof entry?.regex !== 'string' || entry.regex.trim() === '') throw new SonobuoyResultsError(`${file}: entry ${i + 1} has no regex`);
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') throw new SonobuoyResultsError(`${file}: entry ${i + 1} (${entry.regex}) has no reason`);
    try {
      return { regex: new RegExp(entry.regex), source: entry.regex, reason: entry.reason };
    } catch (err) {
      throw new SonobuoyResultsError(`${file}: entry ${i + 1}: invalid regex ${entry.regex}: ${(err as Error).message}`);
    }
  });
}

/** Reads `plugins/e2e/sonobuoy_results.yaml`: every leaf item below file and suite items is a test. */
export function parseE2eResults(text: string): E2eResults {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new SonobuoyResultsError(`sonobuoy_results.yaml is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const root = doc as { status?: unknown; items?: unknown } | null;
  if (!root || typeof root !== 'object') throw new SonobuoyResultsError('sonobuoy_results.yaml is empty');
  const tests: E2eTest[] = [];
  const walk = (items: unknown, depth: number) => {
    if (!Array.isArray(items)) return;
    for (const it of items as Record<string, unknown>[]) {
      if (!it || typeof it !== 'object') continue;
      if (depth === 2) {
        const details = it.details as Record<string, unknown> | undefined;
        const failure = typeof details?.failure === 'string' ? details.failure : undefined;
        tests.push({ name: String(it.name ?? ''), status: typeof it.status === 'string' ? it.status : 'skipped', failure: failure ? shorten(failure) : undefined });
      } else walk(it.items, depth + 1);
    }
  };
  walk(root.items, 0);
  return { status: typeof root.status === 'string' ? root.status : 'unknown', tests };
}

function shorten(s: string): string {
  const line = s.trim().split('\n')[0] ?? '';
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}

export interface SonobuoyVerdictInput {
  results: E2eResults;
  okToFail: OkToFail[];
  mode: 'serial' | 'parallel' | 'dry';
  /** What ran, for messages, e.g. `e2e tests focused on NetworkPolicy`. */
  what: string;
  /** `cluster "x" (https://…)`. */
  cluster: string;
  url: string;
  /** Where the tarball and JUnit file were kept. */
  kept: Record<string, string>;
}

/** PASS iff at least one test ran and every failed test is on the ok-to-fail list. */
export function judgeE2eResults(input: SonobuoyVerdictInput): Outcome {
  const { results, okToFail } = input;
  const counts = { passed: 0, failed: 0, failedOk: 0, skipped: 0 };
  const findings: Finding[] = [];
  for (const t of results.tests) {
    if (t.status === 'passed') counts.passed++;
    else if (t.status === 'failed') {
      const ok = okToFail.find((o) => o.regex.test(t.name));
      if (ok) {
        counts.failedOk++;
        findings.push({ level: 'info', text: `Failed but accepted: ${t.name} (ok-to-fail: ${ok.reason})`, object: `e2e test "${t.name}"` });
      } else {
        counts.failed++;
        findings.push({
          level: 'error',
          text: `e2e test failed on ${input.cluster}: ${t.name}${t.failure ? ` — ${t.failure}` : ''}`,
          object: `e2e test "${t.name}"`,
          rule: `every ${input.what} must pass (except the ok-to-fail list)`,
          observed: 'failed',
          expected: 'passed',
          url: input.url,
        });
      }
    } else counts.skipped++;
  }
  const evidence = { ...counts, pluginStatus: results.status, mode: input.mode, ...input.kept };
  const summary = `${input.what}: ${counts.passed} passed, ${counts.failed} failed, ${counts.failedOk} failed but accepted, ${counts.skipped} skipped.`;
  if (input.mode === 'dry') {
    return { verdict: 'ABORT', findings: [{ level: 'error', text: `Dry run: sonobuoy listed ${results.tests.length} tests without running them, so nothing was decided; use execution_mode serial or parallel for a verdict.` }, { level: 'info', text: summary }], evidence };
  }
  if (counts.failed > 0) return { verdict: 'FAIL', findings: [{ level: 'info', text: summary }, ...findings], evidence };
  if (counts.passed === 0) return { ...abort(`the sonobuoy results contain no passed test (${summary}); the run did not test anything`), evidence };
  if (results.status === 'failed' && counts.failedOk === 0) {
    return { ...abort(`sonobuoy reports the e2e plugin as failed although no test failed (${summary}); see the plugin logs in the results tarball`), evidence };
  }
  return { verdict: 'PASS', findings: [{ level: 'info', text: summary }, ...findings], evidence };
}
