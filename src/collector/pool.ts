// The collector pool: one worker thread per shard of the sites (by a stable hash of the site id),
// results handed to a sink as they come, and a worker that dies restarted on the same shard, so
// its sites are probed again within one interval. A new target list (a reload) is sent to the
// workers as a diff of each shard, applied in place: no worker restarts.

import type { SelfFigure } from '../self-figures.js';
import { Worker } from 'node:worker_threads';
import { compiledSibling } from '../compiled-path.js';
import type { Logger } from '../logger.js';
import type { ProbeResultSink } from '../pipeline/index.js';
import type { ProbeKindSettings } from '../probe/index.js';
import type { CycleSummary } from './collector-loop.js';
import type { CollectorTarget } from './collector-site.js';
import { shardOf } from './schedule.js';
import { diffTargets } from './target-changes.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol.js';

export interface CollectorPoolOptions {
  readonly sites: readonly CollectorTarget[];
  readonly workers: number;
  /** Each kind's default settings (config.probe.defaults): the worker-wide ones, such as SNMP concurrency, apply to every worker. */
  readonly probe?: Partial<ProbeKindSettings>;
  readonly sink: ProbeResultSink;
  readonly onSummary?: (summary: CycleSummary) => void;
  readonly log: Logger;
  readonly logLevel?: string;
  /** Pause before a dead worker is started again. */
  readonly restartDelayMs?: number;
}

interface Slot {
  /** What the worker is started with; its sites follow every update, for a restart. */
  setup: WorkerSetup;
  worker: Worker | null;
  restarts: number;
  /** The probers' figures as the worker last sent them. */
  figures: readonly SelfFigure[];
  /** Counters of the worker's earlier lives: a restarted worker counts from 0 again. */
  carried: Map<string, SelfFigure>;
  /** Updates posted and not yet applied by the worker. */
  readonly applied: (() => void)[];
}

/** What an update changed, over all workers. */
export interface PoolUpdate {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly unchanged: number;
}

export class CollectorPool {
  private readonly slots: Slot[];
  private stopping = false;
  private readonly entry = compiledSibling(import.meta.url, './worker-main.js');

  constructor(private readonly options: CollectorPoolOptions) {
    const workers = Math.max(1, Math.min(options.workers, options.sites.length || 1));
    this.slots = shardsOf(options.sites, workers).map((sites, worker) => ({
      setup: {
        worker,
        workers,
        sites,
        probe: options.probe ?? {},
        logLevel: options.logLevel ?? options.log.level,
      },
      worker: null,
      restarts: 0,
      figures: [],
      carried: new Map(),
      applied: [],
    }));
  }

  /**
   * Replaces the target list: each worker is sent the diff of its shard (the worker count stays,
   * so no site changes worker). Resolves when every running worker has applied it.
   */
  async update(sites: readonly CollectorTarget[]): Promise<PoolUpdate> {
    const shards = shardsOf(sites, this.slots.length);
    const totals = { added: 0, changed: 0, removed: 0, unchanged: 0 };
    const applied: Promise<void>[] = [];
    this.slots.forEach((slot, i) => {
      const shard = shards[i] ?? [];
      const diff = diffTargets(slot.setup.sites, shard);
      slot.setup = { ...slot.setup, sites: shard };
      totals.added += diff.added.length;
      totals.changed += diff.upsert.length - diff.added.length;
      totals.removed += diff.remove.length;
      totals.unchanged += diff.unchanged;
      const worker = slot.worker;
      if (worker === null || (diff.upsert.length === 0 && diff.remove.length === 0)) return;
      applied.push(new Promise<void>((resolve) => slot.applied.push(resolve)));
      worker.postMessage({
        type: 'update',
        changes: { upsert: diff.upsert, remove: diff.remove },
      } satisfies ToWorker);
    });
    await Promise.all(applied);
    this.options.log.info({ ...totals, workers: this.slots.length }, 'collector targets updated');
    return totals;
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

  /** The thread id of each running worker, in worker order (-1: not running). */
  threadIds(): number[] {
    return this.slots.map((s) => s.worker?.threadId ?? -1);
  }

  get restarts(): number {
    return this.slots.reduce((sum, s) => sum + s.restarts, 0);
  }

  /** The probers' own figures, summed over the workers (counters over their restarts too). */
  proberFigures(): SelfFigure[] {
    const sums = new Map<string, SelfFigure>();
    const add = (figure: SelfFigure, value: number): void => {
      const seen = sums.get(figure.field);
      sums.set(figure.field, withValue(figure, (seen?.value ?? 0) + value));
    };
    for (const slot of this.slots) {
      for (const figure of slot.figures) add(figure, figure.value);
      for (const figure of slot.carried.values()) add(figure, figure.value);
    }
    return [...sums.values()];
  }

  /** Starts every worker; resolves when all are probing. */
  async start(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.spawn(slot)));
    this.options.log.info(
      {
        workers: this.slots.length,
        sites: this.slots.reduce((n, s) => n + s.setup.sites.length, 0),
      },
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
            slot.figures = message.figures;
            this.options.onSummary?.(message.summary);
            return;
          case 'updated':
            slot.applied.shift()?.();
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
        for (const figure of slot.figures) {
          if (figure.metric?.type !== 'counter') continue;
          const before = slot.carried.get(figure.field)?.value ?? 0;
          slot.carried.set(figure.field, withValue(figure, before + figure.value));
        }
        slot.figures = [];
        // A restarted worker starts from the shard as updated: nothing waits for this one.
        for (const done of slot.applied.splice(0)) done();
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

function shardsOf(sites: readonly CollectorTarget[], workers: number): CollectorTarget[][] {
  const shards: CollectorTarget[][] = Array.from({ length: workers }, () => []);
  for (const site of sites) shards[shardOf(site.siteId, workers)]?.push(site);
  return shards;
}

function withValue(figure: SelfFigure, value: number): SelfFigure {
  return { ...figure, value, metric: figure.metric && { ...figure.metric, value } };
}
