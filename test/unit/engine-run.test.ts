import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineFact, type FactDef } from '../../src/engine/facts.js';
import type { TargetEnvironment } from '../../src/engine/environment.js';
import { buildPlan, PlanError } from '../../src/engine/plan.js';
import { runPlan, type RunEvent } from '../../src/engine/run.js';
import { activeTestcase, abort, judge, pass, readTestcase, type TestcaseImpl } from '../../src/engine/types.js';
import type { Scope, ScriptSpec, SelectedVersion, TestcaseSpec } from '../../src/spec/model.js';

function scope(opts: { ids: string[]; manual?: string[]; scriptIds?: string[]; executable?: string; args?: string; dir?: string; sections?: Record<string, string> }): Scope {
  const scripts: ScriptSpec[] = [
    { index: 0, executable: 'builtin', env: {}, args: '{testcases}', testcases: opts.ids },
    { index: 1, env: {}, args: '', testcases: opts.manual ?? [] },
    { index: 2, executable: opts.executable, env: { GREETING: 'hello {who}' }, args: opts.args ?? '{testcases}', testcases: opts.scriptIds ?? [] },
  ];
  const testcases = new Map<string, TestcaseSpec>();
  scripts.forEach((s) =>
    s.testcases.forEach((id) =>
      testcases.set(id, { id, lifetime: 'week', description: `about ${id}`, url: `https://docs.example/${id}`, script: s.index, section: opts.sections?.[id] }),
    ),
  );
  const all = [...testcases.keys()].sort();
  return {
    file: '/x/scope.yaml',
    dir: opts.dir ?? '/x',
    digest: 'd',
    uuid: 'u',
    name: 'Test scope',
    url: 'https://example',
    variables: [],
    scripts,
    testcases,
    modules: new Map([['m', { id: 'm', name: 'M', url: '', parameters: { image_spec: 'a.yaml' }, targets: { main: all } }]]),
    versions: [{ name: 'v1', include: [{ module: 'm', parameters: { image_spec: 'b.yaml' } }], targets: { main: all } }],
    timeline: [{ date: '2024-01-01', versions: { v1: 'effective' } }],
    warnings: [],
  };
}

const selected = (s: Scope): SelectedVersion[] => [{ version: s.versions[0]!, validity: 'effective', listed: true, forced: false }];

function env(secrets: string[] = []): TargetEnvironment {
  return { variables: {}, runId: 'abcd1234', log: () => undefined, secrets: new Set(secrets) };
}

const baseRun = { concurrency: 4, timeoutMs: 5000, now: new Date('2026-11-23T10:00:00Z'), signal: new AbortController().signal };

