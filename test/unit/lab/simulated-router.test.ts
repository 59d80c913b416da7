import { describe, expect, it } from 'vitest';
import { routerProfile } from '../../../src/lab/router-profile.js';
import { SimulatedRouter } from '../../../src/lab/simulated-router.js';
import { testPlan, testSite } from '../../helpers/inventory-fixtures.js';

const START = Date.UTC(2026, 10, 25, 2, 0); // Wednesday 09:00 WIB
const plan = testPlan({ mbps: 100 });

function router(overrides: Parameters<typeof testSite>[0] = {}): SimulatedRouter {
  return new SimulatedRouter(routerProfile(testSite(overrides), plan), START);
}

const MIN = 60_000;

describe('SimulatedRouter', () => {
  it('serves, between two instants, exactly what its counters advance by', () => {
    const r = router();
    const t1 = START + 5 * MIN;
    const t2 = START + 17 * MIN + 123;
    const served = r.served(t1, t2);
    const c1 = r.counters('wan', t1);
    const c2 = r.counters('wan', t2);
    expect(Math.abs(Number(c2.hcIn - c1.hcIn) - served.wan.in)).toBeLessThanOrEqual(1);
    expect(Math.abs(Number(c2.hcOut - c1.hcOut) - served.wan.out)).toBeLessThanOrEqual(1);
    // The LAN forwards what the WAN carries, the other way round.
    expect(served.lan.out).toBe(served.wan.in);
    expect(served.lan.in).toBe(served.wan.out);
    expect(served.wan.in).toBeGreaterThan(0);
  });

  it('has been up for a while when the lab starts, with counters to match', () => {
    const r = router();
    expect(r.uptimeTicks(START)).toBe(r.profile.initialUptimeS * 100);
    expect(r.counters('wan', START).hcIn).toBeGreaterThan(0n);
  });

  it('stops counting while traffic is stopped and resumes after', () => {
    const r = router();
    r.stopTraffic('down', START + MIN);
    const during1 = r.counters('wan', START + 2 * MIN).hcIn;
    const during2 = r.counters('wan', START + 4 * MIN).hcIn;
    expect(during2).toBe(during1);
    expect(r.served(START + MIN, START + 5 * MIN).wan.in).toBe(0);
    r.resumeTraffic('down', START + 5 * MIN);
    expect(r.counters('wan', START + 6 * MIN).hcIn).toBeGreaterThan(during2);
    // What flowed before the outage is still counted, and questions about the past still hold.
    expect(r.served(START, START + MIN).wan.in).toBeGreaterThan(0);
  });

  it('keeps traffic stopped until every reason to stop it is gone', () => {
    const r = router();
    r.stopTraffic('parent-down', START + MIN);
    r.stopTraffic('if-down:wan', START + 2 * MIN);
    r.resumeTraffic('parent-down', START + 3 * MIN);
    expect(r.flowing).toBe(false);
    expect(r.served(START + 3 * MIN, START + 4 * MIN).wan.in).toBe(0);
    r.resumeTraffic('if-down:wan', START + 4 * MIN);
    expect(r.flowing).toBe(true);
    expect(r.served(START + 4 * MIN, START + 5 * MIN).wan.in).toBeGreaterThan(0);
  });

  it('restarts uptime and counters at a reboot, and counts boots', () => {
    const r = router();
    const before = r.counters('wan', START + 10 * MIN);
    r.reboot(START + 10 * MIN);
    expect(r.engineBoots).toBe(2);
    expect(r.uptimeTicks(START + 10 * MIN + 5000)).toBe(500);
    const after = r.counters('wan', START + 11 * MIN);
    expect(after.hcIn).toBeLessThan(before.hcIn);
    expect(
      Math.abs(Number(after.hcIn) - r.served(START + 10 * MIN, START + 11 * MIN).wan.in),
    ).toBeLessThanOrEqual(1);
  });

  it('renumbers interfaces at a reboot when asked', () => {
    const r = router();
    const wan = r.ifIndex('wan');
    r.reboot(START + MIN, true);
    expect(r.ifIndex('wan')).not.toBe(wan);
  });

  it('brings a Counter32 wrap within the asked time, without touching Counter64', () => {
    const r = router();
    const t = START + 3 * MIN;
    const hcBefore = r.counters('wan', t).hcIn;
    r.wrapCounter32Soon('wan', t, 30);
    const c = r.counters('wan', t);
    expect(c.hcIn).toBe(hcBefore);
    expect(c.in32).toBeGreaterThan(2 ** 32 - r.rateNow(t) * 60);
    const later = r.counters('wan', t + 90_000);
    expect(later.in32).toBeLessThan(c.in32); // wrapped
    // The wrapped difference modulo 2^32 is still what was served.
    const delta = (later.in32 - c.in32 + 2 ** 32) % 2 ** 32;
    expect(Math.abs(delta - r.served(t, t + 90_000).wan.in)).toBeLessThanOrEqual(1);
  });

  it('reports oper status per interface and stops traffic while an interface is down', () => {
    const r = router();
    r.setOperStatus('lan', false, START + MIN);
    expect(r.counters('lan', START + 2 * MIN).operUp).toBe(false);
    expect(r.counters('wan', START + 2 * MIN).operUp).toBe(true);
    expect(r.served(START + MIN, START + 2 * MIN).wan.in).toBe(0);
    r.setOperStatus('lan', true, START + 2 * MIN);
    expect(r.counters('lan', START + 3 * MIN).operUp).toBe(true);
  });

  it('never moves a counter backwards over a day of polling', () => {
    const r = router();
    let last = -1n;
    for (let t = START; t < START + 86_400_000; t += 7_919) {
      const hc = r.counters('wan', t).hcIn;
      expect(hc).toBeGreaterThanOrEqual(last);
      last = hc;
    }
  });

  it('stays below the plan’s speed', () => {
    const r = router();
    for (let t = START; t < START + 86_400_000; t += 60_000) {
      expect(r.rateNow(t) * 8).toBeLessThanOrEqual(plan.mbps * 1e6);
    }
  });
});
