import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, configSearchPath, deepMerge, envCloud, resolveCloud, type ResolveCloudOptions } from '../../src/openstack/config.js';

const CANARY = 'canary-pw-6b1f0e2d9c';

let root: string;
let cwd: string;
let home: string;
let etc: string;

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function opts(extra: Partial<ResolveCloudOptions> = {}): ResolveCloudOptions {
  return { env: {}, cwd, home, systemDir: etc, ...extra };
}

const PASSWORD_CLOUD = `
clouds:
  alpha:
    auth:
      auth_url: https://keystone.alpha.example:5000/v3
      username: alice
      password: ${CANARY}
      user_domain_name: Default
      project_name: proj-a
      project_domain_name: Default
    region_name: RegionOne
`;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'scs-oscfg-'));
  cwd = join(root, 'cwd');
  home = join(root, 'home');
  etc = join(root, 'etc-openstack');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(home, { recursive: true });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('search path', () => {
  it('puts OS_CLIENT_CONFIG_FILE first, then cwd, ~/.config/openstack and /etc/openstack, each as yaml/yml/json', () => {
    const paths = configSearchPath('clouds', { env: { OS_CLIENT_CONFIG_FILE: '/x/my.yaml' }, cwd: '/c', home: '/h', systemDir: '/e' });
    expect(paths).toEqual([
      '/x/my.yaml',
      '/c/clouds.yaml',
      '/c/clouds.yml',
      '/c/clouds.json',
      '/h/.config/openstack/clouds.yaml',
      '/h/.config/openstack/clouds.yml',
      '/h/.config/openstack/clouds.json',
      '/e/clouds.yaml',
      '/e/clouds.yml',
      '/e/clouds.json',
    ]);
  });

  it('uses the first file found: cwd wins over the user folder, which wins over /etc', () => {
    write(join(etc, 'clouds.yaml'), PASSWORD_CLOUD.replace('alpha:', 'from-etc:'));
    write(join(home, '.config/openstack/clouds.yaml'), PASSWORD_CLOUD.replace('alpha:', 'from-home:'));
    expect(resolveCloud(opts()).name).toBe('from-home');
    write(join(cwd, 'clouds.yml'), PASSWORD_CLOUD.replace('alpha:', 'from-cwd:'));
    expect(resolveCloud(opts()).name).toBe('from-cwd');
    const custom = write(join(root, 'custom.yaml'), PASSWORD_CLOUD.replace('alpha:', 'from-env-file:'));
    expect(resolveCloud(opts({ env: { OS_CLIENT_CONFIG_FILE: custom } })).name).toBe('from-env-file');
  });

  it('reads clouds.json as well', () => {
    write(join(cwd, 'clouds.json'), JSON.stringify({ clouds: { j: { auth_type: 'token', auth: { auth_url: 'https://k/v3', token: 'tok-123456' } } } }));
    const c = resolveCloud(opts());
    expect(c.name).toBe('j');
    expect(c.authType).toBe('token');
  });

  it('fails clearly when OS_CLIENT_CONFIG_FILE points nowhere', () => {
    expect(() => resolveCloud(opts({ env: { OS_CLIENT_CONFIG_FILE: join(root, 'nope.yaml') } }))).toThrow(/OS_CLIENT_CONFIG_FILE points to .*nope\.yaml, which does not exist/);
  });
});

describe('secure.yaml', () => {
  it('is deep-merged over clouds.yaml', () => {
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD.replace(`password: ${CANARY}`, 'password: placeholder'));
    write(join(home, '.config/openstack/secure.yaml'), `clouds:\n  alpha:\n    auth:\n      password: ${CANARY}\n`);
    const c = resolveCloud(opts());
    expect(c.auth.password).toBe(CANARY);
    expect(c.auth.username).toBe('alice');
    expect(c.auth.projectName).toBe('proj-a');
    expect(c.source).toContain('secure.yaml');
  });

  it('OS_CLIENT_SECURE_FILE names the secure file', () => {
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD.replace(`password: ${CANARY}`, ''));
    const sec = write(join(root, 'sec.yaml'), `clouds:\n  alpha:\n    auth:\n      password: from-secure-file\n`);
    expect(resolveCloud(opts({ env: { OS_CLIENT_SECURE_FILE: sec } })).auth.password).toBe('from-secure-file');
  });

  it('deepMerge merges nested mappings and lets the overlay win', () => {
    expect(deepMerge({ a: { b: 1, c: 2 }, d: 1 }, { a: { c: 3 }, e: 4 })).toEqual({ a: { b: 1, c: 3 }, d: 1, e: 4 });
  });
});

