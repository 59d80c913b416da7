// One collector's rhythm: an ICMP cycle per interval for all its sites (one prober call, e.g. one
// fping), and each site's SNMP poll at its own slot within its interval. A cycle or poll still
// running when its next turn comes is counted as a missed deadline and skipped, never piled up.

import type { Logger } from '../logger.js';
import type {
  IcmpProber,
  IcmpSettings,
  ProbeResult,
  SnmpFailure,
  SnmpPoller,
} from '../probe/index.js';
import type { CollectorSite, RouterSite } from './collector-site.js';
import { dueBetween, nextSlot, spreadOffsets } from './schedule.js';
import { RateBook } from './snmp-results.js';

export interface IcmpCycleSummary {
  readonly kind: 'icmp';
  readonly worker: number;
  readonly intervalMs: number;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly targets: number;
  readonly up: number;
  readonly down: number;
  /** The previous cycle was still running at this cycle's turn: this one was skipped. */
  readonly missed: boolean;
  /** The prober failed as a whole (fping could not run): no site has a result this cycle. */
  readonly error: string | null;
}

export interface SnmpPeriodSummary {
  readonly kind: 'snmp';
  readonly worker: number;
  readonly intervalMs: number;
  /** End of the period (one interval) the counts cover. */
  readonly endedAt: number;
  readonly polls: number;
  readonly ok: number;
  readonly failed: number;
  /** Sites whose previous poll was still in flight at their slot. */
  readonly missed: number;
  readonly failures: Readonly<Partial<Record<SnmpFailure, number>>>;
}

export type CycleSummary = IcmpCycleSummary | SnmpPeriodSummary;

export interface CollectorLoopOptions {
  readonly sites: readonly CollectorSite[];
  readonly icmp: IcmpProber;
  readonly snmp: SnmpPoller;
  readonly emit: (results: ProbeResult[]) => void;
  readonly summary: (summary: CycleSummary) => void;
  readonly log: Logger;
  /** This collector's place among its peers: spreads the ICMP cycles of the workers apart. */
  readonly worker: number;
  readonly workers: number;
  /** How often due SNMP slots are looked for; by default a twentieth of the shortest interval, at most 1 s. */
  readonly tickMs?: number;
}

interface IcmpGroup {
  readonly intervalMs: number;
  readonly settings: IcmpSettings;
  readonly sites: readonly CollectorSite[];
  running: boolean;
  timer: NodeJS.Timeout | null;
}

interface SnmpGroup {
  readonly intervalMs: number;
  /** Sites in slot order, with their offsets (same order). */
  readonly sites: readonly RouterSite[];
  readonly offsets: readonly number[];
  period: {
    polls: number;
    ok: number;
    failed: number;
    missed: number;
    failures: Partial<Record<SnmpFailure, number>>;
  };
  periodStart: number;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const emptyPeriod = (): SnmpGroup['period'] => ({
  polls: 0,
  ok: 0,
  failed: 0,
  missed: 0,
  failures: {},
});

export class CollectorLoop {
  private readonly icmpGroups: IcmpGroup[];
  private readonly snmpGroups: SnmpGroup[];
  private readonly inFlight = new Set<string>();
  private readonly rates = new RateBook();
  private readonly abort = new AbortController();
  private tickTimer: NodeJS.Timeout | null = null;
  private lastTick = 0;
  private stopped = false;

  constructor(private readonly options: CollectorLoopOptions) {
    const { sites } = options;
    this.icmpGroups = [
      ...groupBy(sites, (s) => `${s.icmp.intervalMs}|${JSON.stringify(s.icmp.settings)}`).values(),
    ].map((group) => ({
      intervalMs: (group[0] as CollectorSite).icmp.intervalMs,
      settings: (group[0] as CollectorSite).icmp.settings,
      sites: group,
      running: false,
      timer: null,
    }));
    const polled = sites.filter((s): s is RouterSite => s.snmp !== null);
    this.snmpGroups = [...groupBy(polled, (s) => String(s.snmp.intervalMs)).values()].map(
      (group) => {
        const intervalMs = (group[0] as RouterSite).snmp.intervalMs;
        const offsets = spreadOffsets(
          group.map((s) => s.siteId),
          intervalMs,
        );
        const ordered = [...group].sort(
          (a, b) => (offsets.get(a.siteId) ?? 0) - (offsets.get(b.siteId) ?? 0),
        );
        return {
          intervalMs,
          sites: ordered,
          offsets: ordered.map((s) => offsets.get(s.siteId) ?? 0),
          period: emptyPeriod(),
          periodStart: Date.now(),
        };
      },
    );
  }

