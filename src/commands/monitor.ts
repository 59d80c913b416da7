// The monitor assembled, for `pantau serve` and `pantau demo`: collectors, the metrics pipeline,
// the status engine and the HTTP API on server.listen. No logic of its own: it wires the parts.

import { hostname } from 'node:os';
import { buildApi, type HealthReport } from '../api/index.js';
import {
  CollectorPool,
  type CycleSummary,
  collectorSites,
  FanOutSink,
  logCycleSummary,
  type ProbeResultSink,
  referenceSites,
} from '../collector/index.js';
import type { PantauConfig } from '../config/index.js';
import type { Inventory } from '../inventory/index.js';
import { LiveHub } from '../live/index.js';
import type { Logger } from '../logger.js';
import type { ProbeResult } from '../probe/index.js';
import { prometheusText } from '../prometheus-text.js';
import { influxAnswers, MetricsPipeline } from '../storage/index.js';
import { StatusKeeper } from './status-keeper.js';

export interface Monitor {
  readonly url: string;
  readonly workers: number;
  stop(): Promise<void>;
}

/**
 * Starts everything; `probed` is the inventory as the collectors reach it (the lab may serve sites
 * elsewhere than their configured address), `config.inventory` what is stored and shown.
 */
export async function startMonitor(
  config: PantauConfig,
  probed: Inventory,
  log: Logger,
): Promise<Monitor> {
  let overruns = 0;
  let lastCycleAt: number | null = null;
  let newestResultAt: number | null = null;
  let pool: CollectorPool | null = null;
  // Whatever has started is stopped again, in reverse order: at stop, and when a later part fails.
  const started: (() => unknown)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of started.splice(0).reverse()) await stop();
  };

  try {
    const pipeline = await MetricsPipeline.open({
      influx: config.influx,
      inventory: config.inventory,
      instance: hostname(),
      collector: () => ({ overruns, workerRestarts: pool?.restarts ?? 0 }),
      log,
    });
    started.push(() => pipeline.stop());
    const keeper = StatusKeeper.open(config, log);
    started.push(() => keeper.stop());
    // Set once the HTTP server exists.
    let hub: LiveHub | null = null;
    const { engine, db } = keeper;
    const references = referenceSites(
      config.status.isolation?.referenceTargets ?? [],
      config.probe,
    );
    const referenceIds = new Set(references.map((r) => r.siteId));
    const status: ProbeResultSink = {
      accept(results: readonly ProbeResult[]) {
        for (const r of results)
          if (newestResultAt === null || r.at > newestResultAt) newestResultAt = r.at;
        keeper.accept(results);
        hub?.publishResults(results);
      },
    };
    // Reference targets tell the engine whether Pantau is cut off; they are no site to store.
    const metrics: ProbeResultSink =
      referenceIds.size === 0
        ? pipeline.sink
        : {
            accept: (results) =>
              pipeline.sink.accept(results.filter((r) => !referenceIds.has(r.siteId))),
          };
    const collectors = new CollectorPool({
      sites: [...collectorSites(probed, config.probe), ...references],
      workers: config.probe.workers,
      icmpBackend: config.probe.defaults.icmp.backend,
      snmpConcurrency: config.probe.defaults.snmp.concurrency,
      sink: new FanOutSink([metrics, status]),
      onSummary: (summary: CycleSummary) => {
        lastCycleAt = Date.now();
        if (summary.kind === 'snmp') overruns += summary.missed;
        else if (summary.missed || summary.error !== null) overruns += 1;
        logCycleSummary(log, summary);
      },
      log,
    });
    pool = collectors;
    started.push(() => collectors.stop());

    const api = await buildApi(
      {
        inventory: config.inventory,
        stateOf: (id) => engine.stateOf(id),
        statusVersion: () => engine.currentVersion,
        isolation: () => engine.isolated,
        history: (request) => pipeline.history(request),
        incidents: (query) => db.incidents(query),
        availabilityRecords: (query) => db.availabilityRecords(query),
        isolations: (range) => db.isolations(range),
        health: async (): Promise<HealthReport> => {
          const reachable = await influxAnswers(config.influx.url);
          const stats = pipeline.stats();
          const alive = collectors.aliveWorkers;
          const expected = collectors.workerCount;
          return {
            ok: reachable && alive === expected,
            influx: { reachable, url: config.influx.url },
            spool: { bytes: stats.spool.bytes, pendingPoints: stats.spool.pendingLines },
            workers: { alive, expected, restarts: collectors.restarts },
            lastCycleAt,
            lagMs: newestResultAt === null ? null : Date.now() - newestResultAt,
          };
        },
        metricsText: () =>
          prometheusText([
            ...pipeline.figures().flatMap((f) => f.metric ?? []),
            {
              name: 'pantau_status_version',
              help: 'Version of the last status event.',
              type: 'gauge',
              value: engine.currentVersion,
            },
          ]),
      },
      log,
    );
    started.push(() => api.close());
    const liveHub = new LiveHub(api.server, {
      sites: config.inventory.sites,
      status: engine.shown(),
      logger: log,
    });
    hub = liveHub;
    started.push(() => liveHub.close());
    keeper.attach(liveHub);
    await collectors.start();
    await api.listen({ host: config.server.listen.host, port: config.server.listen.port });
    const { host, port } = config.server.listen;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      workers: collectors.workerCount,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
