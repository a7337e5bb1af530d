#!/usr/bin/env node
// Entry of the `scs-compliance` command: runs the compiled CLI (npm run build makes dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/entry.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('scs-compliance: not built yet: run `npm ci && npm run build` in ' + fileURLToPath(new URL('..', import.meta.url)) + '\n');
  process.exit(3);
}
await import(entry.href);
