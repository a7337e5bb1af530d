/**
 * `scs-compliance sandbox` in its own process, used through the files it writes, as an operator would:
 * clouds.yaml for IaaS (with the domain managers), kubeconfig and Kubernetes data for KaaS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const root = join(__dirname, '..', '..');
let child: ChildProcess;
let dir: string;
let output = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scs-sandbox-cmd-'));
  child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'entry.ts'), 'sandbox', 'compliant', '--config-dir', dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${output}`)), 25_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)));
  });
}, 30_000);

afterAll(() => {
  child?.kill('SIGKILL');
});

describe('scs-compliance sandbox', () => {
  it('writes private config files and prints how to use them, but no secret', () => {
    for (const f of ['clouds.yaml', 'kubeconfig.yaml', 'domain-managers.yaml']) expect(statSync(join(dir, f)).mode & 0o077, f).toBe(0);
    expect(output).toContain(`OS_CLIENT_CONFIG_FILE=${join(dir, 'clouds.yaml')}`);
    expect(output).toContain(`-a domain_manager_config=${join(dir, 'domain-managers.yaml')}`);
    expect(output).toContain(`-a k8s_data_dir=${join(dir, 'k8s-data')}`);
    const clouds = readFileSync(join(dir, 'clouds.yaml'), 'utf8');
    const secret = /application_credential_secret: (\S+)/.exec(clouds)![1]!;
    expect(output).not.toContain(secret);
  });

  it('serves a full IaaS v5.1 run through clouds.yaml', async () => {
    const out = mkdtempSync(join(tmpdir(), 'scs-sandbox-cmd-out-'));
    const r = await cli(['check', '--os-cloud', 'sandbox', '-V', 'v5.1', '-a', `domain_manager_config=${join(dir, 'domain-managers.yaml')}`, '--output', out, '--format', 'json', '--quiet'], {
      env: { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml') },
    });
    const report = JSON.parse(readFileSync(join(out, 'scs-compatible-iaas.json'), 'utf8')) as { testcases: { id: string; verdict: string; reason?: string }[] };
    expect(report.testcases.filter((t) => t.verdict !== 'PASS' && t.verdict !== 'MISSING').map((t) => `${t.id} ${t.verdict} ${t.reason}`)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('serves the KaaS light testcases through the kubeconfig and data it wrote', async () => {
    const out = mkdtempSync(join(tmpdir(), 'scs-sandbox-cmd-out-'));
    const r = await cli(['check', '--scope', 'kaas', '--kubeconfig', join(dir, 'kubeconfig.yaml'), '-a', `k8s_data_dir=${join(dir, 'k8s-data')}`, '--sections', 'light', '--output', out, '--format', 'json', '--quiet']);
    const report = JSON.parse(readFileSync(join(out, 'scs-compatible-kaas.json'), 'utf8')) as { testcases: { id: string; verdict: string }[] };
    expect(Object.fromEntries(report.testcases.map((t) => [t.id, t.verdict]))).toEqual({ 'node-distribution-check': 'PASS', 'version-policy-check': 'PASS' });
    expect(r.code).toBe(1); // the heavy Sonobuoy testcases were not selected: MISSING
  });
});
