import { describe, expect, it } from 'vitest';
import { evaluateNodeDistribution, HOST_ID, REGION, ZONE } from '../../testsuites/kaas/scs-0214-node-distribution/distribution.js';
import type { KubeNode } from '../../src/kubernetes/facts.js';

const CP = 'node-role.kubernetes.io/control-plane';
let uid = 0;
function node(name: string, o: { cp?: boolean; zone?: string | null; region?: string | null; host?: string | null; legacyMaster?: boolean } = {}): KubeNode {
  const labels: Record<string, string> = {};
  if (o.cp) labels[o.legacyMaster ? 'node-role.kubernetes.io/master' : CP] = '';
  if (o.zone !== null) labels[ZONE] = o.zone ?? 'z1';
  if (o.region !== null) labels[REGION] = o.region ?? 'r1';
  if (o.host !== null && o.host !== undefined) labels[HOST_ID] = o.host;
  return { name, uid: `uid-${name}-${++uid}`, labels };
}
const good = () => [
  node('cp-1', { cp: true, zone: 'a', host: 'h1' }),
  node('cp-2', { cp: true, zone: 'b', host: 'h2' }),
  node('cp-3', { cp: true, zone: 'c', host: 'h3' }),
  node('w-1', { zone: 'a', host: 'h4' }),
  node('w-2', { zone: 'b', host: 'h5' }),
];
const errors = (o: ReturnType<typeof evaluateNodeDistribution>) => o.findings.filter((f) => f.level === 'error');
const warnings = (o: ReturnType<typeof evaluateNodeDistribution>) => o.findings.filter((f) => f.level === 'warning');

describe('node distribution (scs-0214-v2)', () => {
  it('passes a spread cluster and lists nodes per zone and host', () => {
    const o = evaluateNodeDistribution(good(), 'https://docs.example/0214');
    expect(o.verdict).toBe('PASS');
    expect(warnings(o)).toEqual([]);
    expect(o.findings.map((f) => f.text)).toContain('Control plane: zone a: cp-1 (host h1); zone b: cp-2 (host h2); zone c: cp-3 (host h3).');
    expect(o.findings.map((f) => f.text)).toContain('Workers: zone a: w-1 (host h4); zone b: w-2 (host h5).');
  });

  it('MUST: fails a single-node cluster', () => {
    const o = evaluateNodeDistribution([node('solo', { cp: true, host: 'h1' })]);
    expect(o.verdict).toBe('FAIL');
    expect(errors(o).map((e) => e.rule)).toContain('at least two nodes');
    expect(errors(o)[0]!.object).toMatch(/^node solo \(uid uid-solo-\d+\)$/);
  });

  it('MUST: fails an empty node list', () => {
    expect(evaluateNodeDistribution([]).verdict).toBe('FAIL');
  });

  it('MUST: fails when a node lacks the zone label, naming node, label and a fix', () => {
    const nodes = good();
    nodes[4] = node('w-2', { zone: null, host: 'h5' });
    const o = evaluateNodeDistribution(nodes, 'https://docs.example/0214');
    expect(o.verdict).toBe('FAIL');
    const [e] = errors(o);
    expect(e!.object).toContain('node w-2');
    expect(e!.observed).toEqual({ [ZONE]: null, [REGION]: 'r1' });
    expect(e!.url).toBe('https://docs.example/0214');
    expect(e!.fix).toBe(`kubectl label node w-2 ${ZONE}=<value>`);
  });

  it('MUST: fails when a node lacks the region label', () => {
    const nodes = good();
    nodes[0] = node('cp-1', { cp: true, zone: 'a', region: null, host: 'h1' });
    const o = evaluateNodeDistribution(nodes);
    expect(o.verdict).toBe('FAIL');
    expect(errors(o)[0]!.text).toContain(REGION);
  });

  it('MUST: fails when all control-plane nodes share one host', () => {
    const o = evaluateNodeDistribution([
      node('cp-1', { cp: true, zone: 'a', host: 'h1' }),
      node('cp-2', { cp: true, zone: 'b', host: 'h1' }),
      node('w-1', { zone: 'a', host: 'h2' }),
    ]);
    expect(o.verdict).toBe('FAIL');
    const [e] = errors(o);
    expect(e!.rule).toBe('control-plane nodes on more than one physical host');
    expect(e!.observed).toBe('1 host (h1)');
    expect(e!.text).toContain('cp-1 uid');
  });

  it('MUST: fails a single control-plane node', () => {
    const o = evaluateNodeDistribution([node('cp-1', { cp: true, host: 'h1' }), node('w-1', { host: 'h2' })]);
    expect(o.verdict).toBe('FAIL');
    expect(errors(o)[0]!.observed).toBe('1 control-plane node');
  });

  it('recognises the legacy master role label', () => {
    const o = evaluateNodeDistribution([node('m-1', { cp: true, legacyMaster: true, zone: 'a', host: 'h1' }), node('m-2', { cp: true, legacyMaster: true, zone: 'b', host: 'h1' })]);
    expect(o.verdict).toBe('FAIL');
  });

  it('SHOULD: warns when the control plane is in one zone (still PASS)', () => {
    const o = evaluateNodeDistribution([
      node('cp-1', { cp: true, zone: 'a', host: 'h1' }),
      node('cp-2', { cp: true, zone: 'a', host: 'h2' }),
      node('w-1', { zone: 'a', host: 'h3' }),
    ]);
    expect(o.verdict).toBe('PASS');
    expect(warnings(o).map((w) => w.rule)).toEqual(['control plane over more than one zone (SHOULD)']);
  });

  it('RECOMMENDED: warns when all workers are in one zone (still PASS)', () => {
    const nodes = good();
    nodes[4] = node('w-2', { zone: 'a', host: 'h5' });
    const o = evaluateNodeDistribution(nodes);
    expect(o.verdict).toBe('PASS');
    expect(warnings(o).map((w) => w.rule)).toEqual(['workers over more than one zone (RECOMMENDED)']);
  });

  it('ABORT: control-plane nodes without host-id labels cannot be decided', () => {
    const o = evaluateNodeDistribution([
      node('cp-1', { cp: true, zone: 'a', host: 'h1' }),
      node('cp-2', { cp: true, zone: 'b' }),
      node('w-1', { zone: 'a', host: 'h3' }),
    ]);
    expect(o.verdict).toBe('ABORT');
    expect(o.findings[0]!.text).toContain(`cp-2) have no ${HOST_ID} label`);
  });

  it('two labelled hosts decide even when another control-plane node lacks the label', () => {
    const o = evaluateNodeDistribution([
      node('cp-1', { cp: true, zone: 'a', host: 'h1' }),
      node('cp-2', { cp: true, zone: 'b', host: 'h2' }),
      node('cp-3', { cp: true, zone: 'c' }),
    ]);
    expect(o.verdict).toBe('PASS');
  });

  it('ABORT: no visible control plane (managed, hidden)', () => {
    const o = evaluateNodeDistribution([node('w-1', { zone: 'a', host: 'h1' }), node('w-2', { zone: 'b', host: 'h2' })]);
    expect(o.verdict).toBe('ABORT');
    expect(o.findings[0]!.text).toContain('no node carries a control-plane role label');
  });

  it('a MUST failure wins over an undecidable host rule', () => {
    const o = evaluateNodeDistribution([node('cp-1', { cp: true, zone: null }), node('cp-2', { cp: true })]);
    expect(o.verdict).toBe('FAIL');
  });
});
