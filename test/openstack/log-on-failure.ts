/**
 * vitest setup file of the real-OpenStack suites: when a test fails, print the lines the services
 * logged while it ran (the relevant ones: a 500 shows its traceback, a 403 its policy rule).
 */
import { beforeEach } from 'vitest';
import { logSizes, newLogLines } from './lib/services.js';

beforeEach((ctx) => {
  const before = logSizes();
  ctx.onTestFailed(() => {
    const chunks = newLogLines(before);
    if (chunks.length === 0) return;
    const text = chunks.map((c) => `--- ${c.file} (lines written during "${ctx.task.name}")\n${c.lines.join('\n')}`).join('\n');
    console.error(`\nService logs for the failed test:\n${text}\n`);
  });
});
