/** Writes the chosen report formats into a folder and says which files it wrote. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../engine/results.js';
import { renderBadges, renderShieldsEndpoint } from './badges.js';
import { reportFileName, type Format } from './formats.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderScsYaml, type ScsYamlOptions } from './scs-yaml.js';

export interface WriteOptions {
  dir: string;
  formats: readonly Format[];
  /** Extra secret values to scrub from every file (e.g. the engine's known secrets). */
  secrets?: Iterable<string>;
  /** Clock of the SCS YAML's `checked_at` (default `utc`). */
  clock?: ScsYamlOptions['clock'];
}

/** Renders everything first, then writes (mkdir -p); returns the written paths in format order. */
export async function writeReports(r: RunResult, opts: WriteOptions): Promise<string[]> {
  const secrets = opts.secrets ? [...opts.secrets] : [];
  const files: { name: string; content: string }[] = [];
  for (const format of new Set(opts.formats)) {
    switch (format) {
      case 'yaml':
        files.push({ name: reportFileName(r.scope.name, 'yaml'), content: renderScsYaml(r, { secrets, clock: opts.clock }) });
        break;
      case 'json':
        files.push({ name: reportFileName(r.scope.name, 'json'), content: renderJson(r, { secrets }) });
        break;
      case 'junit':
        files.push({ name: reportFileName(r.scope.name, 'junit'), content: renderJunit(r, { secrets }) });
        break;
      case 'md':
        files.push({ name: reportFileName(r.scope.name, 'md'), content: renderMarkdown(r, { secrets }) });
        break;
      case 'badge': {
        const endpoints = renderShieldsEndpoint(r);
        renderBadges(r).forEach((b, i) => {
          files.push({ name: b.file, content: b.svg });
          files.push({ name: endpoints[i]!.file, content: endpoints[i]!.json });
        });
        break;
      }
      default:
        throw new Error(`unknown report format ${JSON.stringify(format)}`);
    }
  }
  await mkdir(opts.dir, { recursive: true });
  const paths: string[] = [];
  for (const f of files) {
    const path = join(opts.dir, f.name);
    await writeFile(path, f.content, 'utf8');
    paths.push(path);
  }
  return paths;
}
