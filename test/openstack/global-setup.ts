/**
 * Global setup of `npm run test:openstack`: when the services are not all up, run setup.sh (install,
 * configure, start; needs root) and the seed; when they are up but not seeded with this seed version,
 * seed. Services this setup started are stopped at the end unless OSCI_KEEP=1.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downProcesses, logTails, seededVersion } from './lib/services.js';
import { SEED_VERSION } from './seed.js';

const HERE = dirname(fileURLToPath(import.meta.url));

function run(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: 'inherit', cwd: join(HERE, '..', '..'), env: process.env });
}

export default async function setup(): Promise<() => void> {
  let started = false;
  const down = await downProcesses();
  if (down.length > 0) {
    console.log(`real OpenStack services not answering (${down.join(', ')}): running test/openstack/setup.sh`);
    try {
      run('bash', [join(HERE, 'setup.sh')]);
    } catch (err) {
      for (const t of logTails()) console.error(`--- ${t.file}\n${t.lines.join('\n')}`);
      throw new Error(`test/openstack/setup.sh failed: ${(err as Error).message}`);
    }
    started = true;
    const still = await downProcesses();
    if (still.length > 0) throw new Error(`services still down after setup.sh: ${still.join(', ')}`);
  }
  if (seededVersion() !== SEED_VERSION) {
    console.log('seeding the compliant and violations shapes');
    run('npx', ['tsx', join(HERE, 'seed.ts'), 'seed']);
  }
  return () => {
    if (started && process.env.OSCI_KEEP !== '1') run('bash', [join(HERE, 'stop.sh')]);
  };
}