describe('facts', () => {
  it('are fetched once for many testcases, concurrently shared, and a failed fact ABORTs each dependant with its own error', async () => {
    let fetches = 0;
    let badFetches = 0;
    const good = defineFact('test.good', async () => {
      fetches++;
      await new Promise((r) => setTimeout(r, 20));
      return [1, 2, 3];
    });
    const bad: FactDef<number[]> = defineFact('test.bad', async () => {
      badFetches++;
      throw new Error('compute API answered 503 Service Unavailable');
    });
    const impls: TestcaseImpl[] = [
      readTestcase({ id: 'a', needs: { n: good }, evaluate: ({ n }) => judge(n.length === 3 ? [] : [{ level: 'error', text: 'x' }]) }),
      readTestcase({ id: 'b', needs: { n: good }, evaluate: ({ n }) => pass([], { sum: n.reduce((x, y) => x + y, 0) }) }),
      readTestcase({ id: 'c', needs: { n: good, m: bad }, evaluate: () => pass() }),
      readTestcase({ id: 'd', needs: { m: bad }, evaluate: () => pass() }),
    ];
    const s = scope({ ids: ['a', 'b', 'c', 'd'] });
    const plan = buildPlan(s, selected(s), new Map(impls.map((i) => [i.id, i])), {});
    const out = await runPlan({ ...baseRun, plan, env: env() });
    expect(fetches).toBe(1);
    expect(badFetches).toBe(1);
    const v = Object.fromEntries(out.testcases.map((r) => [r.id, r.verdict]));
    expect(v).toEqual({ a: 'PASS', b: 'PASS', c: 'ABORT', d: 'ABORT' });
    const c = out.testcases.find((r) => r.id === 'c')!;
    expect(c.reason).toBe('could not fetch test.bad: compute API answered 503 Service Unavailable');
    expect(out.testcases.find((r) => r.id === 'b')!.evidence).toEqual({ sum: 6 });
    const failed = out.facts.filter((f) => !f.ok);
    expect(failed.map((f) => f.name)).toEqual(['test.bad']);
    expect(failed[0]!.error).toContain('503');
    // One built-in invocation in the SCS shape
    expect(out.invocations).toHaveLength(1);
    expect(out.invocations[0]!.results).toEqual({ a: 1, b: 1, c: 0, d: 0 });
  });

  it('an evaluation that throws, or a FAIL without explanation, is an ABORT or an explained FAIL', async () => {
    const impls: TestcaseImpl[] = [
      readTestcase({ id: 'throws', needs: {}, evaluate: () => { throw new TypeError('cannot read x of undefined'); } }),
      readTestcase({ id: 'mute', needs: {}, evaluate: () => ({ verdict: 'FAIL', findings: [] }) }),
    ];
    const s = scope({ ids: ['mute', 'throws'] });
    const out = await runPlan({ ...baseRun, plan: buildPlan(s, selected(s), new Map(impls.map((i) => [i.id, i])), {}), env: env() });
    const t = out.testcases.find((r) => r.id === 'throws')!;
    expect(t.verdict).toBe('ABORT');
    expect(t.reason).toMatch(/internal error while evaluating throws: cannot read x of undefined/);
    const m = out.testcases.find((r) => r.id === 'mute')!;
    expect(m.verdict).toBe('FAIL');
    expect(m.findings[0]!.text).toMatch(/without saying why/);
  });
});

describe('scheduling', () => {
  it('starts creating testcases first and times out a hanging one with ABORT', async () => {
    const events: RunEvent[] = [];
    const impls: TestcaseImpl[] = [
      readTestcase({ id: 'aa-read', needs: {}, evaluate: () => pass() }),
      activeTestcase({ id: 'zz-vm', creates: ['server'], priority: 10, run: async () => pass() }),
      activeTestcase({ id: 'hang', creates: ['volume'], run: () => new Promise(() => undefined) }),
    ];
    const s = scope({ ids: ['aa-read', 'hang', 'zz-vm'] });
    const out = await runPlan({ ...baseRun, timeoutMs: 200, concurrency: 1, plan: buildPlan(s, selected(s), new Map(impls.map((i) => [i.id, i])), {}), env: env(), onEvent: (e) => events.push(e) });
    const starts = events.filter((e) => e.type === 'start').map((e) => (e as { id: string }).id);
    expect(starts[0]).toBe('zz-vm');
    expect(starts.indexOf('aa-read')).toBeGreaterThan(0);
    const hang = out.testcases.find((r) => r.id === 'hang')!;
    expect(hang.verdict).toBe('ABORT');
    expect(hang.reason).toMatch(/timed out after 0 s/);
  });

  it('--no-create turns creating testcases into MISSING with the reason, and module parameters reach the testcase', async () => {
    let seen: Record<string, string> = {};
    const impls: TestcaseImpl[] = [
      activeTestcase({ id: 'vm', creates: ['server', 'network'], run: async () => pass() }),
      readTestcase({ id: 'img', needs: {}, evaluate: (_f, ctx) => ((seen = { ...ctx.params }), pass()) }),
    ];
    const s = scope({ ids: ['img', 'vm'] });
    const plan = buildPlan(s, selected(s), new Map(impls.map((i) => [i.id, i])), { os_cloud: 'c1' }, { noCreate: true });
    const out = await runPlan({ ...baseRun, plan, env: env() });
    const vm = out.testcases.find((r) => r.id === 'vm')!;
    expect(vm.verdict).toBe('MISSING');
    expect(vm.reason).toMatch(/--no-create.*server, network/);
    expect(seen).toEqual({ image_spec: 'b.yaml', os_cloud: 'c1' });
  });

  it('interrupting the run ABORTs what had not finished', async () => {
    const ctl = new AbortController();
    const impls: TestcaseImpl[] = [activeTestcase({ id: 'slow', creates: ['x'], run: () => new Promise(() => undefined) })];
    const s = scope({ ids: ['slow'] });
    const p = runPlan({ ...baseRun, signal: ctl.signal, plan: buildPlan(s, selected(s), new Map(impls.map((i) => [i.id, i])), {}), env: env() });
    setTimeout(() => ctl.abort(), 30);
    const out = await p;
    expect(out.testcases[0]!.verdict).toBe('ABORT');
    expect(out.testcases[0]!.reason).toBe('the run was interrupted');
  });
});

