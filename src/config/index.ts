// Configuration: YAML files read once, ${VAR}s substituted, validated into typed settings and inventory.

export { DEFAULT_LAB_CONTROL } from './config-schema.js';
export { type Environment, type Substitution, substituteEnv } from './env.js';
export { loadConfig } from './load.js';
export { BUILT_IN_PROBE_SETTINGS, mergeProbeSettings, probeSettingsFor } from './probe-settings.js';
export {
  ConfigError,
  type ConfigProblem,
  displayPath,
  formatProblem,
  formatProblems,
  type Severity,
  sortProblems,
} from './problems.js';
export { type ReloadScope, reloadScope } from './reload-scope.js';
export { STATUS_DEFAULTS } from './status-defaults.js';
export type * from './types.js';
export { ICMP_BACKENDS, LOG_LEVELS } from './types.js';
export { parseDuration, parseSize } from './units.js';
