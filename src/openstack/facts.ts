/**
 * The facts every OpenStack testsuite builds on: the session (authenticated once per run) and what
 * the token says (catalog, roles, project) — read from the token, without extra calls.
 */
import { defineFact } from '../engine/facts.js';
import type { CatalogService, OpenStackSession, TokenInfo } from './types.js';

export const sessionFact = defineFact<OpenStackSession>(
  'openstack.session',
  async (ctx) => {
    if (!ctx.env.openstack) {
      throw new Error(
        'no OpenStack cloud is configured for this run: pass --os-cloud (or set OS_CLOUD / OS_* variables), or use --sandbox',
      );
    }
    return ctx.env.openstack.session();
  },
  'Keystone v3 token (POST /v3/auth/tokens)',
);

/** The token's identity: user, project, roles, expiry (no secrets). */
export const tokenFact = defineFact<TokenInfo>('openstack.token', async (ctx) => (await ctx.get(sessionFact)).token, 'the token of the session');

/** The service catalog of the token, with what is needed to name it in messages. */
export interface ServiceCatalog {
  services: CatalogService[];
  /** The project the token is scoped to, if any. */
  project?: { id: string; name?: string };
  /** The interface and region the run uses (to say where endpoints are missing). */
  interface: string;
  region?: string;
  cloudName: string;
}

export const catalogFact = defineFact<ServiceCatalog>(
  'openstack.catalog',
  async (ctx) => {
    const session = await ctx.get(sessionFact);
    const t = session.token;
    return {
      services: t.catalog,
      project: t.project ? { id: t.project.id, name: t.project.name } : undefined,
      interface: session.settings.interface,
      region: session.settings.regionName,
      cloudName: session.settings.cloudName,
    };
  },
  'the service catalog of the token (no extra call)',
);
