// Messages between the collector pool and its worker threads: plain, structured-clone-safe data.

import type { ProbeKindSettings, ProbeResult } from '../probe/index.js';
import type { SelfFigure } from '../self-figures.js';
import type { CycleSummary, TargetChanges } from './collector-loop.js';
import type { CollectorTarget } from './collector-site.js';

export interface WorkerSetup {
  readonly worker: number;
  readonly workers: number;
  readonly sites: readonly CollectorTarget[];
  /** Each kind's default settings: the worker-wide ones (SNMP concurrency) apply to the worker. */
  readonly probe: Partial<ProbeKindSettings>;
  readonly logLevel: string;
}

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'results'; readonly results: readonly ProbeResult[] }
  /** A cycle's summary, with the probers' figures as they stand after it. */
  | {
      readonly type: 'summary';
      readonly summary: CycleSummary;
      readonly figures: readonly SelfFigure[];
    }
  | { readonly type: 'updated'; readonly sites: number }
  | { readonly type: 'stopped' };

export type ToWorker =
  | { readonly type: 'stop' }
  /** The worker's share of a new target list, as a diff: applied in place, no restart. */
  | { readonly type: 'update'; readonly changes: TargetChanges };
