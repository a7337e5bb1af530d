/**
 * Which cloud to talk to and how: clouds.yaml / secure.yaml / OS_* resolved the way openstacksdk does.
 *
 * Search path (first file found wins): OS_CLIENT_CONFIG_FILE, then ./, ~/.config/openstack and
 * /etc/openstack, each as clouds.yaml, clouds.yml, clouds.json. secure.yaml (or OS_CLIENT_SECURE_FILE)
 * is deep-merged over it. The cloud is the one named by `cloud` (the --os-cloud option) or OS_CLOUD;
 * else the `envvars` cloud made of OS_* variables; else the only cloud of the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { parseDocument } from 'yaml';
import type { ConnectionSettings } from './types.js';

export type AuthType = 'password' | 'v3applicationcredential' | 'token';

/** The auth block after normalisation. Holds secrets: never log it. */
export interface AuthSettings {
  authUrl: string;
  username?: string;
  userId?: string;
  password?: string;
  userDomainName?: string;
  userDomainId?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  /** Domain scope (when no project is given). */
  domainName?: string;
  domainId?: string;
  /** `all` for system scope. */
  systemScope?: string;
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret?: string;
  token?: string;
}

/** Settings the caller (CLI options) may force over the file. */
export interface CloudOverrides {
  regionName: string;
  interface: string;
  verify: boolean;
  /** Path of a CA bundle. */
  cacert: string;
  /** Seconds; 0 = no timeout. */
  apiTimeout: number;
}

export interface ResolveCloudOptions {
  /** Cloud name (--os-cloud); falls back to OS_CLOUD. */
  cloud?: string;
  env: Record<string, string | undefined>;
  cwd: string;
  home: string;
  overrides?: Partial<CloudOverrides>;
  /** The system config folder (default /etc/openstack); tests point it elsewhere. */
  systemDir?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const SECRET_FIELDS = ['password', 'applicationCredentialSecret', 'token'] as const;

/** A fully resolved cloud. Holds secrets: JSON and inspect output redact them. */
export class ResolvedCloud {
  constructor(
    readonly name: string,
    readonly authType: AuthType,
    readonly auth: Readonly<AuthSettings>,
    readonly regionName: string | undefined,
    readonly interfaceName: string,
    readonly verify: boolean,
    /** Path of the CA bundle, when one is configured. */
    readonly cacert: string | undefined,
    /** PEM text of the CA bundle (read from `cacert`). */
    readonly ca: string | undefined,
    /** Seconds per request; undefined = the client's default, 0 = none. */
    readonly apiTimeout: number | undefined,
    /** Where the settings came from (file path(s) or `environment`), for messages. */
    readonly source: string,
    /** Client certificate and key (PEM text) for mutual TLS, when configured. */
    readonly clientCert?: string,
    readonly clientKey?: string,
  ) {}

  /** The secret values of this cloud (to scrub from any output). */
  secretValues(): string[] {
    return SECRET_FIELDS.map((f) => this.auth[f]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  }

  /** The settings without secrets. */
  connectionSettings(): ConnectionSettings {
    return {
      cloudName: this.name,
      authUrl: this.auth.authUrl,
      regionName: this.regionName,
      interface: this.interfaceName,
      verify: this.verify,
      ca: this.ca,
      apiTimeout: this.apiTimeout,
    };
  }

  /** A copy with some settings replaced. */
  with(changes: Partial<{ regionName: string; interfaceName: string; verify: boolean; ca: string; apiTimeout: number; auth: AuthSettings }>): ResolvedCloud {
    return new ResolvedCloud(
      this.name,
      this.authType,
      changes.auth ?? this.auth,
      changes.regionName ?? this.regionName,
      changes.interfaceName ?? this.interfaceName,
      changes.verify ?? this.verify,
      this.cacert,
      changes.ca ?? this.ca,
      changes.apiTimeout ?? this.apiTimeout,
      this.source,
      this.clientCert,
      this.clientKey,
    );
  }

  toJSON(): Record<string, unknown> {
    const auth: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.auth)) {
      if (v === undefined) continue;
      auth[k] = (SECRET_FIELDS as readonly string[]).includes(k) ? '<redacted>' : v;
    }
    return {
      name: this.name,
      authType: this.authType,
      auth,
      regionName: this.regionName,
      interface: this.interfaceName,
      verify: this.verify,
      cacert: this.cacert,
      apiTimeout: this.apiTimeout,
      source: this.source,
      clientCert: this.clientCert ? '<pem>' : undefined,
      clientKey: this.clientKey ? '<redacted>' : undefined,
    };
  }

