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
import { MetricsPipeline } from '../storage/index.js';
import { influxAnswers } from '../storage/influxd-process.js';
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

  const pipeline = await MetricsPipeline.open({
    influx: config.influx,
    inventory: config.inventory,
    instance: hostname(),
    collector: () => ({ overruns, workerRestarts: pool?.restarts ?? 0 }),
    log,
  });
  const keeper = StatusKeeper.open(config, log);
  // Set once the HTTP server exists.
  let hub: LiveHub | null = null;
  const { engine, db } = keeper;
  const references = referenceSites(config.status.isolation?.referenceTargets ?? [], config.probe);
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
  pool = new CollectorPool({
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

  const api = await buildApi(
    {
      inventory: config.inventory,
      stateOf: (id) => engine.stateOf(id),
      statusVersion: () => engine.currentVersion,
      isolation: () => engine.isolated,
      history: (request) => pipeline.history(request),
      incidents: (query) => db.incidents(query),
      availabilityRecords: (query) => db.availabilityRecords(query),
      health: async (): Promise<HealthReport> => {
        const reachable = await influxAnswers(config.influx.url);
        const stats = pipeline.stats();
        const alive = pool?.aliveWorkers ?? 0;
        const expected = pool?.workerCount ?? 0;
        return {
          ok: reachable && alive === expected,
          influx: { reachable, url: config.influx.url },
          spool: { bytes: stats.spool.bytes, pendingPoints: stats.spool.pendingLines },
          workers: { alive, expected, restarts: pool?.restarts ?? 0 },
          lastCycleAt,
          lagMs: newestResultAt === null ? null : Date.now() - newestResultAt,
        };
      },
      metricsText: () => {
        const s = pipeline.stats();
        return prometheusText([
          {
            name: 'pantau_points_written_total',
            help: 'Points written to InfluxDB.',
            type: 'counter',
            value: s.writer.written,
          },
          {
            name: 'pantau_points_spooled_total',
            help: 'Points put in the spool.',
            type: 'counter',
            value: s.writer.spooled,
          },
          {
            name: 'pantau_points_replayed_total',
            help: 'Points replayed from the spool.',
            type: 'counter',
            value: s.writer.replayed,
          },
          {
            name: 'pantau_points_dropped_total',
            help: 'Points the full spool dropped.',
            type: 'counter',
            value: s.spool.droppedLines,
          },
          {
            name: 'pantau_points_dead_lettered_total',
            help: 'Points InfluxDB rejected.',
            type: 'counter',
            value: s.writer.deadLettered,
          },
          {
            name: 'pantau_spool_bytes',
            help: 'Bytes in the spool.',
            type: 'gauge',
            value: s.spool.bytes,
          },
          {
            name: 'pantau_write_seconds_last',
            help: 'Duration of the last write.',
            type: 'gauge',
            value: s.writer.lastWriteMs / 1000,
          },
          {
            name: 'pantau_influx_away',
            help: '1 while InfluxDB does not answer.',
            type: 'gauge',
            value: s.writer.influxAway ? 1 : 0,
          },
          {
            name: 'pantau_cycle_overruns_total',
            help: 'Collector cycles and polls still running at their next turn.',
            type: 'counter',
            value: overruns,
          },
          {
            name: 'pantau_worker_restarts_total',
            help: 'Collector workers started again after dying.',
            type: 'counter',
            value: pool?.restarts ?? 0,
          },
          {
            name: 'pantau_status_version',
            help: 'Version of the last status event.',
            type: 'gauge',
            value: engine.currentVersion,
          },
        ]);
      },
    },
    log,
  );

  hub = new LiveHub(api.server, {
    sites: config.inventory.sites,
    status: engine.snapshot(),
    logger: log,
  });
  keeper.attach(hub);
  try {
    await pool.start();
    await api.listen({ host: config.server.listen.host, port: config.server.listen.port });
  } catch (error) {
    await pool.stop();
    await hub.close();
    await api.close();
    await pipeline.stop();
    keeper.stop();
    throw error;
  }
  const { host, port } = config.server.listen;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    workers: pool.workerCount,
    async stop() {
      await hub?.close();
      await api.close();
      await pool?.stop();
      await pipeline.stop();
      keeper.stop();
    },
  };
}
