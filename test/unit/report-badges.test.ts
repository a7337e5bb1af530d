import { describe, expect, it } from 'vitest';
import { badgeContent, renderBadges, renderShieldsEndpoint } from '../../src/report/badges.js';
import { mixedRun } from '../fixtures/results/mixed-run.js';

describe('badges', () => {
  it('renders one SVG per version with label, message and colour', () => {
    const badges = renderBadges(mixedRun());
    expect(badges.map((b) => b.file)).toEqual(['badge-scs-compatible-iaas-v5.1.svg', 'badge-scs-compatible-iaas-v4.svg']);
    const [v51, v4] = badges;
    expect(v51!.svg.startsWith('<svg')).toBe(true);
    expect(v51!.svg).toContain('SCS-compatible IaaS v5.1');
    expect(v51!.svg).toContain('>FAIL<');
    expect(v51!.svg).toContain('fill="#dd4343"'); // badge-maker's red
    expect(v4!.svg).toContain('PASS (warn †)');
    expect(v4!.svg).toContain('fill="#ea7233"'); // badge-maker's orange: a warn version is orange like in the monitor
  });

  it('colours by verdict and marks validity like the monitor', () => {
    const c = (verdict: 'PASS' | 'FAIL' | 'ABORT' | 'MISSING', validity = 'effective') => badgeContent('SCS-compatible KaaS', { version: 'v1', verdict, validity });
    expect(c('PASS')).toEqual({ label: 'SCS-compatible KaaS v1', message: 'PASS', color: 'brightgreen' });
    expect(c('ABORT')).toEqual({ label: 'SCS-compatible KaaS v1', message: 'ABORT*', color: 'yellowgreen' });
    expect(c('MISSING')).toMatchObject({ message: 'MISSING', color: 'orange' });
    expect(c('FAIL')).toMatchObject({ message: 'FAIL', color: 'red' });
    expect(c('PASS', 'draft')).toMatchObject({ message: 'PASS (draft *)', color: 'brightgreen' });
    expect(c('PASS', 'deprecated')).toMatchObject({ message: 'PASS (deprecated ††)', color: 'red' });
    expect(c('FAIL', 'warn')).toMatchObject({ message: 'FAIL (warn †)', color: 'red' });
  });

  it('renders shields endpoint JSON', () => {
    const eps = renderShieldsEndpoint(mixedRun());
    expect(eps.map((e) => e.file)).toEqual(['badge-scs-compatible-iaas-v5.1.json', 'badge-scs-compatible-iaas-v4.json']);
    expect(JSON.parse(eps[1]!.json)).toEqual({ schemaVersion: 1, label: 'SCS-compatible IaaS v4', message: 'PASS (warn †)', color: 'orange' });
  });
});
