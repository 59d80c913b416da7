// Benchmark of the collectors against the lab: at 1,000 / 5,000 / 10,000 sites (ICMP every 30 s,
// SNMP every 60 s, 3 SNMP periods each), per 30-s window: ICMP cycle duration, missed deadlines,
// collector CPU (user+sys of this process and its fping children, as % of one core), RSS, and
// probes/s. Beside it, the floors over the same sites: fping alone, and a bare net-snmp GET loop.
// Then the site count is raised until a deadline is missed: the ceiling on this machine.
//
//   npm run bench:collect
//   npm run bench:collect -- --sizes 1000,10000 --periods 3 --ceiling 20000,50000,100000

import { spawn } from 'node:child_process';
import snmp from 'net-snmp';
import { CollectorPool, type CycleSummary, collectorSites } from '../../src/collector/index.js';
import { BUILT_IN_PROBE_SETTINGS, type ProbeConfig } from '../../src/config/index.js';
import { Lab, syntheticInventory } from '../../src/lab/index.js';
import { createLogger } from '../../src/logger.js';
import type { ProbeResultSink } from '../../src/pipeline/index.js';
import { hostChunks } from '../../src/probe/icmp/fping-pacing.js';
import type { ProbeResult } from '../../src/probe/index.js';
import { buildGetPlan } from '../../src/probe/snmp/snmp-get-plan.js';
import { benchArgs } from './bench-args.js';
import { cpuSeconds } from './process-usage.js';
import { stopOnSignal } from './stop-on-signal.js';

const values = benchArgs(
  'Usage: npm run bench:collect -- [--sizes 1000,5000,10000] [--ceiling 20000,…] [--periods 3] [--workers 2]\n',
  {
    sizes: '1000,5000,10000',
    ceiling: '20000,40000,60000,80000,100000',
    periods: '3',
    workers: '2',
  },
);

const ICMP_MS = 30_000;
const SNMP_MS = 60_000;
const periods = Number(values.periods);
const workers = Number(values.workers);
const log = createLogger('bench-collect', process.env.PANTAU_LOG_LEVEL ?? 'warn');

function probeConfig(): ProbeConfig {
  const d = BUILT_IN_PROBE_SETTINGS;
  return {
    workers,
    defaults: {
      ...d,
      icmp: { ...d.icmp, intervalMs: ICMP_MS, backend: 'fping' },
      snmp: { ...d.snmp, intervalMs: SNMP_MS },
    },
    kinds: {},
  };
}

/** The floor for ICMP: one fping over every address, as the prober runs it, with its CPU. */
async function fpingFloor(addresses: readonly string[]): Promise<{ seconds: number; cpu: number }> {
  const before = cpuSeconds();
  const t0 = performance.now();
  // As the prober does: fping's sequence numbers allow about 21,000 hosts × 3 a run.
  for (const chunk of hostChunks(addresses, 3)) await fpingRun(chunk);
  return { seconds: (performance.now() - t0) / 1000, cpu: cpuSeconds() - before };
}

function fpingRun(addresses: readonly string[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(
      'fping',
      ['-q', '-C', '3', '-i', '0', '-p', '1000', '-t', '500', '-r', '0', '-f', '-'],
      {
        stdio: ['pipe', 'ignore', 'ignore'],
      },
    );
    child.on('error', reject);
    child.on('close', () => resolve());
    child.stdin.end(`${addresses.join('\n')}\n`);
  });
}

/** The 8 OIDs of the reference figure: uptime and the WAN's main columns. */
const EIGHT_OIDS = [
  '1.3.6.1.2.1.1.3.0',
  '1.3.6.1.2.1.2.2.1.8.1',
  '1.3.6.1.2.1.2.2.1.10.1',
  '1.3.6.1.2.1.2.2.1.16.1',
  '1.3.6.1.2.1.31.1.1.1.6.1',
  '1.3.6.1.2.1.31.1.1.1.10.1',
  '1.3.6.1.2.1.31.1.1.1.15.1',
  '1.3.6.1.2.1.2.2.1.14.1',
];

