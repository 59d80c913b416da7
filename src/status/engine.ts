// The status engine: probe results in, state changes out. Pure: no I/O, and time comes from the
// caller (`nowMs`, when a batch arrives; a result's own `at`, when its probe began).
//
// Each site has an observed status (site-state.ts, dependencies.ts) and a shown status, which is
// the observed one with maintenance and monitor isolation laid over it and changes into down held
// back for `isolation.holdMs`; events are changes of the shown status.

import type { SiteKind } from '../inventory/index.js';
import { livenessKindOf, type ProbeResult, statusInputOf } from '../probe/index.js';
import {
  type DependencyNode,
  linkParents,
  propagate,
  reconsider,
  topDown,
} from './dependencies.js';
import { FlapTracker } from './flapping.js';
import { HoldQueue } from './hold-queue.js';
import { IsolationDetector } from './isolation.js';
import { type EngineSettings, resolveSettings, type StatusEngineOptions } from './options.js';
import { type ObservedChange, SiteMachine } from './site-state.js';
import { countsAsFlap, isDownish, sameStatus, UNKNOWN } from './statuses.js';
import type {
  ChangeReason,
  IsolationState,
  SiteMemory,
  SiteState,
  SiteStatus,
  SnapshotChanges,
  StatusEvent,
  StatusSite,
  StatusSnapshot,
} from './types.js';

interface SiteEntry extends DependencyNode<SiteEntry> {
  readonly machine: SiteMachine;
  readonly flaps: FlapTracker;
  shown: SiteStatus;
  since: number | null;
  maintenanceUntil: number | null;
  /** When a held change into down is to be shown; null when none waits. */
  pendingDue: number | null;
}

/** A call the caller got wrong: an unknown site, an end time in the past, a restore too late. */
export class StatusInputError extends Error {
  override readonly name = 'StatusInputError';
}

export class StatusEngine {
  private readonly settings: EngineSettings;
  private readonly entries = new Map<string, SiteEntry>();
  private readonly order: SiteEntry[] = [];
  /** Each site's kind and parent as last given: what a reload compares against. */
  private readonly kinds = new Map<string, SiteKind>();
  private readonly parents = new Map<string, string | null>();
  private readonly isolation: IsolationDetector | null;
  private readonly holdMs: number;
  private readonly maintained = new Set<SiteEntry>();
  private readonly holds = new HoldQueue<SiteEntry>();
  private version = 0;
  private out: StatusEvent[] = [];
  private ignored = 0;
  /** Sites whose memory changed since they were last given by `snapshotChanges`; all when `allDirty`. */
  private readonly dirty = new Set<SiteEntry>();
  /** Of those, the sites whose shown state (status, since, flapping) changed. */
  private readonly shownDirty = new Set<SiteEntry>();
  private allDirty = true;

  constructor(options: StatusEngineOptions) {
    this.settings = resolveSettings(options);
    const { isolation } = this.settings;
    for (const site of options.sites) {
      if (this.entries.has(site.id)) continue; // a duplicate id: the first one counts, as in SiteTree
      const entry = this.newEntry(site, options.thresholds);
      this.entries.set(site.id, entry);
      this.order.push(entry);
      this.kinds.set(site.id, site.kind);
      this.parents.set(site.id, site.parentId);
    }
    linkParents(options.sites, this.entries);
    this.isolation = isolation === null ? null : new IsolationDetector(isolation);
    this.holdMs = isolation?.holdMs ?? 0;
  }

  /** Feeds a batch of results that arrived at `nowMs`; returns what changed, in order. */
  apply(results: readonly ProbeResult[], nowMs: number): StatusEvent[] {
    if (this.isolation !== null) {
      this.noteForIsolation(this.isolation, results, nowMs);
      this.weighIsolation(this.isolation, nowMs);
    }
    // Results of a cut-off monitor say nothing about the sites.
    if (!this.isolation?.state) for (const result of results) this.feed(result, nowMs);
    this.endMaintenance(nowMs);
    if (!this.isolation?.state) this.release(nowMs);
    return this.flush();
  }

