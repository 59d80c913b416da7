// The acceptance benchmark of the whole monitor (issues #10 and #11): the built `pantau serve` (collectors,
// results pipeline, metrics into a real influxd, status engine, incidents in SQLite, API, live hub)
// as a child process against the lab's synthetic sites, with socket.io clients watching every site,
// at 1,000, 10,000 and 100,000 sites. ICMP every 30 s (3 echoes), SNMP every 60 s: the defaults.
// After a warm-up of one SNMP interval it prints, a line per window (a minute): CPU (% of one core)
// and RSS of serve, influxd and the lab separately, missed deadlines, the longest ICMP cycle, lag,
// points written, the V8 heap in use (main thread / collector threads), and the delay from a state change's probe result to each client's receipt; the
// changes come from faults injected through the lab's control API (sites taken down, healed again).
// Then a table per size and the targets: 10,000 sites no missed deadline, serve under 10 % of a
// core and serve + influxd under 20 % over the steady state (after --settle minutes), influxd under
// 1 GB and flat over the last 20 minutes; 100,000 sites no missed deadline, serve under 1 GB RSS and
// serve + influxd under 1.5 cores; serve's RSS flat. CPU and RSS of each part are sampled every
// 10 s into a timeline (CSV, --timeline DIR).
//
//   npm run bench:serve
//   npm run bench:serve -- --sizes 1000,10000 --minutes 3 --clients 20 --profile /tmp/serve-prof
//
// Needs root (the lab's namespace), fping and influxd; run it under the lab lock.

import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { inventoryToYaml } from '../../src/inventory/index.js';
import { INFLUXD_MEMORY_LIMIT_BYTES, syntheticInventory } from '../../src/lab/index.js';
import type { LiveSite } from '../../src/live/index.js';
import { type Influxd, startInfluxd } from '../helpers/influxd.js';
import { type RunningLab, startLab } from '../helpers/lab-process.js';
import { freePort } from '../helpers/ports.js';
import { type RunningServe, serveConfigYaml, startServe } from '../helpers/serve-process.js';
import { until } from '../helpers/until.js';
import { benchArgs } from './bench-args.js';
import { watchLive } from './live-watchers.js';
import { percentile } from './percentiles.js';
import { processWithArgument, type TreeUsage, treeUsage } from './process-usage.js';
import { cpuProfileSummary, heapProfileSummary } from './profile-summary.js';
import { stopOnSignal } from './stop-on-signal.js';

const values = benchArgs(
  'Usage: npm run bench:serve -- [--sizes 1000,10000,100000] [--minutes N] [--settle 3] [--clients 20] [--faults 4]\n' +
    '       [--timeline DIR] [--profile DIR]\n' +
    'Each size: a warm-up of one SNMP interval, then --minutes windows of a minute (unless given: 5 at 1,000\n' +
    'sites, 33 at 10,000 (the rollups cost shows only with history), 12 at 100,000); the steady state is the\n' +
    'windows after the first --settle. In every window but\n' +
    'the last, --faults village sites and one kecamatan office (with the sites behind it) go down for 40 s.\n' +
    '--timeline DIR: the 10-s samples of CPU and RSS per part go to DIR/pantau-serve-<sites>.csv (default: the\n' +
    'temporary directory; the path is printed).\n' +
    '--profile DIR: serve runs with --cpu-prof and --heap-prof into DIR/<sites>, summarised at the end.\n',
  {
    sizes: '1000,10000,100000',
    minutes: undefined,
    settle: '3',
    clients: '20',
    faults: '4',
    timeline: undefined,
    profile: undefined,
  },
);
const sizes = values.sizes.split(',').filter(Boolean).map(Number);
const settle = Number(values.settle);
/** Measured windows of a size: --minutes, or a default long enough for its background costs. */
const minutesFor = (count: number): number =>
  values.minutes !== undefined
    ? Number(values.minutes)
    : count >= 100_000
      ? 12
      : count >= 10_000
        ? 33
        : Math.max(5, settle + 2);
const minutes = Math.min(...sizes.map(minutesFor));
const clientCount = Number(values.clients);
const faultsPerWindow = Number(values.faults);
if (!Number.isInteger(settle) || settle < 0 || settle >= minutes)
  throw new Error('--settle: expected a whole number of minutes, 0 or more, below --minutes');
