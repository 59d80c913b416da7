// The status engine's defaults, in one place: the config file's `status:` section falls back to
// them, and so does the engine when it is built without a config (tests, benchmarks).

export const STATUS_DEFAULTS = {
  /** K: answered pings in a row that bring a site back up. */
  recoveryResults: 2,
  flapping: { changes: 5, windowMs: 30 * 60_000, stopAtMost: 2 },
  isolation: { sharePct: 80, minSites: 10, windowMs: 10_000 },
} as const;