  toString(): string {
    return `ResolvedCloud(${this.name})`;
  }

  [inspect.custom](): string {
    return `ResolvedCloud ${JSON.stringify(this.toJSON())}`;
  }
}

/** OS_* variables that select a cloud rather than describe one. */
const SELECTOR_VARS = new Set(['OS_CLOUD', 'OS_REGION_NAME', 'OS_CLIENT_CONFIG_FILE', 'OS_CLIENT_SECURE_FILE', 'OS_CLOUD_NAME']);

const AUTH_KEYS = [
  'auth_url',
  'username',
  'user_id',
  'password',
  'user_domain_name',
  'user_domain_id',
  'project_name',
  'project_id',
  'tenant_name',
  'tenant_id',
  'project_domain_name',
  'project_domain_id',
  'domain_name',
  'domain_id',
  'default_domain_name',
  'default_domain_id',
  'system_scope',
  'application_credential_id',
  'application_credential_name',
  'application_credential_secret',
  'token',
];

type Dict = Record<string, unknown>;

interface LoadedFile {
  path: string;
  doc: Dict;
}

/** The candidate paths of a config file, in search order. */
export function configSearchPath(
  base: 'clouds' | 'secure',
  opts: Pick<ResolveCloudOptions, 'env' | 'cwd' | 'home' | 'systemDir'>,
): string[] {
  const dirs = [opts.cwd, join(opts.home, '.config', 'openstack'), opts.systemDir ?? '/etc/openstack'];
  const out: string[] = [];
  const override = base === 'clouds' ? opts.env.OS_CLIENT_CONFIG_FILE : opts.env.OS_CLIENT_SECURE_FILE;
  if (override) out.push(isAbsolute(override) ? override : resolvePath(opts.cwd, override));
  for (const dir of dirs) for (const ext of ['yaml', 'yml', 'json']) out.push(join(dir, `${base}.${ext}`));
  return out;
}

function loadFirst(paths: string[]): LoadedFile | undefined {
  for (const path of paths) {
    if (!existsSync(path)) continue;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read ${path}: ${(err as Error).message}`);
    }
    const doc = parseDocument(text, { prettyErrors: true });
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const pos = e.linePos?.[0];
      const where = pos ? `${path}:${pos.line}:${pos.col}` : path;
      throw new ConfigError(`${where}: not valid YAML/JSON: ${e.message.split('\n')[0]} — fix the file or point OS_CLIENT_CONFIG_FILE elsewhere`);
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) return { path, doc: {} };
    if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${path}: the file must be a mapping with a "clouds" key`);
    return { path, doc: value as Dict };
  }
  return undefined;
}

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge: values of `over` win; mappings are merged key by key. */
export function deepMerge(base: Dict, over: Dict): Dict {
  const out: Dict = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isDict(v) && isDict(out[k]) ? deepMerge(out[k] as Dict, v) : v;
  }
  return out;
}

/** openstacksdk accepts `-` and `_` in setting keys alike. */
function normaliseKeys(d: Dict): Dict {
  const out: Dict = {};
  for (const [k, v] of Object.entries(d)) out[k.replace(/-/g, '_')] = isDict(v) ? normaliseKeys(v) : v;
  return out;
}

/** Normalise the settings of every cloud; cloud names stay as written. */
function normaliseClouds(clouds: Dict): Dict {
  const out: Dict = {};
  for (const [name, v] of Object.entries(clouds)) out[name] = isDict(v) ? normaliseKeys(v) : v;
  return out;
}