for (const [name, n] of [
  ['--sizes', Math.min(...sizes)],
  ['--minutes', minutes],
  ['--clients', clientCount],
] as const) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected positive whole numbers`);
}

const SNMP_MS = 60_000;
const WINDOW_MS = 60_000;
const SAMPLE_MS = 10_000;
/** influxd runs in the memory cgroup Pantau ships (900 MiB) up to this many sites. */
const INFLUXD_LIMITED_UP_TO = 10_000;
/** A fault outlasts an ICMP interval (30 s) and its round, so a probe always sees it. */
const FAULT_FOR = '40s';
const TARGETS = {
  cpuPctAt10k: 10,
  /** serve + influxd, over the steady state (issue #11). */
  stackPctAt10k: 20,
  influxdRssBytesAt10k: 1e9,
  stackPctAt100k: 150,
  rssBytesAt100k: 1e9,
  /** RSS counts as flat when the last window's is within this share of the first's. */
  flatShare: 0.1,
};

// Everything started is stopped again in reverse order: after each size, on failure and on Ctrl-C.
const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp(): Promise<void> {
  for (const step of cleanups.splice(0).reverse()) {
    try {
      await step();
    } catch (error) {
      process.stderr.write(`cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}
stopOnSignal((signal) => {
  process.stderr.write(`${signal}: stopping serve, the lab and influxd…\n`);
  return cleanUp();
});

interface Usage {
  readonly cpuSeconds: number;
  readonly rssBytes: number;
}
interface Processes {
  readonly serve: number;
  readonly influxd: number;
  readonly lab: number;
}
type Part = keyof Processes;
const PARTS: readonly Part[] = ['serve', 'influxd', 'lab'];

/** serve and influxd: the process itself (fping comes and goes); the lab: with its agents. */
function usageOf(part: Part, usage: TreeUsage | null): Usage {
  if (usage === null) return { cpuSeconds: Number.NaN, rssBytes: Number.NaN };
  return {
    cpuSeconds: usage.cpuSeconds,
    rssBytes: part === 'lab' ? usage.treeRssBytes : usage.rootRssBytes,
  };
}

function sample(pids: Processes): Record<Part, Usage> {
  return {
    serve: usageOf('serve', treeUsage(pids.serve)),
    influxd: usageOf('influxd', treeUsage(pids.influxd)),
    lab: usageOf('lab', treeUsage(pids.lab)),
  };
}

/** What serve's JSON log says about its cycles: the longest ICMP cycle, SNMP polls unanswered. */
class CycleLog {
  icmpMaxMs = 0;
  snmpPolls = 0;
  snmpFailed = 0;
  missedLines = 0;

  constructor(serve: RunningServe) {
    for (const stream of [serve.child.stdout, serve.child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.read(line));
    }
  }

  take(): { icmpMaxMs: number; snmpPolls: number; snmpFailed: number; missedLines: number } {
    const taken = { ...this };
    this.icmpMaxMs = 0;
    this.snmpPolls = 0;
    this.snmpFailed = 0;
    this.missedLines = 0;
    return taken;
  }

  private read(line: string): void {
    if (!line.startsWith('{')) return;
    let entry: { msg?: string; durationMs?: number; polls?: number; failed?: number };
    try {
      entry = JSON.parse(line);
    } catch {
      return;
    }
    const msg = entry.msg ?? '';
    if (msg.startsWith('ICMP cycle missed') || msg.startsWith('ICMP cycle failed'))
      this.missedLines += 1;
    else if (msg.startsWith('ICMP cycle'))
      this.icmpMaxMs = Math.max(this.icmpMaxMs, entry.durationMs ?? 0);
    else if (msg.startsWith('SNMP period')) {
      this.snmpPolls += entry.polls ?? 0;
      this.snmpFailed += entry.failed ?? 0;
    }
  }
}

