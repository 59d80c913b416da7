// What the API reads from the rest of Pantau: passed in, so the API holds no state of its own and
// its tests run against real parts without the whole server.

import type { DashboardConfig } from '../config/index.js';
import type { InventoryIndex } from '../inventory/index.js';
import type { LiveSnapshot } from '../live/protocol.js';
import type { HistoryRequest, HistoryResult } from '../metrics/index.js';
import type { IncidentPage, IncidentQuery, TimeRangeQuery } from '../state/index.js';
import type {
  AvailabilityRecords,
  IsolationPeriod,
  IsolationState,
  SiteState,
} from '../status/index.js';

export interface WorkerHealth {
  readonly worker: number;
  readonly alive: boolean;
  readonly sites: number;
}

export interface HealthReport {
  /** Everything needed for monitoring to work is working. */
  readonly ok: boolean;
  readonly influx: { readonly reachable: boolean; readonly url: string };
  readonly spool: { readonly bytes: number; readonly pendingPoints: number };
  readonly workers: {
    readonly alive: number;
    readonly expected: number;
    readonly restarts: number;
    /** Each collector worker, in worker order: whether it runs now, and its share of the sites. */
    readonly perWorker: readonly WorkerHealth[];
  };
  /** Epoch ms of the last collector cycle summary; null before the first. */
  readonly lastCycleAt: number | null;
  /** ms from the newest probe result's time to now. */
  readonly lagMs: number | null;
}

export interface ApiSources {
  /** The inventory as it stands now (a reload swaps it). */
  readonly index: () => InventoryIndex;
  /** A site's shown state; undefined for an id not in the inventory. */
  stateOf(siteId: string): SiteState | undefined;
  readonly statusVersion: () => number;
  /** Since when, and why, the monitor is cut off; null while it is not. */
  isolation(): IsolationState | null;
  history(request: HistoryRequest): Promise<HistoryResult>;
  incidents(query: IncidentQuery): IncidentPage;
  availabilityRecords(query: TimeRangeQuery): AvailabilityRecords;
  /** Monitor-isolation periods overlapping the range, oldest first. */
  isolations(range: TimeRangeQuery): readonly IsolationPeriod[];
  health(): Promise<HealthReport>;
  /** Self metrics in Prometheus' text format. */
  metricsText(): string;
  /** The dashboard's settings as they stand now (a reload swaps them); absent: the defaults. */
  readonly dashboard?: () => DashboardConfig;
  /** The live hub's snapshot of every site; null until the hub runs, absent where there is none. */
  readonly liveSnapshot?: () => LiveSnapshot | null;
}
