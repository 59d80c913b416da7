import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  Incident,
  IncidentChange,
  SiteMemory,
  StatusSnapshot,
} from '../../../src/status/index.js';
import {
  IncidentQueryError,
  MAX_INCIDENT_PAGE,
  STATE_MIGRATIONS,
  StateDb,
  StateDbError,
  stateDbPath,
} from '../../../src/state/index.js';
import { tempFiles } from '../../helpers/temp-files.js';

const T0 = Date.UTC(2026, 10, 25, 3, 0);
const MIN = 60_000;

const opened: StateDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function open(path: string, options: Parameters<typeof StateDb.open>[1] = {}): StateDb {
  const db = StateDb.open(path, { now: () => T0, ...options });
  opened.push(db);
  return db;
}

function down(id: number, siteId: string, from: number, closedAt: number | null = null): Incident {
  return { id, siteId, openedAt: from, closedAt, phases: [{ kind: 'down', from }] };
}

/** An open incident of `siteId`, unreachable from `from` behind kec-a's incident `causeIncidentId`. */
function unreachable(id: number, siteId: string, from: number, causeIncidentId: number): Incident {
  return {
    id,
    siteId,
    openedAt: from,
    closedAt: null,
    phases: [{ kind: 'unreachable', causeSiteId: 'kec-a', causeIncidentId, from }],
  };
}

/**
 * A database as a Pantau of schema step 1 left it (before runs were recorded), holding `incidents`
 * (down incidents of one phase, as down() makes them); written without StateDb, which needs the
 * last step.
 */
function versionOneDb(path: string, incidents: readonly Incident[] = []): void {
  const raw = new Database(path);
  raw.exec(STATE_MIGRATIONS[0] ?? '');
  const insertIncident = raw.prepare(
    `INSERT INTO incidents (id, site_id, kind, opened_at, closed_at) VALUES (?, ?, 'down', ?, ?)`,
  );
  const insertPhase = raw.prepare(
    `INSERT INTO incident_phases (incident_id, seq, kind, started_at) VALUES (?, 0, 'down', ?)`,
  );
  for (const incident of incidents) {
    insertIncident.run(incident.id, incident.siteId, incident.openedAt, incident.closedAt);
    insertPhase.run(incident.id, incident.openedAt);
  }
  raw.pragma('user_version = 1');
  raw.close();
}

const openedChange = (incident: Incident): IncidentChange => ({
  type: 'incident-opened',
  incident,
});

const MEMORY_OF_A: SiteMemory = {
  observed: { state: 'down' },
  observedAt: T0,
  observedArrival: T0,
  reason: 'icmp-failed',
  lastIcmpAt: T0,
  icmpUp: false,
  goodStreak: 0,
  streakSince: null,
  lastSnmpAt: null,
  snmpFailure: null,
  quality: [[T0, 100, null]],
  qualityVerdict: 'ok',
  flapTimes: [],
};

const SNAPSHOT: StatusSnapshot = {
  version: 7,
  isolation: null,
  sites: [{ siteId: 'a', status: { state: 'down' }, since: T0, flapping: false }],
  memory: { references: {}, shareExceeded: false, sites: { a: MEMORY_OF_A } },
};