/** serve's own figures: /metrics counters and /api/health's lag. */
async function serveFigures(api: string): Promise<{
  overruns: number;
  written: number;
  spooled: number;
  lagMs: number | null;
  heapBytes: { main: number; collectors: number };
}> {
  const text = await (await fetch(`${api}/metrics`)).text();
  const metric = (name: string): number => {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    return match ? Number(match[1]) : Number.NaN;
  };
  const health = (await (await fetch(`${api}/api/health`)).json()) as { lagMs: number | null };
  return {
    overruns: metric('pantau_cycle_overruns_total'),
    written: metric('pantau_points_written_total'),
    spooled: metric('pantau_points_spooled_total'),
    lagMs: health.lagMs,
    heapBytes: {
      main: metric('pantau_main_heap_used_bytes'),
      collectors: metric('pantau_collector_heap_used_bytes'),
    },
  };
}

/** One 10-s sample: CPU over the 10 s before it, RSS at it. */
interface Sample {
  readonly atMs: number;
  readonly cpuPct: Record<Part, number>;
  readonly rssBytes: Record<Part, number>;
}

interface Window {
  readonly label: string;
  readonly samples: Sample[];
  readonly cpuPct: Record<Part, number>;
  readonly peakRssBytes: Record<Part, number>;
  readonly missed: number;
  readonly icmpMaxMs: number;
  readonly snmpFailedPct: number;
  readonly lagMs: number | null;
  readonly pointsPerS: number;
  readonly spooled: number;
  /** V8 heap in use at the window's end: the main thread's, and the collector threads' summed. */
  readonly heapBytes: { readonly main: number; readonly collectors: number };
  /** Result-to-client delays of the injected faults' changes: into down/unreachable, and back. */
  readonly downDelays: number[];
  readonly upDelays: number[];
  /** Changes of sites no fault touched: load-made false alarms. */
  readonly otherChanges: number;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const delays = (list: readonly number[]): string => {
  if (list.length === 0) return '–';
  const sorted = [...list].sort((a, b) => a - b);
  const s = (v: number) => (v / 1000).toFixed(1);
  return `${s(percentile(sorted, 50))}/${s(percentile(sorted, 99))}/${s(sorted.at(-1) as number)}`;
};

function windowLine(count: number, w: Window): string {
  const cells = [
    String(count).padStart(7),
    w.label.padStart(7),
    ...PARTS.map((p) => w.cpuPct[p].toFixed(1).padStart(8)),
    (w.cpuPct.serve + w.cpuPct.influxd).toFixed(1).padStart(8),
    ...PARTS.map((p) => mb(w.peakRssBytes[p]).padStart(8)),
    String(w.missed).padStart(7),
    String(w.icmpMaxMs).padStart(8),
    w.snmpFailedPct.toFixed(1).padStart(7),
    (w.lagMs === null ? '–' : (w.lagMs / 1000).toFixed(1)).padStart(6),
    w.pointsPerS.toFixed(0).padStart(8),
    String(w.spooled).padStart(7),
    `${mb(w.heapBytes.main)}/${mb(w.heapBytes.collectors)}`.padStart(10),
    delays(w.downDelays).padStart(16),
    delays(w.upDelays).padStart(16),
    String(w.otherChanges).padStart(6),
  ];
  return cells.join(' ');
}
const HEADER = [
  'sites'.padStart(7),
  'window'.padStart(7),
  ...PARTS.map((p) => `${p.slice(0, 5)} %`.padStart(8)),
  's+i %'.padStart(8),
  ...PARTS.map((p) => `${p.slice(0, 5)} MB`.padStart(8)),
  'missed'.padStart(7),
  'ICMP ms'.padStart(8),
  'SNMP✗%'.padStart(7),
  'lag s'.padStart(6),
  'points/s'.padStart(8),
  'spooled'.padStart(7),
  'heap MB m/c'.padStart(10),
  'down s p50/99/max'.padStart(16),
  'up s p50/99/max'.padStart(16),
  'other'.padStart(6),
].join(' ');

interface SizeResult {
  readonly count: number;
  readonly windows: Window[];
  /** Sites the faults took down (with those behind a faulted office), and how many clients saw go down. */
  readonly faulted: number;
  readonly seenDown: number;
  /** Receipts of faulted sites' changes into another state than down, unreachable or up. */
  readonly otherStates: number;
  readonly gaps: number;
  readonly disconnected: number;
  readonly profile: string | null;
  readonly timelineFile: string;
}

async function measure(count: number): Promise<SizeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'pantau-bench-serve-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const inventory = syntheticInventory(count);
  const inventoryFile = join(dir, 'inventory.yaml');
  await writeFile(inventoryFile, inventoryToYaml(inventory));
  const labConfig = join(dir, 'lab.yaml');
  await writeFile(
    labConfig,
    // As bench:collect: an agent process per 25,000 sites.
    `lab:\n  namespace: pantau-lab\n  agentProcesses: ${Math.max(1, Math.ceil(count / 25_000))}\n`,
  );

