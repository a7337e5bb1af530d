/**
 * `npm run bench`: measures a compliance run against the sandbox.
 *
 * The sandbox runs in a child process (`scs-compliance sandbox`), so the memory we report is the
 * harness's own. Three measurements:
 *  1. latency: the read-only IaaS v5.1 run with 50 ms added to every response — wall time, requests,
 *     and the number of sequential round trips on the critical path (the floor is that × latency);
 *  2. scale: clouds of growing size (up to 10,000 images and 2,000 flavors) without latency — wall time,
 *     requests and peak heap per size, and time per object, which stays flat when the run is linear;
 *  3. the full compliant run (including testcases that create resources) with 50 ms latency.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadProfile } from '../src/sandbox/profile.js';
import { generateFlavors } from '../src/sandbox/generators/flavors.js';
import { generateImages } from '../src/sandbox/generators/images.js';
import { runCli } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';
import { packageRoot } from '../src/util/paths.js';

interface Sandbox {
  url: string;
  configDir: string;
  child: ChildProcess;
}

async function startSandboxProcess(profileDir: string, latencyMs: number): Promise<Sandbox> {
  const configDir = mkdtempSync(join(tmpdir(), 'scs-bench-cfg-'));
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'scs-compliance.js'), 'sandbox', profileDir, '--latency', String(latencyMs), '--config-dir', configDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /serving on (http:\/\/\S+)/.exec(buf);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return { url, configDir, child };
}

async function stats(sb: Sandbox, reset = false): Promise<{ requests: number; criticalPath: number }> {
  const res = await fetch(`${sb.url}/_sandbox/${reset ? 'reset' : 'stats'}`);
  return (await res.json()) as { requests: number; criticalPath: number };
}

function writeProfile(overrides: { flavors?: number; images?: number }): string {
  const base = loadProfile('compliant');
  const dir = mkdtempSync(join(tmpdir(), 'scs-bench-profile-'));
  const profile: Record<string, unknown> = { ...base };
  if (overrides.flavors) {
    const compute = { ...(base.compute as Record<string, unknown>) };
    const own = (compute.flavors as unknown[]) ?? [];
    compute.flavors = [...own, ...generateFlavors(Math.max(0, overrides.flavors - own.length))];
    profile.compute = compute;
  }
  if (overrides.images) {
    const image = { ...(base.image as Record<string, unknown>) };
    const own = (image.images as unknown[]) ?? [];
    image.images = [...own, ...generateImages(Math.max(0, overrides.images - own.length))];
    profile.image = image;
  }
  writeFileSync(join(dir, 'profile.yaml'), stringify(profile));
  return dir;
}

interface Measurement {
  wallMs: number;
  requests: number;
  criticalPath: number;
  peakHeapMB: number;
  exitCode: number;
}

async function measure(sb: Sandbox, args: string[]): Promise<Measurement> {
  await stats(sb, true);
  const outDir = mkdtempSync(join(tmpdir(), 'scs-bench-out-'));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const io: CliIO = {
    out: () => undefined,
    err: () => undefined,
    env: { ...process.env, OS_CLIENT_CONFIG_FILE: join(sb.configDir, 'clouds.yaml'), OS_CLOUD: undefined },
    cwd: process.cwd(),
    home: tmpdir(),
    isTTY: false,
  };
  (globalThis as { gc?: () => void }).gc?.();
  const t0 = performance.now();
  const exitCode = await runCli(['check', '--os-cloud', 'sandbox', '--quiet', '--output', outDir, '--format', 'json', ...args], io);
  const wallMs = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const s = await stats(sb);
  const report = JSON.parse(readFileSync(join(outDir, 'scs-compatible-iaas.json'), 'utf8')) as { testcases?: unknown[] };
  rmSync(outDir, { recursive: true, force: true });
  if (!report.testcases?.length) throw new Error('the run produced no testcase results');
  return { wallMs, requests: s.requests, criticalPath: s.criticalPath, peakHeapMB: peak / 2 ** 20, exitCode };
}

async function withSandbox<T>(profileDir: string, latencyMs: number, f: (sb: Sandbox) => Promise<T>): Promise<T> {
  const sb = await startSandboxProcess(profileDir, latencyMs);
  try {
    return await f(sb);
  } finally {
    sb.child.kill('SIGTERM');
    rmSync(sb.configDir, { recursive: true, force: true });
  }
}

const fmt = (n: number, d = 0) => n.toFixed(d).padStart(8);

async function main(): Promise<void> {
  const latency = 50;
  console.log(`scs-compliance benchmark (node ${process.version})\n`);

  console.log(`1. Read-only IaaS v5.1 testcases, compliant sandbox, ${latency} ms per response`);
  const compliant = writeProfile({});
  await withSandbox(compliant, latency, async (sb) => {
    await measure(sb, ['-V', 'v5.1', '--no-create']); // warm-up (module loading, JIT)
    const m = await measure(sb, ['-V', 'v5.1', '--no-create']);
    console.log(`   wall ${fmt(m.wallMs)} ms   requests ${fmt(m.requests)}   sequential round trips ${fmt(m.criticalPath)}   floor ${fmt(m.criticalPath * latency)} ms   peak heap ${fmt(m.peakHeapMB, 1)} MB`);
  });

  console.log('\n2. Scale: read-only v5.1 testcases against clouds of growing size, no added latency (median of 3 runs)');
  console.log('   "per object" is the time above the smallest cloud divided by the objects added: flat means linear.');
  console.log('   flavors   images      wall ms   requests   peak heap MB   µs per added object');
  let base: { wallMs: number; objects: number } | undefined;
  for (const [flavors, images] of [
    [50, 50],
    [250, 1250],
    [500, 2500],
    [1000, 5000],
    [2000, 10000],
  ] as const) {
    const dir = writeProfile({ flavors, images });
    await withSandbox(dir, 0, async (sb) => {
      await measure(sb, ['-V', 'v5.1', '--no-create']);
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await measure(sb, ['-V', 'v5.1', '--no-create']));
      runs.sort((a, b) => a.wallMs - b.wallMs);
      const m = runs[1]!;
      const objects = flavors + images;
      base ??= { wallMs: m.wallMs, objects };
      const perObject = objects > base.objects ? ((m.wallMs - base.wallMs) * 1000) / (objects - base.objects) : NaN;
      console.log(`   ${fmt(flavors)} ${fmt(images)} ${fmt(m.wallMs, 0)}   ${fmt(m.requests)}   ${fmt(Math.max(...runs.map((r) => r.peakHeapMB)), 1)}      ${Number.isNaN(perObject) ? '     (base)' : fmt(perObject, 1)}`);
    });
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\n3. Full IaaS run (all selected versions, including testcases that create resources), ${latency} ms per response`);
  await withSandbox(compliant, latency, async (sb) => {
    const m = await measure(sb, []);
    console.log(`   wall ${fmt(m.wallMs)} ms   requests ${fmt(m.requests)}   sequential round trips ${fmt(m.criticalPath)}   exit code ${m.exitCode}`);
  });
  rmSync(compliant, { recursive: true, force: true });
}

await main();
