/**
 * Status badges per scope version: SVG files (badge-maker, the shields.io renderer) and shields.io
 * "endpoint" JSON for a badge served from the project's own storage.
 *
 * Message: the version's verdict, `ABORT*` for "could not decide" (the monitor's green with an
 * asterisk), followed by the validity when it is not `effective`, with the monitor's symbol
 * (`PASS (warn †)`, `FAIL (deprecated ††)`, `PASS (draft *)`).
 * Colour: PASS green, ABORT yellowgreen, MISSING orange, FAIL red; like the monitor, a version that did
 * not fail but is only `warn` is orange and a `deprecated` one red.
 */
import { makeBadge } from 'badge-maker';
import type { RunResult, VersionOutcome } from '../engine/results.js';
import type { Verdict } from '../engine/types.js';
import { slug, validitySymbol } from './summary.js';

const COLOUR: Record<Verdict, string> = { PASS: 'brightgreen', ABORT: 'yellowgreen', MISSING: 'orange', FAIL: 'red' };

export interface BadgeContent {
  label: string;
  message: string;
  color: string;
}

export function badgeContent(scopeName: string, v: Pick<VersionOutcome, 'version' | 'validity' | 'verdict'>): BadgeContent {
  const word = v.verdict === 'ABORT' ? 'ABORT*' : v.verdict;
  const symbol = validitySymbol(v.validity);
  const message = v.validity === 'effective' || !v.validity ? word : `${word} (${v.validity}${symbol ? ` ${symbol}` : ''})`;
  let color = COLOUR[v.verdict] ?? 'lightgrey';
  if (v.verdict !== 'FAIL' && v.validity === 'warn') color = 'orange';
  if (v.verdict !== 'FAIL' && v.validity === 'deprecated') color = 'red';
  return { label: `${scopeName} ${v.version}`, message, color };
}

/** `badge-<scope-slug>-<version-slug>` without extension. */
export function badgeBaseName(scopeName: string, version: string): string {
  return `badge-${slug(scopeName)}-${slug(version)}`;
}

export function renderBadges(r: RunResult): { file: string; svg: string }[] {
  return r.versions.map((v) => {
    const c = badgeContent(r.scope.name, v);
    return { file: `${badgeBaseName(r.scope.name, v.version)}.svg`, svg: makeBadge({ label: c.label, message: c.message, color: c.color, style: 'flat' }) };
  });
}

export interface ShieldsEndpoint {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
}

/** One shields.io endpoint document per version (https://shields.io/badges/endpoint-badge). */
export function renderShieldsEndpoint(r: RunResult): { file: string; json: string; endpoint: ShieldsEndpoint }[] {
  return r.versions.map((v) => {
    const c = badgeContent(r.scope.name, v);
    const endpoint: ShieldsEndpoint = { schemaVersion: 1, label: c.label, message: c.message, color: c.color };
    return { file: `${badgeBaseName(r.scope.name, v.version)}.json`, json: JSON.stringify(endpoint, null, 2) + '\n', endpoint };
  });
}
