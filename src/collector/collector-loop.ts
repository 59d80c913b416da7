// One collector's rhythm, whatever the probe kind. A batch kind (ICMP) runs one cycle per interval
// for all its checks of a group (one prober call, e.g. one fping), at a phase that spreads the
// workers apart; a per-target kind (SNMP, TCP) probes each site at its own slot within its
// interval. A cycle or probe still running when its next turn comes is counted as a missed
// deadline and skipped, never piled up. `update` applies a change of the target list in place:
// unchanged checks keep their slot and their kind's state (counter rates), no restart.

import type { SelfFigure } from '../self-figures.js';
import type { Logger } from '../logger.js';
import {
  type AnyBatchKind,
  type AnyPerTargetKind,
  type BatchKindName,
  type BatchProber,
  type CheckBase,
  type PerTargetKindName,
  type ProbeKindSettings,
  type ProbeResult,
  probeKind,
  type ResultBase,
  type TargetProber,
} from '../probe/index.js';
import { hash32 } from '../stable-hash.js';
import type { CollectorTarget } from './collector-site.js';
import { dueBetween, nextSlot, spreadOffsets } from './schedule.js';

/** One cycle of a batch kind's group. */
export interface BatchCycleSummary {
  readonly type: 'cycle';
  readonly kind: BatchKindName;
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

/** One interval of a per-target kind's group. */
export interface PeriodSummary {
  readonly type: 'period';
  readonly kind: PerTargetKindName;
  readonly worker: number;
  readonly intervalMs: number;
  /** End of the period (one interval) the counts cover. */
  readonly endedAt: number;
  readonly polls: number;
  readonly ok: number;
  readonly failed: number;
  /** Sites whose previous probe was still in flight at their slot. */
  readonly missed: number;
  /** Failed probes by why (SNMP: timeout, auth, …; TCP: timeout, unreachable, …). */
  readonly failures: Readonly<Record<string, number>>;
}

export type CycleSummary = BatchCycleSummary | PeriodSummary;
/** The ICMP cycle and the SNMP period, under the names they had before kinds were registered. */
export type IcmpCycleSummary = BatchCycleSummary;
export type SnmpPeriodSummary = PeriodSummary;

/** A change of a worker's targets: new and changed ones in full, removed ones by id. */
export interface TargetChanges {
  readonly upsert: readonly CollectorTarget[];
  readonly remove: readonly string[];
}

type AnyProber = BatchProber<CheckBase, ResultBase> | TargetProber<CheckBase, ResultBase>;

export interface CollectorLoopOptions {
  readonly sites: readonly CollectorTarget[];
  /** Each kind's default settings; worker-wide ones (SNMP concurrency) are read from here. */
  readonly probe?: Partial<ProbeKindSettings>;
  /** Probers by kind name, instead of the kinds' own (tests). */
  readonly probers?: Readonly<Record<string, AnyProber>>;
  readonly emit: (results: ProbeResult[]) => void;
  readonly summary: (summary: CycleSummary) => void;
  readonly log: Logger;
  /** This collector's place among its peers: spreads the batch cycles of the workers apart. */
  readonly worker: number;
  readonly workers: number;
  /** How often due slots are looked for; by default a twentieth of the shortest interval, at most 1 s. */
  readonly tickMs?: number;
}

/** What batch and slot groups share: the checks, by site, of one kind probed at one interval. */
interface CheckGroup<K> {
  readonly key: string;
  readonly kind: K;
  readonly intervalMs: number;
  readonly checks: Map<string, CheckBase>;
}

/** A new group's shared part, with no checks yet. */
const emptyGroup = <K>(key: string, kind: K, intervalMs: number): CheckGroup<K> => ({
  key,
  kind,
  intervalMs,
  checks: new Map(),
});

interface BatchGroup extends CheckGroup<AnyBatchKind> {
  running: boolean;
  timer: NodeJS.Timeout | null;
}

interface Period {
  polls: number;
  ok: number;
  failed: number;
  missed: number;
  failures: Record<string, number>;
}

interface SlotGroup extends CheckGroup<AnyPerTargetKind> {
  /** Each site's offset within the interval: kept for as long as the site stays in the group. */
  readonly offsets: Map<string, number>;
  /** Sites in slot order and their offsets (same order); rebuilt after a change. */
  order: string[];
  sortedOffsets: number[];
  period: Period;
  periodStart: number;
}

const emptyPeriod = (): Period => ({ polls: 0, ok: 0, failed: 0, missed: 0, failures: {} });

export class CollectorLoop {
  private readonly targets = new Map<string, CollectorTarget>();
  private readonly batchGroups = new Map<string, BatchGroup>();
  private readonly slotGroups = new Map<string, SlotGroup>();
  private readonly probers = new Map<string, AnyProber>();
  private readonly inFlight = new Set<string>();
  private readonly abort = new AbortController();
  private tickTimer: NodeJS.Timeout | null = null;
  private tickEvery = 0;
  private lastTick = 0;
  private started = false;
  private stopped = false;

