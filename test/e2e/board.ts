// The status board and wall mode in chromium: every site is there, a kecamatan office taken down in
// the lab turns down live with its dependants unreachable behind it, healing turns them back, the
// language switch, deep links with filters, and no request to any other origin.

import { describe, expect, it } from 'vitest';
import { SiteTree } from '../../src/inventory/index.js';
import { type DashboardE2E, DESKTOP, PHONE } from './harness.js';

const TILE = (id: string) => `.tile[data-site="${id}"]`;

export function boardTests(e2e: () => DashboardE2E): void {
  describe('status board', () => {
    it('lists every site of the inventory as a tile, grouped, with no request elsewhere', async () => {
      const { base, setup, newPage, screenshot, checkA11y } = e2e();
      const { page, foreignRequests, errors } = await newPage();
      await page.goto(`${base}/`);
      const ids = setup.config.inventory.sites.map((s) => s.id);
      await page.waitForFunction(
        (n) => document.querySelectorAll('.tile[data-site]').length === n,
        ids.length,
      );
      const shown = await page.$$eval('.tile[data-site]', (tiles) =>
        tiles.map((t) => t.getAttribute('data-site')),
      );
      expect(new Set(shown)).toEqual(new Set(ids));
      // Every site is up in the lab: once the live snapshot is in, every tile says so.
      await page.waitForFunction(() =>
        [...document.querySelectorAll('.tile[data-site]')].every(
          (t) => t.getAttribute('data-state') === 'up',
        ),
      );
      expect(await page.locator('.conn-live').count()).toBe(1);
      const groups = await page.$$eval('.group h2', (hs) => hs.map((h) => h.textContent ?? ''));
      expect(groups.some((g) => g.startsWith('Kecamatan Cisoka'))).toBe(true);
      expect(groups.some((g) => g.includes('OPD'))).toBe(true);
      await screenshot(page, 'board-desktop');
      await checkA11y(page, 'the board');
      expect(foreignRequests).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('turns a kecamatan office down live, its dependants unreachable behind it, and back on healing', async () => {
      const { base, setup, newPage, screenshot } = e2e();
      const { page, errors } = await newPage();
      await page.goto(`${base}/`);
      await page.waitForSelector(`${TILE('kec-cisoka')}[data-state="up"]`);
      // Set in the page: still there at the end only if the page never reloaded.
      await page.evaluate(() => {
        (window as unknown as { stayed: boolean }).stayed = true;
      });
      const dependants = new SiteTree(setup.config.inventory.sites).descendants('kec-cisoka');
      expect(dependants.length).toBeGreaterThan(3);
      expect((await setup.lab.post('/faults', { kind: 'down', site: 'kec-cisoka' })).status).toBe(
        201,
      );
      try {
        await page.waitForSelector(`${TILE('kec-cisoka')}[data-state="down"]`, { timeout: 45_000 });
        for (const id of dependants)
          await page.waitForSelector(`${TILE(id)}[data-state="unreachable"]`, { timeout: 20_000 });
        // The open outage on top names the root cause and the count of sites behind it.
        const outage = page.locator('.outages li', { hasText: 'Cisoka' });
        await expect.poll(() => outage.count()).toBe(1);
        expect(await outage.textContent()).toContain(`${dependants.length} situs terdampak`);
        // An unreachable tile names its cause in words, so it reads without colour.
        expect(await page.getAttribute(TILE(dependants[0]!), 'aria-label')).toMatch(
          /: Tak terjangkau, karena Kantor Kecamatan Cisoka putus/,
        );
        // Its tooltip says the same, made on hover.
        await page.hover(TILE(dependants[0]!));
        expect(await page.getAttribute(TILE(dependants[0]!), 'title')).toMatch(
          /: Tak terjangkau, karena Kantor Kecamatan Cisoka putus/,
        );
        await screenshot(page, 'board-outage-desktop');
      } finally {
        await setup.lab.post('/heal', {});
      }
      await page.waitForSelector(`${TILE('kec-cisoka')}[data-state="up"]`, { timeout: 45_000 });
      for (const id of dependants)
        await page.waitForSelector(`${TILE(id)}[data-state="up"]`, { timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
        true,
      );
      expect(await page.locator('.outages li').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('switches language, and remembers it', async () => {
      const { base, newPage } = e2e();
      const { page } = await newPage();
      await page.goto(`${base}/`);
      const nav = page.getByRole('navigation');
      await expect.poll(() => nav.textContent()).toContain('Peta');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');
      await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
      expect(await nav.textContent()).toContain('Map');
      expect(await nav.textContent()).not.toContain('Peta');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.reload();
      await expect.poll(() => nav.textContent()).toContain('Incidents');
      await page.context().close();
    });

    it('opens a deep link with its filters, and keeps filters in the URL', async () => {
      const { base, setup, newPage, screenshot } = e2e();
      const { page } = await newPage({ ...PHONE });
      await page.goto(`${base}/?kecamatan=Cisoka&kind=desa`);
      const expected = setup.config.inventory.sites.filter(
        (s) => s.kecamatan === 'Cisoka' && s.kind === 'desa',
      );
      await page.waitForFunction(
        (n) => document.querySelectorAll('.tile[data-site]').length === n,
        expected.length,
      );
      expect(await page.locator('select').nth(0).inputValue()).toBe('desa');
      await screenshot(page, 'board-phone-filtered');
      await page.getByRole('searchbox').fill(expected[0]!.name);
      await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(expected[0]!.name);
      await page.context().close();
    });
  });

  describe('wall mode', () => {
    it('fits every site on a 1080p screen without scrolling, and hides the controls', async () => {
      const { base, setup, newPage, screenshot, checkA11y } = e2e();
      const { page, foreignRequests } = await newPage({ width: 1920, height: 1080 });
      await page.goto(`${base}/wall`);
      const count = setup.config.inventory.sites.length;
      await page.waitForFunction(
        (n) => document.querySelectorAll('.wall-grid .tile').length === n,
        count,
      );
      await page.waitForFunction(
        () => document.querySelectorAll('.wall-grid .tile[data-state="up"]').length > 0,
      );
      // Every tile of the grid is inside the screen.
      const lowest = await page.$$eval('.wall-grid .tile', (tiles) =>
        Math.max(...tiles.map((t) => t.getBoundingClientRect().bottom)),
      );
      expect(lowest).toBeLessThanOrEqual(1080);
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
        1080,
      );
      expect(await page.locator('nav').count()).toBe(0);
      // The sound is off until someone turns it on.
      expect(await page.getByRole('checkbox').isChecked()).toBe(false);
      await screenshot(page, 'wall-1080p');
      await checkA11y(page, 'the wall');
      expect(foreignRequests).toEqual([]);
      await page.context().close();
      void DESKTOP;
    });
  });
}
