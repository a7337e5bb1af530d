/**
 * Structural validation of a scope file against our JSON Schemas (standards/schema/), with every ajv
 * error turned into a Problem at the YAML node it is about.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { standardsDir } from '../util/paths.js';
import { LIFETIMES } from './model.js';
import { didYouMean } from './suggest.js';
import type { Problems, YamlPath } from './problems.js';

export type ScopeFormat = 'current' | 'gen2';

const SCHEMA_FILES: Record<ScopeFormat, string> = {
  current: 'scope.schema.json',
  gen2: 'scope-gen2.schema.json',
};

const VALIDITIES = ['effective', 'warn', 'draft', 'deprecated'];

const compiled = new Map<ScopeFormat, ValidateFunction>();

/** Path of the JSON Schema file of a format. */
export function schemaPath(format: ScopeFormat): string {
  return join(standardsDir(), 'schema', SCHEMA_FILES[format]);
}

function validator(format: ScopeFormat): ValidateFunction {
  let v = compiled.get(format);
  if (!v) {
    const schema = JSON.parse(readFileSync(schemaPath(format), 'utf8')) as object;
    v = new Ajv({ allErrors: true, verbose: true, strict: true }).compile(schema);
    compiled.set(format, v);
  }
  return v;
}

/** Validates `data` (the YAML document as plain JS) and reports every structural problem. */
export function checkStructure(data: unknown, format: ScopeFormat, problems: Problems): void {
  const validate = validator(format);
  if (validate(data)) return;
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'if') continue; // the branch's own errors say what is wrong
    if (e.keyword === 'not' && e.schemaPath.includes('/name/')) continue; // reported as propertyNames
    const path = pointerToPath(e.instancePath);
    const report = describe(e, path, data, problems.source(path));
    if (!report) continue;
    const dedupe = `${e.instancePath}|${report.message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    problems.at(path, report.message, report.hint, report.key === undefined ? {} : { key: report.key });
  }
}

function pointerToPath(pointer: string): YamlPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

interface Report {
  message: string;
  hint?: string;
  key?: string;
}

function describe(e: ErrorObject, path: YamlPath, data: unknown, source: string | undefined): Report | undefined {
  const where = contextName(path, data);
  const value = e.data;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = didYouMean(key, allowed) ?? (allowed.length ? `allowed keys: ${allowed.join(', ')}` : undefined);
      return { message: `unknown key "${key}" in ${where}`, hint, key };
    }
    case 'required': {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      return { message: `${where} lacks the required key "${key}"` };
    }
    case 'type': {
      const expected = String((e.params as { type: string }).type);
      const found = value === null ? 'nothing (null)' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
      const hint =
        expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
          ? `quote the value: "${source ?? String(value)}"`
          : expected === 'array' && value === null
            ? 'write [] for an empty list'
            : undefined;
      return { message: `${where}: expected ${article(expected)}, found ${found}`, hint };
    }
    case 'enum': {
      if (e.schemaPath.includes('/lifetime/')) {
        return {
          message: `unknown lifetime "${String(value)}" in ${where}`,
          hint: didYouMean(String(value), LIFETIMES) ?? `one of ${LIFETIMES.join(', ')}`,
        };
      }
      if (e.schemaPath.includes('/validity/')) {
        const hint =
          value === 'obsolete'
            ? 'the code "obsolete" was renamed "deprecated"'
            : (didYouMean(String(value), VALIDITIES) ?? `one of ${VALIDITIES.join(', ')}`);
        return { message: `unknown validity code "${String(value)}" for version "${String(path.at(-1))}"`, hint };
      }
      return { message: `${where}: "${String(value)}" is not allowed` };
    }
    case 'pattern': {
      if (e.schemaPath.includes('/date/')) {
        return { message: `${where}: "${String(value)}" is not a date`, hint: 'write dates as YYYY-MM-DD, e.g. 2024-12-19' };
      }
      if (e.schemaPath.includes('/id/')) {
        return {
          message: `${where}: "${String(value)}" is not a valid id`,
          hint: 'ids start with a letter or digit and contain only letters, digits, ".", "_", "-" and "/"',
        };
      }
      return { message: `${where}: "${String(value)}" is not allowed here`, hint: 'a tag contains no space, ",", "/" or "!"' };
    }
    case 'propertyNames': {
      const key = String((e.params as { propertyName: string }).propertyName);
      return { message: `"${key}" cannot be used as a name in ${where}`, hint: 'choose another name', key };
    }
    case 'minLength':
      return { message: `${where} must not be empty` };
    case 'minProperties':
    case 'maxProperties':
      return { message: `${where} must be a bare name or a map with exactly one key`, hint: 'write `- name` or `- name: default`' };
    default:
      return { message: `${where} ${e.message ?? 'is invalid'}` };
  }
}

function article(type: string): string {
  const names: Record<string, string> = { object: 'a map', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean' };
  return names[type] ?? type;
}

const CONTAINER_NAMES: Record<string, string> = {
  scripts: 'script',
  testcases: 'testcase',
  modules: 'module',
  versions: 'version',
  include: 'include entry',
  timeline: 'timeline entry',
  run: 'run entry',
  variables: 'variable',
};

/** A readable name of the thing at `path`, e.g. `module "scs-0100-v3.1" key "targets"`. */
export function contextName(path: YamlPath, data: unknown): string {
  if (path.length === 0) return 'the scope';
  let name = 'the scope';
  let node: unknown = data;
  let i = 0;
  while (i < path.length) {
    const seg = path[i];
    const next = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[seg] : undefined;
    if (typeof seg === 'string' && CONTAINER_NAMES[seg] && typeof path[i + 1] === 'number' && Array.isArray(next)) {
      const item = next[path[i + 1] as number];
      const label = itemLabel(item);
      name = `${CONTAINER_NAMES[seg]} ${label ?? `#${(path[i + 1] as number) + 1}`}`;
      node = item;
      i += 2;
      continue;
    }
    if (i === path.length - 1) return `${name}, key "${String(seg)}"`;
    name = `${name}, key "${String(seg)}"`;
    node = next;
    i += 1;
  }
  return name;
}

function itemLabel(item: unknown): string | undefined {
  if (typeof item === 'string') return `"${item}"`;
  if (typeof item !== 'object' || item === null) return undefined;
  const o = item as Record<string, unknown>;
  for (const k of ['id', 'version', 'ref', 'date', 'executable']) if (typeof o[k] === 'string') return `"${o[k] as string}"`;
  return undefined;
}
