/**
 * Image spec files (the "standard images YAML" of scs-0104-v1) in standards/data/: parsing, choosing
 * one by the module parameter `image_spec`, and a fact that reads them all (file I/O stays in the fact).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { defineFact } from '../../../src/engine/facts.js';
import { dataDir } from '../../../src/util/paths.js';

export type SpecStatus = 'mandatory' | 'recommended' | 'optional';

export interface ImageSpecEntry {
  /** Testcase suffix: scs-0104-source-<key>, scs-0104-image-<key>. */
  key: string;
  name: string;
  status: SpecStatus;
  /** Allowed prefixes of `image_source`. */
  sources: string[];
  /** The regular expression as written in the file, when the entry is a class of images. */
  nameScheme?: string;
}

export interface ImageSpec {
  file: string;
  entries: ImageSpecEntry[];
}

/** The spec used when the scope names none (SCS-compatible IaaS v5 and later). */
export const DEFAULT_IMAGE_SPEC = 'scs-0104-v1-images-v5.yaml';
/** Which files of standards/data are image specs. */
export const SPEC_FILE_PATTERN = /^scs-0104-.*\.ya?ml$/;

export class ImageSpecError extends Error {
  override name = 'ImageSpecError';
}

/** Key derived from a plain name: "Ubuntu 24.04" → ubuntu-2404, "Debian 12" → debian-12. */
export function deriveKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-').replace(/\./g, '');
}

/** Parses and checks a spec file's text. */
export function parseImageSpec(text: string, file: string): ImageSpec {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new ImageSpecError(`${file}: not valid YAML: ${(err as Error).message}`);
  }
  const images = (doc as { images?: unknown } | null)?.images;
  if (!Array.isArray(images)) throw new ImageSpecError(`${file}: the key "images" must hold a list`);
  const entries: ImageSpecEntry[] = [];
  const keys = new Set<string>();
  images.forEach((raw: unknown, i) => {
    const where = `${file}: images[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ImageSpecError(`${where} must be a mapping`);
    const e = raw as Record<string, unknown>;
    if (typeof e.name !== 'string' || e.name.trim() === '') throw new ImageSpecError(`${where}: "name" must be a non-empty string`);
    const status = e.status ?? 'optional';
    if (status !== 'mandatory' && status !== 'recommended' && status !== 'optional') {
      throw new ImageSpecError(`${where} (${e.name}): status must be mandatory, recommended or optional, not ${JSON.stringify(status)}`);
    }
    const sources = typeof e.source === 'string' ? [e.source] : e.source;
    if (!Array.isArray(sources) || sources.length === 0 || !sources.every((s) => typeof s === 'string' && s !== '')) {
      throw new ImageSpecError(`${where} (${e.name}): "source" must be a prefix or a non-empty list of prefixes`);
    }
    let nameScheme: string | undefined;
    if (e.name_scheme !== undefined) {
      if (typeof e.name_scheme !== 'string') throw new ImageSpecError(`${where} (${e.name}): "name_scheme" must be a string`);
      try {
        new RegExp(e.name_scheme);
      } catch (err) {
        throw new ImageSpecError(`${where} (${e.name}): name_scheme is not a valid regular expression: ${(err as Error).message}`);
      }
      nameScheme = e.name_scheme;
    }
    let key: string;
    if (e.key !== undefined) {
      if (typeof e.key !== 'string' || !/^[a-z0-9-]+$/.test(e.key)) throw new ImageSpecError(`${where} (${e.name}): "key" must be lower-case letters, digits and dashes`);
      key = e.key;
    } else if (nameScheme === undefined) key = deriveKey(e.name);
    else throw new ImageSpecError(`${where} (${e.name}): an entry with a name_scheme needs a "key" (the testcase suffix)`);
    if (keys.has(key)) throw new ImageSpecError(`${where} (${e.name}): key "${key}" is used twice`);
    keys.add(key);
    entries.push({ key, name: e.name, status, sources: sources as string[], ...(nameScheme !== undefined ? { nameScheme } : {}) });
  });
  return { file, entries };
}

/** Whether an image name belongs to an entry: the exact name, or a full match of the name scheme. */
export function entryMatcher(entry: ImageSpecEntry): (name: string) => boolean {
  if (entry.nameScheme === undefined) return (name) => name === entry.name;
  const re = new RegExp(`^(?:${entry.nameScheme})$`);
  return (name) => re.test(name);
}

/**
 * The spec file a module parameter names: a file name in standards/data, or an SCS URL whose last
 * segment is such a file (SCS scope files give the raw GitHub URL; we use our own copy of that name).
 */
export function specFileName(param: string | undefined): string {
  const p = (param ?? '').trim();
  if (p === '') return DEFAULT_IMAGE_SPEC;
  if (/^https?:\/\//i.test(p)) {
    const last = new URL(p).pathname.split('/').pop() ?? '';
    return decodeURIComponent(last);
  }
  return p;
}

/** What the spec fact holds: every spec file of standards/data, parsed or with its error. */
export type ImageSpecs = Record<string, { spec: ImageSpec } | { error: string }>;

/** Reads and parses every image spec file of a folder. */
export async function loadImageSpecs(dir: string): Promise<ImageSpecs> {
  const out: ImageSpecs = {};
  const files = (await readdir(dir)).filter((f) => SPEC_FILE_PATTERN.test(f)).sort();
  for (const file of files) {
    try {
      out[file] = { spec: parseImageSpec(await readFile(join(dir, file), 'utf8'), file) };
    } catch (err) {
      out[file] = { error: (err as Error).message };
    }
  }
  return out;
}

/**
 * The image specs shipped in standards/data. One fact for all of them: a testcase's facts are fixed
 * when it is declared, while the file it needs comes with its module parameters at evaluation.
 */
export const imageSpecsFact = defineFact<ImageSpecs>(
  'scs-0104.image-specs',
  async () => loadImageSpecs(dataDir()),
  'read standards/data/scs-0104-*.yaml (image specs)',
);