  /** Puts a site in maintenance until `untilMs`, or moves the end of one under way. */
  setMaintenance(siteId: string, untilMs: number, nowMs: number): StatusEvent[] {
    const entry = this.entry(siteId);
    if (!(untilMs > nowMs))
      throw new StatusInputError(
        `maintenance of ${siteId} must end after now (${nowMs}), not at ${untilMs}`,
      );
    const reason: ChangeReason =
      entry.maintenanceUntil === null ? 'maintenance-started' : 'maintenance-changed';
    entry.maintenanceUntil = untilMs;
    this.maintained.add(entry);
    this.show(entry, reason, nowMs, nowMs);
    return this.flush();
  }

  /** Ends a site's maintenance now; nothing happens when it is not in maintenance. */
  clearMaintenance(siteId: string, nowMs: number): StatusEvent[] {
    const entry = this.entry(siteId);
    if (entry.maintenanceUntil !== null) this.endMaintenanceOf(entry, nowMs, nowMs);
    return this.flush();
  }

  /**
   * Takes a new inventory (a reload): new sites start unknown, removed ones are forgotten, the
   * others keep their state and memory (a changed kind takes its new thresholds). The parent graph
   * is linked anew, and sites whose dependencies changed are re-derived at once. `edited`: sites
   * the caller saw change in fields the engine does not keep (a name, an address), reported as
   * changed too.
   */
  reinventory(
    sites: readonly StatusSite[],
    thresholds: StatusEngineOptions['thresholds'],
    nowMs: number,
    edited: readonly string[] = [],
  ): StatusEvent[] {
    const editedIds = new Set(edited);
    this.allDirty = true; // removed sites' rows go too
    this.dirty.clear();
    this.shownDirty.clear();
    const before = new Map(this.entries);
    const kinds = new Map(this.kinds);
    this.entries.clear();
    this.order.length = 0;
    this.kinds.clear();
    const added: string[] = [];
    const changed: string[] = [];
    for (const site of sites) {
      if (this.entries.has(site.id)) continue; // a duplicate id: the first one counts, as in SiteTree
      let entry = before.get(site.id);
      if (entry === undefined) {
        entry = this.newEntry(site, thresholds);
        added.push(site.id);
      } else {
        before.delete(site.id);
        const oldKind = kinds.get(site.id);
        // Another kind: other thresholds, same evidence.
        if (oldKind !== site.kind) entry.machine.retune(thresholds[site.kind]);
        entry.machine.livenessKind = livenessKindOf(site);
        entry.parent = null;
        entry.children.length = 0;
        if (
          oldKind !== site.kind ||
          this.parents.get(site.id) !== site.parentId ||
          editedIds.has(site.id)
        )
          changed.push(site.id);
      }
      this.entries.set(site.id, entry);
      this.order.push(entry);
      this.kinds.set(site.id, site.kind);
      this.parents.set(site.id, site.parentId);
    }
    const removed = [...before.keys()];
    for (const entry of before.values()) {
      entry.pendingDue = null; // a hold of a removed site falls due to nobody
      this.maintained.delete(entry);
      this.parents.delete(entry.id);
    }
    linkParents(sites, this.entries);
    this.emit({
      type: 'sites-changed',
      version: this.nextVersion(),
      at: nowMs,
      added,
      removed,
      changed,
    });
    for (const entry of topDown(this.order)) {
      const change = reconsider(entry);
      if (change === null) continue;
      entry.machine.commit(change, nowMs, nowMs);
      this.show(entry, change.reason, nowMs, nowMs);
    }
    return this.flush();
  }

  stateOf(siteId: string): SiteState | undefined {
    const entry = this.entries.get(siteId);
    return entry && this.stateOfEntry(entry);
  }

  /** Since when, and why, the monitor is isolated; null when it is not. */
  get isolated(): IsolationState | null {
    return this.isolation?.state ?? null;
  }

  /** The version of the last event. */
  get currentVersion(): number {
    return this.version;
  }

  /** Results for ids that are neither a site nor a reference target, since the start. */
  get ignoredResults(): number {
    return this.ignored;
  }