describe('StateDb: opening', () => {
  it('creates <dataDir>/pantau.db and its directory, in WAL mode, at the last schema version', () => {
    const path = stateDbPath(join(tempFiles(), 'var', 'data'));
    expect(path.endsWith(join('var', 'data', 'pantau.db'))).toBe(true);
    const db = open(path);
    expect(db.journalMode).toBe('wal');
    expect(db.schemaVersion).toBe(STATE_MIGRATIONS.length);
    db.applyIncidentChanges([openedChange(down(1, 'a', T0))]);
    expect(existsSync(`${path}-wal`)).toBe(true);
    // Another connection sees WAL as the file's mode, not just this connection's.
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('migrates a database of an older schema version, keeping its data', () => {
    const path = join(tempFiles(), 'pantau.db');
    versionOneDb(path, [down(1, 'a', T0)]);
    const step3 = 'CREATE TABLE acknowledgements (incident_id INTEGER NOT NULL, by TEXT NOT NULL);';
    const newer = open(path, { migrations: [...STATE_MIGRATIONS, step3] });
    expect(newer.schemaVersion).toBe(STATE_MIGRATIONS.length + 1);
    expect(newer.openIncidents().map((i) => i.id)).toEqual([1]);
    const raw = new Database(path, { readonly: true });
    expect(
      raw.prepare("SELECT name FROM sqlite_master WHERE name = 'acknowledgements'").get(),
    ).toEqual({
      name: 'acknowledgements',
    });
    raw.close();
  });

  it('runs every pending step in one transaction: a failing step leaves the file as it was', () => {
    const path = join(tempFiles(), 'pantau.db');
    versionOneDb(path);
    const broken = [
      ...STATE_MIGRATIONS.slice(0, 1),
      'CREATE TABLE notes (id INTEGER PRIMARY KEY);',
      'CREATE TABLE oops (',
    ];
    expect(() => open(path, { migrations: broken })).toThrow(StateDbError);
    expect(() => open(path, { migrations: broken })).toThrow(
      new RegExp(`state database ${path}: schema step 3 failed, nothing was changed`),
    );
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(
      raw.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").get(),
    ).toBeUndefined();
    raw.close();
  });

  it('refuses a database from a newer Pantau', () => {
    const path = join(tempFiles(), 'pantau.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${STATE_MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => open(path)).toThrow(/has schema version \d+; this Pantau knows up to \d+/);
  });

  it('names the file when it is not a database, or its directory cannot be made', () => {
    const dir = tempFiles({ 'pantau.db': 'this is not SQLite, just text '.repeat(100), file: 'x' });
    expect(() => open(join(dir, 'pantau.db'))).toThrow(
      new RegExp(`state database ${join(dir, 'pantau.db')}: file is not a database`),
    );
    expect(() => open(join(dir, 'file', 'pantau.db'))).toThrow(
      new RegExp(`state database directory ${join(dir, 'file')} cannot be created`),
    );
  });

  it('close can be called twice', () => {
    const db = open(join(tempFiles(), 'pantau.db'));
    db.close();
    expect(() => db.close()).not.toThrow();
  });
});

describe('StateDb: incidents', () => {
  function filled(): StateDb {
    const db = open(join(tempFiles(), 'pantau.db'));
    const kec = down(1, 'kec-a', T0);
    const child = unreachable(2, 'desa-1', T0, 1);
    db.applyIncidentChanges([openedChange(kec), openedChange(child)]);
    db.applyIncidentChanges([
      { type: 'incident-closed', incident: { ...kec, closedAt: T0 + 30 * MIN } },
      {
        type: 'incident-changed',
        incident: {
          ...child,
          phases: [...child.phases, { kind: 'down', from: T0 + 30 * MIN }],
        },
      },
      openedChange(down(3, 'desa-own', T0 + 60 * MIN, T0 + 70 * MIN)),
      openedChange(down(4, 'desa-own', T0 + 120 * MIN)),
    ]);
    return db;
  }

  it('stores incidents with their phases and reads them back as they were', () => {
    const db = filled();
    expect(db.openIncidents()).toEqual([
      {
        id: 2,
        siteId: 'desa-1',
        openedAt: T0,
        closedAt: null,
        phases: [
          { kind: 'unreachable', causeSiteId: 'kec-a', causeIncidentId: 1, from: T0 },
          { kind: 'down', from: T0 + 30 * MIN },
        ],
      },
      down(4, 'desa-own', T0 + 120 * MIN),
    ]);
    const raw = new Database(db.path, { readonly: true });
    // The incident row carries the current phase's cause, for plain queries.
    expect(
      raw
        .prepare('SELECT kind, cause_site_id, cause_incident_id FROM incidents WHERE id = 2')
        .get(),
    ).toEqual({
      kind: 'down',
      cause_site_id: null,
      cause_incident_id: null,
    });
    raw.close();
  });

  it('gives the tracker its state: open records and the next id', () => {
    const db = filled();
    db.applyIncidentChanges([
      { type: 'maintenance-started', period: { siteId: 'm', startedAt: T0, endedAt: null } },
      { type: 'isolation-started', period: { startedAt: T0, endedAt: null, trigger: 'share' } },
    ]);
    const state = db.incidentState();
    expect(state.nextId).toBe(5);
    expect(state.open.map((i) => i.id)).toEqual([2, 4]);
    expect(state.maintenance).toEqual([{ siteId: 'm', startedAt: T0, endedAt: null }]);
    expect(state.isolation).toEqual({ startedAt: T0, endedAt: null, trigger: 'share' });
  });

  it.each([
    ['overlapping the range', { fromMs: T0 + 20 * MIN, toMs: T0 + 65 * MIN }, [3, 2, 1], 3],
    ['one site', { fromMs: T0, toMs: T0 + 200 * MIN, siteId: 'desa-own' }, [4, 3], 2],
    ['some sites', { fromMs: T0, toMs: T0 + 200 * MIN, siteIds: ['kec-a', 'desa-1'] }, [2, 1], 2],
    ['no sites', { fromMs: T0, toMs: T0 + 200 * MIN, siteIds: [] }, [], 0],
    ['open only', { fromMs: T0, toMs: T0 + 200 * MIN, openOnly: true }, [4, 2], 2],
    ['a page', { fromMs: T0, toMs: T0 + 200 * MIN, limit: 2, offset: 1 }, [3, 2], 4],
    ['before any', { fromMs: T0 - 60 * MIN, toMs: T0 }, [], 0],
    ['after a closed one', { fromMs: T0 + 70 * MIN, toMs: T0 + 100 * MIN }, [2], 1],
  ])('queries: %s', (_name, query, ids, total) => {
    const page = filled().incidents({ limit: 100, ...query });
    expect(page.incidents.map((i) => i.id)).toEqual(ids);
    expect(page.total).toBe(total);
  });

  it.each([
    [{ fromMs: T0, toMs: T0 }, /ends .* before it begins/],
    [{ fromMs: T0 + 1, toMs: T0 }, /ends .* before it begins/],
    [{ fromMs: Number.NaN, toMs: T0 }, /must be times/],
    [{ fromMs: 0, toMs: T0, limit: 0 }, /limit must be from 1 to 1000/],
    [{ fromMs: 0, toMs: T0, limit: MAX_INCIDENT_PAGE + 1 }, /limit must be/],
    [{ fromMs: 0, toMs: T0, limit: 1.5 }, /limit must be/],
    [{ fromMs: 0, toMs: T0, offset: -1 }, /offset must be/],
    // 2^63 is a whole double but not an integer SQLite can bind ("datatype mismatch").
    [{ fromMs: 0, toMs: T0, offset: 2 ** 63 }, /offset must be a whole number from 0 to/],
  ])('refuses a bad query %#', (query, message) => {
    const db = open(join(tempFiles(), 'pantau.db'));
    const ask = () => db.incidents({ limit: 10, ...query });
    expect(ask).toThrow(IncidentQueryError);
    expect(ask).toThrow(message);
  });

  it('reads what availability needs for a range', () => {
    const db = filled();
    db.applyIncidentChanges([
      { type: 'maintenance-ended', period: { siteId: 'm', startedAt: T0, endedAt: T0 + 10 * MIN } },
      {
        type: 'maintenance-started',
        period: { siteId: 'desa-own', startedAt: T0 + 90 * MIN, endedAt: null },
      },
      {
        type: 'isolation-ended',
        period: { startedAt: T0 + 5 * MIN, endedAt: T0 + 8 * MIN, trigger: null },
      },
    ]);
    const records = db.availabilityRecords({ fromMs: T0 + 65 * MIN, toMs: T0 + 100 * MIN });
    expect(records.incidents.map((i) => i.id)).toEqual([2, 3]);
    expect(records.maintenance).toEqual([
      { siteId: 'desa-own', startedAt: T0 + 90 * MIN, endedAt: null },
    ]);
    expect(records.isolations).toEqual([]);
    const early = db.availabilityRecords({ fromMs: T0, toMs: T0 + 10 * MIN, siteIds: ['m'] });
    expect(early.incidents).toEqual([]);
    expect(early.maintenance).toEqual([{ siteId: 'm', startedAt: T0, endedAt: T0 + 10 * MIN }]);
    expect(early.isolations).toEqual([
      { startedAt: T0 + 5 * MIN, endedAt: T0 + 8 * MIN, trigger: null },
    ]);
  });

  it('an isolation ended without a trigger keeps the one stored at its start', () => {
    const db = open(join(tempFiles(), 'pantau.db'));
    db.applyIncidentChanges([
      {
        type: 'isolation-started',
        period: { startedAt: T0, endedAt: null, trigger: 'reference-targets' },
      },
    ]);
    db.applyIncidentChanges([
      { type: 'isolation-ended', period: { startedAt: T0, endedAt: T0 + MIN, trigger: null } },
    ]);
    expect(db.availabilityRecords({ fromMs: T0, toMs: T0 + MIN }).isolations).toEqual([
      { startedAt: T0, endedAt: T0 + MIN, trigger: 'reference-targets' },
    ]);
  });
});

describe('StateDb: incidents closed by a reload', () => {
  it('keeps that an incident closed because its site was removed, and tells it from a recovery', () => {
    const path = join(tempFiles(), 'pantau.db');
    const db = open(path);
    db.applyIncidentChanges([openedChange(down(1, 'a', T0)), openedChange(down(2, 'b', T0))]);
    db.applyIncidentChanges([
      { type: 'incident-closed', incident: { ...down(1, 'a', T0, T0 + MIN), closedBy: 'removed' } },
      { type: 'incident-closed', incident: down(2, 'b', T0, T0 + MIN) },
    ]);
    db.close();
    const again = open(path);
    const { incidents } = again.incidents({ fromMs: T0 - 1, toMs: T0 + 2 * MIN, limit: 10 });
    const byId = [...incidents].sort((x, y) => x.id - y.id);
    expect(byId.map((i) => [i.siteId, i.closedBy ?? 'recovered'])).toEqual([
      ['a', 'removed'],
      ['b', 'recovered'],
    ]);
  });
});

describe('StateDb: the engine snapshot', () => {
  it('is saved with the changes and loaded back', () => {
    const db = open(join(tempFiles(), 'pantau.db'));
    expect(db.loadSnapshot()).toBeNull();
    db.applyIncidentChanges([openedChange(down(1, 'a', T0))], SNAPSHOT);
    expect(db.loadSnapshot()).toEqual({ snapshot: SNAPSHOT, savedAt: T0 });
    db.applyIncidentChanges([], { ...SNAPSHOT, version: 8 });
    expect(db.loadSnapshot()?.snapshot.version).toBe(8);
  });

  it('all or nothing: a change that cannot be stored keeps the snapshot and the other changes out', () => {
    const db = open(join(tempFiles(), 'pantau.db'));
    db.applyIncidentChanges([], SNAPSHOT);
    // Incident 99 does not exist: the foreign key refuses it.
    const orphan = unreachable(2, 'desa-1', T0, 99);
    const save = () =>
      db.applyIncidentChanges([openedChange(down(1, 'a', T0)), openedChange(orphan)], {
        ...SNAPSHOT,
        version: 9,
      });
    expect(save).toThrow(StateDbError);
    expect(save).toThrow(new RegExp(`state database ${db.path}: 2 incident changes not saved`));
    expect(db.openIncidents()).toEqual([]);
    expect(db.loadSnapshot()?.snapshot.version).toBe(7);
  });

  it('a snapshot of another format is not resumed; a damaged one is an error naming the file', () => {
    const path = join(tempFiles(), 'pantau.db');
    const db = open(path);
    db.applyIncidentChanges([], SNAPSHOT);
    const raw = new Database(path);
    raw.prepare('UPDATE engine_snapshot SET format = 99').run();
    expect(db.loadSnapshot()).toBeNull();
    raw.prepare("UPDATE engine_snapshot SET format = 2, body = '{}'").run();
    expect(() => db.loadSnapshot()).toThrow(/the engine snapshot header is malformed/);
    raw
      .prepare(
        'UPDATE engine_snapshot SET body = \'{"isolation":null,"references":{},"shareExceeded":false}\'',
      )
      .run();
    raw.prepare("UPDATE engine_sites SET body = '{\"state\":1}' WHERE site_id = 'a'").run();
    expect(() => db.loadSnapshot()).toThrow(/the engine snapshot of site a is malformed/);
    raw.prepare('UPDATE engine_snapshot SET format = 1, body = \'{"version":\'').run();
    expect(() => db.loadSnapshot()).toThrow(
      new RegExp(`state database ${path}: the engine snapshot is not JSON`),
    );
    raw.prepare("UPDATE engine_snapshot SET body = '[1,2]'").run();
    expect(() => db.loadSnapshot()).toThrow(/the engine snapshot is malformed/);
    raw.close();
  });

  it('a whole snapshot of format 1 (before rows per site) is still resumed', () => {
    const path = join(tempFiles(), 'pantau.db');
    const db = open(path);
    const raw = new Database(path);
    raw
      .prepare(
        'INSERT INTO engine_snapshot (id, format, version, saved_at, body) VALUES (1, 1, 7, ?, ?)',
      )
      .run(T0, JSON.stringify(SNAPSHOT));
    raw.close();
    expect(db.loadSnapshot()).toEqual({ snapshot: SNAPSHOT, savedAt: T0 });
  });

  it('changes write only the sites given; a whole snapshot drops the rows of sites not in it', () => {
    const path = join(tempFiles(), 'pantau.db');
    const db = open(path);
    const row = (siteId: string, since: number) => ({
      state: { siteId, status: { state: 'up' as const }, since, flapping: false },
      memory: { ...MEMORY_OF_A, observed: { state: 'up' as const } },
    });
    const header = { isolation: null, references: { ref: true }, shareExceeded: false };
    db.applyIncidentChanges([], {
      ...header,
      version: 1,
      whole: true,
      sites: [row('a', T0), row('b', T0)],
    });
    db.applyIncidentChanges([], {
      ...header,
      version: 2,
      whole: false,
      sites: [row('b', T0 + MIN)],
    });
    const rows = new Database(path, { readonly: true });
    const bodies = () =>
      rows.prepare('SELECT site_id FROM engine_sites ORDER BY site_id').pluck().all();
    let loaded = db.loadSnapshot()?.snapshot;
    expect(loaded?.version).toBe(2);
    expect(loaded?.memory.references).toEqual({ ref: true });
    expect(Object.fromEntries(loaded?.sites.map((s) => [s.siteId, s.since]) ?? [])).toEqual({
      a: T0,
      b: T0 + MIN,
    });
    expect(loaded?.memory.sites.b).toEqual(row('b', 0).memory);
    db.applyIncidentChanges([], { ...header, version: 3, whole: true, sites: [row('b', T0)] });
    expect(bodies()).toEqual(['b']);
    loaded = db.loadSnapshot()?.snapshot;
    expect(loaded?.sites.map((s) => s.siteId)).toEqual(['b']);
    rows.close();
  });

  it('survives a reopen (the WAL is part of the database)', () => {
    const path = join(tempFiles(), 'pantau.db');
    const first = open(path);
    first.applyIncidentChanges([openedChange(down(1, 'a', T0))], SNAPSHOT);
    first.close();
    const again = open(path);
    expect(again.openIncidents().map((i) => i.id)).toEqual([1]);
    expect(again.loadSnapshot()?.snapshot).toEqual(SNAPSHOT);
  });
});

describe('StateDb: runs and watched sites', () => {
  const runsOf = (db: StateDb, fromMs = T0 - 60 * MIN, toMs = T0 + 600 * MIN) =>
    db.availabilityRecords({ fromMs, toMs }).runs;

  it('migrates a version-1 database to the current version, keeping its incidents', () => {
    const path = join(tempFiles(), 'pantau.db');
    versionOneDb(path, [down(1, 'a', T0)]);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    raw.close();
    const db = open(path);
    expect(db.schemaVersion).toBe(STATE_MIGRATIONS.length);
    expect(db.openIncidents()).toEqual([down(1, 'a', T0)]);
    // No run recorded before the upgrade: all of that time is unmonitored.
    expect(db.availabilityRecords({ fromMs: T0, toMs: T0 + MIN })).toMatchObject({
      runs: [],
      watchedSince: {},
    });
    db.startRun(T0 + MIN, ['a']);
    expect(runsOf(db)).toEqual([{ startedAt: T0 + MIN, endedAt: null }]);
  });

  it("a site's first run sets when it was first watched; later runs leave it", () => {
    const path = join(tempFiles(), 'pantau.db');
    const first = open(path);
    first.startRun(T0, ['a', 'b']);
    first.endRun(T0 + 10 * MIN);
    first.close();
    const second = open(path);
    second.startRun(T0 + 60 * MIN, ['b', 'c']);
    const watched = (query: { siteId?: string; siteIds?: string[] }) =>
      second.availabilityRecords({ fromMs: T0, toMs: T0 + MIN, ...query }).watchedSince;
    expect(watched({})).toEqual({ a: T0, b: T0, c: T0 + 60 * MIN });
    expect(watched({ siteIds: ['a', 'c', 'nowhere'] })).toEqual({ a: T0, c: T0 + 60 * MIN });
    expect(watched({ siteId: 'b' })).toEqual({ b: T0 });
    expect(watched({ siteIds: [] })).toEqual({});
  });

  it("a previous instance's unfinished run ends at its last heartbeat; this instance's runs until now", () => {
    const path = join(tempFiles(), 'pantau.db');
    const crashed = open(path);
    crashed.startRun(T0, ['a']);
    crashed.touchRun(T0 + 5 * MIN);
    // A clock stepped back does not move the heartbeat back.
    crashed.touchRun(T0 + 3 * MIN);
    expect(runsOf(crashed)).toEqual([{ startedAt: T0, endedAt: null }]);
    crashed.close(); // no endRun: as if killed

    const db = open(path);
    expect(runsOf(db)).toEqual([{ startedAt: T0, endedAt: T0 + 5 * MIN }]);
    db.startRun(T0 + 20 * MIN, ['a']);
    db.touchRun(T0 + 25 * MIN);
    expect(runsOf(db)).toEqual([
      { startedAt: T0, endedAt: T0 + 5 * MIN },
      { startedAt: T0 + 20 * MIN, endedAt: null },
    ]);
    // Another reader of the same file cannot tell it from a crash: it ends at its heartbeat.
    const reader = open(path);
    expect(runsOf(reader)).toEqual([
      { startedAt: T0, endedAt: T0 + 5 * MIN },
      { startedAt: T0 + 20 * MIN, endedAt: T0 + 25 * MIN },
    ]);
    // Ranges: the crashed run is gone after its heartbeat; the running one is there whatever its heartbeat.
    expect(runsOf(db, T0 + 40 * MIN, T0 + 50 * MIN)).toEqual([
      { startedAt: T0 + 20 * MIN, endedAt: null },
    ]);
    expect(runsOf(reader, T0 + 40 * MIN, T0 + 50 * MIN)).toEqual([]);
    expect(runsOf(db, T0 - 60 * MIN, T0)).toEqual([]);

    db.endRun(T0 + 30 * MIN);
    const ended = [
      { startedAt: T0, endedAt: T0 + 5 * MIN },
      { startedAt: T0 + 20 * MIN, endedAt: T0 + 30 * MIN },
    ];
    expect(runsOf(db)).toEqual(ended);
    expect(runsOf(reader)).toEqual(ended);
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT * FROM monitor_runs ORDER BY started_at').all()).toEqual([
      { started_at: T0, last_seen_at: T0 + 5 * MIN, ended_at: null },
      { started_at: T0 + 20 * MIN, last_seen_at: T0 + 30 * MIN, ended_at: T0 + 30 * MIN },
    ]);
    raw.close();
  });

  it('one run per instance: heartbeats and ends need a started run, a second start is refused', () => {
    const db = open(join(tempFiles(), 'pantau.db'));
    expect(() => db.touchRun(T0)).toThrow(StateDbError);
    expect(() => db.endRun(T0)).toThrow(new RegExp(`state database ${db.path}: no run started`));
    db.startRun(T0, ['a']);
    expect(() => db.startRun(T0 + MIN, ['a'])).toThrow(/a run is already started/);
    db.endRun(T0 + MIN);
    expect(() => db.touchRun(T0 + 2 * MIN)).toThrow(/no run started/);
  });

  it('a start that cannot be stored watches no site and leaves no run', () => {
    const path = join(tempFiles(), 'pantau.db');
    const first = open(path);
    first.startRun(T0, ['a']);
    first.endRun(T0 + MIN);
    const second = open(path);
    // The same start time as a stored run: the primary key refuses it.
    expect(() => second.startRun(T0, ['a', 'z'])).toThrow(
      new RegExp(`state database ${path}: the run not saved`),
    );
    expect(second.availabilityRecords({ fromMs: T0, toMs: T0 + MIN }).watchedSince).toEqual({
      a: T0,
    });
    expect(() => second.touchRun(T0 + 2 * MIN)).toThrow(/no run started/);
  });
});
