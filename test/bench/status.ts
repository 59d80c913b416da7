// Benchmark of the status engine and the live hub: 10,000 sites probed every cycle, 1 % of them
// flapping; engine CPU per result, and the delay from a result entering the engine to each of 50
// socket.io clients receiving the change it caused (p50, p99).
//
//   npm run bench:status
//   npm run bench:status -- --sites 10000 --clients 50 --cycles 20 --cycle-ms 1000

import { createServer } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { BUILT_IN_PROBE_SETTINGS } from '../../src/config/index.js';
import { InventoryIndex } from '../../src/inventory/index.js';
import { syntheticInventory } from '../../src/lab/index.js';
import { LiveHub } from '../../src/live/index.js';
import type { IcmpProbeResult } from '../../src/probe/index.js';
import {
  IncidentTracker,
  StatusEngine,
  type StatusEvent,
  thresholdsByKind,
} from '../../src/status/index.js';
import { icmpDown, icmpResult } from '../helpers/probe-results.js';
import { benchArgs } from './bench-args.js';
import { delaySummary } from './percentiles.js';

const values = benchArgs(
  'Usage: npm run bench:status -- [--sites 10000] [--clients 50] [--cycles 20] [--cycle-ms 1000]\n' +
    'Each cycle feeds one ICMP result per site in worker-sized batches; 1 % of sites flip state every cycle.\n',
  { sites: '10000', clients: '50', cycles: '20', 'cycle-ms': '1000' },
);
const siteCount = Number(values.sites);
const clientCount = Number(values.clients);
const cycles = Number(values.cycles);
const cycleMs = Number(values['cycle-ms']);

const inventory = syntheticInventory(siteCount);
// The built-in thresholds for every kind (rttMs 150, lossPct 5, windowMs 300000), as a probe config
// with no overrides gives them.
const PROBE = { workers: 1, defaults: BUILT_IN_PROBE_SETTINGS, kinds: {} };
const engine = new StatusEngine({
  sites: inventory.sites,
  thresholds: thresholdsByKind(PROBE),
  // No isolation detection: its hold would delay every down by the isolation window on purpose.
  isolation: null,
  flapping: { changes: 1_000_000 },
});
const server = createServer();
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const hub = new LiveHub(server, {
  index: new InventoryIndex(inventory),
  status: engine.snapshot(),
});

// When each version entered the engine: a client's delay is its receipt time minus that. The first
// two cycles turn every site from unknown to up (a start-up burst), so they are reported apart.
const WARM_UP_CYCLES = 2;
const publishedAt = new Map<number, { at: number; cycle: number }>();
const startupDelays: number[] = [];
const delays: number[] = [];
const clients: Socket[] = [];
for (let i = 0; i < clientCount; i++) {
  const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
  socket.on('batch', (m: { fromVersion: number; toVersion: number }) => {
    const now = performance.now();
    for (let v = m.fromVersion; v <= m.toVersion; v++) {
      const published = publishedAt.get(v);
      if (published === undefined) continue;
      (published.cycle < WARM_UP_CYCLES ? startupDelays : delays).push(now - published.at);
    }
  });
  clients.push(socket);
}
await Promise.all(clients.map((s) => new Promise<void>((r) => s.once('snapshot', () => r()))));

const flappers = inventory.sites.filter((_, i) => i % 100 === 7).map((s) => s.id);
const flapSet = new Set(flappers);
let engineMs = 0;
let results = 0;
let events = 0;
const t0 = Date.now();
for (let cycle = 0; cycle < cycles; cycle++) {
  const at = t0 + cycle * cycleMs;
  const all: IcmpProbeResult[] = inventory.sites.map((s) => {
    const down = flapSet.has(s.id) && cycle % 4 >= 2; // two down, two up: K = 2 brings it back
    return down
      ? icmpDown({ siteId: s.id, at })
      : icmpResult({ siteId: s.id, at, rttAvgMs: 10 + (cycle % 5) });
  });
  // As two workers hand them over: batches of up to 2,000 results.
  for (let i = 0; i < all.length; i += 2000) {
    const batch = all.slice(i, i + 2000);
    const start = performance.now();
    const out: StatusEvent[] = engine.apply(batch, at + 500);
    engineMs += performance.now() - start;
    results += batch.length;
    events += out.length;
    for (const e of out) publishedAt.set(e.version, { at: start, cycle });
    hub.publish(out);
    await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, cycleMs));
}
await new Promise((r) => setTimeout(r, 1000));

// One root cause with every site behind it: a whole regency's uplink down at once, through the
// engine and the incident tracker (which links each unreachable incident to the root's).
const root = { id: 'bench-core', parentId: null, kind: 'core' as const };
const behind = inventory.sites.map((s) => ({ id: s.id, parentId: root.id, kind: s.kind }));
const outageEngine = new StatusEngine({
  sites: [root, ...behind],
  thresholds: thresholdsByKind(PROBE),
  isolation: null,
});
const tracker = new IncidentTracker();
const everyone = [root, ...behind];
tracker.apply(
  outageEngine.apply(
    everyone.map((s) => icmpResult({ siteId: s.id, at: t0 })),
    t0,
  ),
);
let mark = performance.now();
const outage = outageEngine.apply(
  everyone.map((s) => icmpDown({ siteId: s.id, at: t0 + 30_000 })),
  t0 + 30_000,
);
const outageEngineMs = performance.now() - mark;
mark = performance.now();
const opened = tracker.apply(outage).length;
const outageTrackerMs = performance.now() - mark;

process.stdout.write(
  `\nstatus benchmark: ${siteCount} sites, ${flappers.length} flapping, ${clientCount} socket.io clients, ${cycles} cycles of ${cycleMs} ms\n` +
    `engine: ${results} results, ${events} events, ${((engineMs * 1000) / results).toFixed(2)} µs per result\n` +
    `delay from result to client, steady state (cycles ${WARM_UP_CYCLES + 1}–${cycles}, ${delays.length} receipts): ${delaySummary(delays)} (target p99 < 300 ms)\n` +
    `delay at start-up (cycles 1–${WARM_UP_CYCLES}: every site from unknown to up, ${startupDelays.length} receipts): ${delaySummary(startupDelays)}\n` +
    `one root cause, ${behind.length} sites behind it down at once: engine ${outageEngineMs.toFixed(0)} ms, incident tracker ${outageTrackerMs.toFixed(0)} ms (${opened} incidents)\n`,
);
for (const s of clients) s.close();
await hub.close();
server.close();