  start(): void {
    const now = Date.now();
    for (const group of this.icmpGroups) this.scheduleIcmp(group, now);
    this.lastTick = now;
    if (this.snmpGroups.length > 0)
      this.tickTimer = setInterval(() => this.tick(), this.options.tickMs ?? this.defaultTick());
  }

  /**
   * Each wakeup of a thread costs CPU whatever it does, so due polls are sent in batches a tick
   * apart; a 1-s tick moves a poll by under a second and its rate uses the reply's own time.
   */
  private defaultTick(): number {
    const shortest = Math.min(...this.snmpGroups.map((g) => g.intervalMs));
    return Math.max(50, Math.min(1000, Math.floor(shortest / 20)));
  }

  /** ICMP cycles sit at an epoch-aligned phase of their interval, workers spread across it. */
  private scheduleIcmp(group: IcmpGroup, now: number): void {
    if (this.stopped) return;
    const phase = Math.floor((this.options.worker * group.intervalMs) / this.options.workers);
    const at = nextSlot(now + 1, group.intervalMs, phase);
    group.timer = setTimeout(() => {
      this.scheduleIcmp(group, at);
      void this.runIcmpCycle(group, at);
    }, at - Date.now());
  }

  private async runIcmpCycle(group: IcmpGroup, startedAt: number): Promise<void> {
    const { worker } = this.options;
    // Every outcome of a cycle is reported the same way; only these fields differ.
    const report = (
      outcome: Pick<IcmpCycleSummary, 'durationMs' | 'up' | 'down' | 'missed' | 'error'>,
    ): void =>
      this.options.summary({
        kind: 'icmp',
        worker,
        intervalMs: group.intervalMs,
        startedAt,
        targets: group.sites.length,
        ...outcome,
      });
    // The summary is the one log line of a cycle, also of a skipped or failed one (summary-log.ts).
    if (group.running) {
      report({ durationMs: 0, up: 0, down: 0, missed: true, error: null });
      return;
    }
    group.running = true;
    const t0 = performance.now();
    const durationMs = () => Math.round(performance.now() - t0);
    try {
      const results = await this.options.icmp.probe(
        group.sites.map((s) => ({ siteId: s.siteId, host: s.icmp.host })),
        group.settings,
        this.abort.signal,
      );
      if (this.stopped) return;
      this.options.emit(results);
      const up = results.filter((r) => r.up).length;
      report({
        durationMs: durationMs(),
        up,
        down: results.length - up,
        missed: false,
        error: null,
      });
    } catch (error) {
      if (this.stopped) return;
      const message = error instanceof Error ? error.message : String(error);
      report({ durationMs: durationMs(), up: 0, down: 0, missed: false, error: message });
    } finally {
      group.running = false;
    }
  }

  private tick(): void {
    const now = Date.now();
    for (const group of this.snmpGroups) {
      for (const i of dueBetween(group.offsets, group.intervalMs, this.lastTick, now)) {
        this.pollSite(group, group.sites[i] as RouterSite);
      }
      if (now - group.periodStart >= group.intervalMs) this.closePeriod(group, now);
    }
    this.lastTick = now;
  }

  private closePeriod(group: SnmpGroup, now: number): void {
    this.options.summary({
      kind: 'snmp',
      worker: this.options.worker,
      intervalMs: group.intervalMs,
      endedAt: now,
      ...group.period,
    });
    group.period = emptyPeriod();
    group.periodStart = now;
  }

  private pollSite(group: SnmpGroup, site: RouterSite): void {
    if (this.inFlight.has(site.siteId)) {
      group.period.missed += 1;
      return;
    }
    this.inFlight.add(site.siteId);
    group.period.polls += 1;
    this.options.snmp
      .poll(site.snmp.target, site.snmp.settings, this.abort.signal)
      .then((outcome) => {
        if (this.stopped) return;
        if (outcome.ok) group.period.ok += 1;
        else {
          group.period.failed += 1;
          group.period.failures[outcome.failure] =
            (group.period.failures[outcome.failure] ?? 0) + 1;
        }
        const result = this.rates.result(site.siteId, outcome, (e) => {
          if (e.event === 'spike-discarded' || e.event === 'speed-flagged') {
            this.options.log.warn(
              { site: e.siteId, iface: e.role, event: e.event },
              'interface counters: data quality',
            );
          }
        });
        this.options.emit([result]);
      })
      .catch((error: unknown) => {
        this.options.log.error(
          { err: error, site: site.siteId },
          'SNMP poll threw; it should have returned a failure',
        );
      })
      .finally(() => {
        this.inFlight.delete(site.siteId);
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.tickTimer) clearInterval(this.tickTimer);
    for (const group of this.icmpGroups) if (group.timer) clearTimeout(group.timer);
    await this.options.snmp.close();
  }
}
