// The monitor assembled, for `pantau serve` and `pantau demo`: collectors feed the results
// pipeline, whose subscribers are the metrics pipeline, the status service and the live hub's
// measurements; the status service publishes to the live hub. Assembly only: each part's logic
// lives in its own folder.

import { hostname } from 'node:os';
import { buildApi, type HealthReport, workerHealth } from '../api/index.js';
import {
  CollectorPool,
  type CycleSummary,
  collectorSites,
  logCycleSummary,
  referenceTargets,
} from '../collector/index.js';
import { type PantauConfig, reloadScope } from '../config/index.js';
import {
  diffInventory,
  type Inventory,
  type InventoryDiff,
  InventoryIndex,
} from '../inventory/index.js';
import { LiveHub, liveFigures } from '../live/index.js';
import { heapFigures, rssFigure } from '../memory-figures.js';
import type { Logger } from '../logger.js';
import { influxAnswers, MetricsPipeline, MetricsReader } from '../metrics/index.js';
import { pipelineFigures, ResultsPipeline } from '../pipeline/index.js';
import { prometheusText } from '../prometheus-text.js';
import { StatusService } from '../status/index.js';

export interface Monitor {
  readonly url: string;
  readonly workers: number;
  /**
   * Takes a new config (already loaded and checked) while running: the inventory and probe
   * settings at once, the rest at the next start. `probed` as for startMonitor.
   */
  reload(config: PantauConfig, probed: Inventory): ReloadOutcome;
  stop(): Promise<void>;
}

export interface ReloadOutcome {
  readonly diff: InventoryDiff;
  /** Settings that changed but wait for a restart, as config paths. */
  readonly needRestart: readonly string[];
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
  // Set as they start; the figures read them late.
  let pool: CollectorPool | null = null;
  const late: { status?: StatusService; hub?: LiveHub } = {};
  // Whatever has started is stopped again, in reverse order: at stop, and when a later part fails.
  const started: (() => unknown)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of started.splice(0).reverse()) await stop();
  };

  try {
    const references = referenceTargets(
      config.status.isolation?.referenceTargets ?? [],
      config.probe,
    );
    const results = new ResultsPipeline({ log, references: references.map((r) => r.siteId) });
    // One index per inventory version, for the metrics tags, the API and the live hub alike.
    let index = new InventoryIndex(config.inventory);
    const metrics = await MetricsPipeline.open({
      influx: config.influx,
      index,
      instance: hostname(),
      // Every part's own figures go with the pipeline's into the pantau point and /metrics.
      figures: () => [
        ...pipelineFigures(results.figures(), pool?.restarts ?? 0),
        ...(pool?.proberFigures() ?? []),
        ...(late.status?.figures() ?? []),
        ...(late.hub ? liveFigures(late.hub.stats()) : []),
        ...heapFigures('main'),
        rssFigure(),
      ],
      log,
    });
    started.push(() => metrics.stop());
    const reader = new MetricsReader({ influx: config.influx });
    results.subscribe({ name: 'metrics', accept: (batch) => metrics.sink.accept(batch) });
    const status = StatusService.open(config, log);
    late.status = status;
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
      probe: config.probe.defaults,
      sink: results,
      onSummary: (summary: CycleSummary) => {
        results.noteCycle(summary);
        logCycleSummary(log, summary);
      },
      log,
    });
    pool = collectors;
    started.push(() => collectors.stop());

    // The config in effect: a reload swaps it (the API reads the dashboard's settings from it).
    let current = config;
    const api = await buildApi(
      {
        index: () => index,
        stateOf: (id) => engine.stateOf(id),
        statusVersion: () => engine.currentVersion,
        isolation: () => engine.isolated,
        history: (request) => reader.history(request),
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
            workers: {
              alive,
              expected,
              restarts: collectors.restarts,
              perWorker: workerHealth(collectors.threadIds(), collectors.shardSizes()),
            },
            lastCycleAt,
            lagMs,
          };
        },
        metricsText: () => prometheusText(metrics.figures().flatMap((f) => f.metric ?? [])),
        dashboard: () => current.dashboard,
        liveSnapshot: () => late.hub?.snapshot() ?? null,
      },
      log,
    );
    started.push(() => api.close());
    const hub = new LiveHub(api.server, {
      index,
      status: engine.shown(),
      logger: log,
    });
    late.hub = hub;
    started.push(() => hub.close());
    status.subscribe({ name: 'live hub', publish: (events) => hub.publish(events) });
    results.subscribe({ name: 'live measurements', accept: (batch) => hub.publishResults(batch) });
    await collectors.start();
    await api.listen({ host: config.server.listen.host, port: config.server.listen.port });
    const reload = (next: PantauConfig, nextProbed: Inventory): ReloadOutcome => {
      const scope = reloadScope(current, next);
      const diff = diffInventory(current.inventory, next.inventory);
      if (scope.sites) {
        // Tags and views first, so the engine's sites-changed event finds them in place.
        index = new InventoryIndex(next.inventory);
        metrics.setInventory(index);
        hub.setInventory(index);
        status.reinventory(
          next,
          diff.added.map((s) => s.id),
          diff.changed.map((s) => s.id),
        );
        collectors
          .update([...collectorSites(nextProbed, next.probe), ...references])
          .catch((error: unknown) =>
            log.error({ err: error }, 'the collectors did not take the reloaded sites'),
          );
      }
      // What waits for a restart stays as it runs, so the next reload compares against that.
      const running = current;
      current = {
        ...next,
        server: running.server,
        influx: running.influx,
        status: running.status,
        lab: running.lab,
        probe: { ...next.probe, workers: running.probe.workers },
      };
      return { diff, needRestart: scope.needRestart };
    };
    const { host, port } = config.server.listen;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      workers: collectors.workerCount,
      reload,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