  /** Every site's shown state at the current version: what dashboards start from. */
  shown(): Pick<StatusSnapshot, 'version' | 'isolation' | 'sites'> {
    return {
      version: this.version,
      isolation: this.isolated,
      sites: this.order.map((entry) => this.stateOfEntry(entry)),
    };
  }

  /** Every site's shown state, and what a restarted engine needs to resume (plain JSON). */
  snapshot(): StatusSnapshot {
    const memory: Record<string, SiteMemory> = {};
    for (const entry of this.order)
      memory[entry.id] = { ...entry.machine.toMemory(), flapTimes: entry.flaps.toJSON() };
    return {
      ...this.shown(),
      memory: {
        ...(this.isolation?.toMemory() ?? { references: {}, shareExceeded: false }),
        sites: memory,
      },
    };
  }

  /**
   * What changed since the sites were last given (everything at the first call, after a reload or an
   * isolation): the header and the rows of the sites that moved. With `memoryRows`, only the sites
   * whose shown state changed, plus at most that many whose memory alone moved (longest waiting
   * first): what a restart must never lose is the shown state, while a site's memory (quality
   * window, streaks) is re-learnt from the next results, so its saves can be spread out.
   */
  snapshotChanges(options: { readonly memoryRows?: number } = {}): SnapshotChanges {
    const whole = this.allDirty;
    const { memoryRows } = options;
    let entries: SiteEntry[];
    if (whole) entries = this.order;
    else if (memoryRows === undefined) entries = [...this.dirty];
    else {
      entries = [...this.shownDirty];
      let room = memoryRows;
      // A Set iterates in insertion order, and a site stays where it was first added.
      for (const entry of this.dirty) {
        if (room <= 0) break;
        if (this.shownDirty.has(entry)) continue;
        entries.push(entry);
        room--;
      }
    }
    const sites = entries.map((entry) => ({
      state: this.stateOfEntry(entry),
      memory: { ...entry.machine.toMemory(), flapTimes: entry.flaps.toJSON() },
    }));
    if (whole || memoryRows === undefined) this.dirty.clear();
    else for (const entry of entries) this.dirty.delete(entry);
    this.shownDirty.clear();
    this.allDirty = false;
    return {
      version: this.version,
      isolation: this.isolation?.state ?? null,
      ...(this.isolation?.toMemory() ?? { references: {}, shareExceeded: false }),
      whole,
      sites,
    };
  }

  /** The last `snapshotChanges` could not be stored: the next one gives every site again. */
  snapshotLost(): void {
    this.allDirty = true;
  }

  /** How many sites the engine watches. */
  get siteCount(): number {
    return this.order.length;
  }

  /**
   * Resumes from a snapshot, in a new engine (before any event). Sites no longer in the inventory
   * are dropped, new ones start unknown. Returns only changes the snapshot itself implies: holds
   * that fell due meanwhile, and dependencies re-derived where the parent graph changed.
   */
  restore(snapshot: StatusSnapshot, nowMs: number): StatusEvent[] {
    if (this.version !== 0)
      throw new StatusInputError('restore needs a new engine: this one has emitted events');
    this.version = snapshot.version;
    this.allDirty = true;
    const isolation = this.isolation === null ? null : snapshot.isolation;
    this.isolation?.load(isolation, snapshot.memory);
    for (const site of snapshot.sites) {
      const entry = this.entries.get(site.siteId);
      if (entry === undefined) continue;
      entry.shown = site.status;
      entry.since = site.since;
      if (site.status.state === 'maintenance') {
        entry.maintenanceUntil = site.status.until;
        this.maintained.add(entry);
      }
      const memory = snapshot.memory.sites[site.siteId];
      if (memory !== undefined) entry.machine.load(memory);
      else entry.machine.assume(shownAsObserved(site.status), site.since);
      entry.flaps.load(memory?.flapTimes ?? [], site.flapping);
      if (isolation !== null) {
        entry.machine.reset();
        if (entry.maintenanceUntil === null) entry.shown = UNKNOWN;
      }
    }
    // The parent graph may have changed across the restart.
    for (const entry of topDown(this.order)) {
      const change = reconsider(entry);
      if (change !== null) entry.machine.commit(change, nowMs, nowMs);
    }
    for (const entry of this.order)
      this.show(
        entry,
        entry.machine.reason ?? 'icmp-answered',
        entry.machine.observedAt ?? nowMs,
        nowMs,
      );
    this.holds.sort();
    this.endMaintenance(nowMs);
    if (!this.isolation?.state) this.release(nowMs);
    return this.flush();
  }

