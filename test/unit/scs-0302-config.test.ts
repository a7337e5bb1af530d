/** scs-0302: the domain manager config file and how a manager's cloud is scoped to its domain. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { managerCloud, parseDomainManagerConfig } from '../../src/openstack/identity-admin.js';

describe('parseDomainManagerConfig', () => {
  it('reads clouds and inline credentials, member_role defaults to member, clouds_file is relative to the file', () => {
    const c = parseDomainManagerConfig(
      'clouds_file: c.yaml\ndomains:\n  - {name: a, cloud: dom-a}\n  - name: b\n    member_role: reader\n    auth: {auth_url: "https://k/v3", username: u, password: CANARY-pw-1, user_domain_name: b}\n',
      '/etc/x/dm.yaml',
    );
    expect(c.cloudsFile).toBe('/etc/x/c.yaml');
    expect(c.domains[0]).toEqual({ name: 'a', cloud: 'dom-a', memberRole: 'member' });
    expect(c.domains[1]).toMatchObject({ name: 'b', memberRole: 'reader', auth: { authUrl: 'https://k/v3', username: 'u', userDomainName: 'b' } });
  });

  it.each([
    ['domains: []', /at least two domains/],
    ['domains: [{name: a, cloud: x}, {name: a, cloud: y}]', /same domain/],
    ['domains: [{name: a}, {name: b, cloud: y}]', /domains\[0\] needs either cloud or auth/],
    ['domains: [{name: a, cloud: x, auth: {}}, {name: b, cloud: y}]', /needs either cloud or auth/],
    ['domains: [{name: a, cloud: x}, {name: b, auth: {auth_url: u, username: v, password: CANARY-pw-2}}]', /domains\[1\]\.auth\.user_domain_name is missing/],
    ['domain: []', /unknown key "domain"/],
    ['domains: [', /not valid YAML/],
  ])('%s is refused with a message naming the file', (text, re) => {
    let message = '';
    try {
      parseDomainManagerConfig(text, '/tmp/dm.yaml');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(re);
    expect(message.startsWith('/tmp/dm.yaml: ')).toBe(true);
    expect(message).not.toContain('CANARY');
  });
});

describe('managerCloud', () => {
  it('a project-scoped clouds.yaml cloud becomes domain-scoped to the configured domain', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scs-dm-unit-'));
    writeFileSync(
      join(dir, 'clouds.yaml'),
      'clouds:\n  dom-a:\n    auth: {auth_url: "https://k/v3", username: m, password: pw-secret-1, user_domain_name: a, project_name: p, project_domain_name: a}\n',
    );
    const config = parseDomainManagerConfig('clouds_file: clouds.yaml\ndomains: [{name: a, cloud: dom-a}, {name: b, cloud: dom-a}]', join(dir, 'dm.yaml'));
    const cloud = managerCloud(config.domains[0]!, config, {}, dir, dir);
    expect(cloud.auth.projectName).toBeUndefined();
    expect(cloud.auth.domainName).toBe('a');
    expect(cloud.auth.username).toBe('m');
    expect(JSON.stringify(cloud)).not.toContain('pw-secret-1');
  });

  it('an application credential cloud is refused (it cannot be domain-scoped)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scs-dm-unit-'));
    writeFileSync(join(dir, 'clouds.yaml'), 'clouds:\n  ac:\n    auth: {auth_url: "https://k/v3", application_credential_id: x, application_credential_secret: s3cr3t-value}\n');
    const config = parseDomainManagerConfig('clouds_file: clouds.yaml\ndomains: [{name: a, cloud: ac}, {name: b, cloud: ac}]', join(dir, 'dm.yaml'));
    expect(() => managerCloud(config.domains[0]!, config, {}, dir, dir)).toThrow(/application credential, which is bound to a project/);
  });
});
