// The collector pool: one worker thread per shard of the sites (by a stable hash of the site id),
// results handed to a sink as they come, and a worker that dies restarted on the same shard, so
// its sites are probed again within one interval.

import { Worker } from 'node:worker_threads';
import { compiledSibling } from '../compiled-path.js';
import type { IcmpBackend } from '../config/index.js';
import type { Logger } from '../logger.js';
import type { CycleSummary } from './collector-loop.js';
import type { CollectorSite } from './collector-site.js';
import { shardOf } from './schedule.js';
import type { ProbeResultSink } from '../pipeline/index.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol.js';

export interface CollectorPoolOptions {
  readonly sites: readonly CollectorSite[];
  readonly workers: number;
  readonly icmpBackend: IcmpBackend;
  /** SNMP requests in flight at once, per worker. */
  readonly snmpConcurrency: number;
  readonly sink: ProbeResultSink;
  readonly onSummary?: (summary: CycleSummary) => void;
  readonly log: Logger;
  readonly logLevel?: string;
  /** Pause before a dead worker is started again. */
  readonly restartDelayMs?: number;
}

interface Slot {
  readonly setup: WorkerSetup;
  worker: Worker | null;
  restarts: number;
}

export class CollectorPool {
  private readonly slots: Slot[];
  private stopping = false;
  private readonly entry = compiledSibling(import.meta.url, './worker-main.js');

  constructor(private readonly options: CollectorPoolOptions) {
    const workers = Math.max(1, Math.min(options.workers, options.sites.length || 1));
    const shards: CollectorSite[][] = Array.from({ length: workers }, () => []);
    for (const site of options.sites) shards[shardOf(site.siteId, workers)]?.push(site);
    this.slots = shards.map((sites, worker) => ({
      setup: {
        worker,
        workers,
        sites,
        icmpBackend: options.icmpBackend,
        snmpConcurrency: options.snmpConcurrency,
        logLevel: options.logLevel ?? options.log.level,
      },
      worker: null,
      restarts: 0,
    }));
  }

  get workerCount(): number {
    return this.slots.length;
  }

  /** Sites per worker, in worker order. */
  shardSizes(): number[] {
    return this.slots.map((s) => s.setup.sites.length);
  }

  /** The shard a site is in. */
  workerOf(siteId: string): number {
    return shardOf(siteId, this.slots.length);
  }

  /** Workers running now (a dead one is back within its restart delay). */
  get aliveWorkers(): number {
    return this.slots.filter((s) => s.worker !== null).length;
  }

  get restarts(): number {
    return this.slots.reduce((sum, s) => sum + s.restarts, 0);
  }

  /** Starts every worker; resolves when all are probing. */
  async start(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.spawn(slot)));
    this.options.log.info(
      { workers: this.slots.length, sites: this.options.sites.length },
      'collectors started',
    );
  }

  private spawn(slot: Slot): Promise<void> {
    const worker = new Worker(this.entry, { workerData: slot.setup });
    slot.worker = worker;
    const { log } = this.options;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            ready = true;
            resolve();
            return;
          case 'results':
            this.options.sink.accept(message.results);
            return;
          case 'summary':
            this.options.onSummary?.(message.summary);
            return;
          case 'stopped':
            return;
        }
      });
      worker.on('error', (error) => {
        log.error({ err: error, worker: slot.setup.worker }, 'collector worker failed');
        if (!ready) reject(error);
      });
      worker.on('exit', (code) => {
        if (slot.worker === worker) slot.worker = null;
        if (this.stopping) return;
        if (!ready) return;
        slot.restarts += 1;
        log.error(
          {
            worker: slot.setup.worker,
            code,
            sites: slot.setup.sites.length,
            restarts: slot.restarts,
          },
          'collector worker died; starting it again',
        );
        setTimeout(() => {
          if (this.stopping) return;
          this.spawn(slot).catch((error: unknown) =>
            log.error(
              { err: error, worker: slot.setup.worker },
              'collector worker did not start again',
            ),
          );
        }, this.options.restartDelayMs ?? 200);
      });
    });
  }

  /** Ends a worker abruptly, as a crash would: for tests of the restart. */
  async killWorker(index: number): Promise<void> {
    await this.slots[index]?.worker?.terminate();
  }

  /** Asks every worker to stop and waits for them; terminates any that take longer than 5 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        const worker = slot.worker;
        if (!worker) return;
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        worker.postMessage({ type: 'stop' } satisfies ToWorker);
        const timer = setTimeout(() => void worker.terminate(), 5000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
