import { describe, expect, it } from 'vitest';
import { renderJunit, xmlAttr, xmlText } from '../../src/report/junit.js';
import { IMAGE_FACT_REASON, mixedRun } from '../fixtures/results/mixed-run.js';

function count(text: string, re: RegExp): number {
  return [...text.matchAll(re)].length;
}

/** The opening tags of all `<testsuite ...>` elements with their attributes. */
function suites(xml: string): Record<string, string>[] {
  return [...xml.matchAll(/<testsuite (.*?)>/g)].map((m) => Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
}

describe('renderJunit', () => {
  const xml = renderJunit(mixedRun());

  it('has one testsuite per version with that version’s counts', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
    const s = suites(xml);
    expect(s.map((x) => x.name)).toEqual(['SCS-compatible IaaS v5.1 (effective)', 'SCS-compatible IaaS v4 (warn)']);
    expect(s[0]).toMatchObject({ tests: '10', failures: '2', errors: '4', skipped: '2' });
    expect(s[1]).toMatchObject({ tests: '3', failures: '0', errors: '0', skipped: '1' });
    expect(xml).toMatch(/<testsuites [^>]*tests="13" failures="2" errors="4" skipped="3" time="72.123" timestamp="2026-08-21T10:10:00">/);
    expect(s[0]!.timestamp).toBe('2026-08-21T10:10:00');
    expect(count(xml, /<testsuite /g)).toBe(2);
    expect(count(xml, /<\/testsuite>/g)).toBe(2);
  });

  it('maps FAIL to failure, ABORT to error, MISSING to skipped, with classname and time', () => {
    expect(count(xml, /<testcase /g)).toBe(13);
    expect(count(xml, /<failure /g)).toBe(2);
    expect(count(xml, /<error /g)).toBe(4);
    expect(count(xml, /<skipped /g)).toBe(3);
    expect(xml).toContain('<testcase classname="SCS-compatible IaaS v5.1" name="scs-0100-semantics-check" time="0.004">');
    expect(xml).toContain(`<error message="${IMAGE_FACT_REASON}" type="ABORT">`);
    expect(xml).toContain('<skipped message="manual testcase without a recorded result"/>');
    expect(xml).toContain('<testcase classname="SCS-compatible IaaS v4" name="scs-0101-entropy-avail" time="61.000"/>');
  });

  it('puts the finding details into the failure body', () => {
    const failure = /<failure message="The flavor name promises[^"]*" type="FAIL">([\s\S]*?)<\/failure>/.exec(xml)?.[1];
    expect(failure).toBeDefined();
    expect(failure).toContain('rule:     RAM must match the name');
    expect(failure).toContain('observed: 2048');
    expect(failure).toContain('expected: 4096');
    expect(failure).toContain('docs:     https://docs.scs.community/standards/scs-0100-v3-flavor-naming#memory');
    expect(failure).toContain('fix:      openstack flavor delete 7e1f0c2a-1111-4222-8333-944455556666');
  });

  it('escapes markup and control characters', () => {
    expect(xml).toContain('object:   flavor SCS-2V-4&lt;&amp;"x\'&gt; ]]&gt; \\x01 (id 7e1f0c2a');
    // eslint-disable-next-line no-control-regex -- looking for exactly those characters
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    // Every & starts an entity: nothing is left unescaped.
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;|#\d+;)/);
    expect(xmlAttr('a"b\'c<d>&e\nf\tg')).toBe('a&quot;b&apos;c&lt;d&gt;&amp;e&#10;f&#9;g');
    expect(xmlText('x\u0000y\ud800z\uffff')).toBe('x\\x00y\uFFFDz\uFFFD');
  });

  it('keeps every element balanced', () => {
    for (const tag of ['testsuites', 'testsuite', 'properties']) {
      expect(count(xml, new RegExp(`<${tag}[ >]`, 'g'))).toBe(count(xml, new RegExp(`</${tag}>`, 'g')));
    }
    const open = count(xml, /<testcase [^>]*[^/]>/g);
    expect(open).toBe(count(xml, /<\/testcase>/g));
  });

  it('falls back to one suite per run when no version was evaluated', () => {
    const one = renderJunit(mixedRun({ versions: [] }));
    expect(suites(one)).toHaveLength(1);
    expect(suites(one)[0]).toMatchObject({ name: 'SCS-compatible IaaS', tests: '10', failures: '2', errors: '4', skipped: '2' });
  });
});