  constructor(private readonly options: CollectorLoopOptions) {
    this.update({ upsert: options.sites, remove: [] });
  }

  start(): void {
    this.started = true;
    const now = Date.now();
    for (const group of this.batchGroups.values()) this.scheduleBatch(group, now);
    this.lastTick = now;
    this.keepTicking();
  }

  get targetCount(): number {
    return this.targets.size;
  }

  /** Checks by kind, with how many sites each group holds: what this loop probes now. */
  plan(): { kind: string; intervalMs: number; sites: string[] }[] {
    return [...this.batchGroups.values(), ...this.slotGroups.values()].map((g) => ({
      kind: g.kind.name,
      intervalMs: g.intervalMs,
      sites: [...g.checks.keys()].sort(),
    }));
  }

  /** The offset of a site's check of a per-target kind within its interval (tests, diagnosis). */
  slotOf(kind: string, siteId: string): number | undefined {
    for (const g of this.slotGroups.values())
      if (g.kind.name === kind && g.offsets.has(siteId)) return g.offsets.get(siteId);
    return undefined;
  }

  /**
   * Applies a change of targets: removed sites stop being probed (and their kinds' state is
   * forgotten), added ones are probed within one interval, changed checks are planned anew, and
   * checks that did not change keep their slot, their group and their state.
   */
  update(changes: TargetChanges): void {
    const placed = new Map<SlotGroup, string[]>();
    for (const id of changes.remove) {
      const old = this.targets.get(id);
      if (!old) continue;
      for (const check of old.checks) this.removeCheck(check);
      this.targets.delete(id);
    }
    for (const target of changes.upsert) {
      const old = this.targets.get(target.siteId);
      const before = new Map((old?.checks ?? []).map((c) => [c.kind, c] as const));
      const after = new Map(target.checks.map((c) => [c.kind, c] as const));
      for (const [kind, check] of before) {
        const next = after.get(kind);
        if (!next || !sameCheck(check, next)) this.removeCheck(check);
      }
      for (const [kind, check] of after) {
        const prev = before.get(kind);
        if (prev && sameCheck(prev, check)) {
          this.keepCheck(check); // the same check: its slot and state stay
          continue;
        }
        const group = this.addCheck(check);
        if (group) {
          const ids = placed.get(group);
          if (ids) ids.push(check.siteId);
          else placed.set(group, [check.siteId]);
        }
      }
      this.targets.set(target.siteId, target);
    }
    for (const [group, ids] of placed) placeSlots(group, ids);
    for (const group of this.slotGroups.values()) sortSlots(group);
    if (this.started) this.keepTicking();
  }

  private keepCheck(check: CheckBase): void {
    const group = this.groupOf(check);
    group?.checks.set(check.siteId, check);
  }

  private groupOf(check: CheckBase): BatchGroup | SlotGroup | undefined {
    const kind = this.kind(check.kind);
    return kind.mode === 'batch'
      ? this.batchGroups.get(batchKeyOf(kind, check))
      : this.slotGroups.get(slotKeyOf(check));
  }

  /** Puts a check in its group, making the group if it is new; returns a slot group to place it in. */
  private addCheck(check: CheckBase): SlotGroup | null {
    const kind = this.kind(check.kind);
    if (kind.mode === 'batch') {
      const key = batchKeyOf(kind, check);
      let group = this.batchGroups.get(key);
      if (!group) {
        group = { ...emptyGroup(key, kind, check.intervalMs), running: false, timer: null };
        this.batchGroups.set(key, group);
        if (this.started) this.scheduleBatch(group, Date.now());
      }
      group.checks.set(check.siteId, check);
      return null;
    }
    const key = slotKeyOf(check);
    let group = this.slotGroups.get(key);
    if (!group) {
      group = {
        ...emptyGroup(key, kind, check.intervalMs),
        offsets: new Map(),
        order: [],
        sortedOffsets: [],
        period: emptyPeriod(),
        periodStart: Date.now(),
      };
      this.slotGroups.set(key, group);
    }
    group.checks.set(check.siteId, check);
    return group;
  }

