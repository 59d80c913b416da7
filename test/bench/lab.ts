// Benchmark of the lab itself: start time, memory, and how many SNMP GETs per second its agents
// answer at 1,000 and 10,000 sites. Target: at least 2,000 GETs/s at 10,000 sites, so the lab never
// limits the collector benchmarks. The load comes from this process; the agents are their own.
//
//   npm run bench:lab                      (root: the namespace lab; else loopback)
//   npm run bench:lab -- --sites 1000,10000,50000 --seconds 10 --agents 1

import { Lab, type LabSite, syntheticInventory } from '../../src/lab/index.js';
import { measureGetThroughput, type ThroughputResult } from '../../src/lab/snmp/index.js';
import { createLogger } from '../../src/logger.js';
import { benchArgs } from './bench-args.js';
import { stopOnSignal } from './stop-on-signal.js';

const TARGET_GETS_PER_S = 2000;
const V3 = {
  user: 'pantau',
  authProtocol: 'sha',
  authKey: 'bench-auth-key',
  privProtocol: 'aes',
  privKey: 'bench-priv-key',
} as const;

const values = benchArgs(
  'Usage: npm run bench:lab -- [--sites 1000,10000] [--seconds 8] [--agents 1] [--network auto|namespace|loopback]\n',
  { sites: '1000,10000', seconds: '8', agents: '1', network: 'auto' },
);

const counts = values.sites.split(',').map(Number);
const seconds = Number(values.seconds);
const agents = Number(values.agents);
const network = values.network as 'auto' | 'namespace' | 'loopback';
const log = createLogger('bench-lab', process.env.PANTAU_LOG_LEVEL ?? 'warn');

interface Row {
  sites: number;
  agents: number;
  startMs: number;
  agentRssMb: number;
  v2c: ThroughputResult;
  v3: ThroughputResult;
  stopMs: number;
}

function print(rows: readonly Row[], mode: string): void {
  const line = (cells: readonly (string | number)[]): string =>
    cells.map((c) => String(c).padStart(13)).join('');
  process.stdout.write(
    `\nlab benchmark (${mode}, ${agents} agent process(es), ${seconds} s per measurement)\n`,
  );
  process.stdout.write(
    `${line(['sites', 'agents', 'start ms', 'stop ms', 'agent RSS MB', 'v2c GET/s', 'v2c timeouts', 'v3 GET/s', 'v3 timeouts'])}\n`,
  );
  for (const r of rows) {
    process.stdout.write(
      `${line([
        r.sites,
        r.agents,
        Math.round(r.startMs),
        Math.round(r.stopMs),
        r.agentRssMb.toFixed(0),
        Math.round(r.v2c.getsPerSecond),
        r.v2c.timedOut,
        Math.round(r.v3.getsPerSecond),
        r.v3.timedOut,
      ])}\n`,
    );
  }
}

async function measure(count: number): Promise<{ row: Row; mode: string }> {
  const inventory = syntheticInventory(count);
  const t0 = performance.now();
  const lab = await Lab.start({
    inventory,
    settings: { namespace: 'pantau-lab', agentProcesses: agents, loopbackPort: 1161, v3User: V3 },
    network,
    log,
  });
  const startMs = performance.now() - t0;
  running = lab;
  try {
    const targets = lab.sites().map((s: LabSite) => s.servedAt);
    const bindAddress = lab.mode === 'namespace' ? '0.0.0.0' : '127.0.0.1';
    process.stderr.write(`  ${count} sites up in ${Math.round(startMs)} ms; measuring v2c…\n`);
    const v2c = await measureGetThroughput({
      targets,
      durationS: seconds,
      credentials: { version: 'v2c', community: 'public' },
      bindAddress,
    });
    process.stderr.write('  measuring v3 authPriv…\n');
    const v3 = await measureGetThroughput({
      targets,
      durationS: seconds,
      credentials: {
        version: 'v3',
        user: {
          name: V3.user,
          level: 'authPriv',
          authProtocol: 'sha',
          authKey: V3.authKey,
          privProtocol: 'aes',
          privKey: V3.privKey,
        },
      },
      bindAddress,
    });
    const stats = (await lab.stats()) as { rssBytes: number }[];
    const agentRssMb = stats.reduce((sum, s) => sum + s.rssBytes, 0) / 1e6;
    const t1 = performance.now();
    await lab.stop();
    return {
      row: {
        sites: count,
        agents: stats.length,
        startMs,
        agentRssMb,
        v2c,
        v3,
        stopMs: performance.now() - t1,
      },
      mode: lab.mode,
    };
  } catch (error) {
    await lab.stop();
    throw error;
  }
}

// Ctrl-C mid-run: remove the lab network before leaving.
let running: Lab | null = null;
stopOnSignal(() => running?.stop() ?? Promise.resolve());

const rows: Row[] = [];
let mode = '';
for (const count of counts) {
  process.stderr.write(`lab with ${count} sites…\n`);
  const result = await measure(count);
  rows.push(result.row);
  mode = result.mode;
}
print(rows, mode);
const largest = rows.find((r) => r.sites === 10_000);
if (largest) {
  const ok =
    largest.v2c.getsPerSecond >= TARGET_GETS_PER_S && largest.v3.getsPerSecond >= TARGET_GETS_PER_S;
  process.stdout.write(
    `\ntarget: ≥ ${TARGET_GETS_PER_S} GETs/s at 10,000 sites: ${ok ? 'met' : 'NOT met'} ` +
      `(v2c ${Math.round(largest.v2c.getsPerSecond)}, v3 ${Math.round(largest.v3.getsPerSecond)})\n`,
  );
  process.exitCode = ok ? 0 : 1;
}