  private noteForIsolation(
    detector: IsolationDetector,
    results: readonly ProbeResult[],
    nowMs: number,
  ): void {
    for (const result of results) {
      const input = statusInputOf(result);
      if (input?.type !== 'liveness') continue;
      const heard = { siteId: result.siteId, up: input.up };
      if (detector.isReference(result.siteId)) {
        if (result.kind === 'icmp') detector.reference(heard);
        continue;
      }
      const entry = this.entries.get(result.siteId);
      // A site in maintenance may be down on purpose: it says nothing about the monitor.
      if (
        entry &&
        entry.parent === null &&
        entry.maintenanceUntil === null &&
        result.kind === entry.machine.livenessKind
      )
        detector.independent(heard, nowMs);
    }
  }

  private weighIsolation(detector: IsolationDetector, nowMs: number): void {
    const change = detector.evaluate(nowMs);
    if (change === null) return;
    if (change.type === 'recovered') {
      this.emit({
        type: 'monitor-recovered',
        version: this.nextVersion(),
        at: nowMs,
        isolatedSince: change.isolatedSince,
      });
      return;
    }
    // One event stands for every site: each becomes unknown, and forgets its results.
    this.holds.clear();
    this.allDirty = true;
    const unknown: string[] = [];
    for (const entry of this.order) {
      entry.machine.reset();
      entry.pendingDue = null;
      if (entry.maintenanceUntil === null && entry.shown.state !== 'unknown') {
        entry.shown = UNKNOWN;
        entry.since = nowMs;
        unknown.push(entry.id);
      }
    }
    this.emit({
      type: 'monitor-isolated',
      version: this.nextVersion(),
      at: nowMs,
      trigger: change.trigger,
      downPct: change.downPct,
      probed: change.probed,
      unknown,
    });
  }

  private feed(result: ProbeResult, nowMs: number): void {
    const entry = this.entries.get(result.siteId);
    if (entry === undefined) {
      if (!this.isolation?.isReference(result.siteId)) this.ignored++;
      return;
    }
    this.dirty.add(entry);
    const machine = entry.machine;
    const input = statusInputOf(result);
    // Liveness comes from the site's own liveness kind only: ping alone cannot take down a site
    // judged by TCP connect (its ISP may drop ICMP); those ICMP results are metrics only.
    const change =
      input === null
        ? null
        : input.type === 'health'
          ? machine.health(input)
          : result.kind === machine.livenessKind
            ? machine.liveness(input, this.settings.recoveryResults, entry.parent?.machine ?? null)
            : null;
    if (change !== null) this.observe(entry, change, result.at, nowMs);
    if (entry.flaps.check(result.at) === 'stopped') {
      this.shownDirty.add(entry);
      this.emit({
        type: 'flapping-stopped',
        version: this.nextVersion(),
        siteId: entry.id,
        at: result.at,
        changes: entry.flaps.count(result.at),
      });
    }
  }

  /** Records an observed change, shows it, and carries it down the parent graph. */
  private observe(entry: SiteEntry, change: ObservedChange, at: number, nowMs: number): void {
    const wasDown = isDownish(entry.machine.observed);
    entry.machine.commit(change, at, nowMs);
    this.show(entry, change.reason, at, nowMs);
    if (!wasDown && !isDownish(change.status)) return;
    propagate(entry, (child, childChange) => {
      child.machine.commit(childChange, at, nowMs);
      this.show(child, childChange.reason, at, nowMs);
    });
  }

