/**
 * The one VM both scs-0101 testcases read: network, subnet and router to the external network, a
 * server booted from a new volume with the cloud-init report script, then its console log polled with
 * back-off until the end marker. Everything goes through the ledger of the testcase that started it,
 * so it is deleted when that testcase ends (the console text is all the other one needs).
 */
import type { ActiveContext } from '../../../src/engine/types.js';
import { errorMessage } from '../../../src/engine/facts.js';
import { flavorsFact } from '../../../src/openstack/compute.js';
import { sessionFact } from '../../../src/openstack/facts.js';
import { imagesFact } from '../../../src/openstack/image.js';
import { addRouterInterface, createNetwork, createRouter, createSubnet, listExternalNetworks } from '../../../src/openstack/networks.js';
import { consoleOutput, createServer, getServer, pollUntil } from '../../../src/openstack/servers.js';
import type { OpenStackSession } from '../../../src/openstack/types.js';
import { NETWORK_KIND, ROUTER_INTERFACE_KIND, ROUTER_KIND, SUBNET_KIND } from '../../../src/openstack/resources/network.js';
import { SERVER_KIND } from '../../../src/openstack/resources/compute.js';
import { bootVolumeSize, chooseFlavor, chooseImage } from './choose.js';
import { cloudInitUserData, parseConsole, type ConsoleReport, type VmDescription } from './console.js';

/** Seconds to wait for ACTIVE and then for the end marker (as the reference: 500 s and 300 s). */
export const BOOT_TIMEOUT_MS = 500_000;
export const CONSOLE_TIMEOUT_MS = 300_000;

export const SUBNET = { cidr: '10.1.0.0/24', gatewayIp: '10.1.0.1', pool: { start: '10.1.0.100', end: '10.1.0.199' }, dnsNameservers: ['9.9.9.9'] };

export interface VmResult extends VmDescription {
  report: ConsoleReport;
  bootSeconds: number;
  consoleSeconds: number;
}

/** One VM per run (the session is one per run), whichever testcase asks first. */
const shared = new WeakMap<OpenStackSession, Promise<VmResult>>();

export async function sharedEntropyVm(ctx: ActiveContext): Promise<VmResult> {
  const session = await ctx.fact(sessionFact);
  let vm = shared.get(session);
  if (!vm) {
    vm = bootAndRead(ctx, session);
    shared.set(session, vm);
  }
  return vm;
}

async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof Error && err.name === 'AbortError') throw err;
    throw new Error(`entropy VM: ${what} failed: ${errorMessage(err)}`, { cause: err });
  }
}

async function bootAndRead(ctx: ActiveContext, session: OpenStackSession): Promise<VmResult> {
  const ledger = ctx.ledger;
  if (!ledger) throw new Error('the run has no resource ledger, so the entropy VM cannot be created');
  const signal = ctx.signal;
  const [images, flavors] = await Promise.all([ctx.fact(imagesFact), ctx.fact(flavorsFact)]);
  const image = chooseImage(images);
  if (!image) throw new Error(`no active public or community image to boot the entropy VM from (${images.length} images listed)`);
  const flavor = chooseFlavor(flavors, image);
  if (!flavor) throw new Error(`no flavor has the ${image.min_ram} MiB RAM image "${image.name}" (id ${image.id}) needs`);
  const externals = await step('listing the external networks', () => listExternalNetworks(session, signal));
  const external = externals[0];
  if (!external) throw new Error('entropy VM: the project sees no network with router:external=True to route the VM to (it needs one to install rng-tools)');
  const description = `scs-compliance ${ledger.prefix.slice(0, -1)}: scs-0101 entropy check, deleted when the run ends`;

  ctx.progress(`creating network, router and VM (image "${image.name}", flavor ${flavor.name})`);
  const net = await step('creating the network', () => ledger.create(NETWORK_KIND, 'entropy-net', (name) => createNetwork(session, name, description, signal)));
  const subnet = await step('creating the subnet', () =>
    ledger.create(SUBNET_KIND, 'entropy-subnet', (name) => createSubnet(session, name, net.id, SUBNET, description, signal)),
  );
  const router = await step(`creating the router to external network ${external.name} (id ${external.id})`, () =>
    ledger.create(ROUTER_KIND, 'entropy-router', (name) => createRouter(session, name, external.id, description, signal)),
  );
  await step('adding the router interface', () =>
    ledger.create(ROUTER_INTERFACE_KIND, 'entropy-router-if', () => addRouterInterface(session, router.id, subnet.id, signal), (r) => ({ router: r.routerId, subnet: r.subnetId })),
  );
  const server = await step('creating the server', () =>
    ledger.create(SERVER_KIND, 'entropy-vm', (name) =>
      createServer(
        session,
        { name, flavorId: flavor.id, imageId: image.id, networkId: net.id, volumeSize: bootVolumeSize(image), userData: cloudInitUserData(), metadata: { 'scs-compliance': description.slice(0, 255) } },
        signal,
      ),
    ),
  );
  const vm: VmDescription = { server: { id: server.id, name: server.name }, image: { id: image.id, name: image.name }, flavor: { id: flavor.id, name: flavor.name } };

  const bootStart = Date.now();
  await pollUntil(
    `server ${server.name} (id ${server.id}) to become ACTIVE`,
    async () => {
      const s = await getServer(session, server.id, signal);
      if (!s) throw new Error(`entropy VM: server ${server.name} (id ${server.id}) disappeared while booting`);
      if (s.status === 'ERROR') throw new Error(`entropy VM: server ${server.name} (id ${server.id}) went to status ERROR${s.fault ? `: ${s.fault}` : ''}`);
      return s.status === 'ACTIVE' ? true : undefined;
    },
    { timeoutMs: BOOT_TIMEOUT_MS, signal, onWait: (ms) => ctx.progress(`booting VM ${server.name}, ${Math.round(ms / 1000)} s`) },
  );
  const bootSeconds = Math.round((Date.now() - bootStart) / 1000);

  const consoleStart = Date.now();
  const report = await pollUntil(
    `the end marker in the console log of server ${server.name} (id ${server.id})`,
    async () => {
      const r = parseConsole(await consoleOutput(session, server.id, signal));
      if (r.failed) throw new Error(`entropy VM: cloud-init on server ${server.name} (id ${server.id}) could not run the report script (console: "Failed to run module scripts-user")`);
      return r.ended ? r : undefined;
    },
    { timeoutMs: CONSOLE_TIMEOUT_MS, signal, onWait: (ms) => ctx.progress(`waiting for cloud-init on VM ${server.name}, ${Math.round(ms / 1000)} s`) },
  );
  return { ...vm, report, bootSeconds, consoleSeconds: Math.round((Date.now() - consoleStart) / 1000) };
}