describe('which cloud', () => {
  const two = PASSWORD_CLOUD + `  beta:\n    auth:\n      auth_url: https://keystone.beta.example/v3\n      application_credential_id: ac-1\n      application_credential_secret: s3cr3t-beta\n    auth_type: v3applicationcredential\n`;

  it('uses the single cloud of the file by default', () => {
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD);
    const c = resolveCloud(opts());
    expect(c.name).toBe('alpha');
    expect(c.authType).toBe('password');
    expect(c.auth.authUrl).toBe('https://keystone.alpha.example:5000/v3');
    expect(c.regionName).toBe('RegionOne');
    expect(c.interfaceName).toBe('public');
    expect(c.verify).toBe(true);
  });

  it('asks to choose when several clouds exist, listing them', () => {
    write(join(cwd, 'clouds.yaml'), two);
    expect(() => resolveCloud(opts())).toThrow(/several clouds \("alpha", "beta"\): choose one with --os-cloud or OS_CLOUD/);
  });

  it('OS_CLOUD selects, and the cloud option wins over OS_CLOUD', () => {
    write(join(cwd, 'clouds.yaml'), two);
    expect(resolveCloud(opts({ env: { OS_CLOUD: 'beta' } })).authType).toBe('v3applicationcredential');
    expect(resolveCloud(opts({ env: { OS_CLOUD: 'beta' }, cloud: 'alpha' })).name).toBe('alpha');
  });

  it('names the defined clouds and the file when the cloud is unknown', () => {
    const file = write(join(cwd, 'clouds.yaml'), two);
    let err: unknown;
    try {
      resolveCloud(opts({ cloud: 'gamma' }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`cloud "gamma" is not defined: the defined clouds are "alpha", "beta" (in ${file})`);
  });

  it('lists every searched file when nothing is configured', () => {
    expect(() => resolveCloud(opts())).toThrow(new RegExp(`no clouds.yaml found \\(searched ${join(cwd, 'clouds.yaml').replace(/[.]/g, '\\.')}`));
  });

  it('builds the envvars cloud from OS_* variables, ignoring selectors and OS_TEST*', () => {
    const env = {
      OS_AUTH_URL: 'https://keystone.env.example/v3',
      OS_USERNAME: 'eve',
      OS_PASSWORD: CANARY,
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_NAME: 'p1',
      OS_PROJECT_DOMAIN_ID: 'default',
      OS_REGION_NAME: 'RegionTwo',
      OS_INTERFACE: 'internal',
      OS_TEST_WHATEVER: 'x',
    };
    expect(envCloud({ OS_CLOUD: 'x', OS_REGION_NAME: 'r', OS_TEST_X: '1' })).toBeUndefined();
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD);
    const c = resolveCloud(opts({ env }));
    expect(c.name).toBe('envvars');
    expect(c.source).toBe('environment (OS_* variables)');
    expect(c.auth).toMatchObject({ authUrl: 'https://keystone.env.example/v3', username: 'eve', projectName: 'p1', projectDomainId: 'default', userDomainName: 'Default' });
    expect(c.regionName).toBe('RegionTwo');
    expect(c.interfaceName).toBe('internal');
    expect(resolveCloud(opts({ env: { ...env, OS_CLOUD_NAME: 'mine' } })).name).toBe('mine');
    // OS_CLOUD still picks a file cloud when OS_* variables are set too.
    expect(resolveCloud(opts({ env: { ...env, OS_CLOUD: 'alpha' } })).name).toBe('alpha');
  });

  it('infers application credential auth from OS_APPLICATION_CREDENTIAL_*', () => {
    const c = resolveCloud(
      opts({ env: { OS_AUTH_URL: 'https://k.example:5000', OS_APPLICATION_CREDENTIAL_ID: 'abc', OS_APPLICATION_CREDENTIAL_SECRET: CANARY } }),
    );
    expect(c.authType).toBe('v3applicationcredential');
    expect(c.auth.applicationCredentialId).toBe('abc');
  });
});

