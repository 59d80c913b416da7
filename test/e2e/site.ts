// The site detail page in chromium: both charts drawn from InfluxDB's history (the latency smoke
// and the WAN traffic), a range switch that reads the history again, live state with the root cause
// of an unreachable site, the language switch, a site that does not exist, and no request elsewhere.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { until } from '../helpers/until.js';
import { type DashboardE2E, PHONE } from './harness.js';

const SITE = 'kec-cisoka';
const HOUR = 3_600_000;

interface History {
  readonly series: readonly {
    readonly tags: Record<string, string>;
    readonly points: readonly { readonly values: Record<string, number | null> }[];
  }[];
}

/** The API's own answer has points of `field` for the site: InfluxDB holds them. */
async function stored(
  e2e: DashboardE2E,
  site: string,
  measurement: string,
  field: string,
  atLeast = 1,
): Promise<boolean> {
  const from = Date.now() - HOUR;
  const history = await e2e.setup.get<History>(
    `/api/sites/${site}/history?measurement=${measurement}&fields=${field}&from=${from}&maxPoints=360`,
  );
  return history.series.some(
    (s) => s.points.filter((p) => typeof p.values[`mean_${field}`] === 'number').length >= atLeast,
  );
}

/** Pixels of the chart's canvas within `tolerance` of `hex`: a series drawn in that colour. */
async function pixelsOf(page: Page, chart: string, hex: string, tolerance = 40): Promise<number> {
  return page.$eval(
    `.chart-${chart} canvas`,
    (canvas, [colour, tol]) => {
      const c = canvas as HTMLCanvasElement;
      const n = Number.parseInt(String(colour).slice(1), 16);
      const want = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! < 200) continue;
        if (want.every((v, k) => Math.abs(data[i + k]! - v) <= Number(tol))) count++;
      }
      return count;
    },
    [hex, tolerance] as const,
  );
}

