// Pantau's state in SQLite (<server.dataDir>/pantau.db): incidents and their phases, maintenance and
// monitor-isolation periods, the status engine's last snapshot, Pantau's own runs and when each
// site was first watched. WAL mode, so readers (the API) never wait for the writer; the schema
// moves forward by PRAGMA user_version steps.

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type {
  AvailabilityRecords,
  Incident,
  IncidentChange,
  IncidentPhase,
  IncidentTrackerState,
  IsolationPeriod,
  IsolationTrigger,
  MaintenancePeriod,
  MonitorRun,
  SiteSnapshotRow,
  SnapshotChanges,
  StatusSnapshot,
} from '../status/index.js';
import { currentPhase } from '../status/index.js';
import { messageOf } from '../error-message.js';
import { STATE_MIGRATIONS } from './state-migrations.js';

export const STATE_DB_FILE = 'pantau.db';
/**
 * The shape of the stored engine snapshot; a snapshot of another shape is not resumed. 1: the whole
 * snapshot as one JSON body (still read); 2: a header and a row per site in engine_sites.
 */
export const SNAPSHOT_FORMAT = 2;
const WHOLE_BODY_FORMAT = 1;
export const MAX_INCIDENT_PAGE = 1000;

export function stateDbPath(dataDir: string): string {
  return join(dataDir, STATE_DB_FILE);
}

/** The database cannot be opened, migrated, read or written; the message names the file. */
export class StateDbError extends Error {
  override readonly name = 'StateDbError';
}

/** A query the caller got wrong: a reversed range, a limit out of bounds. */
export class IncidentQueryError extends Error {
  override readonly name = 'IncidentQueryError';
}

export interface StateDbOptions {
  /** The schema steps; tests give lists with steps added after these, or broken ones. */
  readonly migrations?: readonly string[];
  readonly now?: () => number;
}

export interface TimeRangeQuery {
  readonly fromMs: number;
  readonly toMs: number;
  /** Only these sites; `siteId` and `siteIds` together mean either. */
  readonly siteId?: string;
  readonly siteIds?: readonly string[];
}

export interface IncidentQuery extends TimeRangeQuery {
  /** Only incidents still open. */
  readonly openOnly?: boolean;
  /** 1 to MAX_INCIDENT_PAGE. */
  readonly limit: number;
  readonly offset?: number;
}

/** Incidents overlapping the range, newest first, and how many there are in all. */
export interface IncidentPage {
  readonly total: number;
  readonly incidents: Incident[];
}

export interface StoredSnapshot {
  readonly snapshot: StatusSnapshot;
  readonly savedAt: number;
}

interface IncidentRow {
  id: number;
  site_id: string;
  kind: string;
  cause_site_id: string | null;
  cause_incident_id: number | null;
  opened_at: number;
  closed_at: number | null;
  closed_by: string | null;
}

interface PhaseRow {
  incident_id: number;
  seq: number;
  kind: string;
  cause_site_id: string | null;
  cause_incident_id: number | null;
  started_at: number;
}

interface MaintenanceRow {
  site_id: string;
  started_at: number;
  ended_at: number | null;
}

interface IsolationRow {
  started_at: number;
  ended_at: number | null;
  trigger: string | null;
}

interface RunRow {
  started_at: number;
  last_seen_at: number;
  ended_at: number | null;
}

interface SnapshotRow {
  format: number;
  version: number;
  saved_at: number;
  body: string;
}

/** engine_snapshot's body in format 2: what is not a site's. */
type SnapshotHeader = Pick<SnapshotChanges, 'isolation' | 'references' | 'shareExceeded'>;

/** Bound parameters of a range query; siteIds as a JSON array (one parameter, any length). */
interface RangeParams {
  fromMs: number;
  toMs: number;
  siteIds: string | null;
}

const INCIDENT_COLUMNS =
  'id, site_id, kind, cause_site_id, cause_incident_id, opened_at, closed_at, closed_by';
const OVERLAPS = `opened_at < @toMs AND (closed_at IS NULL OR closed_at > @fromMs OR opened_at >= @fromMs)
  AND (@siteIds IS NULL OR site_id IN (SELECT value FROM json_each(@siteIds)))`;
const PERIOD_OVERLAPS = `started_at < @toMs AND (ended_at IS NULL OR ended_at > @fromMs OR started_at >= @fromMs)`;

