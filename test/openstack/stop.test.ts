/**
 * stop.sh kills exactly the process groups named by its pid files, and nothing else: not a process
 * whose pid was reused by something that does not lead its own group, not a process without a pid file.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const STOP = join(import.meta.dirname, 'stop.sh');
const children: ChildProcess[] = [];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleeper(detached: boolean): ChildProcess {
  // a shell with a child of its own, so that the whole group matters
  const child = spawn('bash', ['-c', 'sleep 300 & wait'], { detached, stdio: 'ignore' });
  children.push(child);
  return child;
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

afterEach(() => {
  for (const c of children.splice(0)) {
    try {
      if (c.pid) process.kill(-c.pid, 'SIGKILL');
    } catch {
      c.kill('SIGKILL');
    }
  }
});

describe('stop.sh', () => {
  it('kills the process group of a pid file, leaves a non-leader pid and an unlisted process alone', async () => {
    const base = mkdtempSync(join(tmpdir(), 'osci-stop-'));
    try {
      mkdirSync(join(base, 'run'));
      const ours = sleeper(true); // own session: pid = pgid, as setup.sh starts services
      const reused = sleeper(false); // in our group: a pid that is not a group leader
      const unlisted = sleeper(true);
      writeFileSync(join(base, 'run', 'ours.pid'), `${ours.pid}\n`);
      writeFileSync(join(base, 'run', 'reused.pid'), `${reused.pid}\n`);
      await new Promise((r) => setTimeout(r, 200));
      const grandchild = Number(execFileSync('pgrep', ['-P', String(ours.pid)]).toString().trim().split('\n')[0]);
      expect(grandchild).toBeGreaterThan(0);
      // asynchronously, so that node reaps its killed children (a zombie would still answer kill -0)
      const { stdout: out } = await promisify(execFile)('bash', [STOP], { env: { ...process.env, OSCI_BASE: base } });
      expect(out).toContain('stopping ours');
      expect(out).toContain('skipping reused');
      expect(await gone(ours.pid!)).toBe(true);
      expect(await gone(grandchild)).toBe(true);
      expect(alive(reused.pid!)).toBe(true);
      expect(alive(unlisted.pid!)).toBe(true);
      expect(existsSync(join(base, 'run', 'ours.pid'))).toBe(false);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
