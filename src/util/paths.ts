/** Locations inside the installed package (works from `src/` under vitest/tsx and from `dist/`). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The folder holding this package's package.json. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'standards'))) return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('scs-compliance: cannot find the package root (package.json next to standards/)');
    dir = up;
  }
}

export function standardsDir(): string {
  return join(packageRoot(), 'standards');
}

export function dataDir(): string {
  return join(packageRoot(), 'standards', 'data');
}
