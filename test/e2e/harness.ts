// The dashboard's end-to-end harness: `pantau serve` against the lab and a real influxd (the demo's
// 342 sites), and headless Debian chromium driven by playwright-core. Each page's tests use one
// shared set-up: starting serve, the lab and a browser costs most of a minute.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ROOT } from '../helpers/lab-process.js';
import type { ServeLab } from '../helpers/serve-lab.js';

/** Screenshots of every page, desktop and phone: test artefacts, not committed. */
export const SCREENSHOT_DIR = join(ROOT, 'test-artifacts', 'screenshots');

/** The flags the workplace's notes give: no sandbox as root, and no call home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export interface PageOptions {
  readonly width?: number;
  readonly height?: number;
  /** The dashboard's language, as if switched before (localStorage). Default: its own default. */
  readonly lang?: 'id' | 'en';
  readonly theme?: 'light' | 'dark';
}

export interface E2EPage {
  readonly page: Page;
  /** Every URL the page asked for at an origin other than the server's. */
  readonly foreignRequests: string[];
  /** Uncaught errors and console errors of the page. */
  readonly errors: string[];
}

export interface DashboardE2E {
  /** The server's origin, e.g. http://127.0.0.1:40123. */
  readonly base: string;
  readonly setup: ServeLab;
  readonly browser: Browser;
  newPage(options?: PageOptions): Promise<E2EPage>;
  /** Writes test-artifacts/screenshots/<name>.png (whole page) and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** axe-core on the page as it is: fails naming every serious or critical violation. */
  checkA11y(page: Page, what: string): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export function dashboardE2E(base: string, setup: ServeLab, browser: Browser): DashboardE2E {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const origin = new URL(base).origin;
  return {
    base,
    setup,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: {
          width: options.width ?? DESKTOP.width,
          height: options.height ?? DESKTOP.height,
        },
        colorScheme: options.theme ?? 'light',
        acceptDownloads: true,
      });
      const settings = {
        ...(options.lang ? { 'pantau.lang': options.lang } : {}),
        ...(options.theme ? { 'pantau.theme': options.theme } : {}),
      };
      await context.addInitScript((entries: Record<string, string>) => {
        for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
      }, settings);
      const page = await context.newPage();
      const foreignRequests: string[] = [];
      const errors: string[] = [];
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin)
          foreignRequests.push(url);
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      return { page, foreignRequests, errors };
    },
    async screenshot(page, name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      writeFileSync(path, await page.screenshot({ fullPage: true }));
      return path;
    },
    async checkA11y(page, what) {
      await page.addScriptTag({ content: axe.source });
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as {
            axe: {
              run: () => Promise<{
                violations: {
                  id: string;
                  impact: string | null;
                  help: string;
                  nodes: { target: string[] }[];
                }[];
              }>;
            };
          }
        ).axe.run();
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
        }));
      });
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      if (bad.length > 0)
        throw new Error(
          `${what}: axe-core found ${bad.length} serious or critical violation(s):\n` +
            bad.map((v) => `- ${v.impact} ${v.id}: ${v.help} (${v.targets.join('; ')})`).join('\n'),
        );
    },
  };
}