/** The `envvars` cloud from OS_* variables, or undefined when there are none. */
export function envCloud(env: Record<string, string | undefined>): Dict | undefined {
  const cloud: Dict = {};
  const auth: Dict = {};
  let any = false;
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('OS_') || value === undefined || value === '') continue;
    if (SELECTOR_VARS.has(name) || /^OS_(TEST|STD|LOG)/.test(name)) continue;
    any = true;
    const key = name.slice(3).toLowerCase();
    if (AUTH_KEYS.includes(key)) auth[key] = value;
    else cloud[key] = value;
  }
  if (!any) return undefined;
  if (env.OS_REGION_NAME) cloud.region_name = env.OS_REGION_NAME;
  cloud.auth = auth;
  return cloud;
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function bool(v: unknown, key: string, cloudName: string): boolean | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  const s = String(v).toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(s)) return true;
  if (['false', 'no', '0', 'off'].includes(s)) return false;
  throw new ConfigError(`cloud "${cloudName}": ${key} must be true or false, not "${String(v)}"`);
}

function normaliseAuthType(raw: string | undefined, auth: Dict, cloudName: string): AuthType {
  if (!raw) {
    if (auth.application_credential_secret !== undefined) return 'v3applicationcredential';
    if (auth.token !== undefined && auth.password === undefined) return 'token';
    return 'password';
  }
  const t = raw.toLowerCase().replace(/-/g, '_');
  if (t === 'password' || t === 'v3password') return 'password';
  if (t === 'v3applicationcredential' || t === 'applicationcredential' || t === 'application_credential' || t === 'v3_application_credential') {
    return 'v3applicationcredential';
  }
  if (t === 'token' || t === 'v3token') return 'token';
  throw new ConfigError(
    `cloud "${cloudName}": auth_type "${raw}" is not supported — use password, v3applicationcredential or token`,
  );
}

