// The dashboard end to end: `pantau serve` against the lab (the demo's sites) and a real influxd,
// driven in headless chromium. One set-up for every page's tests, which live one module a page.

import { afterAll, beforeAll } from 'vitest';
import { DEMO_INVENTORY, type ServeLab, startServeLab } from '../helpers/serve-lab.js';
import type { RunningServe } from '../helpers/serve-process.js';
import { boardTests } from './board.js';
import { type DashboardE2E, dashboardE2E, launchChromium } from './harness.js';
import { mapTests } from './map.js';
import { reportsTests } from './reports.js';
import { siteTests } from './site.js';

let setup: ServeLab;
let serve: RunningServe;
let e2e: DashboardE2E;

beforeAll(async () => {
  setup = await startServeLab('dashboard');
  await setup.writeConfig('pantau_dashboard', [DEMO_INVENTORY]);
  const everyOneUp = async (): Promise<boolean> =>
    (await setup.get<{ total: Record<string, number> }>('/api/summary')).total.up ===
    setup.config.inventory.sites.length;
  serve = await setup.startServe(everyOneUp, 90_000, 'every site up');
  const browser = await launchChromium();
  e2e = dashboardE2E(setup.api, setup, browser);
}, 240_000);

afterAll(async () => {
  await e2e?.browser.close();
  await serve?.stop();
  await setup?.stop();
}, 60_000);

boardTests(() => e2e);
siteTests(() => e2e);
mapTests(() => e2e);
reportsTests(() => e2e);