  // As deployed (docs/metrics.md): in a memory cgroup, so its mapped files stay within the limit.
  // The limit is sized for up to 10,000 sites; at 100,000 influxd's Go heap alone is above it.
  const limited = count <= INFLUXD_LIMITED_UP_TO;
  const influxd: Influxd = await startInfluxd(
    limited ? { memoryLimitBytes: INFLUXD_MEMORY_LIMIT_BYTES } : {},
  );
  cleanups.push(() => influxd.stop());
  const limit = influxd.memoryLimit;
  process.stderr.write(
    limit === null
      ? `  influxd without a memory limit (the ${INFLUXD_MEMORY_LIMIT_BYTES / 2 ** 20} MiB one is for up to ${INFLUXD_LIMITED_UP_TO} sites)\n`
      : limit.applied
        ? `  influxd in the memory cgroup ${limit.cgroup} (${limit.bytes / 2 ** 20} MiB)\n`
        : `  influxd without a memory limit: ${limit.why}\n`,
  );
  const influxdPid = processWithArgument(join(influxd.dataDir, 'influxdb.conf'));
  if (influxdPid === null) throw new Error(`no influxd process found for ${influxd.dataDir}`);

  process.stderr.write(`  starting the lab with ${count} sites…\n`);
  const lab: RunningLab = await startLab(
    ['--config', labConfig, '--sites', String(count), '--no-scenario', '--network', 'namespace'],
    {},
    300_000,
  );
  cleanups.push(async () => {
    await lab.post('/heal', {}).catch(() => undefined);
    await lab.stop();
  });

  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const configFile = join(dir, 'pantau.yaml');
  await writeFile(
    configFile,
    serveConfigYaml({
      port,
      dataDir: join(dir, 'data'),
      influxUrl: influxd.url,
      database: 'pantau_bench',
      inventoryFiles: [inventoryFile],
      server: { logLevel: 'info' },
    }),
  );
  const profileDir = values.profile ? join(values.profile, String(count)) : null;
  const nodeArgs = profileDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${profileDir}`,
        // Every 5 ms instead of 1 ms: less overhead on the figures it profiles.
        '--cpu-prof-interval=5000',
        '--heap-prof',
        `--heap-prof-dir=${profileDir}`,
      ]
    : [];
  process.stderr.write('  starting pantau serve…\n');
  const serve = startServe(configFile, nodeArgs);
  let stopAsked = 0;
  const stopServe = async (): Promise<void> => {
    if (serve.child.exitCode !== null || serve.child.signalCode !== null) return;
    stopAsked = Date.now();
    serve.child.kill('SIGTERM');
    const timer = setTimeout(() => serve.child.kill('SIGKILL'), 60_000);
    await serve.exited;
    clearTimeout(timer);
  };
  cleanups.push(stopServe);
  const cycles = new CycleLog(serve);
  const serveExited = serve.exited.then((code) => {
    if (stopAsked === 0)
      throw new Error(`pantau serve exited (${code}):\n${serve.output().slice(-3000)}`);
  });
  serveExited.catch(() => undefined);

  const summary = async () =>
    (await (await fetch(`${api}/api/summary`)).json()) as { total: Record<string, number> };
  await Promise.race([
    serveExited,
    until(
      async () => (await fetch(`${api}/api/summary`).catch(() => null))?.ok,
      600_000,
      'the API',
    ),
  ]);
  process.stderr.write('  API up; waiting for every site to be known…\n');
  await Promise.race([
    serveExited,
    until(async () => (await summary()).total.unknown === 0, 300_000, 'every site known'),
  ]).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${serve.output().slice(-3000)}`);
  });
  const pids: Processes = {
    serve: serve.child.pid as number,
    influxd: influxdPid,
    lab: lab.process.pid as number,
  };

  // The faulted sites of each window: villages with their own link, and one kecamatan office
  // whose villages behind it become unreachable.
  const ownLinkVillages = inventory.sites.filter((s) => s.kind === 'desa' && s.parentId === null);
  const offices = inventory.sites.filter((s) => s.kind === 'kecamatan');
  const faultOf = new Map<string, number>(); // site → the window of its fault
  const windowFaults = (w: number): string[] => {
    const villages = ownLinkVillages.slice(w * faultsPerWindow, (w + 1) * faultsPerWindow);
    const office = offices[w % offices.length];
    return [...villages.map((s) => s.id), ...(office ? [office.id] : [])];
  };
  const behind = (id: string) => inventory.sites.filter((s) => s.parentId === id).map((s) => s.id);

  let downDelays: number[] = [];
  let upDelays: number[] = [];
  let otherChanges = 0;
  // Faulted sites' changes into neither down nor up (snmp-failed on the way), and which were seen down.
  let otherStates = 0;
  const seenDown = new Set<string>();
  const onChange = (change: LiveSite, receivedAt: number): void => {
    if (!faultOf.has(change.siteId)) {
      otherChanges += 1;
      return;
    }
    if (change.since === null) return;
    if (change.state === 'down' || change.state === 'unreachable') {
      downDelays.push(receivedAt - change.since);
      seenDown.add(change.siteId);
    } else if (change.state === 'up') upDelays.push(receivedAt - change.since);
    else otherStates += 1;
  };
  process.stderr.write(`  connecting ${clientCount} socket.io clients…\n`);
  const watchers = await watchLive(api, clientCount, onChange);
  cleanups.push(async () => watchers.close());

  const windows: Window[] = [];
  const timelineDir = values.timeline ?? tmpdir();
  // Made now, not when the first window is written (a missing folder cost a whole warm-up).
  await mkdir(timelineDir, { recursive: true });
  const timelineFile = join(timelineDir, `pantau-serve-${count}.csv`);
  let measuredFrom = 0;
  const minutes = minutesFor(count);
  const totalWindows = 1 + minutes; // the warm-up first
  for (let w = 0; w < totalWindows; w++) {
    const warmUp = w === 0;
    if (w === 1) measuredFrom = Date.now();
    const length = warmUp ? SNMP_MS : WINDOW_MS;
    const start = Date.now();
    const before = sample(pids);
    const figures0 = await serveFigures(api);
    cycles.take();
    downDelays = [];
    upDelays = [];
    otherChanges = 0;
    const peak: Record<Part, number> = { serve: 0, influxd: 0, lab: 0 };
    const samples: Sample[] = [];
    let last = { atMs: Date.now(), usage: before };
    const faultWindow = w - 1;
    if (!warmUp && (w < totalWindows - 1 || minutes === 1)) {
      const sites = windowFaults(faultWindow);
      for (const id of sites) {
        faultOf.set(id, faultWindow);
        for (const child of behind(id)) faultOf.set(child, faultWindow);
        const { status, body } = await lab.post('/faults', {
          kind: 'down',
          site: id,
          for: FAULT_FOR,
        });
        if (status !== 201)
          throw new Error(`the lab refused a fault on ${id}: ${JSON.stringify(body)}`);
      }
    }
    while (Date.now() - start < length) {
      await Promise.race([
        serveExited,
        new Promise((r) => setTimeout(r, Math.min(SAMPLE_MS, length - (Date.now() - start)))),
      ]);
      const now = sample(pids);
      const atMs = Date.now();
      for (const p of PARTS) peak[p] = Math.max(peak[p], now[p].rssBytes);
      const span = (atMs - last.atMs) / 1000;
      if (span > 0)
        samples.push({
          atMs,
          cpuPct: Object.fromEntries(
            PARTS.map((p) => [p, ((now[p].cpuSeconds - last.usage[p].cpuSeconds) / span) * 100]),
          ) as Record<Part, number>,
          rssBytes: Object.fromEntries(PARTS.map((p) => [p, now[p].rssBytes])) as Record<
            Part,
            number
          >,
        });
      last = { atMs, usage: now };
    }
    const after = sample(pids);
    // Also at the end: a serve too busy to answer /metrics within the window left no other sample.
    for (const p of PARTS) peak[p] = Math.max(peak[p], after[p].rssBytes);
    const figures1 = await serveFigures(api);
    const seconds = (Date.now() - start) / 1000;
    const log = cycles.take();
    const window: Window = {
      label: warmUp ? 'warm-up' : String(w),
      samples,
      cpuPct: Object.fromEntries(
        PARTS.map((p) => [p, ((after[p].cpuSeconds - before[p].cpuSeconds) / seconds) * 100]),
      ) as Record<Part, number>,
      peakRssBytes: peak,
      missed: figures1.overruns - figures0.overruns,
      icmpMaxMs: log.icmpMaxMs,
      snmpFailedPct: log.snmpPolls === 0 ? 0 : (log.snmpFailed / log.snmpPolls) * 100,
      lagMs: figures1.lagMs,
      pointsPerS: (figures1.written - figures0.written) / seconds,
      spooled: figures1.spooled - figures0.spooled,
      heapBytes: figures1.heapBytes,
      downDelays,
      upDelays,
      otherChanges,
    };
    windows.push(window);
    process.stderr.write(`${windowLine(count, window)}\n`);
    await writeFile(timelineFile, timelineCsv(windows));
  }

  let profile: string | null = null;
  const stopAt = Date.now();
  watchers.close();
  await stopServe();
  if (profileDir) profile = await summariseProfiles(profileDir, measuredFrom, stopAt, Date.now());
  const result: SizeResult = {
    count,
    windows,
    timelineFile,
    faulted: faultOf.size,
    seenDown: seenDown.size,
    otherStates,
    gaps: watchers.gaps(),
    disconnected: watchers.disconnected(),
    profile,
  };
  await cleanUp();
  return result;
}

