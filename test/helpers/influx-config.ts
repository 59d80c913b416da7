// The influx settings tests and benchmarks give Pantau's InfluxDB code: no credentials, and the
// retention a config file gets by default.

import { DAY, MIN } from './durations.js';

/** As config-schema's defaults: raw samples kept 35 days, 5-minute rollups kept 3 years,
 * written 2 minutes after their bucket ends. */
export const DEFAULT_RETENTION = {
  rawMs: 35 * DAY,
  rollupMs: 3 * 365 * DAY,
  rollupIntervalMs: 5 * MIN,
  rollupGraceMs: 2 * MIN,
};

/** The influx config of `database` on the InfluxDB at `url`. */
export function testInfluxConfig(url: string, database: string) {
  return { url, database, username: null, password: null, retention: DEFAULT_RETENTION };
}
