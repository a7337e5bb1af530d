/**
 * The sandbox's state: the profile it was built from and what every service shares (tokens, ids, clock).
 * Service-specific state lives in each service module's closure.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthContext } from './http.js';

/**
 * A profile is YAML: top-level sections, one per area (`identity`, `compute`, `image`, `volume`,
 * `network`, `keymanager`, `objectstore`, `kubernetes`, ...). Each service module reads and checks its
 * own section; unknown sections are an error so that typos surface.
 */
export interface SandboxProfile {
  name: string;
  description?: string;
  [section: string]: unknown;
}

export interface IssuedToken extends AuthContext {
  expiresAt: Date;
}

export class SandboxWorld {
  readonly tokens = new Map<string, IssuedToken>();
  /** Base URL, known once the server listens. */
  baseUrl = '';
  /** Milliseconds added to every response (benchmarks). */
  latencyMs = 0;

  constructor(
    readonly profile: SandboxProfile,
    /** Injectable clock: the sandbox's notion of "now". */
    readonly now: () => Date = () => new Date(),
  ) {}

  section<T>(name: string): T | undefined {
    return this.profile[name] as T | undefined;
  }

  newId(): string {
    return randomUUID();
  }

  /** Hex id without dashes, as Keystone uses for users and projects. */
  newHexId(): string {
    return randomUUID().replace(/-/g, '');
  }

  issueToken(ctx: Omit<AuthContext, 'tokenId'>, lifetimeSeconds = 3600): IssuedToken {
    const tokenId = 'gAAAA' + randomBytes(48).toString('base64url');
    const token: IssuedToken = { ...ctx, tokenId, expiresAt: new Date(this.now().getTime() + lifetimeSeconds * 1000) };
    this.tokens.set(tokenId, token);
    return token;
  }

  validateToken(tokenId: string | undefined): IssuedToken | undefined {
    if (!tokenId) return undefined;
    const t = this.tokens.get(tokenId);
    if (!t) return undefined;
    if (t.expiresAt.getTime() <= this.now().getTime()) return undefined;
    return t;
  }
}