/** Main thread and workers: CPU over the measured windows only; live memory at exit. */
async function summariseProfiles(
  dir: string,
  measuredFrom: number,
  stopAt: number,
  exitedAt: number,
): Promise<string> {
  const files = (await readdir(dir)).sort();
  const span = { fromEndMs: exitedAt - measuredFrom, skipEndMs: exitedAt - stopAt };
  // CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile: thread 0 is the main thread.
  const thread = (f: string) =>
    f.split('.')[4] === '0' ? 'main thread' : `worker ${f.split('.')[4]}`;
  const parts = files.map((f) =>
    f.endsWith('.cpuprofile')
      ? ` CPU, ${thread(f)} (measured windows):\n${cpuProfileSummary(join(dir, f), span)}`
      : f.endsWith('.heapprofile')
        ? ` memory, ${thread(f)} (sampled, live at exit):\n${heapProfileSummary(join(dir, f))}`
        : '',
  );
  return [`profiles in ${dir}`, ...parts.filter(Boolean)].join('\n');
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'NOT met';
}

/** Every 10-s sample as CSV: seconds since the first, window, CPU % and RSS MB per part. */
function timelineCsv(windows: readonly Window[]): string {
  const t0 = windows[0]?.samples[0]?.atMs ?? 0;
  const rows = windows.flatMap((w) =>
    w.samples.map((s) =>
      [
        ((s.atMs - t0) / 1000).toFixed(0),
        w.label,
        ...PARTS.map((p) => s.cpuPct[p].toFixed(1)),
        ...PARTS.map((p) => mb(s.rssBytes[p])),
      ].join(','),
    ),
  );
  return `${['s', 'window', ...PARTS.map((p) => `${p}_cpu_pct`), ...PARTS.map((p) => `${p}_rss_mb`)].join(',')}\n${rows.join('\n')}\n`;
}

