// The map in chromium: every site with a location is drawn (the page says how many its canvas
// holds, and by state), a kecamatan office taken down in the lab turns the map and its list of
// sites in trouble live, filters live in the URL, no request leaves the server without a tile
// server configured, and a tile layer appears only when /api/ui names one.

import { describe, expect, it } from 'vitest';
import { type Site, SiteTree } from '../../src/inventory/index.js';
import { type DashboardE2E, PHONE } from './harness.js';

const MAP = '.map-page';
/** The office the map's outage test takes down (the board's test uses another). */
const OFFICE = 'kec-jambe';

function located(sites: readonly Site[]): Site[] {
  return sites.filter((s) => s.location !== null);
}

/** A 1×1 grey PNG: what the fake tile server answers. */
const TILE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mN8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
  'base64',
);

export function mapTests(e2e: () => DashboardE2E): void {
  describe('map', () => {
    it('draws every site that has a location, all up, with no tile layer and no request elsewhere', async () => {
      const { base, setup, newPage, screenshot, checkA11y } = e2e();
      const { page, foreignRequests, errors } = await newPage();
      await page.goto(`${base}/map`);
      const n = located(setup.config.inventory.sites).length;
      expect(n).toBeGreaterThan(300);
      await page.waitForSelector(`${MAP}[data-sites-drawn="${n}"]`);
      await page.waitForSelector(`${MAP}[data-states="up:${n}"]`);
      expect(await page.getAttribute(MAP, 'data-sites-located')).toBe(String(n));
      // Clustered at the whole regency's zoom: fewer marks than sites, and at least one cluster.
      const marks = Number(await page.getAttribute(MAP, 'data-marks'));
      expect(marks).toBeGreaterThan(0);
      expect(marks).toBeLessThan(n);
      // Without a tile server: no tile layer, nothing fetched for a background.
      expect(await page.getAttribute(MAP, 'data-tiles')).toBe('off');
      expect(await page.locator('.leaflet-tile').count()).toBe(0);
      // Three canvases: the base (graticule, links, names), highlighted links, sites and clusters.
      expect(await page.locator('.map-canvas canvas').count()).toBe(3);
      // The map has a name, and says so in the page's language.
      const region = page.getByRole('region', { name: /Peta situs jaringan/ });
      expect(await region.count()).toBe(1);
      expect(await page.locator('.map-canvas').getAttribute('tabindex')).toBe('0');
      await screenshot(page, 'map-desktop');
      await checkA11y(page, 'the map');
      expect(foreignRequests).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('turns a kecamatan office down live, its dependants unreachable, listed for the keyboard, and back on healing', async () => {
      const { base, setup, newPage, screenshot } = e2e();
      const { page, errors } = await newPage();
      await page.goto(`${base}/map`);
      const sites = setup.config.inventory.sites;
      const n = located(sites).length;
      await page.waitForSelector(`${MAP}[data-states="up:${n}"]`);
      const dependants = new SiteTree(sites).descendants(OFFICE);
      expect(dependants.length).toBeGreaterThan(3);
      const office = sites.find((s) => s.id === OFFICE);
      expect((await setup.lab.post('/faults', { kind: 'down', site: OFFICE })).status).toBe(201);
      try {
        const expected = `down:1 unreachable:${dependants.length} up:${n - 1 - dependants.length}`;
        await page.waitForSelector(`${MAP}[data-states="${expected}"]`, { timeout: 60_000 });
        // The list beside the map names the office first; its button opens the site's popup.
        const first = page.locator('.map-trouble li').first();
        expect(await first.textContent()).toContain(office?.name);
        expect(await page.locator('.map-trouble li').count()).toBe(1 + dependants.length);
        await first.getByRole('button').click();
        const popup = page.locator('.leaflet-popup');
        await popup.waitFor();
        expect(await popup.textContent()).toContain(office?.name);
        expect(await popup.textContent()).toContain('Putus');
        // The focus is in the popup, on the link to the site's page.
        expect(await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '')).toBe(
          `/sites/${OFFICE}`,
        );
        await screenshot(page, 'map-outage-desktop');
        // Escape closes it and gives the focus back to the button.
        await page.keyboard.press('Escape');
        await popup.waitFor({ state: 'detached' });
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Lihat');
      } finally {
        await setup.lab.post('/heal', {});
      }
      await page.waitForSelector(`${MAP}[data-states="up:${n}"]`, { timeout: 60_000 });
      expect(await page.locator('.map-trouble li').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('opens a deep link with its filters, and keeps the filters in the URL', async () => {
      const { base, setup, newPage, screenshot, checkA11y } = e2e();
      const { page, foreignRequests } = await newPage({ ...PHONE, theme: 'dark' });
      await page.goto(`${base}/map?kecamatan=Cisoka`);
      const cisoka = located(setup.config.inventory.sites).filter((s) => s.kecamatan === 'Cisoka');
      await page.waitForSelector(`${MAP}[data-sites-drawn="${cisoka.length}"]`);
      expect(await page.getByLabel('Kecamatan', { exact: true }).inputValue()).toBe('Cisoka');
      await screenshot(page, 'map-phone-cisoka-dark');
      await checkA11y(page, 'the map on a phone, dark');
      await page.getByRole('button', { name: /Normal/ }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('state')).toBe('up');
      await page.getByLabel('Kecamatan', { exact: true }).selectOption('');
      await expect.poll(() => new URL(page.url()).searchParams.get('kecamatan')).toBe(null);
      const everyUp = located(setup.config.inventory.sites).length;
      await page.waitForSelector(`${MAP}[data-sites-drawn="${everyUp}"]`);
      expect(foreignRequests).toEqual([]);
      await page.context().close();
    });

    it('adds a tile layer only when the settings name a tile server, fetching from it alone', async () => {
      const { base, setup, newPage, screenshot } = e2e();
      const { page, foreignRequests, errors } = await newPage({ lang: 'en' });
      // As if the config said dashboard.map.tiles: { url, attribution, maxZoom }.
      await page.route('**/api/ui', (route) =>
        route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({
            map: {
              tiles: {
                url: 'http://tiles.invalid/{z}/{x}/{y}.png',
                attribution: '© <Pemkab> tiles',
                maxZoom: 16,
              },
            },
          }),
        }),
      );
      await page.route('http://tiles.invalid/**', (route) =>
        route.fulfill({ contentType: 'image/png', body: TILE_PNG }),
      );
      await page.goto(`${base}/map`);
      const n = located(setup.config.inventory.sites).length;
      await page.waitForSelector(`${MAP}[data-tiles="on"][data-sites-drawn="${n}"]`);
      await page.waitForSelector('.leaflet-tile-loaded');
      expect(foreignRequests.length).toBeGreaterThan(0);
      expect(
        foreignRequests.every((url) => /^http:\/\/tiles\.invalid\/\d+\/\d+\/\d+\.png$/.test(url)),
      ).toBe(true);
      // The attribution is shown as written (text, not HTML).
      expect(await page.locator('.leaflet-control-attribution').textContent()).toBe(
        '© <Pemkab> tiles',
      );
      expect(await page.getByRole('region', { name: /Map of the network sites/ }).count()).toBe(1);
      await screenshot(page, 'map-tiles-desktop');
      expect(errors).toEqual([]);
      await page.context().close();
    });
  });
}
