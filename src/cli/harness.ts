/** Who made a report: our name, version, commit and Node version (provenance in every report). */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../engine/results.js';
import { packageRoot } from '../util/paths.js';

let cached: RunResult['harness'] | undefined;

export function harnessInfo(): RunResult['harness'] {
  if (cached) return cached;
  const root = packageRoot();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  let commit: string | undefined;
  if (existsSync(join(root, '.git'))) {
    const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', timeout: 5000 });
    if (r.status === 0) commit = r.stdout.trim();
  }
  cached = { name: pkg.name, version: pkg.version, commit, node: process.version };
  return cached;
}
