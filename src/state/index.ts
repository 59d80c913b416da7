// Pantau's own state in SQLite: incidents, isolation periods, the engine snapshot, monitor runs.

export {
  type IncidentPage,
  type IncidentQuery,
  IncidentQueryError,
  MAX_INCIDENT_PAGE,
  SNAPSHOT_FORMAT,
  STATE_DB_FILE,
  StateDb,
  StateDbError,
  type StateDbOptions,
  type StoredSnapshot,
  stateDbPath,
  type TimeRangeQuery,
} from './state-db.js';

export { STATE_MIGRATIONS } from './state-migrations.js';