function readPem(path: string, what: string, cloudName: string, cwd: string): string {
  const p = isAbsolute(path) ? path : resolvePath(cwd, path);
  try {
    return readFileSync(p, 'utf8');
  } catch (err) {
    throw new ConfigError(`cloud "${cloudName}": cannot read ${what} ${p}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Resolve the cloud to use. Throws ConfigError with a message that says what to do. */
export function resolveCloud(opts: ResolveCloudOptions): ResolvedCloud {
  const cloudsPaths = configSearchPath('clouds', opts);
  const securePaths = configSearchPath('secure', opts);
  if (opts.env.OS_CLIENT_CONFIG_FILE && !existsSync(cloudsPaths[0]!)) {
    throw new ConfigError(`OS_CLIENT_CONFIG_FILE points to ${cloudsPaths[0]}, which does not exist`);
  }
  const cloudsFile = loadFirst(cloudsPaths);
  const secureFile = loadFirst(securePaths);
  let clouds: Dict = {};
  if (cloudsFile) {
    const c = cloudsFile.doc.clouds;
    if (c !== undefined && !isDict(c)) throw new ConfigError(`${cloudsFile.path}: "clouds" must be a mapping of cloud names to settings`);
    clouds = normaliseClouds((c as Dict | undefined) ?? {});
  }
  if (secureFile && isDict(secureFile.doc.clouds)) clouds = deepMerge(clouds, normaliseClouds(secureFile.doc.clouds));
  const fileNames = Object.keys(clouds);
  const envvarsName = opts.env.OS_CLOUD_NAME || 'envvars';
  const fromEnv = envCloud(opts.env);
  if (fromEnv) clouds = { ...clouds, [envvarsName]: fromEnv };

  const requested = opts.cloud || opts.env.OS_CLOUD || undefined;
  const searched = cloudsPaths.join(', ');
  let name: string;
  if (requested) {
    if (!(requested in clouds)) {
      const known = Object.keys(clouds);
      throw new ConfigError(
        `cloud "${requested}" is not defined: ` +
          (known.length ? `the defined clouds are ${known.map((n) => `"${n}"`).join(', ')}` : 'no clouds are defined') +
          (cloudsFile ? ` (in ${cloudsFile.path})` : ` (searched ${searched})`),
      );
    }
    name = requested;
  } else if (fromEnv) {
    name = envvarsName;
  } else if (fileNames.length === 1) {
    name = fileNames[0]!;
  } else if (fileNames.length === 0) {
    throw new ConfigError(
      `no OpenStack cloud is configured: no clouds.yaml found (searched ${searched}) and no OS_* variables set — ` +
        'create a clouds.yaml, set OS_CLIENT_CONFIG_FILE, or source an openrc file',
    );
  } else {
    throw new ConfigError(
      `${cloudsFile!.path} defines several clouds (${fileNames.map((n) => `"${n}"`).join(', ')}): choose one with --os-cloud or OS_CLOUD`,
    );
  }

  const source = name === envvarsName && fromEnv ? 'environment (OS_* variables)' : [cloudsFile?.path, secureFile?.path].filter(Boolean).join(' + ');
  const raw = clouds[name];
  if (!isDict(raw)) throw new ConfigError(`cloud "${name}" in ${source} must be a mapping of settings`);
  return buildCloud(name, raw, source, opts);
}

function buildCloud(name: string, raw: Dict, source: string, opts: ResolveCloudOptions): ResolvedCloud {
  // Flat auth keys (openrc style, or written beside `auth:`) count as auth keys, as in openstacksdk.
  const authBlock: Dict = isDict(raw.auth) ? { ...raw.auth } : {};
  for (const key of AUTH_KEYS) if (authBlock[key] === undefined && raw[key] !== undefined) authBlock[key] = raw[key];
  const where = `cloud "${name}" (${source})`;
  const missing = (key: string, hint = ''): ConfigError => new ConfigError(`${where}: auth.${key} is missing${hint}`);

  const authUrl = str(authBlock.auth_url);
  if (!authUrl) throw missing('auth_url', raw.profile || raw.cloud ? ' (vendor profiles are not supported: write auth_url into clouds.yaml)' : '');
  const identityVersion = str(raw.identity_api_version);
  if (identityVersion && !/^3(\.\d+)?$/.test(identityVersion)) {
    throw new ConfigError(`${where}: identity_api_version ${identityVersion} is not supported — only Keystone v3 is`);
  }
  const authType = normaliseAuthType(str(raw.auth_type), authBlock, name);
  const domainName = str(authBlock.domain_name);
  const domainId = str(authBlock.domain_id);
  const defaultDomainName = str(authBlock.default_domain_name);
  const defaultDomainId = str(authBlock.default_domain_id);
  const auth: AuthSettings = {
    authUrl,
    username: str(authBlock.username),
    userId: str(authBlock.user_id),
    password: str(authBlock.password),
    userDomainName: str(authBlock.user_domain_name),
    userDomainId: str(authBlock.user_domain_id),
    projectName: str(authBlock.project_name) ?? str(authBlock.tenant_name),
    projectId: str(authBlock.project_id) ?? str(authBlock.tenant_id),
    projectDomainName: str(authBlock.project_domain_name),
    projectDomainId: str(authBlock.project_domain_id),
    systemScope: str(authBlock.system_scope),
    applicationCredentialId: str(authBlock.application_credential_id),
    applicationCredentialName: str(authBlock.application_credential_name),
    applicationCredentialSecret: str(authBlock.application_credential_secret),
    token: str(authBlock.token),
  };
  const projectScoped = auth.projectId !== undefined || auth.projectName !== undefined;
  // keystoneauth: domain_* is the default of user_domain_* / project_domain_* when a project is scoped;
  // without a project it requests a domain-scoped token. default_domain_* is only a default.
  if (projectScoped) {
    if (!auth.projectDomainId && !auth.projectDomainName) {
      auth.projectDomainId = domainId ?? defaultDomainId;
      auth.projectDomainName = auth.projectDomainId ? undefined : (domainName ?? defaultDomainName);
    }
  } else if (domainId || domainName) {
    auth.domainId = domainId;
    auth.domainName = domainId ? undefined : domainName;
  }
  if (!auth.userDomainId && !auth.userDomainName) {
    auth.userDomainId = domainId ?? defaultDomainId;
    auth.userDomainName = auth.userDomainId ? undefined : (domainName ?? defaultDomainName);
  }

  if (authType === 'password') {
    if (!auth.username && !auth.userId) throw missing('username', ' (or auth.user_id)');
    if (!auth.password) throw missing('password', ' (put it into secure.yaml or OS_PASSWORD)');
    if (auth.username && !auth.userId && !auth.userDomainId && !auth.userDomainName) {
      throw missing('user_domain_name', ` (or user_domain_id): Keystone needs the domain of user "${auth.username}"`);
    }
    if (auth.projectName && !auth.projectId && !auth.projectDomainId && !auth.projectDomainName) {
      throw missing('project_domain_name', ` (or project_domain_id): Keystone needs the domain of project "${auth.projectName}"`);
    }
  } else if (authType === 'v3applicationcredential') {
    if (!auth.applicationCredentialSecret) throw missing('application_credential_secret', ' (put it into secure.yaml or OS_APPLICATION_CREDENTIAL_SECRET)');
    if (!auth.applicationCredentialId) {
      if (!auth.applicationCredentialName) throw missing('application_credential_id', ' (or application_credential_name with username/user_id)');
      if (!auth.username && !auth.userId) throw missing('username', ` (or user_id): application credential "${auth.applicationCredentialName}" is named, so its user is needed`);
      if (auth.username && !auth.userId && !auth.userDomainId && !auth.userDomainName) throw missing('user_domain_name', ' (or user_domain_id)');
    }
  } else if (!auth.token) {
    throw missing('token');
  }

  // TLS: `verify` may be a bool or a CA path; `insecure` is its deprecated inverse; verify:false wins over cacert.
  const over = opts.overrides ?? {};
  let verify = true;
  let cacert = str(raw.cacert);
  if (typeof raw.verify === 'string' && !['true', 'false', 'yes', 'no', '1', '0', 'on', 'off'].includes(raw.verify.toLowerCase())) {
    cacert = cacert ?? raw.verify;
  } else {
    const v = bool(raw.verify, 'verify', name);
    if (v === false) verify = false;
  }
  const insecure = bool(raw.insecure, 'insecure', name);
  if (insecure === true) verify = false;
  if (over.cacert !== undefined) cacert = over.cacert;
  if (over.verify !== undefined) verify = over.verify;
  const ca = verify && cacert ? readPem(cacert, 'the CA bundle (cacert)', name, opts.cwd) : undefined;
  const clientCert = str(raw.cert) ? readPem(str(raw.cert)!, 'the client certificate (cert)', name, opts.cwd) : undefined;
  const clientKey = str(raw.key) ? readPem(str(raw.key)!, 'the client key (key)', name, opts.cwd) : undefined;

  let regionName = str(raw.region_name);
  if (!regionName && Array.isArray(raw.regions) && raw.regions.length > 0) {
    const first = raw.regions[0] as unknown;
    regionName = typeof first === 'string' ? first : isDict(first) ? str(first.name) : undefined;
  }
  if (!regionName && opts.env.OS_REGION_NAME) regionName = opts.env.OS_REGION_NAME;
  if (over.regionName !== undefined) regionName = over.regionName || undefined;

  let iface = str(raw.interface) ?? str(raw.endpoint_type) ?? 'public';
  if (over.interface !== undefined) iface = over.interface;
  iface = iface.toLowerCase().replace(/url$/, '');
  if (!['public', 'internal', 'admin'].includes(iface)) {
    throw new ConfigError(`${where}: interface "${iface}" is not one of public, internal, admin`);
  }

  let apiTimeout: number | undefined;
  const t = over.apiTimeout ?? raw.api_timeout;
  if (t !== undefined && t !== null && t !== '') {
    apiTimeout = Number(t);
    if (!Number.isFinite(apiTimeout) || apiTimeout < 0) throw new ConfigError(`${where}: api_timeout must be a number of seconds, not "${String(t)}"`);
  }

  return new ResolvedCloud(name, authType, auth, regionName, iface, verify, verify ? cacert : undefined, ca, apiTimeout, source, clientCert, clientKey);
}
