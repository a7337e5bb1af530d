import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubernetesConnector, kubeconfigFiles } from '../../src/kubernetes/connector.js';
import { KubeConfigError } from '../../src/kubernetes/errors.js';
import type { KubeClients } from '../../src/kubernetes/connector.js';

const CANARY = 'CANARY-kube-token-5d1e0f';
let dir: string;

function kubeconfig(name: string, o: { contexts?: string[]; current?: string; server?: string; token?: string } = {}): string {
  const contexts = o.contexts ?? ['ctx-a'];
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...contexts.map((c) => `- name: cl-${c}\n  cluster:\n    server: ${o.server ?? 'https://127.0.0.1:6443'}`),
    'users:',
    ...contexts.map((c) => `- name: u-${c}\n  user:\n    token: ${o.token ?? CANARY}`),
    'contexts:',
    ...contexts.map((c) => `- name: ${c}\n  context:\n    cluster: cl-${c}\n    user: u-${c}`),
    ...(o.current === '' ? [] : [`current-context: ${o.current ?? contexts[0]}`]),
  ].join('\n');
  const path = join(dir, name);
  writeFileSync(path, text + '\n');
  return path;
}

const expectKubeError = (fn: () => unknown, pattern: RegExp) => {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(KubeConfigError);
  expect((err as Error).message).toMatch(pattern);
  expect((err as Error).message).not.toContain(CANARY);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8s-conn-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createKubernetesConnector', () => {
  it('uses --kubeconfig and its current context', () => {
    const path = kubeconfig('one.yaml', { contexts: ['a', 'b'], current: 'b' });
    const k = createKubernetesConnector({ kubeconfig: path, env: {}, home: dir });
    expect(k.context).toBe('b');
    expect(k.source).toBe(path);
    expect(k.kubeconfigPath).toBe(path);
    expect(k.server).toBe('https://127.0.0.1:6443');
  });

  it('resolves a relative --kubeconfig against the given working directory', () => {
    kubeconfig('relative.yaml', { contexts: ['rel'] });
    expect(createKubernetesConnector({ kubeconfig: 'relative.yaml', cwd: dir, env: {}, home: dir }).source).toBe(join(dir, 'relative.yaml'));
  });

  it('--context picks another context; an unknown one lists the available ones', () => {
    const path = kubeconfig('two.yaml', { contexts: ['a', 'b'] });
    expect(createKubernetesConnector({ kubeconfig: path, context: 'b', env: {}, home: dir }).context).toBe('b');
    expectKubeError(() => createKubernetesConnector({ kubeconfig: path, context: 'nope', env: {}, home: dir }), /context "nope" not found in kubeconfig .*two\.yaml \(available: a, b\)/);
  });

  it('a kubeconfig without current-context needs --context', () => {
    const path = kubeconfig('nocurrent.yaml', { contexts: ['a'], current: '' });
    expectKubeError(() => createKubernetesConnector({ kubeconfig: path, env: {}, home: dir }), /has no current-context: pass --context NAME \(available: a\)/);
  });

  it('a missing --kubeconfig file is an error, not a fallback', () => {
    expectKubeError(() => createKubernetesConnector({ kubeconfig: join(dir, 'absent.yaml'), env: { KUBECONFIG: kubeconfig('x.yaml') }, home: dir }), /absent\.yaml not found/);
  });

  it('a broken kubeconfig is an error that does not quote the file (credentials)', () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, `users:\n- name: x\n  user:\n    token: ${CANARY}\n   bad: [indent\n`);
    expectKubeError(() => createKubernetesConnector({ kubeconfig: path, env: {}, home: dir }), /broken\.yaml is not valid: .*kubectl config view/);
  });

  it('an empty kubeconfig file is an error that says so', () => {
    const path = join(dir, 'empty.yaml');
    writeFileSync(path, '\n');
    expectKubeError(() => createKubernetesConnector({ kubeconfig: path, env: {}, home: dir }), /empty\.yaml is empty/);
  });

  it('no kubeconfig anywhere and not in a pod: a clear error, never localhost:8080', () => {
    const home = join(dir, 'emptyhome');
    mkdirSync(home, { recursive: true });
    expectKubeError(() => createKubernetesConnector({ env: {}, home, serviceAccountDir: join(dir, 'no-sa') }), /no kubeconfig found: pass --kubeconfig PATH, set KUBECONFIG, or create .*emptyhome\/\.kube\/config/);
  });

  it('falls back to ~/.kube/config', () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    const src = kubeconfig('homecfg.yaml', { contexts: ['home-ctx'] });
    writeFileSync(join(home, '.kube', 'config'), readFileSync(src, 'utf8'));
    const k = createKubernetesConnector({ env: {}, home });
    expect(k.context).toBe('home-ctx');
    expect(k.source).toBe(join(home, '.kube', 'config'));
  });

  it('merges a KUBECONFIG list, first file wins, and passes the list on for sonobuoy', () => {
    const a = kubeconfig('list-a.yaml', { contexts: ['shared', 'only-a'], server: 'https://a.example:6443' });
    const b = kubeconfig('list-b.yaml', { contexts: ['shared', 'only-b'], current: 'only-b', server: 'https://b.example:6443' });
    const list = [a, join(dir, 'missing.yaml'), b].join(delimiter);
    expect(kubeconfigFiles({ env: { KUBECONFIG: list }, home: dir })).toEqual([a, b]);
    const k = createKubernetesConnector({ env: { KUBECONFIG: list }, home: dir });
    expect(k.context).toBe('shared');
    expect(k.server).toBe('https://a.example:6443');
    expect(k.kubeconfigPath).toBe([a, b].join(delimiter));
    expect(createKubernetesConnector({ env: { KUBECONFIG: list }, context: 'only-b', home: dir }).server).toBe('https://b.example:6443');
  });

  it('a KUBECONFIG whose files all miss is an error', () => {
    expectKubeError(() => createKubernetesConnector({ env: { KUBECONFIG: join(dir, 'gone.yaml') }, home: dir }), /none of the files in KUBECONFIG exist/);
  });

  it('in a pod without kubeconfig: the service account, TLS verified against its CA', async () => {
    const sa = join(dir, 'sa');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), CANARY);
    writeFileSync(join(sa, 'ca.crt'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    const home = join(dir, 'podhome');
    mkdirSync(home, { recursive: true });
    const k = createKubernetesConnector({ env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, home, serviceAccountDir: sa });
    expect(k.source).toBe('in-cluster');
    expect(k.kubeconfigPath).toBeUndefined();
    expect(k.server).toBe('https://10.96.0.1:443');
    const { config } = (await k.client()) as KubeClients;
    expect(config.getCurrentCluster()).toMatchObject({ skipTLSVerify: false, caFile: join(sa, 'ca.crt') });
    expect(JSON.stringify({ source: k.source, context: k.context, path: k.kubeconfigPath })).not.toContain(CANARY);
  });

  it('exec credential plugins are kept for the client library', () => {
    const path = join(dir, 'exec.yaml');
    writeFileSync(
      path,
      'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:6443\nusers:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: kubelogin\n      args: [get-token]\ncontexts:\n- name: x\n  context:\n    cluster: c\n    user: u\ncurrent-context: x\n',
    );
    const k = createKubernetesConnector({ kubeconfig: path, env: {}, home: dir });
    expect(k.context).toBe('x');
  });
});

