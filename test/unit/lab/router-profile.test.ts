import { describe, expect, it } from 'vitest';
import { routerProfile, utcOffsetMinutes } from '../../../src/lab/router-profile.js';
import { testPlan, testSite } from '../../helpers/inventory-fixtures.js';

describe('routerProfile', () => {
  it('is the same for the same site, different for another', () => {
    const a = routerProfile(testSite({ id: 'desa-a' }), testPlan());
    expect(routerProfile(testSite({ id: 'desa-a' }), testPlan())).toEqual(a);
    const b = routerProfile(testSite({ id: 'desa-b' }), testPlan());
    expect(b.traffic).not.toEqual(a.traffic);
  });

  it('makes a MikroTik of an ether1 WAN and a Counter32-only VSAT modem of a BAKTI wan0', () => {
    const mikrotik = routerProfile(testSite(), testPlan());
    expect(mikrotik.vendor).toBe('mikrotik');
    expect(mikrotik.counter64).toBe(true);
    expect(mikrotik.wan.ifName).toBe('ether1');
    const vsat = routerProfile(testSite({ isp: 'bakti', wan: 'wan0' }), testPlan({ mbps: 4 }));
    expect(vsat.vendor).toBe('vsat-modem');
    expect(vsat.counter64).toBe(false);
    // Without ifXTable the WAN must still be recognisable by ifDescr.
    expect(vsat.wan.ifDescr).toBe('wan0');
  });

  it('scales traffic to the plan and spreads sites over utilisation classes', () => {
    const classes = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const p = routerProfile(testSite({ id: `desa-${i}` }), testPlan({ mbps: 20 }));
      classes.set(p.utilisation, (classes.get(p.utilisation) ?? 0) + 1);
      expect(p.traffic.peakInBytesPerS).toBeLessThanOrEqual((20e6 / 8) * 0.98);
      if (p.utilisation === 'saturated') expect(p.peakShare).toBeGreaterThanOrEqual(0.9);
      if (p.utilisation === 'idle') expect(p.peakShare).toBeLessThan(0.05);
    }
    expect(classes.get('saturated')).toBeGreaterThan(20);
    expect(classes.get('idle')).toBeGreaterThan(30);
  });

  it('gives hospitals and the data centre their own daily curve', () => {
    expect(
      routerProfile(testSite({ name: 'RSUD Balaraja', kind: 'opd' }), testPlan()).traffic.curve,
    ).toBe('hospital');
    expect(routerProfile(testSite({ kind: 'core' }), testPlan()).traffic.curve).toBe('datacentre');
    expect(routerProfile(testSite(), testPlan()).traffic.curve).toBe('office');
  });

  it('knows Indonesia’s three time zones', () => {
    expect(utcOffsetMinutes('Asia/Jakarta')).toBe(420);
    expect(utcOffsetMinutes('Asia/Makassar')).toBe(480);
    expect(utcOffsetMinutes('Asia/Jayapura')).toBe(540);
  });
});
