// Messages between the collector pool and its worker threads: plain, structured-clone-safe data.

import type { IcmpBackend } from '../config/index.js';
import type { ProbeResult } from '../probe/index.js';
import type { CycleSummary } from './collector-loop.js';
import type { CollectorSite } from './collector-site.js';

export interface WorkerSetup {
  readonly worker: number;
  readonly workers: number;
  readonly sites: readonly CollectorSite[];
  readonly icmpBackend: IcmpBackend;
  readonly snmpConcurrency: number;
  readonly logLevel: string;
}

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'results'; readonly results: readonly ProbeResult[] }
  | { readonly type: 'summary'; readonly summary: CycleSummary }
  | { readonly type: 'stopped' };

export type ToWorker = { readonly type: 'stop' };
