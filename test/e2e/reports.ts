// The report pages in chromium: an outage made in the lab shows on /incidents (open, its own fault,
// then closed after healing); the availability CSV holds exactly the rows, columns and numbers the
// table shows, after a filter and a sort; /health says OK for a healthy serve, worker by worker;
// filters come back from a deep link; no request elsewhere and no serious axe-core finding.

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BOM, parseCsv } from '../../dashboard/src/reports/csv.js';
import { type DashboardE2E, PHONE } from './harness.js';

/** A leaf site: its outage is its own, with nobody behind it. */
const FAULTY = 'desa-cisoka-01';
const ROW = `.incidents-table tr[data-site="${FAULTY}"]`;

/** The availability table as shown: header titles and every row's cells, texts as on screen. */
async function shownTable(page: Page): Promise<{ header: string[]; rows: string[][] }> {
  return page.evaluate(() => {
    const table = document.querySelector('.availability-table');
    if (!table) throw new Error('no availability table');
    const header = [...table.querySelectorAll('thead th')].map(
      (th) => th.querySelector('.sort > span')?.textContent?.trim() ?? '',
    );
    const rows = [...table.querySelectorAll('tbody tr:not(.empty-row)')].map((tr) =>
      [...tr.children].map((cell) => cell.textContent?.trim() ?? ''),
    );
    return { header, rows };
  });
}

/** A cell as the CSV writes it: the English page's grouping commas out, no dash for "none". */
function asCsv(cell: string): string {
  if (cell === '—') return '';
  return /^-?\d{1,3}(,\d{3})*(\.\d+)?$/.test(cell) ? cell.replace(/,/g, '') : cell;
}

async function downloadCsv(page: Page): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

async function expectCsvMatchesTable(page: Page, expectedName: RegExp): Promise<number> {
  const shown = await shownTable(page);
  const { name, bytes } = await downloadCsv(page);
  expect(name).toMatch(expectedName);
  // UTF-8 with a byte-order mark, so that Excel reads it as UTF-8.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  expect(text.startsWith(BOM)).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual(shown.header);
  expect(rows).toEqual(shown.rows.map((row) => row.map(asCsv)));
  return rows.length;
}

