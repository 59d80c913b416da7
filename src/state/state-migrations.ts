// The state database's schema, as steps: step i takes a database from user_version i to i + 1.
// Steps are only ever appended; a released step is never edited.

export const STATE_MIGRATIONS: readonly string[] = [
  // 1: incidents with their phases, maintenance and isolation periods, the engine's snapshot.
  `
  CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    site_id TEXT NOT NULL,
    -- the current (or, once closed, the last) phase's cause
    kind TEXT NOT NULL CHECK (kind IN ('down', 'unreachable')),
    cause_site_id TEXT,
    cause_incident_id INTEGER REFERENCES incidents (id),
    opened_at INTEGER NOT NULL,
    closed_at INTEGER,
    CHECK ((kind = 'unreachable') = (cause_site_id IS NOT NULL)),
    CHECK (kind = 'unreachable' OR cause_incident_id IS NULL),
    CHECK (closed_at IS NULL OR closed_at >= opened_at)
  );
  CREATE INDEX incidents_by_time ON incidents (opened_at, closed_at);
  CREATE INDEX incidents_by_site ON incidents (site_id, opened_at);
  CREATE INDEX incidents_open ON incidents (site_id) WHERE closed_at IS NULL;

  CREATE TABLE incident_phases (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('down', 'unreachable')),
    cause_site_id TEXT,
    cause_incident_id INTEGER REFERENCES incidents (id),
    started_at INTEGER NOT NULL,
    PRIMARY KEY (incident_id, seq),
    CHECK ((kind = 'unreachable') = (cause_site_id IS NOT NULL)),
    CHECK (kind = 'unreachable' OR cause_incident_id IS NULL)
  ) WITHOUT ROWID;

  CREATE TABLE maintenance_periods (
    site_id TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    PRIMARY KEY (site_id, started_at),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
  ) WITHOUT ROWID;
  CREATE INDEX maintenance_by_time ON maintenance_periods (started_at, ended_at);

  CREATE TABLE isolation_periods (
    started_at INTEGER PRIMARY KEY,
    ended_at INTEGER,
    trigger TEXT CHECK (trigger IN ('reference-targets', 'share')),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
  );

  -- one row: the engine's last snapshot, saved with the incident changes it goes with
  CREATE TABLE engine_snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    format INTEGER NOT NULL,
    version INTEGER NOT NULL,
    saved_at INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  `,
  // 2: Pantau's own runs (a heartbeat tells where a crashed one ended) and when each site was first
  // watched: time outside both is unmonitored, not up.
  `
  CREATE TABLE monitor_runs (
    started_at INTEGER PRIMARY KEY,
    last_seen_at INTEGER NOT NULL,
    -- null while running, or when the run crashed (it then ended about last_seen_at)
    ended_at INTEGER,
    CHECK (last_seen_at >= started_at),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
  );

  CREATE TABLE watched_sites (
    site_id TEXT PRIMARY KEY,
    since INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 3: an incident closed because its site left the inventory (a reload), not because it recovered.
  `
  ALTER TABLE incidents ADD COLUMN closed_by TEXT CHECK (closed_by IS NULL OR closed_by = 'removed');
  `,
  // 4: the engine's snapshot as a row per site, so a save writes only the sites that changed (the
  // whole snapshot was megabytes every 5 s at 10,000 sites); engine_snapshot keeps the header.
  `
  CREATE TABLE engine_sites (
    site_id TEXT PRIMARY KEY,
    body TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
];