export class StateDb {
  private readonly statements: Statements;
  private readonly applyAll: (
    changes: readonly IncidentChange[],
    snapshot?: SnapshotChanges,
  ) => void;
  private readonly startAll: (atMs: number, siteIds: readonly string[]) => void;
  private readonly watchAll: (atMs: number, siteIds: readonly string[]) => void;
  /** This instance's run (its started_at); any other run without an end crashed. */
  private currentRun: number | null = null;

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.statements = prepare(db);
    this.applyAll = db.transaction(
      (changes: readonly IncidentChange[], snapshot?: SnapshotChanges) => {
        for (const change of changes) this.write(change);
        if (snapshot !== undefined) this.writeSnapshot(snapshot);
      },
    );
    this.watchAll = db.transaction((atMs: number, siteIds: readonly string[]) => {
      for (const siteId of siteIds) this.statements.watchSite.run(siteId, atMs);
    });
    this.startAll = db.transaction((atMs: number, siteIds: readonly string[]) => {
      this.statements.insertRun.run({ atMs });
      this.watchAll(atMs, siteIds);
    });
  }

  /** Opens (creating it and its directory if needed) and migrates the database at `path`. */
  static open(path: string, options: StateDbOptions = {}): StateDb {
    const dir = dirname(path);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new StateDbError(
        `state database directory ${dir} cannot be created: ${messageOf(error)}`,
        {
          cause: error,
        },
      );
    }
    let db: Database.Database;
    try {
      db = new Database(path);
    } catch (error) {
      throw new StateDbError(`state database ${path} cannot be opened: ${messageOf(error)}`, {
        cause: error,
      });
    }
    try {
      db.pragma('busy_timeout = 5000');
      const mode = String(db.pragma('journal_mode = WAL', { simple: true }));
      if (mode.toLowerCase() !== 'wal')
        throw new StateDbError(`state database ${path} refused WAL mode (journal_mode is ${mode})`);
      // In WAL mode NORMAL never corrupts; a power cut may lose the last commits, not mix them.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, path, options.migrations ?? STATE_MIGRATIONS);
      return new StateDb(path, db, options.now ?? Date.now);
    } catch (error) {
      db.close();
      if (error instanceof StateDbError) throw error;
      throw new StateDbError(`state database ${path}: ${messageOf(error)}`, { cause: error });
    }
  }

  /** The schema version (PRAGMA user_version). */
  get schemaVersion(): number {
    return Number(this.db.pragma('user_version', { simple: true }));
  }

  get journalMode(): string {
    return String(this.db.pragma('journal_mode', { simple: true }));
  }

  /**
   * Stores the changes of one engine call and, when given, the engine's snapshot after it (whole, or
   * the sites changed since the last save), in one transaction: a restart then resumes an engine
   * that agrees with the incidents. All or nothing is written.
   */
  applyIncidentChanges(
    changes: readonly IncidentChange[],
    snapshot?: StatusSnapshot | SnapshotChanges,
  ): void {
    if (changes.length === 0 && snapshot === undefined) return;
    try {
      this.applyAll(changes, snapshot === undefined ? undefined : asChanges(snapshot));
    } catch (error) {
      throw new StateDbError(
        `state database ${this.path}: ${changes.length} incident changes not saved: ${messageOf(error)}`,
        { cause: error },
      );
    }
  }

  openIncidents(): Incident[] {
    return this.read('open incidents', () => this.withPhases(this.statements.openIncidents.all()));
  }

  /** Incidents overlapping [fromMs, toMs), newest first. */
  incidents(query: IncidentQuery): IncidentPage {
    const range = rangeParams(query);
    const { limit, offset = 0 } = query;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_INCIDENT_PAGE)
      throw new IncidentQueryError(`limit must be from 1 to ${MAX_INCIDENT_PAGE}, not ${limit}`);
    // Beyond 2^53 a double is no longer a whole number SQLite can bind as an integer.
    if (!Number.isSafeInteger(offset) || offset < 0)
      throw new IncidentQueryError(
        `offset must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, not ${offset}`,
      );
    const params = { ...range, openOnly: query.openOnly ? 1 : 0 };
    return this.read('incidents', () => ({
      total: this.statements.countIncidents.get(params)?.n ?? 0,
      incidents: this.withPhases(this.statements.pageIncidents.all({ ...params, limit, offset })),
    }));
  }

  /**
   * Every record availability needs for [fromMs, toMs): incidents, maintenance, isolation, the runs
   * and when the sites asked for (all when none is named) were first watched. Another instance's
   * run without an end crashed: it ends at its last heartbeat. This instance's run has no end yet.
   */
  availabilityRecords(query: TimeRangeQuery): AvailabilityRecords {
    const range = rangeParams(query);
    const period = { fromMs: range.fromMs, toMs: range.toMs };
    return this.read('availability records', () => ({
      incidents: this.withPhases(this.statements.rangeIncidents.all(range)),
      maintenance: this.statements.rangeMaintenance.all(range).map(maintenanceOf),
      isolations: this.isolations(period),
      runs: this.statements.rangeRuns
        .all({ ...period, current: this.currentRun })
        .map((row) => this.runOf(row)),
      watchedSince: Object.fromEntries(
        this.statements.watchedSince
          .all({ siteIds: range.siteIds })
          .map((r) => [r.site_id, r.since]),
      ),
    }));
  }

  /** Monitor-isolation periods overlapping [fromMs, toMs), oldest first. */
  isolations(range: { readonly fromMs: number; readonly toMs: number }): IsolationPeriod[] {
    return this.read('isolation periods', () =>
      this.statements.rangeIsolations
        .all({ fromMs: range.fromMs, toMs: range.toMs })
        .map(isolationOf),
    );
  }

  /**
   * Records that this instance starts watching `siteIds` at `atMs`, in one transaction. A site's
   * first run sets when it was first watched; later runs leave that. One run per instance: a second
   * call is a StateDbError.
   */
  startRun(atMs: number, siteIds: readonly string[]): void {
    if (this.currentRun !== null)
      throw new StateDbError(
        `state database ${this.path}: a run is already started (at ${this.currentRun})`,
      );
    this.save('the run', () => this.startAll(atMs, siteIds));
    this.currentRun = atMs;
  }

  /** Sites added to the inventory while running (a reload) are watched from `atMs` on. */
  watchSites(atMs: number, siteIds: readonly string[]): void {
    this.save('the watched sites', () => this.watchAll(atMs, siteIds));
  }

  /** The heartbeat: this run was alive at `atMs`. Without a started run it is a StateDbError. */
  touchRun(atMs: number): void {
    const startedAt = this.runStarted('touched');
    this.save('the run heartbeat', () => this.statements.touchRun.run({ startedAt, atMs }));
  }

  /** Ends this run at `atMs`, stored as ended from then on. Without a started run: StateDbError. */
  endRun(atMs: number): void {
    const startedAt = this.runStarted('ended');
    this.save('the run end', () => this.statements.endRun.run({ startedAt, atMs }));
    this.currentRun = null;
  }

  /** When the site's latest closed incident closed; null when it has none. */
  lastClosedAt(siteId: string): number | null {
    return this.read('the last closed incident', () => {
      return this.statements.lastClosedAt.get(siteId)?.at ?? null;
    });
  }

  /** What the incident tracker resumes from: the open records and the next free incident id. */
  incidentState(): IncidentTrackerState {
    return this.read('open records', () => {
      const isolation = this.statements.openIsolation.get();
      return {
        nextId: (this.statements.maxIncidentId.get()?.id ?? 0) + 1,
        open: this.withPhases(this.statements.openIncidents.all()),
        maintenance: this.statements.openMaintenance.all().map(maintenanceOf),
        isolation: isolation === undefined ? null : isolationOf(isolation),
      };
    });
  }

  /** The engine's last snapshot; null when there is none, or it has another format (sites start unknown). */
  loadSnapshot(): StoredSnapshot | null {
    const row = this.read('the engine snapshot', () => this.statements.loadSnapshot.get());
    if (row === undefined) return null;
    if (row.format === WHOLE_BODY_FORMAT) {
      const parsed = this.parse(row.body, 'the engine snapshot');
      if (!isSnapshot(parsed))
        throw new StateDbError(`state database ${this.path}: the engine snapshot is malformed`);
      return { snapshot: parsed, savedAt: row.saved_at };
    }
    if (row.format !== SNAPSHOT_FORMAT) return null;
    const header = this.parse(row.body, 'the engine snapshot header');
    if (!isHeader(header))
      throw new StateDbError(
        `state database ${this.path}: the engine snapshot header is malformed`,
      );
    const rows = this.read('the engine snapshot', () => this.statements.loadSiteRows.all());
    const sites: StatusSnapshot['sites'][number][] = [];
    const memory: Record<string, SiteSnapshotRow['memory']> = {};
    for (const { site_id: siteId, body } of rows) {
      const parsed = this.parse(body, `the engine snapshot of site ${siteId}`);
      if (!isSiteRow(parsed))
        throw new StateDbError(
          `state database ${this.path}: the engine snapshot of site ${siteId} is malformed`,
        );
      sites.push(parsed.state);
      memory[siteId] = parsed.memory;
    }
    const { references, shareExceeded } = header;
    return {
      snapshot: {
        version: row.version,
        isolation: header.isolation,
        sites,
        memory: { references, shareExceeded, sites: memory },
      },
      savedAt: row.saved_at,
    };
  }

  private writeSnapshot(snapshot: SnapshotChanges): void {
    const { version, isolation, references, shareExceeded } = snapshot;
    this.statements.saveSnapshot.run({
      format: SNAPSHOT_FORMAT,
      version,
      savedAt: this.now(),
      body: JSON.stringify({ isolation, references, shareExceeded } satisfies SnapshotHeader),
    });
    if (snapshot.whole) this.statements.clearSiteRows.run();
    for (const site of snapshot.sites)
      this.statements.saveSiteRow.run(site.state.siteId, JSON.stringify(site));
  }

  private parse(body: string, what: string): unknown {
    try {
      return JSON.parse(body);
    } catch (error) {
      throw new StateDbError(
        `state database ${this.path}: ${what} is not JSON: ${messageOf(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private runStarted(what: string): number {
    if (this.currentRun === null)
      throw new StateDbError(`state database ${this.path}: no run started to be ${what}`);
    return this.currentRun;
  }

  private runOf(row: RunRow): MonitorRun {
    const running = row.ended_at === null && row.started_at === this.currentRun;
    return {
      startedAt: row.started_at,
      endedAt: running ? null : (row.ended_at ?? row.last_seen_at),
    };
  }

  private write(change: IncidentChange): void {
    const s = this.statements;
    switch (change.type) {
      case 'incident-opened':
      case 'incident-changed':
      case 'incident-closed': {
        const { incident } = change;
        const phase = currentPhase(incident);
        s.upsertIncident.run({
          id: incident.id,
          siteId: incident.siteId,
          ...causeColumns(phase),
          openedAt: incident.openedAt,
          closedAt: incident.closedAt,
          closedBy: incident.closedBy ?? null,
        });
        s.deletePhases.run(incident.id);
        incident.phases.forEach((p, seq) => {
          s.insertPhase.run({
            incidentId: incident.id,
            seq,
            ...causeColumns(p),
            startedAt: p.from,
          });
        });
        return;
      }
      case 'maintenance-started':
      case 'maintenance-ended':
        s.upsertMaintenance.run(change.period);
        return;
      case 'isolation-started':
      case 'isolation-ended':
        s.upsertIsolation.run(change.period);
        return;
    }
  }

  private withPhases(rows: readonly IncidentRow[]): Incident[] {
    if (rows.length === 0) return [];
    const phases = new Map<number, PhaseRow[]>();
    for (const row of this.statements.phasesOf.all(JSON.stringify(rows.map((r) => r.id)))) {
      const list = phases.get(row.incident_id);
      if (list === undefined) phases.set(row.incident_id, [row]);
      else list.push(row);
    }
    return rows.map((row) => this.incidentOf(row, phases.get(row.id) ?? []));
  }

  private incidentOf(row: IncidentRow, phaseRows: readonly PhaseRow[]): Incident {
    const phaseOf = (kind: string, site: string | null, cause: number | null, from: number) => {
      const phase = toPhase(kind, site, cause, from);
      if (phase === null)
        throw new StateDbError(
          `state database ${this.path}: incident ${row.id} has an impossible cause (${kind}, ${site})`,
        );
      return phase;
    };
    // Phases are the detail; without them the incident row alone still says one phase.
    const [
      first = phaseOf(row.kind, row.cause_site_id, row.cause_incident_id, row.opened_at),
      ...rest
    ] = phaseRows.map((p) => phaseOf(p.kind, p.cause_site_id, p.cause_incident_id, p.started_at));
    return {
      id: row.id,
      siteId: row.site_id,
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      ...(row.closed_by === 'removed' ? { closedBy: 'removed' as const } : {}),
      phases: [first, ...rest],
    };
  }

  private save(what: string, write: () => unknown): void {
    try {
      write();
    } catch (error) {
      throw new StateDbError(
        `state database ${this.path}: ${what} not saved: ${messageOf(error)}`,
        { cause: error },
      );
    }
  }

  private read<T>(what: string, query: () => T): T {
    try {
      return query();
    } catch (error) {
      if (error instanceof StateDbError) throw error;
      throw new StateDbError(
        `state database ${this.path}: cannot read ${what}: ${messageOf(error)}`,
        {
          cause: error,
        },
      );
    }
  }
}

type Statements = ReturnType<typeof prepare>;

function prepare(db: Database.Database) {
  return {
    upsertIncident: db.prepare<
      [
        {
          id: number;
          siteId: string;
          kind: string;
          causeSiteId: string | null;
          causeIncidentId: number | null;
          openedAt: number;
          closedAt: number | null;
          closedBy: string | null;
        },
      ]
    >(
      `INSERT INTO incidents (${INCIDENT_COLUMNS})
       VALUES (@id, @siteId, @kind, @causeSiteId, @causeIncidentId, @openedAt, @closedAt, @closedBy)
       ON CONFLICT (id) DO UPDATE SET site_id = excluded.site_id, kind = excluded.kind,
         cause_site_id = excluded.cause_site_id, cause_incident_id = excluded.cause_incident_id,
         opened_at = excluded.opened_at, closed_at = excluded.closed_at,
         closed_by = excluded.closed_by`,
    ),
    deletePhases: db.prepare<[number]>('DELETE FROM incident_phases WHERE incident_id = ?'),
    insertPhase: db.prepare<
      [
        {
          incidentId: number;
          seq: number;
          kind: string;
          causeSiteId: string | null;
          causeIncidentId: number | null;
          startedAt: number;
        },
      ]
    >(
      `INSERT INTO incident_phases (incident_id, seq, kind, cause_site_id, cause_incident_id, started_at)
       VALUES (@incidentId, @seq, @kind, @causeSiteId, @causeIncidentId, @startedAt)`,
    ),
    upsertMaintenance: db.prepare<[MaintenancePeriod]>(
      `INSERT INTO maintenance_periods (site_id, started_at, ended_at)
       VALUES (@siteId, @startedAt, @endedAt)
       ON CONFLICT (site_id, started_at) DO UPDATE SET ended_at = excluded.ended_at`,
    ),
    upsertIsolation: db.prepare<[IsolationPeriod]>(
      `INSERT INTO isolation_periods (started_at, ended_at, trigger)
       VALUES (@startedAt, @endedAt, @trigger)
       ON CONFLICT (started_at) DO UPDATE SET ended_at = excluded.ended_at,
         trigger = coalesce(excluded.trigger, isolation_periods.trigger)`,
    ),
    saveSnapshot: db.prepare<[{ format: number; version: number; savedAt: number; body: string }]>(
      `INSERT INTO engine_snapshot (id, format, version, saved_at, body)
       VALUES (1, @format, @version, @savedAt, @body)
       ON CONFLICT (id) DO UPDATE SET format = excluded.format, version = excluded.version,
         saved_at = excluded.saved_at, body = excluded.body`,
    ),
    loadSnapshot: db.prepare<[], SnapshotRow>(
      'SELECT format, version, saved_at, body FROM engine_snapshot WHERE id = 1',
    ),
    saveSiteRow: db.prepare<[string, string]>(
      `INSERT INTO engine_sites (site_id, body) VALUES (?, ?)
       ON CONFLICT (site_id) DO UPDATE SET body = excluded.body`,
    ),
    clearSiteRows: db.prepare('DELETE FROM engine_sites'),
    loadSiteRows: db.prepare<[], { site_id: string; body: string }>(
      'SELECT site_id, body FROM engine_sites',
    ),
    openIncidents: db.prepare<[], IncidentRow>(
      `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE closed_at IS NULL ORDER BY id`,
    ),
    maxIncidentId: db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM incidents'),
    lastClosedAt: db.prepare<[string], { at: number | null }>(
      'SELECT max(closed_at) AS at FROM incidents WHERE site_id = ? AND closed_at IS NOT NULL',
    ),
    countIncidents: db.prepare<[RangeParams & { openOnly: number }], { n: number }>(
      `SELECT count(*) AS n FROM incidents WHERE ${OVERLAPS} AND (@openOnly = 0 OR closed_at IS NULL)`,
    ),
    pageIncidents: db.prepare<
      [RangeParams & { openOnly: number; limit: number; offset: number }],
      IncidentRow
    >(
      `SELECT ${INCIDENT_COLUMNS} FROM incidents
       WHERE ${OVERLAPS} AND (@openOnly = 0 OR closed_at IS NULL)
       ORDER BY opened_at DESC, id DESC LIMIT @limit OFFSET @offset`,
    ),
    rangeIncidents: db.prepare<[RangeParams], IncidentRow>(
      `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE ${OVERLAPS} ORDER BY opened_at, id`,
    ),
    phasesOf: db.prepare<[string], PhaseRow>(
      `SELECT incident_id, seq, kind, cause_site_id, cause_incident_id, started_at FROM incident_phases
       WHERE incident_id IN (SELECT value FROM json_each(?)) ORDER BY incident_id, seq`,
    ),
    rangeMaintenance: db.prepare<[RangeParams], MaintenanceRow>(
      `SELECT site_id, started_at, ended_at FROM maintenance_periods WHERE ${PERIOD_OVERLAPS}
       AND (@siteIds IS NULL OR site_id IN (SELECT value FROM json_each(@siteIds)))
       ORDER BY started_at`,
    ),
    openMaintenance: db.prepare<[], MaintenanceRow>(
      'SELECT site_id, started_at, ended_at FROM maintenance_periods WHERE ended_at IS NULL',
    ),
    rangeIsolations: db.prepare<[{ fromMs: number; toMs: number }], IsolationRow>(
      `SELECT started_at, ended_at, trigger FROM isolation_periods WHERE ${PERIOD_OVERLAPS}
       ORDER BY started_at`,
    ),
    openIsolation: db.prepare<[], IsolationRow>(
      `SELECT started_at, ended_at, trigger FROM isolation_periods WHERE ended_at IS NULL
       ORDER BY started_at DESC LIMIT 1`,
    ),
    // Schema step 2: Pantau's runs and the watched sites.
    insertRun: db.prepare<[{ atMs: number }]>(
      'INSERT INTO monitor_runs (started_at, last_seen_at) VALUES (@atMs, @atMs)',
    ),
    // A site's first run counts: later ones leave its `since`.
    watchSite: db.prepare<[string, number]>(
      'INSERT OR IGNORE INTO watched_sites (site_id, since) VALUES (?, ?)',
    ),
    // max(): a clock stepped back never moves the heartbeat back (nor before the start).
    touchRun: db.prepare<[{ startedAt: number; atMs: number }]>(
      `UPDATE monitor_runs SET last_seen_at = max(last_seen_at, @atMs)
       WHERE started_at = @startedAt`,
    ),
    endRun: db.prepare<[{ startedAt: number; atMs: number }]>(
      `UPDATE monitor_runs SET last_seen_at = max(last_seen_at, @atMs),
         ended_at = max(last_seen_at, @atMs)
       WHERE started_at = @startedAt`,
    ),
    // A run without an end reaches its last heartbeat, or now when it is this instance's.
    rangeRuns: db.prepare<[{ fromMs: number; toMs: number; current: number | null }], RunRow>(
      `SELECT started_at, last_seen_at, ended_at FROM monitor_runs
       WHERE started_at < @toMs
         AND (coalesce(ended_at, last_seen_at) > @fromMs OR started_at >= @fromMs
           OR started_at = @current)
       ORDER BY started_at`,
    ),
    watchedSince: db.prepare<[{ siteIds: string | null }], { site_id: string; since: number }>(
      `SELECT site_id, since FROM watched_sites
       WHERE @siteIds IS NULL OR site_id IN (SELECT value FROM json_each(@siteIds))`,
    ),
  };
}

/** Brings the schema to the last step, all steps in one transaction; refuses a newer schema. */
function migrate(db: Database.Database, path: string, steps: readonly string[]): void {
  const version = () => Number(db.pragma('user_version', { simple: true }));
  const check = (current: number) => {
    if (current > steps.length)
      throw new StateDbError(
        `state database ${path} has schema version ${current}; this Pantau knows up to ${steps.length} (was it written by a newer one?)`,
      );
  };
  check(version());
  if (version() === steps.length) return;
  // Immediate: a second process opening the same file waits instead of migrating alongside.
  db.transaction(() => {
    const current = version();
    check(current);
    for (let step = current; step < steps.length; step++) {
      try {
        db.exec(steps[step] ?? '');
      } catch (error) {
        throw new StateDbError(
          `state database ${path}: schema step ${step + 1} failed, nothing was changed: ${messageOf(error)}`,
          { cause: error },
        );
      }
    }
    db.pragma(`user_version = ${steps.length}`);
  }).immediate();
}

function rangeParams(query: TimeRangeQuery): RangeParams {
  const { fromMs, toMs } = query;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs))
    throw new IncidentQueryError(`fromMs and toMs must be times, not ${fromMs} and ${toMs}`);
  if (!(toMs > fromMs))
    throw new IncidentQueryError(`the range ends (${toMs}) before it begins (${fromMs})`);
  const ids = [...(query.siteIds ?? []), ...(query.siteId === undefined ? [] : [query.siteId])];
  const filtered = query.siteIds !== undefined || query.siteId !== undefined;
  return { fromMs, toMs, siteIds: filtered ? JSON.stringify(ids) : null };
}

function causeColumns(phase: IncidentPhase) {
  return phase.kind === 'down'
    ? { kind: 'down', causeSiteId: null, causeIncidentId: null }
    : {
        kind: 'unreachable',
        causeSiteId: phase.causeSiteId,
        causeIncidentId: phase.causeIncidentId,
      };
}

function toPhase(
  kind: string,
  causeSiteId: string | null,
  causeIncidentId: number | null,
  from: number,
): IncidentPhase | null {
  if (kind === 'down') return { kind, from };
  if (kind === 'unreachable' && causeSiteId !== null)
    return { kind, causeSiteId, causeIncidentId, from };
  return null;
}

function maintenanceOf(row: MaintenanceRow): MaintenancePeriod {
  return { siteId: row.site_id, startedAt: row.started_at, endedAt: row.ended_at };
}

function isolationOf(row: IsolationRow): IsolationPeriod {
  const trigger: IsolationTrigger | null =
    row.trigger === 'reference-targets' || row.trigger === 'share' ? row.trigger : null;
  return { startedAt: row.started_at, endedAt: row.ended_at, trigger };
}

/** Enough of a snapshot's shape to hand it to the engine, which reads every field it uses. */
function isSnapshot(value: unknown): value is StatusSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.version === 'number' &&
    Array.isArray(v.sites) &&
    typeof v.memory === 'object' &&
    v.memory !== null &&
    (v.isolation === null || typeof v.isolation === 'object')
  );
}

/** A whole snapshot as rows: every site, the rows of others go. */
function asChanges(snapshot: StatusSnapshot | SnapshotChanges): SnapshotChanges {
  if (!('memory' in snapshot)) return snapshot;
  const { version, isolation, memory } = snapshot;
  return {
    version,
    isolation,
    references: memory.references,
    shareExceeded: memory.shareExceeded,
    whole: true,
    sites: snapshot.sites.flatMap((state) => {
      const siteMemory = memory.sites[state.siteId];
      return siteMemory === undefined ? [] : [{ state, memory: siteMemory }];
    }),
  };
}

function isHeader(value: unknown): value is SnapshotHeader {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.isolation === null || typeof v.isolation === 'object') &&
    typeof v.references === 'object' &&
    v.references !== null &&
    typeof v.shareExceeded === 'boolean'
  );
}

function isSiteRow(value: unknown): value is SiteSnapshotRow {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.state === 'object' &&
    v.state !== null &&
    typeof (v.state as Record<string, unknown>).siteId === 'string' &&
    typeof v.memory === 'object' &&
    v.memory !== null
  );
}
