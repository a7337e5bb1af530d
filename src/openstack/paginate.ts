/**
 * Following OpenStack list pages: `<key>_links` rel=next (Nova, Cinder, Neutron), Glance's top-level
 * `next`, Keystone's `links.next`, and the RFC 8288 `Link` header. Pure functions; the loop that sends
 * the requests lives in the session.
 */

/** The next-page link of an answer, as given by the server (relative or absolute), or undefined. */
export function nextLink(body: unknown, headers: Record<string, string | string[] | undefined>, itemsKey: string): string | undefined {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const links = b[`${itemsKey}_links`];
    if (Array.isArray(links)) {
      const next = links.find((l: unknown) => (l as { rel?: unknown })?.rel === 'next') as { href?: unknown } | undefined;
      if (typeof next?.href === 'string' && next.href) return next.href;
    }
    if (typeof b.next === 'string' && b.next) return b.next;
    const kl = b.links;
    if (kl && typeof kl === 'object' && !Array.isArray(kl) && typeof (kl as { next?: unknown }).next === 'string') {
      return (kl as { next: string }).next || undefined;
    }
  }
  const link = headers['link'];
  for (const value of Array.isArray(link) ? link : link ? [link] : []) {
    for (const part of value.split(/,(?=\s*<)/)) {
      const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
      if (m && /(^|;)\s*rel="?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2]!)) return m[1];
    }
  }
  return undefined;
}

/**
 * An absolute URL for a next link. Absolute links stay. A link starting with `/` is relative to the
 * service's root, i.e. the endpoint (Glance answers `/v2/images?marker=…` however the endpoint is
 * mounted), unless it already carries the endpoint's path. Other relative links resolve against the
 * current page's URL.
 */
export function resolveNextLink(link: string, endpoint: string, currentUrl: string): string {
  if (/^https?:\/\//i.test(link)) return link;
  const ep = new URL(endpoint);
  if (link.startsWith('/')) {
    const prefix = ep.pathname.replace(/\/+$/, '');
    if (prefix && (link === prefix || link.startsWith(prefix + '/') || link.startsWith(prefix + '?'))) return ep.origin + link;
    // A link holding the endpoint's version segment (e.g. /v2.1/flavors for endpoint …/compute/v2.1).
    const lastSeg = prefix.split('/').pop();
    if (lastSeg && /^v\d/.test(lastSeg) && link.startsWith(`/${lastSeg}/`)) return ep.origin + prefix.slice(0, -lastSeg.length - 1) + link;
    return ep.origin + prefix + link;
  }
  return new URL(link, currentUrl).toString();
}

/** Split a URL into its path part and its query parameters (so they are not repeated page after page). */
export function splitQuery(url: string): { base: string; params: Record<string, string> } {
  const u = new URL(url);
  const params: Record<string, string> = {};
  for (const [k, v] of u.searchParams) params[k] = v;
  u.search = '';
  return { base: u.toString(), params };
}
