// Benchmark of the dashboard in headless chromium against a server of synthetic sites
// (dashboard-server.ts: the real API, engine and live hub). It measures, per size:
// - the time from navigation to the board's first full render (every tile, every state known);
// - frame times and long tasks while `changes` sites change state a second, for `frame-s` s;
// - the page's JS heap (after a forced GC) sampled over `heap-minutes` of changes;
// and the gzip size of the bundle. Targets (issue #12): 10,000 sites rendered under 1.5 s; p99
// frame under 50 ms and no long task over 100 ms; heap flat and under 100 MB; bundle under 300 KB.
//
//   npm run bench:dashboard -- [--sizes 342,10000] [--changes 100] [--frame-s 60] [--heap-minutes 10]

import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { DASHBOARD_DIST } from '../../src/api/dashboard-files.js';
import { launchChromium } from '../e2e/harness.js';
import { freePort } from '../helpers/ports.js';
import { benchArgs } from './bench-args.js';

const values = benchArgs(
  'Usage: npm run bench:dashboard -- [--sizes 342,10000] [--changes 100] [--frame-s 60] [--heap-minutes 10] [--renders 3]\n' +
    'The dashboard in headless chromium against synthetic sites; see the header of test/bench/dashboard.ts.\n',
  { sizes: '342,10000', changes: '100', 'frame-s': '60', 'heap-minutes': '10', renders: '3' },
);
const sizes = values.sizes.split(',').map(Number);
const changes = Number(values.changes);
const frameSeconds = Number(values['frame-s']);
const heapMinutes = Number(values['heap-minutes']);
const renders = Number(values.renders);

function bundleGzipBytes(): { files: number; gzip: number; raw: number } {
  const dir = join(DASHBOARD_DIST, 'assets');
  const files = readdirSync(dir).filter((f) => /\.(js|css)$/.test(f));
  let gzip = 0;
  let raw = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, gzip, raw };
}

async function startServer(sites: number): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/bench/dashboard-server.ts',
      '--sites',
      String(sites),
      '--changes',
      String(changes),
      '--port',
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('synthetic dashboard')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the synthetic server exited with ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

/** ms from navigation start until every tile is drawn with a known state. */
async function firstFullRender(page: Page, base: string, sites: number): Promise<number> {
  await page.goto(`${base}/`, { waitUntil: 'commit' });
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('.tile[data-site]').length === n &&
      document.querySelector('.tile[data-state="unknown"]') === null,
    sites,
    { polling: 'raf', timeout: 60_000 },
  );
  return page.evaluate(() => performance.now());
}

interface FrameFigures {
  frames: number;
  p50: number;
  p99: number;
  max: number;
  longTasks: number;
  longestTask: number;
}

async function frameTimes(page: Page, seconds: number): Promise<FrameFigures> {
  // A string, not a function: tsx would wrap a named inner function in its own helper, which the
  // page does not have.
  await page.evaluate(`(() => {
    const bench = { frames: [], long: [] };
    window.bench = bench;
    let last = performance.now();
    const tick = (t) => {
      bench.frames.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.long.push(entry.duration);
    }).observe({ type: 'longtask' });
  })()`);
  await page.waitForTimeout(seconds * 1000);
  const { frames, long } = await page.evaluate(
    () => (window as unknown as { bench: { frames: number[]; long: number[] } }).bench,
  );
  const sorted = frames.slice(1).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    frames: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.at(-1) ?? 0,
    longTasks: long.length,
    longestTask: Math.max(0, ...long),
  };
}

async function heapMb(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await session.send('Runtime.getHeapUsage')) as { usedSize: number };
  await session.detach();
  return usedSize / 1e6;
}

const bundle = bundleGzipBytes();
const report: string[] = [];
const say = (line: string) => {
  process.stdout.write(`${line}\n`);
  report.push(line);
};
say(
  `bundle: ${bundle.files} files, ${(bundle.raw / 1024).toFixed(0)} KB, ${(bundle.gzip / 1024).toFixed(1)} KB gzip (target < 300 KB: ${bundle.gzip < 300 * 1024 ? 'met' : 'NOT met'})`,
);

const browser = await launchChromium();
try {
  for (const sites of sizes) {
    const { base, child } = await startServer(sites);
    try {
      // A new visitor each time: nothing cached but what a browser keeps between visits.
      const times: number[] = [];
      for (let i = 0; i < renders; i++) {
        const visit = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        times.push(await firstFullRender(await visit.newPage(), base, sites));
        await visit.close();
      }
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await firstFullRender(page, base, sites);
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)] ?? 0;
      say(
        `${sites} sites: first full render ${times.map((t) => t.toFixed(0)).join(', ')} ms (median ${median.toFixed(0)} ms)${sites >= 10_000 ? ` — target < 1500 ms: ${median < 1500 ? 'met' : 'NOT met'}` : ''}`,
      );
      process.stdout.write(
        `  frames for ${frameSeconds} s while ${changes} sites change a second…\n`,
      );
      const f = await frameTimes(page, frameSeconds);
      say(
        `  frames: ${f.frames}, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(0)} ms; long tasks ${f.longTasks}, longest ${f.longestTask.toFixed(0)} ms — target p99 < 50 ms and no task > 100 ms: ${f.p99 < 50 && f.longestTask <= 100 ? 'met' : 'NOT met'}`,
      );
      if (heapMinutes > 0 && sites === Math.max(...sizes)) {
        const samples: number[] = [await heapMb(page)];
        for (let m = 1; m <= heapMinutes * 2; m++) {
          await page.waitForTimeout(30_000);
          samples.push(await heapMb(page));
          process.stdout.write(
            `  heap after ${(m / 2).toFixed(1)} min: ${samples.at(-1)?.toFixed(1)} MB\n`,
          );
        }
        const first = samples[0] ?? 0;
        const last = samples.at(-1) ?? 0;
        const peak = Math.max(...samples);
        const flat = last <= first * 1.1 + 2;
        say(
          `  JS heap over ${heapMinutes} min of changes: ${first.toFixed(1)} → ${last.toFixed(1)} MB, peak ${peak.toFixed(1)} MB — target flat and < 100 MB: ${flat && peak < 100 ? 'met' : 'NOT met'}`,
        );
      }
      await context.close();
    } finally {
      child.kill('SIGTERM');
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(`\n${report.join('\n')}\n`);
