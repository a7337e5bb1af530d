import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger, liveFromJournal, openJournals, runPrefix, type ResourceKind } from '../../src/engine/ledger.js';
import { buildPlan } from '../../src/engine/plan.js';
import { runPlan } from '../../src/engine/run.js';
import { activeTestcase, pass } from '../../src/engine/types.js';
import type { Scope } from '../../src/spec/model.js';

/** A fake cloud: objects by id, and a log of calls. */
function fakeCloud() {
  const objects = new Map<string, { kind: string; name: string }>();
  const calls: string[] = [];
  let n = 0;
  const kind = (k: string, order: number): ResourceKind<unknown> => ({
    order,
    async delete(_c, ref) {
      calls.push(`delete ${k} ${ref.name}`);
      objects.delete(ref.id);
    },
    async list(_c, prefix) {
      return [...objects.entries()].filter(([, o]) => o.kind === k && o.name.startsWith(prefix)).map(([id, o]) => ({ kind: k, id, name: o.name }));
    },
  });
  return {
    objects,
    calls,
    kinds: { network: kind('network', 1), server: kind('server', 9), volume: kind('volume', 5) },
    make(k: string, name: string) {
      const id = `id-${++n}`;
      objects.set(id, { kind: k, name });
      calls.push(`create ${k} ${name}`);
      return { id };
    },
  };
}

const signal = () => AbortSignal.timeout(5000);

describe('ledger', () => {
  it('names with the run prefix, journals before and after create, deletes newest first', async () => {
    const cloud = fakeCloud();
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    const ledger = new Ledger({ runId: 'deadbeef', cloud: 'c', journalDir: dir, kinds: cloud.kinds, client: async () => ({}) });
    const net = await ledger.create('network', 'net', async (name) => cloud.make('network', name));
    let journalDuringCreate = '';
    await ledger.create('server', 'vm', async (name) => {
      journalDuringCreate = readFileSync(ledger.journalFile, 'utf8');
      return cloud.make('server', name);
    });
    expect(journalDuringCreate).toContain('"op":"intent","seq":2,"kind":"server","name":"scs-deadbeef-vm"');
    expect(cloud.objects.get(net.id)!.name).toBe('scs-deadbeef-net');
    const live = liveFromJournal(ledger.journalFile);
    expect(live.live.map((r) => r.name)).toEqual(['scs-deadbeef-vm', 'scs-deadbeef-net']);
    const report = await ledger.cleanup(signal());
    expect(report.failed).toEqual([]);
    expect(cloud.calls.slice(-2)).toEqual(['delete server scs-deadbeef-vm', 'delete network scs-deadbeef-net']);
    expect(cloud.objects.size).toBe(0);
    ledger.close();
    expect(existsSync(ledger.journalFile)).toBe(false);
    expect(openJournals(dir)).toEqual([]);
  });

  it('finds an object by its name when the create call never returned', async () => {
    const cloud = fakeCloud();
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    const ledger = new Ledger({ runId: 'cafebabe', cloud: 'c', journalDir: dir, kinds: cloud.kinds, client: async () => ({}) });
    await expect(
      ledger.create('volume', 'vol', async (name) => {
        cloud.make('volume', name);
        throw new Error('504 Gateway Timeout (the volume was created anyway)');
      }),
    ).rejects.toThrow(/504/);
    expect(liveFromJournal(ledger.journalFile).pending).toEqual([{ kind: 'volume', name: 'scs-cafebabe-vol' }]);
    await ledger.cleanup(signal());
    expect(cloud.objects.size).toBe(0);
  });

  it('a failed delete is reported and stays in the journal for `cleanup`', async () => {
    const cloud = fakeCloud();
    cloud.kinds.network.delete = async () => {
      throw new Error('409 Conflict: network has ports');
    };
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    const ledger = new Ledger({ runId: '0badf00d', cloud: 'c', journalDir: dir, kinds: cloud.kinds, client: async () => ({}) });
    await ledger.create('network', 'net', async (name) => cloud.make('network', name));
    const report = await ledger.cleanup(signal());
    expect(report.failed[0]!.error).toMatch(/409/);
    ledger.close();
    expect(openJournals(dir)).toEqual([join(dir, '0badf00d.jsonl')]);
    expect(liveFromJournal(join(dir, '0badf00d.jsonl')).live.map((r) => r.name)).toEqual(['scs-0badf00d-net']);
    expect(runPrefix('0badf00d')).toBe('scs-0badf00d-');
  });

  it('the engine deletes what a testcase created when it ends, even when it fails or is interrupted', async () => {
    const cloud = fakeCloud();
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    const ledger = new Ledger({ runId: '12345678', cloud: 'c', journalDir: dir, kinds: cloud.kinds, client: async () => ({}) });
    const ctl = new AbortController();
    const impls = [
      activeTestcase({
        id: 'ok',
        creates: ['network'],
        run: async (ctx) => {
          await ctx.ledger!.create('network', 'ok-net', async (name) => cloud.make('network', name));
          return pass();
        },
      }),
      activeTestcase({
        id: 'throws',
        creates: ['volume'],
        run: async (ctx) => {
          await ctx.ledger!.create('volume', 'v', async (name) => cloud.make('volume', name));
          throw new Error('backup service answered 500');
        },
      }),
      activeTestcase({
        id: 'interrupted',
        creates: ['server'],
        run: async (ctx) => {
          await ctx.ledger!.create('server', 'vm', async (name) => cloud.make('server', name));
          setTimeout(() => ctl.abort(), 10);
          await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('stopped'))));
          return pass();
        },
      }),
    ];
    const ids = ['interrupted', 'ok', 'throws'];
    const scope: Scope = {
      file: '/s.yaml', dir: '/', digest: '', uuid: 'u', name: 'S', url: '', variables: [], warnings: [],
      scripts: [{ index: 0, executable: 'x', env: {}, args: '', testcases: ids }],
      testcases: new Map(ids.map((id) => [id, { id, lifetime: 'week' as const, description: '', url: '', script: 0 }])),
      modules: new Map(),
      versions: [{ name: 'v1', include: [], targets: { main: ids } }],
      timeline: [],
    };
    const plan = buildPlan(scope, [{ version: scope.versions[0]!, validity: 'effective', listed: true, forced: false }], new Map(impls.map((i) => [i.id, i])), {});
    const out = await runPlan({ plan, env: { variables: {}, runId: '12345678', log: () => undefined }, concurrency: 3, timeoutMs: 5000, now: new Date(), signal: ctl.signal, ledger });
    expect(Object.fromEntries(out.testcases.map((r) => [r.id, r.verdict]))).toEqual({ interrupted: 'ABORT', ok: 'PASS', throws: 'ABORT' });
    expect(cloud.objects.size).toBe(0);
    expect(cloud.calls.filter((c) => c.startsWith('delete')).sort()).toEqual(['delete network scs-12345678-ok-net', 'delete server scs-12345678-vm', 'delete volume scs-12345678-v']);
    expect(openJournals(dir)).toEqual([]);
  });
});
