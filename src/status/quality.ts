// Link quality over a sliding window of answered ICMP results: is the site degraded by loss or RTT?

import type { ThresholdSettings } from '../config/index.js';
import type { QualitySample, QualityVerdict } from './types.js';

/** A queue of samples with running sums, so each result costs O(1) amortised. */
export class QualityWindow {
  private samples: QualitySample[] = [];
  private head = 0;
  private lossSum = 0;
  private rttSum = 0;
  private rttCount = 0;
  /** The last verdict reached; kept while too few samples allow a new one. */
  verdict: QualityVerdict = 'ok';

  constructor(
    private thresholds: ThresholdSettings,
    private readonly minSamples: number,
  ) {}

  /** Other thresholds from the next sample on (the site's kind changed at a reload). */
  retune(thresholds: ThresholdSettings): void {
    this.thresholds = thresholds;
  }

  get size(): number {
    return this.samples.length - this.head;
  }

  /** Adds an answered result and drops what fell out of the window, measured from its time. */
  add(at: number, lossPct: number, rttMs: number | null): void {
    this.samples.push([at, lossPct, rttMs]);
    this.lossSum += lossPct;
    if (rttMs !== null) {
      this.rttSum += rttMs;
      this.rttCount++;
    }
    const from = at - this.thresholds.windowMs;
    for (
      let s = this.samples[this.head];
      s !== undefined && s[0] <= from;
      s = this.samples[this.head]
    )
      this.drop(s);
    if (this.head > 32 && this.head * 2 > this.samples.length) this.compact();
  }

  /** Judges the window (loss before RTT); with too few samples the last verdict stands. */
  judge(): QualityVerdict {
    const n = this.size;
    if (n < this.minSamples) return this.verdict;
    if (this.lossSum / n > this.thresholds.lossPct) this.verdict = 'loss';
    else if (this.rttCount > 0 && this.rttSum / this.rttCount > this.thresholds.rttMs)
      this.verdict = 'rtt';
    else this.verdict = 'ok';
    return this.verdict;
  }

  /** After an outage quality starts afresh: the lost probes belong to the outage, not the link. */
  clear(): void {
    this.samples = [];
    this.head = 0;
    this.lossSum = 0;
    this.rttSum = 0;
    this.rttCount = 0;
    this.verdict = 'ok';
  }

  toJSON(): QualitySample[] {
    return this.samples.slice(this.head);
  }

  load(samples: readonly QualitySample[], verdict: QualityVerdict): void {
    this.clear();
    for (const s of samples) this.add(s[0], s[1], s[2]);
    this.verdict = verdict;
  }

  private drop(s: QualitySample): void {
    this.head++;
    this.lossSum -= s[1];
    if (s[2] !== null) {
      this.rttSum -= s[2];
      this.rttCount--;
    }
  }

  /** Reclaims dropped slots and recomputes the sums, so rounding errors cannot pile up. */
  private compact(): void {
    const kept = this.samples.slice(this.head);
    const verdict = this.verdict;
    this.clear();
    for (const s of kept) this.add(s[0], s[1], s[2]);
    this.verdict = verdict;
  }
}
