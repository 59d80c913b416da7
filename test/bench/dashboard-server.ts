// A server of synthetic sites for the dashboard's benchmark and for looking at the board at scale:
// the real API, status engine and live hub, fed with made-up ICMP results instead of probes. It
// has no InfluxDB or incident store: history, incidents and availability answer empty.
//
//   npx tsx test/bench/dashboard-server.ts --sites 10000 --changes 100 --port 3100
//
// Every second `changes` sites flip between up and down (each site every sites/changes seconds),
// so the page sees about that many changes a second once the engine confirms them.

import type { AddressInfo } from 'node:net';
import { buildApi } from '../../src/api/index.js';
import { BUILT_IN_PROBE_SETTINGS } from '../../src/config/index.js';
import { type Inventory, InventoryIndex, type Site } from '../../src/inventory/index.js';
import { syntheticInventory } from '../../src/lab/index.js';
import { LiveHub } from '../../src/live/index.js';
import { createLogger } from '../../src/logger.js';
import { StatusEngine, thresholdsByKind } from '../../src/status/index.js';
import { icmpDown, icmpResult } from '../helpers/probe-results.js';
import { benchArgs } from './bench-args.js';

export interface SyntheticDashboard {
  readonly base: string;
  readonly inventory: Inventory;
  /** Starts the flipping: `changes` sites a second. */
  startChanges(changes: number): void;
  stop(): Promise<void>;
}

/** The synthetic sites with coordinates: each kecamatan a cluster around its own centre. */
function placed(inventory: Inventory): Inventory {
  const centre = { lat: -6.3, lon: 106.5 };
  const sites = inventory.sites.map((site, i): Site => {
    const k = Number(/(\d+)$/.exec(site.kecamatan)?.[1] ?? 0);
    const ring = 0.5 * Math.sqrt(k / 40);
    const angle = k * 2.399;
    const spread = 0.02 + ((i * 7919) % 97) / 97 / 40;
    const a = i * 1.7;
    return {
      ...site,
      location: {
        lat: centre.lat + ring * Math.sin(angle) + spread * Math.sin(a),
        lon: centre.lon + ring * Math.cos(angle) + spread * Math.cos(a),
      },
    };
  });
  return { ...inventory, sites };
}

export async function startSyntheticDashboard(
  sites: number,
  port = 0,
): Promise<SyntheticDashboard> {
  const inventory = placed(syntheticInventory(sites));
  const index = new InventoryIndex(inventory);
  const engine = new StatusEngine({
    sites: inventory.sites,
    thresholds: thresholdsByKind({ workers: 1, defaults: BUILT_IN_PROBE_SETTINGS, kinds: {} }),
    isolation: null,
    flapping: { changes: 1_000_000 },
  });
  const log = createLogger('dashboard-bench', 'warn');
  let hub: LiveHub | null = null;
  const app = await buildApi(
    {
      index: () => index,
      stateOf: (id) => engine.stateOf(id),
      statusVersion: () => engine.currentVersion,
      isolation: () => engine.isolated,
      history: async (request) => ({ ...request, source: 'raw', series: [] }) as never,
      incidents: () => ({ total: 0, incidents: [] }),
      availabilityRecords: () => ({
        incidents: [],
        maintenance: [],
        isolations: [],
        runs: [],
        watchedSince: {},
      }),
      isolations: () => [],
      health: async () => ({
        ok: true,
        influx: { reachable: true, url: 'synthetic' },
        spool: { bytes: 0, pendingPoints: 0 },
        workers: {
          alive: 1,
          expected: 1,
          restarts: 0,
          perWorker: [{ worker: 0, alive: true, sites: inventory.sites.length }],
        },
        lastCycleAt: Date.now(),
        lagMs: 0,
      }),
      metricsText: () => '',
      liveSnapshot: () => hub?.snapshot() ?? null,
    },
    log,
  );
  hub = new LiveHub(app.server, { index, status: engine.snapshot(), logger: log });
  // Two rounds of answers: every site known and up before the page opens.
  const ids = inventory.sites.map((s) => s.id);
  const t0 = Date.now();
  for (const round of [0, 1])
    hub.publish(
      engine.apply(
        ids.map((siteId) => icmpResult({ siteId, at: t0 + round })),
        t0 + round,
      ),
    );
  await app.listen({ host: '127.0.0.1', port });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  let timer: NodeJS.Timeout | null = null;
  return {
    base,
    inventory,
    startChanges(changes) {
      const period = Math.max(2, Math.round(ids.length / Math.max(1, changes)));
      let tick = 0;
      timer = setInterval(() => {
        tick += 1;
        const at = Date.now();
        // Sites whose flip falls in this second or the two before: each gets a result a second
        // until the engine has confirmed its new state.
        const results = [];
        for (let i = 0; i < ids.length; i++) {
          const phase = (tick + i) % period;
          if (phase > 2) continue;
          const down = Math.floor((tick + i) / period) % 2 === 1;
          const siteId = ids[i] as string;
          results.push(down ? icmpDown({ siteId, at }) : icmpResult({ siteId, at }));
        }
        hub.publish(engine.apply(results, at));
      }, 1000);
    },
    async stop() {
      if (timer) clearInterval(timer);
      hub.close();
      await app.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const values = benchArgs(
    'Usage: npx tsx test/bench/dashboard-server.ts [--sites 342] [--changes 2] [--port 3100]\n' +
      'Serves the dashboard over synthetic sites, `changes` of them flipping every second.\n',
    { sites: '342', changes: '2', port: '3100' },
  );
  const server = await startSyntheticDashboard(Number(values.sites), Number(values.port));
  server.startChanges(Number(values.changes));
  process.stdout.write(`synthetic dashboard: ${server.base} (${values.sites} sites)\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
