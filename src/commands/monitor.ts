// The monitor assembled, for `pantau serve` and `pantau demo`: collectors feed the results
// pipeline, whose subscribers are the metrics pipeline, the status service and the live hub's
// measurements; the status service publishes to the live hub. Assembly only: each part's logic
// lives in its own folder.

import { hostname } from 'node:os';
import { buildApi, type HealthReport } from '../api/index.js';
import {
  CollectorPool,
  type CycleSummary,
  collectorSites,
  logCycleSummary,
  referenceSites,
} from '../collector/index.js';
import type { PantauConfig } from '../config/index.js';
import type { Inventory } from '../inventory/index.js';
import { LiveHub } from '../live/index.js';
import type { Logger } from '../logger.js';
import { influxAnswers, MetricsPipeline } from '../metrics/index.js';
import { ResultsPipeline } from '../pipeline/index.js';
import { prometheusText } from '../prometheus-text.js';
import { StatusService } from '../status/index.js';

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
  let pool: CollectorPool | null = null;
  // Whatever has started is stopped again, in reverse order: at stop, and when a later part fails.
  const started: (() => unknown)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of started.splice(0).reverse()) await stop();
  };

  try {
    const references = referenceSites(
      config.status.isolation?.referenceTargets ?? [],
      config.probe,
    );
    const results = new ResultsPipeline({ log, references: references.map((r) => r.siteId) });
    const metrics = await MetricsPipeline.open({
      influx: config.influx,
      inventory: config.inventory,
      instance: hostname(),
      collector: () => ({
        overruns: results.figures().overruns,
        workerRestarts: pool?.restarts ?? 0,
      }),
      log,
    });
    started.push(() => metrics.stop());
    results.subscribe({ name: 'metrics', accept: (batch) => metrics.sink.accept(batch) });
    const status = StatusService.open(config, log);
    started.push(() => status.stop());
    const { engine, db } = status;
    results.subscribe({
      name: 'status',
      scope: 'sites-and-references',
      accept: (batch) => status.accept(batch),
    });
    const collectors = new CollectorPool({
      sites: [...collectorSites(probed, config.probe), ...references],
      workers: config.probe.workers,
      icmpBackend: config.probe.defaults.icmp.backend,
      snmpConcurrency: config.probe.defaults.snmp.concurrency,
      sink: results,
      onSummary: (summary: CycleSummary) => {
        results.noteCycle(summary);
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
        history: (request) => metrics.history(request),
        incidents: (query) => db.incidents(query),
        availabilityRecords: (query) => db.availabilityRecords(query),
        isolations: (range) => db.isolations(range),
        health: async (): Promise<HealthReport> => {
          const reachable = await influxAnswers(config.influx.url);
          const stats = metrics.stats();
          const alive = collectors.aliveWorkers;
          const expected = collectors.workerCount;
          const { lastCycleAt, lagMs } = results.figures();
          return {
            ok: reachable && alive === expected,
            influx: { reachable, url: config.influx.url },
            spool: { bytes: stats.spool.bytes, pendingPoints: stats.spool.pendingLines },
            workers: { alive, expected, restarts: collectors.restarts },
            lastCycleAt,
            lagMs,
          };
        },
        metricsText: () =>
          prometheusText([
            ...metrics.figures().flatMap((f) => f.metric ?? []),
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
    const hub = new LiveHub(api.server, {
      sites: config.inventory.sites,
      status: engine.shown(),
      logger: log,
    });
    started.push(() => hub.close());
    status.subscribe({ name: 'live hub', publish: (events) => hub.publish(events) });
    results.subscribe({ name: 'live measurements', accept: (batch) => hub.publishResults(batch) });
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