export function reportsTests(e2e: () => DashboardE2E): void {
  describe('incidents page', () => {
    it('lists an outage made in the lab as open, its own fault, and closed after healing', async () => {
      const { base, setup, newPage, screenshot, checkA11y } = e2e();
      const { page, foreignRequests, errors } = await newPage({ lang: 'en' });
      expect((await setup.lab.post('/faults', { kind: 'down', site: FAULTY })).status).toBe(201);
      try {
        await page.goto(`${base}/incidents?open=1&q=${FAULTY}`);
        // The page refreshes every 30 s by itself; a reload asks sooner.
        await expect
          .poll(
            async () => {
              await page.reload();
              await page.waitForSelector('.incidents .summary b');
              return page.locator(`${ROW}.open`).count();
            },
            { timeout: 90_000, interval: 3000 },
          )
          .toBe(1);
        const row = page.locator(ROW);
        expect(await row.locator('.status-cell').textContent()).toContain('Open');
        expect(await row.locator('.cause-cell').textContent()).toContain('Own fault');
        expect(await row.locator('td').nth(5).textContent()).toContain('still open');
        expect(await row.locator('.site-cell a').getAttribute('href')).toBe(`/sites/${FAULTY}`);
        expect(await row.locator('td').nth(4).textContent()).toMatch(/WIB$/);
        // The filters are in the URL and in the controls.
        expect(await page.getByRole('checkbox', { name: 'Open only' }).isChecked()).toBe(true);
        expect(await page.getByRole('searchbox').inputValue()).toBe(FAULTY);
        await screenshot(page, 'incidents-open-desktop');
        await checkA11y(page, 'the incidents page');
      } finally {
        await setup.lab.post('/heal', {});
      }
      await page.goto(`${base}/incidents?range=24h&q=${FAULTY}`);
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.waitForSelector('.incidents .summary b');
            return (
              (await page.locator(`${ROW}:not(.open)`).count()) > 0 &&
              (await page.locator(`${ROW}.open`).count()) === 0
            );
          },
          { timeout: 90_000, interval: 3000 },
        )
        .toBe(true);
      expect(await page.locator(ROW).first().locator('.status-cell').textContent()).toContain(
        'Closed',
      );
      expect(foreignRequests).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('opens a deep link with its filters, in Bahasa Indonesia, on a phone', async () => {
      const { base, newPage, screenshot } = e2e();
      const { page } = await newPage({ ...PHONE });
      await page.goto(`${base}/incidents?range=30d&kecamatan=Cisoka`);
      await page.waitForSelector('.incidents .summary b');
      expect(await page.getByRole('button', { name: '30 hari' }).getAttribute('aria-pressed')).toBe(
        'true',
      );
      expect(await page.getByLabel('Kecamatan').inputValue()).toBe('Cisoka');
      // Every row listed is in Cisoka.
      const kecamatans = await page.$$eval(
        '.incidents-table tbody tr[data-site] td:nth-child(4)',
        (tds) => tds.map((td) => td.textContent?.trim()),
      );
      expect(kecamatans.every((k) => k === 'Cisoka')).toBe(true);
      await screenshot(page, 'incidents-phone');
      await page.context().close();
    });
  });

  describe('availability report', () => {
    it('downloads as CSV exactly the rows shown, after a filter and a sort', async () => {
      const { base, setup, newPage, screenshot, checkA11y } = e2e();
      const { page, foreignRequests, errors } = await newPage({ lang: 'en' });
      await page.goto(`${base}/availability`);
      await page.waitForSelector('.availability-table[data-ready="true"] tbody tr');
      const all = await shownTable(page);
      expect(all.rows).toHaveLength(setup.config.inventory.sites.length);
      await screenshot(page, 'availability-desktop');
      await checkA11y(page, 'the availability report');

      // Filtered and sorted: the file follows the table, not the API's whole answer.
      await page.getByRole('searchbox').fill('cisoka');
      await page.getByRole('button', { name: /Availability incl\. upstream/ }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('pctUpstream');
      // The filter's rule: the word in the name, id, kecamatan, kind or ISP.
      const cisoka = setup.config.inventory.sites.filter((s) =>
        [s.name, s.id, s.kecamatan, s.isp].some((x) => x.toLowerCase().includes('cisoka')),
      );
      const shown = await shownTable(page);
      expect(shown.rows.length).toBe(cisoka.length);
      expect(shown.rows.length).toBeLessThan(all.rows.length);
      const month = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Asia/Jakarta',
        year: 'numeric',
        month: '2-digit',
      }).format(new Date());
      expect(
        await expectCsvMatchesTable(page, new RegExp(`^pantau-availability-${month}-site\\.csv$`)),
      ).toBe(cisoka.length);

      // Grouped by kecamatan, counting upstream outages: other columns, other numbers, same rule.
      await page.goto(`${base}/availability?by=kecamatan&lens=upstream`);
      await page.waitForSelector('.availability-table[data-ready="true"] tbody tr');
      const kecamatans = new Set(
        setup.config.inventory.sites
          .filter((s) => s.kind !== 'opd' && s.kind !== 'core')
          .map((s) => s.kecamatan),
      );
      expect((await shownTable(page)).rows.length).toBeGreaterThanOrEqual(kecamatans.size);
      await expectCsvMatchesTable(
        page,
        /^pantau-availability-\d{4}-\d{2}-kecamatan-upstream\.csv$/,
      );
      expect(foreignRequests).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('reads on a phone: the table scrolls inside its frame, not the page', async () => {
      const { base, newPage, screenshot } = e2e();
      const { page } = await newPage({ ...PHONE });
      await page.goto(`${base}/availability?by=kecamatan`);
      await page.waitForSelector('.availability-table[data-ready="true"] tbody tr');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      await screenshot(page, 'availability-phone');
      await page.context().close();
    });
  });

  describe('health page', () => {
    it('says OK for a healthy serve, worker by worker, and refreshes by itself', async () => {
      const { base, setup, newPage, screenshot, checkA11y } = e2e();
      const { page, foreignRequests, errors } = await newPage({ lang: 'en' });
      await page.goto(`${base}/health`);
      const health = await setup.get<{ workers: { expected: number } }>('/api/health');
      for (const id of ['influx', 'workers', 'isolation', 'spool'])
        await page.waitForSelector(`.check-card[data-check="${id}"][data-status="ok"]`);
      expect(await page.locator('.check-card[data-check="influx"]').textContent()).toContain(
        'Reachable',
      );
      expect(await page.locator('tr[data-worker]').count()).toBe(health.workers.expected);
      expect(await page.locator('tr[data-worker]').first().textContent()).toContain('Running');
      // Pantau's own figures from /metrics.
      await page.waitForSelector('tr[data-metric="pantau_points_written_total"]');
      // The "updated" line is renewed by the 10 s refresh.
      const before = await page.evaluate(() => performance.getEntriesByType('resource').length);
      await expect
        .poll(() => page.evaluate(() => performance.getEntriesByType('resource').length), {
          timeout: 25_000,
        })
        .toBeGreaterThan(before);
      await screenshot(page, 'health-desktop');
      await checkA11y(page, 'the health page');
      expect(foreignRequests).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('fits a phone', async () => {
      const { base, newPage, screenshot } = e2e();
      const { page } = await newPage({ ...PHONE, theme: 'dark' });
      await page.goto(`${base}/health`);
      await page.waitForSelector('.check-card[data-check="influx"][data-status="ok"]');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      await screenshot(page, 'health-phone-dark');
      await page.context().close();
    });
  });
}
