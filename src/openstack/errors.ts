/**
 * The errors of the OpenStack client. Every message says what went wrong and what to do, and none of
 * them contains a password, token or secret: messages are built from our own words, the method, a URL
 * stripped of secret query values, status codes and the server's own error message (scrubbed).
 */

/** Base class: lets callers tell OpenStack client errors from programming errors. */
export class OpenStackError extends Error {
  override name = 'OpenStackError';
}

/** Keystone answered 401 to the credentials of a cloud. */
export class AuthError extends OpenStackError {
  override name = 'AuthError';
  constructor(
    readonly cloudName: string,
    detail: string,
  ) {
    super(
      `Keystone rejected the credentials of cloud "${cloudName}" — check the user or application credential, ` +
        `the password or secret, the domain and the project scope in clouds.yaml/secure.yaml (${detail})`,
    );
  }
}

/** The endpoint could not be reached: DNS, refused connection, timeout, TLS failure. */
export class ConnectionError extends OpenStackError {
  override name = 'ConnectionError';
  constructor(
    message: string,
    readonly url: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The catalog has no (unique) endpoint of the wanted type for the interface and region in use. */
export class ServiceNotFoundError extends OpenStackError {
  override name = 'ServiceNotFoundError';
  constructor(
    readonly serviceTypes: string[],
    readonly interfaceName: string,
    readonly region: string | undefined,
    readonly availableTypes: string[],
    detail = 'the service catalog has none',
  ) {
    super(
      `no endpoint of type ${serviceTypes.map((t) => `"${t}"`).join(' or ')} for interface "${interfaceName}"` +
        `${region ? ` in region "${region}"` : ''}: ${detail}; the catalog has the types: ${availableTypes.length ? availableTypes.join(', ') : '(none)'}`,
    );
  }
}

/** A service answered with an unexpected status. */
export class ApiError extends OpenStackError {
  override name = 'ApiError';
  constructor(
    readonly method: string,
    /** The URL without secret query values. */
    readonly url: string,
    readonly status: number,
    readonly requestId: string | undefined,
    readonly serverMessage: string | undefined,
  ) {
    super(
      `${method} ${url} answered ${status}${serverMessage ? `: ${serverMessage}` : ''}${requestId ? ` (request id ${requestId})` : ''}`,
    );
  }
}

const SECRET_QUERY_KEY = /(pass(word)?|secret|token|signature|credential|key)/i;

/** The URL with the values of secret-looking query parameters replaced and any userinfo removed. */
export function safeUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.replace(/\?.*$/, '');
  }
  u.username = '';
  u.password = '';
  for (const key of [...u.searchParams.keys()]) {
    if (SECRET_QUERY_KEY.test(key)) u.searchParams.set(key, 'redacted');
  }
  return u.toString();
}

/** Replace every occurrence of the given secrets in a text (the harness's one scrubber). */
export { scrub } from '../engine/redact.js';

/**
 * The human message of an OpenStack error body: Keystone `{error:{message}}`, Nova/Cinder
 * `{itemNotFound:{message}}`, Neutron `{NeutronError:{message}}`, Barbican `{title, description}`,
 * Octavia `{faultstring}`, Glance/Swift plain text.
 */
export function errorBodyMessage(body: unknown): string | undefined {
  let msg: string | undefined;
  if (typeof body === 'string') {
    msg = body.replace(/<[^>]*>/g, ' ');
  } else if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const pick = (o: Record<string, unknown>): string | undefined => {
      for (const k of ['message', 'faultstring', 'description', 'detail', 'title']) {
        if (typeof o[k] === 'string' && o[k]) return o[k] as string;
      }
      return undefined;
    };
    msg = pick(b);
    if (!msg) {
      for (const v of Object.values(b)) {
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          msg = pick(v as Record<string, unknown>);
          if (msg) break;
        }
      }
    }
  }
  if (!msg) return undefined;
  msg = msg.replace(/\s+/g, ' ').trim();
  return msg.length > 300 ? msg.slice(0, 297) + '...' : msg || undefined;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'EPROTO',
]);

/** Describe a transport failure (no HTTP answer) with a hint on what to check. */
export function connectionError(method: string, url: string, code: string | undefined, detail: string): ConnectionError {
  const where = safeUrl(url);
  let hint: string;
  if (code && TLS_CODES.has(code)) {
    hint =
      'TLS verification failed: set `cacert: /path/to/ca-bundle.pem` for the cloud in clouds.yaml (or OS_CACERT); ' +
      'only for a test cloud, `verify: false` turns verification off';
  } else if (code === 'ECONNREFUSED') {
    hint = 'nothing listens there: check auth_url and the endpoint URLs of the catalog';
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    hint = 'the host name does not resolve: check auth_url and DNS';
  } else if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    hint = 'no answer in time: check the network path or raise api_timeout';
  } else {
    hint = 'check the network path to the cloud';
  }
  return new ConnectionError(`${method} ${where} failed: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''} — ${hint}`, where, code);
}