  private removeCheck(check: CheckBase): void {
    const kind = this.kind(check.kind);
    if (kind.mode === 'batch') {
      const group = this.batchGroups.get(batchKeyOf(kind, check));
      if (!group) return;
      group.checks.delete(check.siteId);
      if (group.checks.size === 0) {
        if (group.timer) clearTimeout(group.timer);
        this.batchGroups.delete(group.key);
      }
      return;
    }
    const group = this.slotGroups.get(slotKeyOf(check));
    if (group) {
      group.checks.delete(check.siteId);
      group.offsets.delete(check.siteId);
      if (group.checks.size === 0) this.slotGroups.delete(group.key);
    }
    // What the kind learnt of the site (counter readings, ifIndex) belongs to the old check.
    if (this.probers.has(kind.name))
      (this.prober(kind) as TargetProber<CheckBase, ResultBase>).forget(check.siteId);
  }

  private kind(name: string): AnyBatchKind | AnyPerTargetKind {
    const kind = probeKind(name);
    if (!kind) throw new Error(`no probe kind "${name}"`);
    return kind;
  }

  private prober(kind: AnyBatchKind | AnyPerTargetKind): AnyProber {
    let prober = this.probers.get(kind.name);
    if (!prober) {
      const settings =
        (this.options.probe as Record<string, unknown> | undefined)?.[kind.name] ??
        kind.settings.builtIn;
      prober =
        this.options.probers?.[kind.name] ?? kind.createProber({ log: this.options.log, settings });
      this.probers.set(kind.name, prober);
    }
    return prober;
  }

  /** (Re)starts the slot timer when the shortest interval changed; stops it when no slots are left. */
  private keepTicking(): void {
    if (this.stopped) return;
    const every = this.slotGroups.size === 0 ? 0 : (this.options.tickMs ?? this.defaultTick());
    if (every === this.tickEvery) return;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = every > 0 ? setInterval(() => this.tick(), every) : null;
    this.tickEvery = every;
  }

  /**
   * Each wakeup of a thread costs CPU whatever it does, so due probes are sent in batches a tick
   * apart; a 1-s tick moves a poll by under a second and its rate uses the reply's own time.
   */
  private defaultTick(): number {
    const shortest = Math.min(...[...this.slotGroups.values()].map((g) => g.intervalMs));
    return Math.max(50, Math.min(1000, Math.floor(shortest / 20)));
  }

  /** Batch cycles sit at an epoch-aligned phase of their interval, workers spread across it. */
  private scheduleBatch(group: BatchGroup, now: number): void {
    if (this.stopped || this.batchGroups.get(group.key) !== group) return;
    const phase = Math.floor((this.options.worker * group.intervalMs) / this.options.workers);
    const at = nextSlot(now + 1, group.intervalMs, phase);
    group.timer = setTimeout(() => {
      this.scheduleBatch(group, at);
      void this.runBatch(group, at);
    }, at - Date.now());
  }

