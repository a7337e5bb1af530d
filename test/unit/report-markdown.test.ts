import { describe, expect, it } from 'vitest';
import { mdCode, mdText, renderMarkdown } from '../../src/report/markdown.js';
import { IMAGE_FACT_REASON, mixedRun, partialRun } from '../fixtures/results/mixed-run.js';

describe('renderMarkdown', () => {
  const md = renderMarkdown(mixedRun());

  it('has a verdict table per version', () => {
    expect(md).toContain('| Version | Validity | Verdict | Passed | Failed | Aborted | Missing | Valid until |');
    expect(md).toContain('| v5.1 | effective | 🛑 FAIL | 2 | 2 | 4 | 2 | – |');
    expect(md).toContain('| v4 | warn † | ✅ PASS | 2 | 0 | 0 | 0 | 2026-08-30 |');
  });

  it('lists failures before aborts, missing and passes', () => {
    const failures = md.indexOf('## Failures (2)');
    const aborts = md.indexOf('## Aborted: could not decide (4)');
    const missing = md.indexOf('## Missing (2)');
    const passes = md.indexOf('<summary>Passed (2)</summary>');
    expect(failures).toBeGreaterThan(0);
    expect(aborts).toBeGreaterThan(failures);
    expect(missing).toBeGreaterThan(aborts);
    expect(passes).toBeGreaterThan(missing);
    expect(md.indexOf('scs-0100-syntax-check')).toBeGreaterThan(passes);
  });

  it('shows object, rule, observed, expected, docs and fix of a failure, escaped', () => {
    expect(md).toContain('- **flavor SCS-2V-4&lt;&amp;"x\'&gt; \\]\\]&gt; \\x01 (id 7e1f0c2a-1111-4222-8333-944455556666)**: The flavor name promises 4 GiB of RAM but the flavor has 2 GiB.');
    expect(md).toContain('  - rule: RAM must match the name');
    expect(md).toContain('  - observed: `2048`');
    expect(md).toContain('  - expected: `4096`');
    expect(md).toContain('  - docs: <https://docs.scs.community/standards/scs-0100-v3-flavor-naming#memory>');
    expect(md).toContain('    ```sh\n    openstack flavor delete 7e1f0c2a-1111-4222-8333-944455556666\n    ```');
    expect(md).not.toContain('<&');
  });

  it('groups aborts by reason and names the dependants once', () => {
    expect(md.split(IMAGE_FACT_REASON).length - 1).toBe(1);
    const line = md.split('\n').find((l) => l.startsWith('- image.images'));
    expect(line).toBe('- image.images: GET /v2/images failed: HTTP 503 Service Unavailable');
    expect(md).toContain('  - `scs-0102-prop-architecture`, `scs-0102-prop-hash_algo`, `scs-0104-source-ubuntu-2404`');
  });

  it('omits the missing list in a partial run and says it is partial', () => {
    const p = renderMarkdown(partialRun());
    expect(p).not.toContain('## Missing');
    expect(p).toContain('**Partial run**');
  });

  it('escapes helpers', () => {
    expect(mdText('a|b <script> *x* [l](u)\nnext')).toBe('a\\|b &lt;script&gt; \\*x\\* \\[l\\](u) next');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdText('bell\u0007 csi\u009b')).toBe('bell\\x07 csi\\x9b');
    expect(mdCode('x\u0000')).toBe('`x\\x00`');
    expect(mdCode('`x')).toBe('`` `x ``');
  });
});