describe('secrets', () => {
  it('are scrubbed from findings, evidence and progress', async () => {
    const canary = 'CANARY-s3cr3t-9f8e7d';
    const events: RunEvent[] = [];
    const impls: TestcaseImpl[] = [
      activeTestcase({
        id: 'leaky',
        creates: ['secret'],
        run: async (ctx) => {
          ctx.progress(`created credential with secret ${canary}`);
          return { verdict: 'FAIL', findings: [{ level: 'error', text: `rejected key ${canary}`, observed: canary }], evidence: { s: canary } };
        },
      }),
    ];
    const s = scope({ ids: ['leaky'] });
    const out = await runPlan({ ...baseRun, plan: buildPlan(s, selected(s), new Map(impls.map((i) => [i.id, i])), {}), env: env([canary]), onEvent: (e) => events.push(e) });
    const text = JSON.stringify(out) + JSON.stringify(events);
    expect(text).not.toContain(canary);
    expect(text).toContain('<redacted>');
  });
});

describe('plan', () => {
  it('maps testcases to built-in, script or manual; filters by anchored regex and sections', () => {
    const s = scope({ ids: ['scs-0100-a', 'scs-0101-b'], manual: ['manual-x'], scriptIds: ['ext-1'], executable: './ext.sh', sections: { 'scs-0100-a': 'light' } });
    const impls = new Map<string, TestcaseImpl>([['scs-0100-a', readTestcase({ id: 'scs-0100-a', needs: {}, evaluate: () => pass() })]]);
    const full = buildPlan(s, selected(s), impls, {});
    expect(Object.fromEntries(full.testcases.map((t) => [t.id, t.kind]))).toEqual({ 'ext-1': 'script', 'manual-x': 'manual', 'scs-0100-a': 'builtin', 'scs-0101-b': 'script' });
    expect(full.partial).toBe(false);
    const byRegex = buildPlan(s, selected(s), impls, {}, { tests: '0101' });
    expect(byRegex.testcases).toHaveLength(0); // anchored at the start, as the SCS checker's -t
    const byPrefix = buildPlan(s, selected(s), impls, {}, { tests: 'scs-01' });
    expect(byPrefix.testcases.map((t) => t.id)).toEqual(['scs-0100-a', 'scs-0101-b']);
    const bySection = buildPlan(s, selected(s), impls, {}, { sections: ['light'] });
    expect(bySection.testcases.map((t) => t.id)).toEqual(['scs-0100-a']);
    expect(bySection.withoutSection).toBe(3);
    expect(() => buildPlan(s, selected(s), impls, {}, { tests: '(' })).toThrow(PlanError);
  });
});