  private async runBatch(group: BatchGroup, startedAt: number): Promise<void> {
    const { worker } = this.options;
    const planned = new Map(group.checks);
    const checks = [...planned.values()];
    // Every outcome of a cycle is reported the same way; only these fields differ.
    const report = (
      outcome: Pick<BatchCycleSummary, 'durationMs' | 'up' | 'down' | 'missed' | 'error'>,
    ): void =>
      this.options.summary({
        type: 'cycle',
        kind: group.kind.name as BatchKindName,
        worker,
        intervalMs: group.intervalMs,
        startedAt,
        targets: checks.length,
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
      const prober = this.prober(group.kind) as BatchProber<CheckBase, ResultBase>;
      const results = await prober.probe(checks, this.abort.signal);
      if (this.stopped) return;
      // A site removed or re-planned while the cycle ran: its result belongs to the old plan.
      const current = results.filter((r) => group.checks.get(r.siteId) === planned.get(r.siteId));
      this.options.emit(current as ProbeResult[]);
      const up = results.filter((r) => group.kind.outcome(r).ok).length;
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
    for (const group of this.slotGroups.values()) {
      for (const i of dueBetween(group.sortedOffsets, group.intervalMs, this.lastTick, now)) {
        this.probeOne(group, group.order[i] as string);
      }
      if (now - group.periodStart >= group.intervalMs) this.closePeriod(group, now);
    }
    this.lastTick = now;
  }

  private closePeriod(group: SlotGroup, now: number): void {
    this.options.summary({
      type: 'period',
      kind: group.kind.name as PerTargetKindName,
      worker: this.options.worker,
      intervalMs: group.intervalMs,
      endedAt: now,
      ...group.period,
    });
    group.period = emptyPeriod();
    group.periodStart = now;
  }

  private probeOne(group: SlotGroup, siteId: string): void {
    const check = group.checks.get(siteId);
    if (!check) return;
    const flight = `${check.kind}|${siteId}`;
    const { period } = group;
    if (this.inFlight.has(flight)) {
      period.missed += 1;
      return;
    }
    this.inFlight.add(flight);
    period.polls += 1;
    const prober = this.prober(group.kind) as TargetProber<CheckBase, ResultBase>;
    prober
      .probe(check, this.abort.signal)
      .then((result) => {
        if (this.stopped) return;
        const outcome = group.kind.outcome(result);
        if (outcome.ok) period.ok += 1;
        else {
          period.failed += 1;
          const why = outcome.failure ?? 'failed';
          period.failures[why] = (period.failures[why] ?? 0) + 1;
        }
        // A site removed or re-planned while its probe was out: the result belongs to the old plan.
        if (group.checks.get(siteId) === check) this.options.emit([result as ProbeResult]);
      })
      .catch((error: unknown) => {
        this.options.log.error(
          { err: error, site: siteId, kind: check.kind },
          'probe threw; it should have returned a failure',
        );
      })
      .finally(() => {
        this.inFlight.delete(flight);
      });
  }

  /** The probers' own figures (SNMP polls, the shared socket), of this loop's probers. */
  proberFigures(): SelfFigure[] {
    return [...this.probers.values()].flatMap((p) => p.figures?.() ?? []);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.tickTimer) clearInterval(this.tickTimer);
    for (const group of this.batchGroups.values()) if (group.timer) clearTimeout(group.timer);
    await Promise.all([...this.probers.values()].map((p) => p.close()));
  }
}

/** Checks of a batch kind share a run when their interval and the kind's key agree. */
function batchKeyOf(kind: AnyBatchKind, check: CheckBase): string {
  return `${check.kind}|${check.intervalMs}|${kind.batchKey(check)}`;
}

/** Checks of a per-target kind share a slot wheel when their interval agrees. */
function slotKeyOf(check: CheckBase): string {
  return `${check.kind}|${check.intervalMs}`;
}

/** Plain data compared as it would be sent to a worker. */
function sameCheck(a: CheckBase, b: CheckBase): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Gives new sites their offsets: spread evenly when the group was empty (stable order by hash);
 * otherwise each goes into the middle of the widest gap, so no other site's slot moves.
 */
function placeSlots(group: SlotGroup, ids: readonly string[]): void {
  const fresh = ids.filter((id) => !group.offsets.has(id));
  if (fresh.length === 0) return;
  if (group.offsets.size === 0) {
    for (const [id, offset] of spreadOffsets(fresh, group.intervalMs))
      group.offsets.set(id, offset);
    return;
  }
  const taken = [...group.offsets.values()].sort((a, b) => a - b);
  const ordered = [...fresh].sort((a, b) => hash32(a) - hash32(b) || (a < b ? -1 : 1));
  for (const id of ordered) {
    const offset = middleOfWidestGap(taken, group.intervalMs);
    group.offsets.set(id, offset);
    taken.splice(upperIndex(taken, offset), 0, offset);
  }
}

function middleOfWidestGap(sorted: readonly number[], intervalMs: number): number {
  let best = 0;
  let at = 0;
  for (let i = 0; i < sorted.length; i++) {
    const from = sorted[i] as number;
    const to =
      i + 1 < sorted.length ? (sorted[i + 1] as number) : (sorted[0] as number) + intervalMs;
    if (to - from > best) {
      best = to - from;
      at = from;
    }
  }
  return Math.floor(at + best / 2) % intervalMs;
}

function upperIndex(sorted: readonly number[], value: number): number {
  let i = 0;
  while (i < sorted.length && (sorted[i] as number) <= value) i++;
  return i;
}

function sortSlots(group: SlotGroup): void {
  const entries = [...group.offsets].sort((a, b) => a[1] - b[1]);
  group.order = entries.map((e) => e[0]);
  group.sortedOffsets = entries.map((e) => e[1]);
}