  /** Brings the shown status in line with maintenance, isolation and the observed status. */
  private show(entry: SiteEntry, reason: ChangeReason, at: number, nowMs: number): void {
    this.dirty.add(entry);
    const target = this.targetOf(entry);
    if (sameStatus(target, entry.shown)) {
      entry.pendingDue = null;
      return;
    }
    const arrival = entry.machine.observedArrival;
    if (this.holdMs > 0 && isDownish(target) && arrival !== null && arrival + this.holdMs > nowMs) {
      // Wait: a monitor that lost its own uplink sees every site fail within one window.
      const due = arrival + this.holdMs;
      if (entry.pendingDue !== due) {
        entry.pendingDue = due;
        this.holds.push(entry, due);
      }
      return;
    }
    entry.pendingDue = null;
    this.publish(entry, target, reason, at);
  }

  private targetOf(entry: SiteEntry): SiteStatus {
    if (entry.maintenanceUntil !== null)
      return { state: 'maintenance', until: entry.maintenanceUntil };
    if (this.isolation?.state) return UNKNOWN;
    return entry.machine.observed;
  }

  private publish(entry: SiteEntry, to: SiteStatus, reason: ChangeReason, at: number): void {
    const from = entry.shown;
    entry.shown = to;
    entry.since = at;
    this.shownDirty.add(entry);
    const started = countsAsFlap(from, to) && entry.flaps.record(at) === 'started';
    this.emit({
      type: 'state-changed',
      version: this.nextVersion(),
      siteId: entry.id,
      from,
      to,
      at,
      reason,
      flapping: entry.flaps.flapping,
    });
    if (started)
      this.emit({
        type: 'flapping-started',
        version: this.nextVersion(),
        siteId: entry.id,
        at,
        changes: entry.flaps.count(at),
      });
  }

  /** Shows the held changes that waited out the hold. */
  private release(nowMs: number): void {
    for (const { item: entry, due } of this.holds.takeDue(nowMs)) {
      if (entry.pendingDue !== due) continue; // superseded by a later change, or cancelled
      const { reason, observedAt } = entry.machine;
      entry.pendingDue = null;
      this.show(entry, reason ?? 'icmp-failed', observedAt ?? nowMs, nowMs);
    }
  }

  private endMaintenance(nowMs: number): void {
    for (const entry of this.maintained) {
      const until = entry.maintenanceUntil;
      if (until !== null && until <= nowMs) this.endMaintenanceOf(entry, until, nowMs);
    }
  }

  private endMaintenanceOf(entry: SiteEntry, at: number, nowMs: number): void {
    entry.maintenanceUntil = null;
    this.maintained.delete(entry);
    this.show(entry, 'maintenance-ended', at, nowMs);
  }

  private entry(siteId: string): SiteEntry {
    const entry = this.entries.get(siteId);
    if (entry === undefined) throw new StatusInputError(`no site ${siteId} in the inventory`);
    return entry;
  }

  private stateOfEntry(entry: SiteEntry): SiteState {
    return {
      siteId: entry.id,
      status: entry.shown,
      since: entry.since,
      flapping: entry.flaps.flapping,
    };
  }

  private newEntry(site: StatusSite, thresholds: StatusEngineOptions['thresholds']): SiteEntry {
    const { qualityMinSamples, flapping } = this.settings;
    return {
      id: site.id,
      parent: null,
      children: [],
      machine: new SiteMachine(
        site.id,
        thresholds[site.kind],
        qualityMinSamples,
        livenessKindOf(site),
      ),
      flaps: new FlapTracker(flapping),
      shown: UNKNOWN,
      since: null,
      maintenanceUntil: null,
      pendingDue: null,
    };
  }

  private nextVersion(): number {
    this.version++;
    return this.version;
  }

  /** Queues an event for the caller of the current call. */
  private emit(event: StatusEvent): void {
    this.out.push(event);
  }

  private flush(): StatusEvent[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

/** The observed status a shown one stands for, when no evidence was kept. */
function shownAsObserved(status: SiteStatus): SiteMemory['observed'] {
  return status.state === 'maintenance' ? UNKNOWN : status;
}
