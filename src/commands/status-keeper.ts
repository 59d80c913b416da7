// The status engine kept across restarts: results in, events to the incident tracker (stored in
// SQLite at once) and to the live hub; the engine's snapshot and the run's heartbeat saved from a
// one-second tick. Wiring only: the logic is the engine's, the tracker's and reconcileSnapshot's.

import type { PantauConfig } from '../config/index.js';
import type { LiveHub } from '../live/index.js';
import type { Logger } from '../logger.js';
import type { ProbeResult } from '../probe/index.js';
import {
  engineSettingsFrom,
  IncidentTracker,
  reconcileSnapshot,
  StatusEngine,
  type StatusEvent,
  thresholdsByKind,
} from '../status/index.js';
import { StateDb, stateDbPath } from '../storage/index.js';

// The snapshot is megabytes at 10,000 sites: saved at most this often while something changed.
const SNAPSHOT_EVERY_MS = 5000;
// A crashed run ends at its last heartbeat: time after it is unmonitored.
const HEARTBEAT_EVERY_MS = 5000;

export class StatusKeeper {
  private hub: LiveHub | null = null;
  private snapshotDirty = false;
  private snapshotSavedAt = 0;
  private touchedAt: number;
  private readonly tick: NodeJS.Timeout;
  private failing = false;

  private constructor(
    readonly engine: StatusEngine,
    readonly db: StateDb,
    private readonly tracker: IncidentTracker,
    private readonly log: Logger,
  ) {
    this.touchedAt = Date.now();
    // The engine's clock: held downs are released and maintenance ends between results too.
    this.tick = setInterval(() => this.guarded(() => this.onTick()), 1000);
  }

  /**
   * Opens the state database and resumes: the incident tracker from its open records, the engine
   * from its snapshot made to agree with them; incidents of sites no longer in the inventory close.
   */
  static open(config: PantauConfig, log: Logger): StatusKeeper {
    const engine = new StatusEngine({
      sites: config.inventory.sites,
      thresholds: thresholdsByKind(config.probe),
      ...engineSettingsFrom(config.status),
    });
    const db = StateDb.open(stateDbPath(config.server.dataDir));
    const now = Date.now();
    // Time outside Pantau's runs, and before a site's first, is unmonitored: neither up nor down.
    db.startRun(
      now,
      config.inventory.sites.map((s) => s.id),
    );
    const tracker = new IncidentTracker(db.incidentState());
    const keeper = new StatusKeeper(engine, db, tracker, log);
    const retired = tracker.retire(new Set(config.inventory.sites.map((s) => s.id)), now);
    if (retired.length > 0) {
      db.applyIncidentChanges(retired);
      log.info(
        { records: retired.length },
        'closed the open records of sites no longer in the inventory',
      );
    }
    const saved = db.loadSnapshot();
    if (saved !== null) {
      // After a crash the snapshot can be a few seconds older than the incidents: they win.
      const { snapshot, corrected } = reconcileSnapshot(
        saved.snapshot,
        tracker.state().open,
        (siteId) => db.lastClosedAt(siteId),
      );
      if (corrected.length > 0)
        log.info({ sites: corrected }, 'resumed sites whose state changed after the last snapshot');
      keeper.handle(engine.restore(snapshot, now));
    }
    return keeper;
  }

  /** From now on the engine's events go to the hub too (it starts from `engine.snapshot()`). */
  attach(hub: LiveHub): void {
    this.hub = hub;
  }

  accept(results: readonly ProbeResult[]): void {
    this.guarded(() => this.handle(this.engine.apply(results, Date.now())));
  }

  /** Stops the tick, saves the snapshot and ends the run. */
  stop(): void {
    clearInterval(this.tick);
    this.guarded(() => this.saveSnapshot(true));
    this.guarded(() => this.db.endRun(Date.now()));
    this.db.close();
  }

  private handle(events: readonly StatusEvent[]): void {
    if (events.length === 0) return;
    this.hub?.publish(events);
    const changes = this.tracker.apply(events);
    if (changes.length > 0) this.db.applyIncidentChanges(changes);
    this.snapshotDirty = true;
  }

  private onTick(): void {
    this.handle(this.engine.apply([], Date.now()));
    this.saveSnapshot(false);
    if (Date.now() - this.touchedAt >= HEARTBEAT_EVERY_MS) {
      this.touchedAt = Date.now();
      this.db.touchRun(this.touchedAt);
    }
  }

  // The tracker takes a repeated down or recovery after a restart without a second incident.
  private saveSnapshot(force: boolean): void {
    if (!force && (!this.snapshotDirty || Date.now() - this.snapshotSavedAt < SNAPSHOT_EVERY_MS))
      return;
    this.db.applyIncidentChanges([], this.engine.snapshot());
    this.snapshotDirty = false;
    this.snapshotSavedAt = Date.now();
  }

  /** A full disk or a locked database is logged (once until it works again), never thrown. */
  private guarded(work: () => void): void {
    try {
      work();
      if (this.failing) this.log.info('the state database is written again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.log.error({ err: error }, 'status state not saved');
      this.failing = true;
    }
  }
}
