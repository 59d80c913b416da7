// The results pipeline: every batch the collectors hand over goes to each subscriber that wants
// it (metrics, status, live measurements, and the cost ticker to come). Reference targets are a
// target kind of their own: their results reach only the subscribers that ask for them (the
// status engine), never storage. A failing subscriber is logged and counted and never stops the
// others. It also keeps the collection figures: lag, overruns, drops.

import type { CycleSummary } from '../collector/index.js';
import type { Logger } from '../logger.js';
import type { ProbeResult } from '../probe/index.js';
import type { ProbeResultSink } from './sink.js';

/** Which results a subscriber is given. */
export type ResultScope = 'sites' | 'sites-and-references';

export interface ResultSubscriber extends ProbeResultSink {
  /** Names it in logs and figures. */
  readonly name: string;
  readonly scope?: ResultScope;
}

export interface SubscriberFigures {
  readonly name: string;
  readonly batches: number;
  readonly failures: number;
}

export interface PipelineFigures {
  /** Results handed over since start. */
  readonly results: number;
  /** Results of reference targets among them. */
  readonly referenceResults: number;
  /** ICMP cycles skipped or failed and SNMP polls that missed their slot, since start. */
  readonly overruns: number;
  /** Time from the newest result's probe time to now; null before the first result. */
  readonly lagMs: number | null;
  /** When the last cycle summary came; null before the first. */
  readonly lastCycleAt: number | null;
  readonly subscribers: readonly SubscriberFigures[];
}

interface Entry {
  readonly subscriber: ResultSubscriber;
  batches: number;
  failures: number;
  /** Failing now: logged once per streak. */
  failing: boolean;
}

export interface ResultsPipelineOptions {
  readonly log: Logger;
  /** Ids of the status engine's reference targets. */
  readonly references?: Iterable<string>;
  readonly now?: () => number;
}

export class ResultsPipeline implements ProbeResultSink {
  private readonly entries: Entry[] = [];
  private references: ReadonlySet<string>;
  private readonly now: () => number;
  private results = 0;
  private referenceResults = 0;
  private overruns = 0;
  private newestAt: number | null = null;
  private lastCycleAt: number | null = null;

  constructor(private readonly options: ResultsPipelineOptions) {
    this.references = new Set(options.references ?? []);
    this.now = options.now ?? Date.now;
  }

  /** Adds a subscriber; returns how to remove it again. */
  subscribe(subscriber: ResultSubscriber): () => void {
    const entry: Entry = { subscriber, batches: 0, failures: 0, failing: false };
    this.entries.push(entry);
    return () => {
      const at = this.entries.indexOf(entry);
      if (at >= 0) this.entries.splice(at, 1);
    };
  }

  /** The reference targets after a reload. */
  setReferences(ids: Iterable<string>): void {
    this.references = new Set(ids);
  }

  accept(results: readonly ProbeResult[]): void {
    if (results.length === 0) return;
    let sites: readonly ProbeResult[] = results;
    let references = 0;
    for (const r of results) {
      if (this.newestAt === null || r.at > this.newestAt) this.newestAt = r.at;
      if (this.references.has(r.siteId)) references += 1;
    }
    if (references > 0) sites = results.filter((r) => !this.references.has(r.siteId));
    this.results += results.length;
    this.referenceResults += references;
    for (const entry of this.entries) {
      const wanted = entry.subscriber.scope === 'sites-and-references' ? results : sites;
      if (wanted.length > 0) this.deliver(entry, wanted);
    }
  }

  /** A collector's cycle summary: its missed deadlines count as overruns. */
  noteCycle(summary: CycleSummary): void {
    this.lastCycleAt = this.now();
    if (summary.type === 'period') this.overruns += summary.missed;
    else if (summary.missed || summary.error !== null) this.overruns += 1;
  }

  figures(): PipelineFigures {
    return {
      results: this.results,
      referenceResults: this.referenceResults,
      overruns: this.overruns,
      lagMs: this.newestAt === null ? null : this.now() - this.newestAt,
      lastCycleAt: this.lastCycleAt,
      subscribers: this.entries.map((e) => ({
        name: e.subscriber.name,
        batches: e.batches,
        failures: e.failures,
      })),
    };
  }

  private deliver(entry: Entry, results: readonly ProbeResult[]): void {
    entry.batches += 1;
    try {
      entry.subscriber.accept(results);
      if (entry.failing)
        this.options.log.info(
          { subscriber: entry.subscriber.name },
          'results subscriber works again',
        );
      entry.failing = false;
    } catch (error) {
      entry.failures += 1;
      if (!entry.failing)
        this.options.log.error(
          { err: error, subscriber: entry.subscriber.name, results: results.length },
          'a results subscriber failed; the others go on',
        );
      entry.failing = true;
    }
  }
}