describe('external scripts and manual results', () => {
  it('runs a script once with all its ids, substitutes variables, parses the line protocol', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scs-script-'));
    const script = join(dir, 'check.js');
    writeFileSync(
      script,
      [
        "const ids = process.argv.slice(3);",
        "console.log('argv: ' + process.argv.slice(2).join(' '));",
        "console.error('INFO: ' + process.env.GREETING);",
        "console.error('ERROR: ext-2 saw a problem');",
        "console.log('ext-1: PASS');",
        "console.log('ext-2:  fail ');",
        "console.log('not-mine: PASS');",
        "// ext-3 prints nothing",
      ].join('\n'),
    );
    chmodSync(script, 0o755);
    const s = scope({ ids: [], scriptIds: ['ext-1', 'ext-2', 'ext-3'], executable: './check.js', args: '--cloud {os_cloud} {testcases}', dir });
    s.variables = [{ name: 'who', default: 'world' }];
    const plan = buildPlan(s, selected(s), new Map(), { os_cloud: 'mycloud', who: 'world' });
    const out = await runPlan({ ...baseRun, plan, env: env() });
    const v = Object.fromEntries(out.testcases.map((r) => [r.id, r.verdict]));
    expect(v).toEqual({ 'ext-1': 'PASS', 'ext-2': 'FAIL', 'ext-3': 'ABORT' });
    const inv = out.invocations[0]!;
    expect(inv.stdout[0]).toBe('argv: --cloud mycloud ext-1 ext-2 ext-3');
    expect(inv.stderr).toContain('INFO: hello world');
    expect(inv.results).toEqual({ 'ext-1': 1, 'ext-2': -1, 'ext-3': 0 });
    expect(inv.error).toBe(1);
    expect(inv.info).toBe(1);
    expect(out.testcases.find((r) => r.id === 'ext-3')!.reason).toMatch(/exited with code 0 without a result line "ext-3: PASS\|FAIL\|ABORT"/);
    expect(out.testcases.find((r) => r.id === 'ext-2')!.findings[0]!.text).toContain('ERROR: ext-2 saw a problem');
  });

  it('a script that cannot start ABORTs its testcases with the reason', async () => {
    const s = scope({ ids: [], scriptIds: ['ext-1'], executable: './does-not-exist', dir: tmpdir() });
    const out = await runPlan({ ...baseRun, plan: buildPlan(s, selected(s), new Map(), { who: 'x' }), env: env() });
    expect(out.testcases[0]!.verdict).toBe('ABORT');
    expect(out.testcases[0]!.reason).toMatch(/could not start .*does-not-exist/);
  });

  it('manual testcases are MISSING unless recorded', async () => {
    const s = scope({ ids: [], manual: ['m-1', 'm-2'] });
    const out = await runPlan({
      ...baseRun,
      plan: buildPlan(s, selected(s), new Map(), {}),
      env: env(),
      manualResults: new Map([['m-1', { verdict: 'FAIL' as const, note: 'fire zones are not documented' }]]),
      manualSource: 'manual.yaml',
    });
    const m1 = out.testcases.find((r) => r.id === 'm-1')!;
    expect(m1.verdict).toBe('FAIL');
    expect(m1.reason).toBe('fire zones are not documented');
    const m2 = out.testcases.find((r) => r.id === 'm-2')!;
    expect(m2.verdict).toBe('MISSING');
    expect(m2.reason).toMatch(/--manual-results/);
    expect(out.invocations.map((i) => i.cmd)).toEqual(['manual results from manual.yaml']);
    expect(out.invocations[0]!.results).toEqual({ 'm-1': -1 });
  });

  it('ABORT outcomes from abort() carry their reason', async () => {
    const impls: TestcaseImpl[] = [readTestcase({ id: 'x', needs: {}, evaluate: () => abort('no host-id labels: cannot tell physical hosts apart') })];
    const s = scope({ ids: ['x'] });
    const out = await runPlan({ ...baseRun, plan: buildPlan(s, selected(s), new Map(impls.map((i) => [i.id, i])), {}), env: env() });
    expect(out.testcases[0]!.reason).toBe('no host-id labels: cannot tell physical hosts apart');
  });
});
