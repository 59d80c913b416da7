// The status service: the engine kept across restarts. Results in; each batch of engine events
// goes first to the incident store (SQLite, at once, so nothing shown is lost at a crash) and then
// to every subscriber (the live hub, and the alert router and cost ticker to come). A failing
// subscriber is logged and counted and never stops the others. The engine's snapshot and the run's
// heartbeat are saved from a one-second tick. The logic is the engine's, the tracker's and
// reconcileSnapshot's.

import type { PantauConfig } from '../config/index.js';
import type { Logger } from '../logger.js';
import type { ProbeResult } from '../probe/index.js';
import type { SelfFigure } from '../self-figures.js';
import { StateDb, stateDbPath } from '../state/index.js';
import { StatusEngine } from './engine.js';
import { statusFigures } from './figures.js';
import type { IncidentChange } from './incident-types.js';
import { IncidentTracker } from './incidents.js';
import { engineSettingsFrom, thresholdsByKind } from './options.js';
import { reconcileSnapshot } from './reconcile.js';
import type { StatusEvent } from './types.js';

/** Something that wants the engine's events, in version order, after they are on record. */
export interface StatusSubscriber {
  /** Names it in logs and figures. */
  readonly name: string;
  publish(events: readonly StatusEvent[]): void;
}

export interface StatusSubscriberFigures {
  readonly name: string;
  readonly failures: number;
}

interface Subscription {
  readonly subscriber: StatusSubscriber;
  failures: number;
  failing: boolean;
}

// Every 5 s the sites whose shown state changed are saved, with a slice of those whose memory alone
// moved (every result moves it), so that each site's memory is saved about every 5 minutes, spread
// evenly: at 100,000 sites a row per result would be some 5,000 rows a second, and the whole fleet
// at once a stall of seconds.
const SNAPSHOT_EVERY_MS = 5000;
const MEMORY_EVERY_MS = 5 * 60_000;
// A crashed run ends at its last heartbeat: time after it is unmonitored.
const HEARTBEAT_EVERY_MS = 5000;

export class StatusService {
  private readonly subscriptions: Subscription[] = [];
  private snapshotSavedAt = 0;
  /** The engine version the stored header has; -1 before the first save. */
  private savedVersion = -1;
  private touchedAt: number;
  private tick: NodeJS.Timeout | null = null;
  /** Incident changes the database has not taken yet (it failed): written with the next save. */
  private unsaved: IncidentChange[] = [];
  private failing = false;

  private constructor(
    readonly engine: StatusEngine,
    readonly db: StateDb,
    private readonly tracker: IncidentTracker,
    private readonly log: Logger,
  ) {
    this.touchedAt = Date.now();
  }