/** What a collector poll asks a MikroTik-like lab site (WAN ifIndex 1, LAN 7, found by ifName): 23 OIDs. */
const POLL_OIDS = buildGetPlan(
  '2c',
  [
    { role: 'wan', ifIndex: 1, identity: 'ifName', expected: 'ether1' },
    { role: 'lan', ifIndex: 7, identity: 'ifName', expected: 'bridge-lan' },
  ],
  new Set(),
).oids;

/** The floor for SNMP: bare net-snmp GETs of `oids`, one session a site, over up to 5,000 sites. */
async function netSnmpFloor(
  addresses: readonly string[],
  oids: readonly string[],
): Promise<{ gets: number; cpuPerGetUs: number }> {
  const sample = addresses.slice(0, 5000);
  const sessions = sample.map((a) =>
    snmp.createSession(a, 'public', { version: snmp.Version2c, timeout: 2000, retries: 0 }),
  );
  const get = (s: (typeof sessions)[number]) =>
    new Promise<void>((resolve) => s.get([...oids], () => resolve()));
  await Promise.all(sessions.slice(0, 200).map(get)); // warm-up
  const before = cpuSeconds();
  let gets = 0;
  const end = performance.now() + 5000;
  let i = 0;
  const lanes = Array.from({ length: 200 }, async () => {
    while (performance.now() < end) {
      await get(sessions[i++ % sessions.length] as (typeof sessions)[number]);
      gets++;
    }
  });
  await Promise.all(lanes);
  const cpu = cpuSeconds() - before;
  for (const s of sessions) s.close();
  return { gets, cpuPerGetUs: (cpu / gets) * 1e6 };
}

interface Window {
  readonly index: number;
  readonly icmpMaxMs: number;
  readonly missed: number;
  readonly cpuPct: number;
  readonly rssMb: number;
  readonly probesPerS: number;
}

async function measure(
  count: number,
): Promise<{ windows: Window[]; floor: string; floorCpuPct: number; missed: number }> {
  const inventory = syntheticInventory(count);
  const lab = await Lab.start({
    inventory,
    settings: {
      namespace: 'pantau-lab',
      agentProcesses: Math.max(1, Math.ceil(count / 25_000)),
      loopbackPort: 1161,
      v3User: {
        user: 'pantau',
        authProtocol: 'sha',
        authKey: 'bench-auth',
        privProtocol: 'aes',
        privKey: 'bench-priv',
      },
    },
    network: 'namespace',
    log,
  });
  running = lab;
  try {
    const addresses = lab.sites().map((s) => s.address);
    const fping = await fpingFloor(addresses);
    const eight = await netSnmpFloor(addresses, EIGHT_OIDS);
    const same = await netSnmpFloor(addresses, POLL_OIDS);
    // The floor: fping's cycles plus a bare GET of the same OIDs for every site, per second.
    const floorCpuPct =
      ((fping.cpu / ICMP_MS) * 1000 + ((same.cpuPerGetUs * count) / 1e6 / SNMP_MS) * 1000) * 100;
    const floor =
      `floors: fping ${fping.seconds.toFixed(2)} s, ${fping.cpu.toFixed(2)} CPU-s per cycle (${((fping.cpu / count) * 1000).toFixed(3)} per 1,000 hosts); ` +
      `net-snmp ${eight.cpuPerGetUs.toFixed(0)} µs CPU per GET of 8 OIDs, ${same.cpuPerGetUs.toFixed(0)} µs of the collector's ${POLL_OIDS.length}; ` +
      `together ${floorCpuPct.toFixed(2)} % of a core`;
    process.stderr.write(`  ${floor}\n`);

    let results = 0;
    let icmpMax = 0;
    let missed = 0;
    const sink: ProbeResultSink = {
      accept(batch: readonly ProbeResult[]) {
        results += batch.length;
      },
    };
    const onSummary = (s: CycleSummary): void => {
      if (s.kind === 'icmp') {
        icmpMax = Math.max(icmpMax, s.durationMs);
        // A cycle that failed as a whole left every site unprobed: a deadline missed too.
        if (s.missed || s.error !== null || s.durationMs > s.intervalMs) missed += 1;
      } else missed += s.missed;
    };
    const pool = new CollectorPool({
      sites: collectorSites(inventory, probeConfig()),
      workers,
      probe: {
        ...BUILT_IN_PROBE_SETTINGS,
        snmp: { ...BUILT_IN_PROBE_SETTINGS.snmp, concurrency: 500 },
      },
      sink,
      onSummary,
      log,
    });
    await pool.start();
    const windows: Window[] = [];
    let totalMissed = 0;
    try {
      const windowCount = (periods * SNMP_MS) / ICMP_MS;
      for (let w = 0; w < windowCount; w++) {
        const cpu0 = cpuSeconds();
        const t0 = performance.now();
        results = 0;
        icmpMax = 0;
        missed = 0;
        await new Promise((r) => setTimeout(r, ICMP_MS));
        const seconds = (performance.now() - t0) / 1000;
        const window: Window = {
          index: w + 1,
          icmpMaxMs: icmpMax,
          missed,
          cpuPct: ((cpuSeconds() - cpu0) / seconds) * 100,
          rssMb: process.memoryUsage().rss / 1e6,
          probesPerS: results / seconds,
        };
        totalMissed += missed;
        windows.push(window);
        process.stderr.write(
          `  window ${window.index}: ICMP cycle ${window.icmpMaxMs} ms, missed ${window.missed}, CPU ${window.cpuPct.toFixed(1)} %, RSS ${window.rssMb.toFixed(0)} MB, ${window.probesPerS.toFixed(0)} probes/s\n`,
        );
      }
    } finally {
      await pool.stop();
    }
    return { windows, floor, floorCpuPct, missed: totalMissed };
  } finally {
    await lab.stop();
  }
}

