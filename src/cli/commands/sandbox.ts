/**
 * `scs-compliance sandbox`: serve the emulated cloud until interrupted, with a clouds.yaml and a
 * kubeconfig to point any client (ours, the openstack CLI, kubectl) at it.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { loadProfile } from '../../sandbox/profile.js';
import { startSandbox } from '../../sandbox/server.js';
import { sandboxCloudsYaml } from '../../sandbox/cloud-config.js';
import { sandboxKaasDataDir, sandboxKubeconfig } from '../../sandbox/kubeconfig.js';
import { sandboxDomainManagerConfig } from '../../sandbox/services/identity-admin.js';
import type { CliIO } from '../io.js';
import { positiveInt } from './check.js';

export function sandboxCommand(io: CliIO, setExit: (code: number) => void): Command {
  return new Command('sandbox')
    .summary('serve the built-in emulated cloud (OpenStack and Kubernetes APIs) on loopback')
    .description(
      'Serves the emulated cloud of a profile on 127.0.0.1 until Ctrl-C, and writes a clouds.yaml and a '+
        'kubeconfig for it (credentials are fake and go only into those files, never to the terminal).',
    )
    .argument('[profile]', 'compliant, violations, or a path to a profile YAML file or folder', 'compliant')
    .option('-p, --port <port>', 'port (default: any free port)')
    .option('--latency <ms>', 'delay added to every response, to feel a remote cloud', '0')
    .option('--config-dir <dir>', 'where to write clouds.yaml and kubeconfig.yaml', '.scs-compliance/sandbox')
    .action(async (profileName: string, flags: { port?: string; latency: string; configDir: string }) => {
      const profile = loadProfile(profileName);
      const sb = await startSandbox(profile, {
        port: flags.port === undefined ? 0 : positiveInt(flags.port, '--port'),
        latencyMs: Number(flags.latency) || 0,
      });
      const dir = resolve(io.cwd, flags.configDir);
      mkdirSync(dir, { recursive: true });
      const clouds = join(dir, 'clouds.yaml');
      const kube = join(dir, 'kubeconfig.yaml');
      writeFileSync(clouds, sandboxCloudsYaml(sb));
      writeFileSync(kube, sandboxKubeconfig(sb));
      chmodSync(clouds, 0o600);
      chmodSync(kube, 0o600);
      // The sandbox's Kubernetes releases, end-of-life dates and CVEs (relative to today) for version-policy-check.
      const k8sData = sandboxKaasDataDir(sb, join(dir, 'k8s-data'));
      // The two domain managers of the profile, for domain-manager-check (fake passwords, file mode 0600).
      const managers = sandboxDomainManagerConfig(sb.world);
      const managersFile = join(dir, 'domain-managers.yaml');
      if (managers) writeFileSync(managersFile, managers.text, { mode: 0o600 });
      io.out(
        `sandbox "${profile.name}" serving on ${sb.url}\n` +
          `  clouds.yaml: ${clouds}  (cloud "sandbox")\n` +
          `  kubeconfig:  ${kube}\n\n` +
          `In another shell:\n` +
          `  OS_CLIENT_CONFIG_FILE=${clouds} scs-compliance check --os-cloud sandbox${managers ? ` -a domain_manager_config=${managersFile}` : ''}\n` +
          `  scs-compliance check --scope kaas --kubeconfig ${kube}${k8sData ? ` -a k8s_data_dir=${k8sData}` : ''}\n\n` +
          `Press Ctrl-C to stop.\n`,
      );
      await new Promise<void>((done) => {
        const remove = io.onSignal?.(() => {
          remove?.();
          done();
        });
        if (!io.onSignal) done();
      });
      await sb.close();
      io.out(`sandbox stopped after ${sb.requests.length} requests\n`);
      setExit(0);
    });
}
