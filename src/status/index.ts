// The status engine: per-site states from probe results, dependencies, flapping, monitor isolation.

export { StatusGraphError } from './dependencies.js';
export { StatusEngine, StatusInputError } from './engine.js';
export {
  DEFAULT_FLAPPING,
  DEFAULT_ISOLATION,
  DEFAULT_QUALITY_MIN_SAMPLES,
  DEFAULT_RECOVERY_RESULTS,
  type FlappingSettings,
  type IsolationSettings,
  type StatusEngineOptions,
  StatusSettingsError,
  thresholdsByKind,
} from './options.js';
export { isDownish, sameStatus } from './statuses.js';
export * from './types.js';
