/**
 * scs-0214-v2, node distribution, as a pure function of the node list. This is also the
 * anti-affinity requirement of the seeds: control-plane nodes must not share a physical host.
 *
 *  MUST (FAIL):  at least two nodes; zone and region labels on every node; control-plane nodes on more
 *                than one physical host (label topology.scs.community/host-id).
 *  SHOULD (warning): control-plane nodes in more than one zone; workers in more than one zone.
 *  ABORT: no rule failed, but the host rule cannot be decided (no visible control-plane node, or
 *         control-plane nodes without a host-id label that could change the answer).
 */
import type { Finding, Outcome } from '../../../src/engine/types.js';
import type { KubeNode } from '../../../src/kubernetes/facts.js';

export const ZONE = 'topology.kubernetes.io/zone';
export const REGION = 'topology.kubernetes.io/region';
export const HOST_ID = 'topology.scs.community/host-id';
export const CONTROL_PLANE_ROLES = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

export const DOC = 'https://docs.scs.community/standards/scs-0214-v2-k8s-node-distribution#decision';

export function isControlPlane(n: KubeNode): boolean {
  return CONTROL_PLANE_ROLES.some((r) => r in n.labels);
}

const nodeName = (n: KubeNode) => `node ${n.name}${n.uid ? ` (uid ${n.uid})` : ''}`;

/** `zone a: cp-1 (host h1), cp-2 (host h2); zone b: …` */
export function layout(nodes: KubeNode[]): string {
  const byZone = new Map<string, KubeNode[]>();
  for (const n of nodes) {
    const z = n.labels[ZONE] ?? '(no zone label)';
    byZone.set(z, [...(byZone.get(z) ?? []), n]);
  }
  return [...byZone.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([z, ns]) => `zone ${z}: ${ns.map((n) => `${n.name} (host ${n.labels[HOST_ID] ?? 'unknown'})`).join(', ')}`)
    .join('; ');
}

export function evaluateNodeDistribution(nodes: KubeNode[], url: string = DOC): Outcome {
  const findings: Finding[] = [];
  const doc = url || DOC;
  const cps = nodes.filter(isControlPlane);
  const workers = nodes.filter((n) => !isControlPlane(n));
  const evidence: Record<string, unknown> = {
    nodes: nodes.length,
    controlPlane: cps.map((n) => ({ name: n.name, zone: n.labels[ZONE] ?? null, host: n.labels[HOST_ID] ?? null })),
    workers: workers.map((n) => ({ name: n.name, zone: n.labels[ZONE] ?? null, host: n.labels[HOST_ID] ?? null })),
  };
  let undecided: string | undefined;

  if (nodes.length < 2) {
    findings.push({
      level: 'error',
      text: `The cluster has ${nodes.length} node${nodes.length === 1 ? '' : 's'}${nodes[0] ? ` (${nodes[0].name})` : ''}; a distributed control plane needs at least two nodes.`,
      object: nodes[0] ? nodeName(nodes[0]) : 'the cluster',
      rule: 'at least two nodes',
      observed: nodes.length,
      expected: '>= 2',
      url: doc,
    });
  }

  for (const n of nodes) {
    const missing = [ZONE, REGION].filter((l) => !n.labels[l]);
    if (missing.length > 0) {
      findings.push({
        level: 'error',
        text: `${nodeName(n)} lacks the label${missing.length > 1 ? 's' : ''} ${missing.join(' and ')}; every node must carry its zone and region.`,
        object: nodeName(n),
        rule: `labels ${ZONE} and ${REGION} on every node`,
        observed: Object.fromEntries([ZONE, REGION].map((l) => [l, n.labels[l] ?? null])),
        expected: 'both labels set, non-empty',
        url: doc,
        fix: `kubectl label node ${n.name} ${missing.map((l) => `${l}=<value>`).join(' ')}`,
      });
    }
  }

  // Control plane on more than one physical host (MUST), in more than one zone (SHOULD).
  if (cps.length === 0) {
    if (nodes.length >= 2) undecided = `no node carries a control-plane role label (${CONTROL_PLANE_ROLES.join(' or ')}), so the control plane's distribution cannot be seen (a hidden, managed control plane must be confirmed by the provider)`;
  } else {
    findings.push({ level: 'info', text: `Control plane: ${layout(cps)}.` });
    const hosts = new Set(cps.map((n) => n.labels[HOST_ID]).filter((h): h is string => !!h));
    const unlabeled = cps.filter((n) => !n.labels[HOST_ID]);
    if (cps.length === 1) {
      findings.push({
        level: 'error',
        text: `The control plane is a single node (${cps[0]!.name}); control-plane nodes must be distributed over more than one physical host.`,
        object: nodeName(cps[0]!),
        rule: 'control-plane nodes on more than one physical host',
        observed: '1 control-plane node',
        expected: 'control-plane nodes on >= 2 hosts',
        url: doc,
      });
    } else if (hosts.size >= 2) {
      findings.push({ level: 'info', text: `The ${cps.length} control-plane nodes run on ${hosts.size} physical hosts (${[...hosts].sort().join(', ')}).` });
    } else if (unlabeled.length > 0) {
      undecided = `${unlabeled.length} of ${cps.length} control-plane nodes (${unlabeled.map((n) => n.name).join(', ')}) have no ${HOST_ID} label, so their physical hosts are unknown`;
    } else {
      const host = [...hosts][0]!;
      findings.push({
        level: 'error',
        text: `All ${cps.length} control-plane nodes (${cps.map((n) => `${n.name} uid ${n.uid}`).join(', ')}) run on the same physical host ${host}; they must be spread over more than one host (anti-affinity).`,
        object: cps.map(nodeName).join(', '),
        rule: 'control-plane nodes on more than one physical host',
        observed: `1 host (${host})`,
        expected: '>= 2 hosts',
        url: doc,
        fix: 'Schedule the control-plane machines with anti-affinity (e.g. an OpenStack server group with the anti-affinity policy).',
      });
    }
    const cpZones = new Set(cps.map((n) => n.labels[ZONE]).filter(Boolean));
    if (cps.length > 1 && cpZones.size === 1) {
      findings.push({ level: 'warning', text: `All control-plane nodes are in zone ${[...cpZones][0]}; they SHOULD span more than one failure zone.`, object: cps.map(nodeName).join(', '), rule: 'control plane over more than one zone (SHOULD)', url: doc });
    }
  }

  // Workers across zones (RECOMMENDED).
  if (workers.length > 0) {
    findings.push({ level: 'info', text: `Workers: ${layout(workers)}.` });
    const wZones = new Set(workers.map((n) => n.labels[ZONE]).filter(Boolean));
    if (workers.length > 1 && wZones.size === 1) {
      findings.push({ level: 'warning', text: `All ${workers.length} worker nodes are in zone ${[...wZones][0]}; spreading them over several zones is recommended.`, rule: 'workers over more than one zone (RECOMMENDED)', url: doc });
    }
  }

  if (findings.some((f) => f.level === 'error')) return { verdict: 'FAIL', findings, evidence };
  if (undecided) return { verdict: 'ABORT', findings: [{ level: 'error', text: `Cannot decide: ${undecided}.` }, ...findings], evidence };
  return { verdict: 'PASS', findings, evidence };
}