  /**
   * Opens the state database and resumes: the incident tracker from its open records, the engine
   * from its snapshot made to agree with them; incidents of sites no longer in the inventory close.
   */
  static open(config: PantauConfig, log: Logger): StatusService {
    const engine = new StatusEngine({
      sites: config.inventory.sites,
      thresholds: thresholdsByKind(config.probe),
      ...engineSettingsFrom(config.status),
    });
    const db = StateDb.open(stateDbPath(config.server.dataDir));
    try {
      const now = Date.now();
      const siteIds = config.inventory.sites.map((s) => s.id);
      // Time outside Pantau's runs, and before a site's first, is unmonitored: neither up nor down.
      db.startRun(now, siteIds);
      const tracker = new IncidentTracker(db.incidentState());
      const keeper = new StatusService(engine, db, tracker, log);
      const retired = tracker.retire(new Set(siteIds), now);
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
          log.info(
            { sites: corrected },
            'resumed sites whose state changed after the last snapshot',
          );
        keeper.handle(engine.restore(snapshot, now));
        keeper.saveIncidents();
      }
      // The engine's clock: held downs are released and maintenance ends between results too.
      keeper.tick = setInterval(() => keeper.guarded('tick', () => keeper.onTick()), 1000);
      return keeper;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * From now on the engine's events go to `subscriber` too, after the incident store; it starts
   * from `engine.shown()`. Returns how to unsubscribe.
   */
  subscribe(subscriber: StatusSubscriber): () => void {
    const subscription: Subscription = { subscriber, failures: 0, failing: false };
    this.subscriptions.push(subscription);
    return () => {
      const at = this.subscriptions.indexOf(subscription);
      if (at >= 0) this.subscriptions.splice(at, 1);
    };
  }

  subscriberFigures(): StatusSubscriberFigures[] {
    return this.subscriptions.map((s) => ({ name: s.subscriber.name, failures: s.failures }));
  }

  /** The service's own figures, for /metrics and the `pantau` point. */
  figures(): SelfFigure[] {
    return statusFigures({
      version: this.engine.currentVersion,
      ignoredResults: this.engine.ignoredResults,
      subscribers: this.subscriberFigures(),
    });
  }

  /**
   * A reload: the engine takes the new inventory; removed sites' open incidents close as removed,
   * added sites are watched from now on, and subscribers get the engine's `sites-changed` event.
   */
  reinventory(
    config: PantauConfig,
    added: readonly string[],
    changed: readonly string[] = [],
  ): void {
    this.guarded('the inventory reload', () => {
      const now = Date.now();
      if (added.length > 0) this.db.watchSites(now, added);
      this.handle(
        this.engine.reinventory(
          config.inventory.sites,
          thresholdsByKind(config.probe),
          now,
          changed,
        ),
      );
    });
  }

  accept(results: readonly ProbeResult[]): void {
    this.guarded('results', () => this.handle(this.engine.apply(results, Date.now())));
  }

  /** Stops the tick, saves the snapshot and ends the run. */
  stop(): void {
    if (this.tick !== null) clearInterval(this.tick);
    this.tick = null;
    this.guarded('the last snapshot', () => this.saveSnapshot(true));
    this.guarded('the run end', () => this.db.endRun(Date.now()));
    this.db.close();
  }

  /** The record first (incidents are written at once), then each subscriber. */
  private handle(events: readonly StatusEvent[]): void {
    if (events.length === 0) return;
    this.unsaved.push(...this.tracker.apply(events));
    try {
      this.saveIncidents();
    } finally {
      for (const subscription of this.subscriptions) this.tell(subscription, events);
    }
  }

  private tell(subscription: Subscription, events: readonly StatusEvent[]): void {
    const { name } = subscription.subscriber;
    try {
      subscription.subscriber.publish(events);
      if (subscription.failing)
        this.log.info({ subscriber: name }, 'status subscriber works again');
      subscription.failing = false;
    } catch (error) {
      subscription.failures += 1;
      if (!subscription.failing)
        this.log.error(
          { err: error, subscriber: name },
          'a status subscriber failed; the others go on',
        );
      subscription.failing = true;
    }
  }

  /** Writes the incident changes not written yet; on failure they wait for the next try. */
  private saveIncidents(): void {
    if (this.unsaved.length === 0) return;
    this.db.applyIncidentChanges(this.unsaved);
    this.unsaved = [];
  }

  private onTick(): void {
    this.saveIncidents();
    this.handle(this.engine.apply([], Date.now()));
    this.saveSnapshot(false);
    if (Date.now() - this.touchedAt >= HEARTBEAT_EVERY_MS) {
      this.touchedAt = Date.now();
      this.db.touchRun(this.touchedAt);
    }
  }

  // The tracker takes a repeated down or recovery after a restart without a second incident.
  private saveSnapshot(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.snapshotSavedAt < SNAPSHOT_EVERY_MS) return;
    const memoryRows = force
      ? undefined
      : Math.ceil((this.engine.siteCount * SNAPSHOT_EVERY_MS) / MEMORY_EVERY_MS);
    const changes = this.engine.snapshotChanges({ memoryRows });
    this.snapshotSavedAt = now;
    const quiet =
      !changes.whole && changes.sites.length === 0 && changes.version === this.savedVersion;
    if (!force && quiet && this.unsaved.length === 0) return; // nothing moved: no write
    try {
      // With the changes still unsaved, so the snapshot never gets ahead of the stored incidents.
      this.db.applyIncidentChanges(this.unsaved, changes);
    } catch (error) {
      this.engine.snapshotLost(); // the rows taken are not stored: the next save writes them all
      throw error;
    }
    this.unsaved = [];
    this.savedVersion = changes.version;
  }

  /** A full disk or a locked database is logged (once until it works again), never thrown. */
  private guarded(what: string, work: () => void): void {
    try {
      work();
      if (this.failing) this.log.info('status keeping works again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.log.error({ err: error }, `status keeping failed: ${what}`);
      this.failing = true;
    }
  }
}
