/**
 * Loading a certificate-scope file: YAML with positions, structure against our JSON Schema, then the
 * cross references in code. Every problem of a bad file is collected and thrown as one ScopeError.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { standardsDir } from '../util/paths.js';
import type { Problem, Scope } from './model.js';
import { LineIndex, Problems, formatProblem } from './problems.js';
import { checkStructure, type ScopeFormat } from './schema.js';
import { asList, asMap, asString, type Raw } from './build-common.js';
import { buildCurrent, type ScopeBody } from './build-current.js';
import { buildGen2 } from './build-gen2.js';

export { formatProblem } from './problems.js';

/** A scope file that cannot be used; `problems` lists everything wrong with it. */
export class ScopeError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    const sorted = [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
    const n = sorted.length;
    super(`${n === 1 ? '1 problem' : `${n} problems`} in scope file ${sorted[0]?.file ?? ''}:\n${sorted.map(formatProblem).join('\n')}`);
    this.name = 'ScopeError';
    this.problems = sorted;
  }
}

/** `iaas` and `kaas` name our shipped scopes; anything else is a path. */
export function resolveScopeArg(arg: string): string {
  if (arg === 'iaas') return join(standardsDir(), 'scs-compatible-iaas.yaml');
  if (arg === 'kaas') return join(standardsDir(), 'scs-compatible-kaas.yaml');
  return resolve(arg);
}

export function loadScope(path: string): Scope {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot read the file (${code ?? String(e)})`;
    throw new ScopeError([{ file, line: 0, column: 0, message, hint: 'give a path to a scope YAML file, or "iaas" / "kaas" for the scopes shipped with scs-compliance' }]);
  }
  return parseScope(text, file);
}

export function parseScope(text: string, file: string): Scope {
  const absolute = resolve(file);
  const lines = new LineIndex(text);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const problems = new Problems(absolute, lines, doc, text);

  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.atOffset(e.pos[0], `YAML syntax: ${firstLine(e.message)}`);
    throw new ScopeError(problems.list);
  }
  for (const w of doc.warnings) {
    const { line } = lines.position(w.pos[0]);
    problems.warnings.push(`${absolute}:${line}: ${firstLine(w.message)}`);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    problems.at([], `YAML: ${firstLine((e as Error).message)}`, 'a scope file needs no aliases; write the values out');
    throw new ScopeError(problems.list);
  }
  const raw = asMap(data);
  if (!raw) {
    problems.at([], 'a scope file must be a YAML map with the keys uuid, name, url, scripts, modules, timeline and versions');
    throw new ScopeError(problems.list);
  }
  if (isFirstGeneration(raw)) {
    problems.at(['versions'], 'this is the first-generation scope format (versions with `standards` and `check_tools`), which is not supported', 'use a scope file from August 2024 or later');
    throw new ScopeError(problems.list);
  }

  const format = detectFormat(raw);
  checkStructure(raw, format, problems);
  if (raw.prerequisite !== undefined) problems.warn([], '"prerequisite" is not evaluated (it is informational only)', 'prerequisite');
  let body: ScopeBody;
  try {
    body = format === 'gen2' ? buildGen2(raw, problems) : buildCurrent(raw, problems);
  } catch (e) {
    // the builders tolerate what the schema reports; should a malformed file still trip them, the
    // problems already found explain it
    if (problems.list.length > 0 && !(e instanceof ScopeError)) throw new ScopeError(problems.list);
    throw e;
  }
  if (problems.list.length > 0) throw new ScopeError(problems.list);

  return {
    file: absolute,
    dir: dirname(absolute),
    digest: createHash('sha256').update(text, 'utf8').digest('hex'),
    uuid: asString(raw.uuid) ?? '',
    name: asString(raw.name) ?? '',
    url: asString(raw.url) ?? '',
    ...body,
    warnings: problems.warnings,
    format: format === 'gen2' ? 'previous' : 'current',
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

function isFirstGeneration(raw: Raw): boolean {
  return asList(raw.versions).some((v) => asMap(v)?.standards !== undefined);
}

/** Previous format: no top-level `scripts`, and modules with `run`/`testcases` or versions with selector strings. */
function detectFormat(raw: Raw): ScopeFormat {
  if (raw.scripts !== undefined) return 'current';
  const modules = asList(raw.modules).map(asMap);
  if (modules.some((m) => m?.run !== undefined || m?.testcases !== undefined)) return 'gen2';
  const versions = asList(raw.versions).map(asMap);
  if (versions.some((v) => Object.values(asMap(v?.targets) ?? {}).some((t) => typeof t === 'string'))) return 'gen2';
  return 'current';
}