export function siteTests(e2e: () => DashboardE2E): void {
  describe('site detail', () => {
    it('draws the latency and traffic charts with history from InfluxDB', async () => {
      const harness = e2e();
      const { base, newPage, screenshot, checkA11y } = harness;
      // SNMP polls every 10 s here: a rate needs two polls, and the points must be written.
      await until(() => stored(harness, SITE, 'icmp', 'rtt_avg_ms'), 90_000, 'RTT history');
      // A few rates, so the traffic line is long enough to count its pixels (two drew 18 once).
      await until(() => stored(harness, SITE, 'ifstat', 'in_bps', 4), 90_000, 'traffic history');
      const { page, foreignRequests, errors } = await newPage();
      await page.goto(`${base}/sites/${SITE}?range=1h`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Kantor Kecamatan Cisoka');
      for (const chart of ['latency', 'traffic']) {
        await page.waitForSelector(`.chart-${chart}[data-status="ready"] canvas`, {
          timeout: 30_000,
        });
        // Points from the stored history, not only the live ones.
        expect(Number(await page.getAttribute(`.chart-${chart}`, 'data-points'))).toBeGreaterThan(
          0,
        );
        // An accessible name that says what the chart shows.
        expect(await page.getAttribute(`.chart-${chart} [role="img"]`, 'aria-label')).toMatch(
          chart === 'latency' ? /latensi/i : /lalu lintas/i,
        );
      }
      // The series are drawn: the average line in the no-loss green, the in-traffic in its blue.
      await expect.poll(() => pixelsOf(page, 'latency', '#2a9d57')).toBeGreaterThan(20);
      // The lab's traffic is a few % of the plan: fitted to the traffic, its line stands clear of
      // the axis (on the capacity scale it lies along it).
      await page.getByRole('checkbox', { name: 'Skala sampai kapasitas' }).uncheck();
      await expect.poll(() => pixelsOf(page, 'traffic', '#2b7bba')).toBeGreaterThan(20);
      // The legend names the plan's capacity line; the page names the plan and its price.
      expect(await page.locator('.chart-traffic figcaption').textContent()).toContain('Kapasitas');
      expect(await page.locator('.facts').last().textContent()).toMatch(/Rp\s?[\d.]+/);
      await screenshot(page, 'site-desktop');
      await checkA11y(page, 'the site page');
      expect(foreignRequests).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('reads the history again for another range, kept in the URL', async () => {
      const { base, newPage } = e2e();
      const { page } = await newPage();
      await page.goto(`${base}/sites/${SITE}?range=1h`);
      await page.waitForSelector('.chart-latency[data-status="ready"]', { timeout: 30_000 });
      const asked = page.waitForRequest(
        (r) =>
          r.url().includes(`/api/sites/${SITE}/history`) && r.url().includes('measurement=icmp'),
      );
      await page.getByRole('button', { name: '7 hari' }).click();
      const url = new URL((await asked).url());
      const span = Number(url.searchParams.get('to')) - Number(url.searchParams.get('from'));
      expect(Math.abs(span - 7 * 24 * HOUR)).toBeLessThan(2000);
      expect(new URL(page.url()).searchParams.get('range')).toBe('7d');
      expect(await page.getAttribute('button[data-range="7d"]', 'aria-pressed')).toBe('true');
      // Seven days are read from the rollups, a day or less from raw samples.
      await expect
        .poll(() => page.locator('.chart-latency .chart-note').textContent())
        .toMatch(/ringkasan 5 menit|data mentah/);
      await page.waitForSelector(
        '.chart-latency[data-status="ready"], .chart-latency[data-status="empty"]',
      );
      // Back to the hour: raw samples, drawn again.
      await page.getByRole('button', { name: '1 jam' }).click();
      await expect
        .poll(() => page.locator('.chart-latency .chart-note').textContent())
        .toContain('data mentah');
      await page.waitForSelector('.chart-latency[data-status="ready"] canvas');
      await page.context().close();
    });

    it('shows an unreachable site live, with its root cause linked, at phone size', async () => {
      const { base, setup, newPage, screenshot, checkA11y } = e2e();
      const cause = 'kec-jambe';
      const child = setup.config.inventory.sites.find((s) => s.parentId === cause);
      expect(child).toBeDefined();
      const { page, errors } = await newPage({ ...PHONE });
      await page.goto(`${base}/sites/${child!.id}`);
      await page.waitForSelector('.site-name .badge.state-up');
      expect((await setup.lab.post('/faults', { kind: 'down', site: cause })).status).toBe(201);
      try {
        await page.waitForSelector('.site-name .badge.state-unreachable', { timeout: 45_000 });
        const link = page.locator('.cause-note a');
        expect(await link.getAttribute('href')).toBe(`/sites/${cause}`);
        // The parent chain shows the cause down.
        await page.waitForSelector('.chain .badge.state-down');
        await screenshot(page, 'site-unreachable-phone');
        await checkA11y(page, 'an unreachable site at phone size');
      } finally {
        await setup.lab.post('/heal', {});
      }
      await page.waitForSelector('.site-name .badge.state-up', { timeout: 45_000 });
      // The incident is listed, behind its root cause.
      await expect
        .poll(() => page.locator('table.incidents').textContent(), { timeout: 20_000 })
        .toContain('di belakang');
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('switches to English, including the charts’ names', async () => {
      const { base, newPage, screenshot } = e2e();
      const { page } = await newPage({ lang: 'en', theme: 'dark' });
      await page.goto(`${base}/sites/${SITE}?range=24h`);
      await page.waitForSelector('.chart-latency[data-status="ready"]', { timeout: 30_000 });
      expect(await page.locator('#chart-latency-title').textContent()).toBe(
        'Latency and packet loss',
      );
      expect(await page.locator('#chart-traffic-title').textContent()).toBe('WAN traffic');
      expect(await page.locator('.range-picker legend').textContent()).toBe('Time range');
      await screenshot(page, 'site-desktop-dark-en');
      await page.context().close();
    });

    it('says so for a site that is not in the inventory', async () => {
      const { base, newPage, checkA11y } = e2e();
      const { page } = await newPage();
      await page.goto(`${base}/sites/no-such-site`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Situs tidak ditemukan');
      expect(await page.locator('.site-missing').textContent()).toContain('no-such-site');
      expect(await page.locator('canvas').count()).toBe(0);
      await checkA11y(page, 'a missing site');
      await page.context().close();
    });
  });
}
