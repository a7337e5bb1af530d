/**
 * How to reach a running sandbox as an OpenStack cloud: a ResolvedCloud for in-process runs, and the
 * clouds.yaml text `scs-compliance sandbox` prints. The credentials are the profile's fake values.
 */
import { stringify } from 'yaml';
import { ResolvedCloud, type AuthSettings } from '../openstack/config.js';
import type { RunningSandbox } from './server.js';
import { identityData, type IdentityData } from './services/identity.js';

export interface SandboxCloudOptions {
  /** Default: application credential when the profile has one, else password. */
  auth?: 'password' | 'application-credential';
  cloudName?: string;
}

function data(sb: RunningSandbox): IdentityData {
  const d = identityData(sb.world);
  if (!d) throw new Error(`sandbox profile "${sb.world.profile.name}" has no identity section: it cannot act as an OpenStack cloud`);
  return d;
}

function authFor(d: IdentityData, authUrl: string, kind: 'password' | 'application-credential'): { authType: 'password' | 'v3applicationcredential'; auth: AuthSettings } {
  if (kind === 'application-credential') {
    const cred = d.appCreds[0];
    if (!cred) throw new Error('the sandbox profile defines no application credential (identity.application_credentials)');
    return { authType: 'v3applicationcredential', auth: { authUrl, applicationCredentialId: cred.id, applicationCredentialSecret: cred.secret } };
  }
  // The first user with a project role, scoped to that project.
  const assignment = d.assignments.find((a) => a.projectId) ?? d.assignments[0];
  const user = d.users.find((u) => u.id === assignment?.userId) ?? d.users[0];
  if (!user) throw new Error('the sandbox profile defines no user (identity.users)');
  const project = d.projects.find((p) => p.id === assignment?.projectId);
  const domainName = (id: string): string => d.domains.find((x) => x.id === id)?.name ?? id;
  return {
    authType: 'password',
    auth: {
      authUrl,
      username: user.name,
      password: user.password,
      userDomainName: domainName(user.domainId),
      ...(project ? { projectName: project.name, projectDomainName: domainName(project.domainId) } : {}),
    },
  };
}

/** A cloud for in-process runs against the sandbox. */
export function sandboxCloud(sb: RunningSandbox, opts: SandboxCloudOptions = {}): ResolvedCloud {
  const d = data(sb);
  const kind = opts.auth ?? (d.appCreds.length > 0 ? 'application-credential' : 'password');
  const { authType, auth } = authFor(d, `${sb.url}/identity/v3`, kind);
  return new ResolvedCloud(opts.cloudName ?? 'sandbox', authType, auth, d.regions[0], 'public', true, undefined, undefined, undefined, `sandbox ${sb.url}`);
}

/** clouds.yaml text for the sandbox (application credential when the profile has one). */
export function sandboxCloudsYaml(sb: RunningSandbox, cloudName = 'sandbox', opts: Omit<SandboxCloudOptions, 'cloudName'> = {}): string {
  const cloud = sandboxCloud(sb, { ...opts, cloudName });
  const a = cloud.auth;
  const auth: Record<string, string> =
    cloud.authType === 'v3applicationcredential'
      ? { auth_url: a.authUrl, application_credential_id: a.applicationCredentialId!, application_credential_secret: a.applicationCredentialSecret! }
      : {
          auth_url: a.authUrl,
          username: a.username!,
          password: a.password!,
          user_domain_name: a.userDomainName!,
          ...(a.projectName ? { project_name: a.projectName, project_domain_name: a.projectDomainName! } : {}),
        };
  const doc = {
    clouds: {
      [cloudName]: {
        auth_type: cloud.authType,
        auth,
        region_name: cloud.regionName,
        interface: 'public',
        identity_api_version: 3,
      },
    },
  };
  return `# scs-compliance sandbox at ${sb.url} (profile ${sb.world.profile.name}); the credentials are fake.\n${stringify(doc)}`;
}