function table(count: number, windows: readonly Window[], floorCpuPct: number): string {
  const line = (cells: readonly (string | number)[]) =>
    cells.map((c) => String(c).padStart(12)).join('');
  const rows = windows.map((w) =>
    line([
      count,
      w.index,
      w.icmpMaxMs,
      w.missed,
      w.cpuPct.toFixed(1),
      w.rssMb.toFixed(0),
      w.probesPerS.toFixed(0),
    ]),
  );
  // The first SNMP interval includes start-up: threads, sessions, every site's interface discovery
  // (a walk each). The steady state follows.
  const steady = windows.slice(SNMP_MS / ICMP_MS);
  const mean = steady.reduce((s, w) => s + w.cpuPct, 0) / Math.max(1, steady.length);
  return [
    ...rows,
    `${' '.repeat(12)}steady-state CPU (after the first SNMP interval): ${mean.toFixed(2)} % of one core, ${(mean / floorCpuPct).toFixed(1)}× the floors`,
  ].join('\n');
}

// Ctrl-C mid-run: remove the lab network before leaving.
let running: Lab | null = null;
stopOnSignal(() => running?.stop() ?? Promise.resolve());

const header = ['sites', 'window', 'ICMP ms', 'missed', 'CPU %', 'RSS MB', 'probes/s']
  .map((c) => c.padStart(12))
  .join('');
const report: string[] = [];
for (const count of values.sizes.split(',').filter(Boolean).map(Number)) {
  process.stderr.write(`${count} sites…\n`);
  const { windows, floor, floorCpuPct } = await measure(count);
  report.push(table(count, windows, floorCpuPct), `${' '.repeat(12)}${floor}`);
}
let ceiling = 'not reached';
for (const count of values.ceiling.split(',').filter(Boolean).map(Number)) {
  process.stderr.write(`ceiling search: ${count} sites…\n`);
  const { windows, floor, floorCpuPct, missed } = await measure(count);
  report.push(table(count, windows, floorCpuPct), `${' '.repeat(12)}${floor}`);
  if (missed > 0) {
    ceiling = `a deadline was missed at ${count} sites`;
    break;
  }
  ceiling = `no deadline missed up to ${count} sites`;
}
process.stdout.write(
  `\ncollector benchmark (${workers} workers; ICMP every ${ICMP_MS / 1000} s, SNMP every ${SNMP_MS / 1000} s; lab in its namespace)\n${header}\n${report.join('\n')}\nceiling: ${ceiling}\n`,
);
