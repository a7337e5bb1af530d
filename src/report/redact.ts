/**
 * Redaction of secrets that reach a report by mistake: `-a password=…` in the assignment or argv,
 * `--os-password …` on the command line, and any later echo of such a value (a script's stdout, a
 * finding). Every renderer passes the run through `redactRun` before it writes a single character.
 */
import type { RunResult } from '../engine/results.js';
import { REDACTED, isSecretKey, makeRedactor, redactDeep } from '../engine/redact.js';

export { REDACTED, isSecretKey };

/** Values shorter than this are not searched for in free text (they would redact random words). */
const MIN_ECHO_LENGTH = 4;

/** A copy of the assignment with secret-looking keys' values replaced. */
export function redactAssignment(assignment: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(assignment)) out[k] = isSecretKey(k) ? REDACTED : v;
  return out;
}

/**
 * A copy of argv with secret values replaced. Handles `KEY=VALUE` words (as given to `-a`, also glued
 * as `-aKEY=VALUE`), `--secret-option=VALUE` and `--secret-option VALUE`.
 */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const option = /^(--?[A-Za-z][\w.-]*)(=.*)?$/s.exec(word);
    if (option && isSecretKey(option[1]!.replace(/^-+/, ''))) {
      if (option[2] !== undefined) {
        out.push(`${option[1]}=${REDACTED}`);
      } else {
        out.push(word);
        // The option's value is the next word, unless that is another long option.
        if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
          out.push(REDACTED);
          i++;
        }
      }
      continue;
    }
    const assign = /^(-a|--assign=)?([^=\s]+)=(.*)$/s.exec(word);
    if (assign && isSecretKey(assign[2]!)) {
      out.push(`${assign[1] ?? ''}${assign[2]}=${REDACTED}`);
      continue;
    }
    out.push(word);
  }
  return out;
}

/** The secret values a run's argv and assignment reveal, to be scrubbed from every other string. */
export function secretValues(r: Pick<RunResult, 'argv' | 'assignment'>): string[] {
  const found = new Set<string>();
  for (const [k, v] of Object.entries(r.assignment)) if (isSecretKey(k)) found.add(v);
  const redacted = redactArgv(r.argv);
  // Compare word by word: wherever redaction changed a word, the original carried a secret.
  for (let i = 0, j = 0; i < r.argv.length && j < redacted.length; i++, j++) {
    const orig = r.argv[i]!;
    const red = redacted[j]!;
    if (orig === red) continue;
    if (red === REDACTED) found.add(orig);
    else {
      const eq = orig.indexOf('=');
      if (eq >= 0) found.add(orig.slice(eq + 1));
    }
  }
  return [...found].filter((s) => s.length >= MIN_ECHO_LENGTH);
}

/**
 * A copy of the run that is safe to write anywhere: secret-keyed argv and assignment values replaced,
 * and those values (plus `extraSecrets`, e.g. the engine's known secrets) scrubbed from every string.
 */
export function redactRun(r: RunResult, extraSecrets: Iterable<string> = []): RunResult {
  const scrub = makeRedactor([...secretValues(r), ...extraSecrets]);
  const copy = redactDeep({ ...r, argv: [], assignment: {} }, scrub) as RunResult;
  copy.argv = redactArgv(r.argv).map(scrub);
  copy.assignment = redactDeep(redactAssignment(r.assignment), scrub);
  return copy;
}