describe('malformed input', () => {
  it('reports YAML errors with file and line', () => {
    const file = write(join(cwd, 'clouds.yaml'), 'clouds:\n  a:\n    auth: {auth_url: x\n    region_name: r\n');
    expect(() => resolveCloud(opts())).toThrow(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: not valid YAML/JSON`));
    try {
      resolveCloud(opts());
    } catch (e) {
      const line = Number(/clouds\.yaml:(\d+):/.exec((e as Error).message)![1]);
      expect(line).toBeGreaterThanOrEqual(3);
    }
  });

  it('names the missing key and where to put a secret', () => {
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD.replace(`password: ${CANARY}`, ''));
    expect(() => resolveCloud(opts())).toThrow(/cloud "alpha" \(.*clouds\.yaml\): auth\.password is missing \(put it into secure\.yaml or OS_PASSWORD\)/);
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD.replace('auth_url: https://keystone.alpha.example:5000/v3', ''));
    expect(() => resolveCloud(opts())).toThrow(/auth\.auth_url is missing/);
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD.replace('project_domain_name: Default', '').replace('user_domain_name: Default', 'user_domain_id: default'));
    expect(() => resolveCloud(opts())).toThrow(/auth\.project_domain_name is missing .*project "proj-a"/);
  });

  it('rejects unsupported auth types and identity v2', () => {
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD + '    auth_type: v3oidcpassword\n');
    expect(() => resolveCloud(opts())).toThrow(/auth_type "v3oidcpassword" is not supported — use password, v3applicationcredential or token/);
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD + '    identity_api_version: 2\n');
    expect(() => resolveCloud(opts())).toThrow(/only Keystone v3/);
  });

  it('never puts the password into an error message', () => {
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD.replace('auth_url: https://keystone.alpha.example:5000/v3', ''));
    try {
      resolveCloud(opts());
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain(CANARY);
    }
  });
});

describe('scope and domains', () => {
  it('uses domain_name as default of user and project domain, and domain scope without a project', () => {
    write(join(cwd, 'clouds.yaml'), `clouds:\n  d:\n    auth:\n      auth_url: https://k/v3\n      username: u\n      password: pw-123456\n      domain_name: dom-x\n`);
    const c = resolveCloud(opts());
    expect(c.auth.domainName).toBe('dom-x');
    expect(c.auth.userDomainName).toBe('dom-x');
    expect(c.auth.projectName).toBeUndefined();
    write(join(cwd, 'clouds.yaml'), `clouds:\n  d:\n    auth:\n      auth_url: https://k/v3\n      username: u\n      password: pw-123456\n      domain_id: dom-id\n      project_name: p\n`);
    const p = resolveCloud(opts());
    expect(p.auth).toMatchObject({ projectName: 'p', projectDomainId: 'dom-id', userDomainId: 'dom-id' });
    expect(p.auth.domainId).toBeUndefined();
  });
});

describe('TLS, timeout, region, interface', () => {
  it('reads cacert, and verify:false wins over cacert', () => {
    const ca = write(join(root, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD + `    cacert: ${ca}\n    api_timeout: 12\n    interface: internalURL\n`);
    const c = resolveCloud(opts());
    expect(c.verify).toBe(true);
    expect(c.cacert).toBe(ca);
    expect(c.ca).toContain('BEGIN CERTIFICATE');
    expect(c.apiTimeout).toBe(12);
    expect(c.interfaceName).toBe('internal');
    expect(c.connectionSettings()).toMatchObject({ verify: true, ca: c.ca, apiTimeout: 12, interface: 'internal' });
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD + `    cacert: ${ca}\n    verify: false\n`);
    const off = resolveCloud(opts());
    expect(off.verify).toBe(false);
    expect(off.ca).toBeUndefined();
  });

  it('accepts verify as a CA path and insecure:true as verify:false', () => {
    const ca = write(join(root, 'ca2.pem'), 'PEM-TEXT');
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD + `    verify: ${ca}\n`);
    expect(resolveCloud(opts()).ca).toBe('PEM-TEXT');
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD + `    insecure: true\n`);
    expect(resolveCloud(opts()).verify).toBe(false);
  });

  it('honours OS_CACERT and OS_INSECURE in the envvars cloud', () => {
    const ca = write(join(root, 'env-ca.pem'), 'ENV-PEM');
    const env = { OS_AUTH_URL: 'https://k/v3', OS_APPLICATION_CREDENTIAL_ID: 'a', OS_APPLICATION_CREDENTIAL_SECRET: 'secret-123456', OS_CACERT: ca };
    expect(resolveCloud(opts({ env })).ca).toBe('ENV-PEM');
    const off = resolveCloud(opts({ env: { ...env, OS_INSECURE: 'true' } }));
    expect(off.verify).toBe(false);
    expect(off.ca).toBeUndefined();
    expect(() => resolveCloud(opts({ env: { ...env, OS_INSECURE: 'maybe' } }))).toThrow(/insecure must be true or false, not "maybe"/);
  });

  it('says which CA file it cannot read', () => {
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD + `    cacert: /nonexistent/ca.pem\n`);
    expect(() => resolveCloud(opts())).toThrow(/cannot read the CA bundle \(cacert\) \/nonexistent\/ca\.pem: ENOENT/);
  });

  it('applies overrides and the first of a regions list', () => {
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD.replace('region_name: RegionOne', 'regions: [r-a, r-b]'));
    expect(resolveCloud(opts()).regionName).toBe('r-a');
    const o = resolveCloud(opts({ overrides: { regionName: 'r-b', interface: 'admin', verify: false, apiTimeout: 0 } }));
    expect(o).toMatchObject({ regionName: 'r-b', interfaceName: 'admin', verify: false, apiTimeout: 0 });
  });
});

describe('redaction', () => {
  it('JSON, inspect and toString never show the secrets', () => {
    write(join(cwd, 'clouds.yaml'), PASSWORD_CLOUD);
    const c = resolveCloud(opts());
    expect(c.auth.password).toBe(CANARY);
    expect(JSON.stringify(c)).not.toContain(CANARY);
    expect(JSON.stringify(c)).toContain('"password":"<redacted>"');
    expect(inspect(c, { depth: 10 })).not.toContain(CANARY);
    expect(String(c)).not.toContain(CANARY);
    expect(`${JSON.stringify({ nested: c })}`).not.toContain(CANARY);
    expect(c.secretValues()).toEqual([CANARY]);
  });
});