const mean = (list: readonly number[]): number =>
  list.reduce((s, v) => s + v, 0) / Math.max(1, list.length);

function sizeReport(r: SizeResult): string {
  const measured = r.windows.slice(1);
  const steady = measured.slice(settle);
  const stackPct = mean(steady.map((w) => w.cpuPct.serve + w.cpuPct.influxd));
  const influxdPct = mean(steady.map((w) => w.cpuPct.influxd));
  const last20 = measured.slice(-20);
  const influxdRss = last20.flatMap((w) => w.samples.map((s) => s.rssBytes.influxd));
  const influxdPeak = Math.max(...influxdRss);
  const influxdFirst = last20[0]?.peakRssBytes.influxd ?? 0;
  const influxdLast = last20.at(-1)?.peakRssBytes.influxd ?? 0;
  const influxdFlat = influxdLast - influxdFirst <= influxdFirst * TARGETS.flatShare;
  const first = measured[0];
  const last = measured.at(-1);
  const missed = measured.reduce((s, w) => s + w.missed, 0);
  const meanCpu = measured.reduce((s, w) => s + w.cpuPct.serve, 0) / Math.max(1, measured.length);
  const peakRss = Math.max(...measured.map((w) => w.peakRssBytes.serve));
  const down = measured.flatMap((w) => w.downDelays);
  const up = measured.flatMap((w) => w.upDelays);
  const lines = [
    `${r.count} sites: serve ${meanCpu.toFixed(1)} % of a core (mean), peak RSS ${mb(peakRss)} MB, ${missed} missed deadline(s); ` +
      `steady state (${steady.length} windows after ${settle}): serve + influxd ${stackPct.toFixed(1)} %, influxd ${influxdPct.toFixed(1)} %; ` +
      `influxd RSS over the last ${last20.length} windows ${mb(influxdFirst)} → ${mb(influxdLast)} MB, peak ${mb(influxdPeak)} MB; ` +
      `result → client delay, into down ${delays(down)} s (${down.length} receipts), back up ${delays(up)} s (${up.length}); ` +
      `${r.seenDown} of ${r.faulted} faulted sites seen down, ${r.otherStates} receipts of other states; ` +
      `${r.gaps} version gap(s), ${r.disconnected} client disconnect(s)`,
  ];
  if (first && last) {
    const growth = last.peakRssBytes.serve - first.peakRssBytes.serve;
    const flat = growth <= first.peakRssBytes.serve * TARGETS.flatShare;
    lines.push(
      `  serve RSS first → last window: ${mb(first.peakRssBytes.serve)} → ${mb(last.peakRssBytes.serve)} MB (${growth >= 0 ? '+' : ''}${mb(growth)} MB): flat (within ${TARGETS.flatShare * 100} %) ${verdict(flat)}`,
    );
  }
  if (r.count === 10_000)
    lines.push(
      `  target at 10,000: no missed deadline ${verdict(missed === 0)}; serve under ${TARGETS.cpuPctAt10k} % of a core ${verdict(meanCpu < TARGETS.cpuPctAt10k)}; ` +
        `serve + influxd under ${TARGETS.stackPctAt10k} % ${verdict(stackPct < TARGETS.stackPctAt10k)}; ` +
        `influxd under 1 GB ${verdict(influxdPeak < TARGETS.influxdRssBytesAt10k)} and flat over the last 20 minutes ${verdict(influxdFlat && last20.length >= 20)}`,
    );
  if (r.count === 100_000)
    lines.push(
      `  target at 100,000: no missed deadline ${verdict(missed === 0)}; serve under 1 GB RSS ${verdict(peakRss < TARGETS.rssBytesAt100k)}; ` +
        `serve + influxd under 1.5 cores ${verdict(stackPct < TARGETS.stackPctAt100k)}`,
    );
  lines.push(`  timeline (10-s samples): ${r.timelineFile}`);
  return lines.join('\n');
}

const results: SizeResult[] = [];
try {
  process.stderr.write(`${HEADER}\n`);
  for (const count of sizes) {
    process.stderr.write(`${count} sites…\n`);
    results.push(await measure(count));
  }
} finally {
  await cleanUp();
}
process.stdout.write(
  `\nserve benchmark: pantau serve against the lab, ${clientCount} socket.io clients; ICMP every 30 s (3 echoes), SNMP every 60 s; ` +
    `windows of ${WINDOW_MS / 1000} s after a warm-up of one SNMP interval; CPU as % of one core; RSS the window's peak; ` +
    'delays in s from the change\'s probe result to the client ("down" includes the confirmation round and the 10-s isolation hold)\n' +
    `${HEADER}\n${results.flatMap((r) => r.windows.map((w) => windowLine(r.count, w))).join('\n')}\n\n` +
    `${results.map(sizeReport).join('\n')}\n`,
);
for (const r of results) if (r.profile) process.stdout.write(`\n${r.profile}\n`);
