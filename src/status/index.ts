// The status engine: per-site states from probe results, dependencies, flapping, monitor isolation.

export {
  AVAILABILITY_GROUPS,
  type AvailabilityFigures,
  type AvailabilityGroupBy,
  type AvailabilityRecords,
  type AvailabilityRequest,
  AvailabilityRequestError,
  type AvailabilitySite,
  type DowntimeFigures,
  type GroupAvailability,
  groupAvailability,
  MAX_AVAILABILITY_PERIODS,
  type PeriodUnit,
  type SiteAvailability,
  siteAvailability,
} from './availability.js';
export { StatusGraphError } from './dependencies.js';
export { type StatusFigureInput, statusFigures } from './figures.js';
export { StatusEngine, StatusInputError } from './engine.js';
export * from './incident-types.js';
export { IncidentTracker } from './incidents.js';
export {
  DEFAULT_FLAPPING,
  DEFAULT_ISOLATION,
  DEFAULT_QUALITY_MIN_SAMPLES,
  DEFAULT_RECOVERY_RESULTS,
  engineSettingsFrom,
  type FlappingSettings,
  type IsolationSettings,
  type StatusEngineOptions,
  StatusSettingsError,
  thresholdsByKind,
} from './options.js';
export {
  type StatusSubscriber,
  type StatusSubscriberFigures,
  StatusService,
} from './status-service.js';
export { type ReconcileOutcome, reconcileSnapshot } from './reconcile.js';
export { isDownish, sameStatus } from './statuses.js';
export {
  localDate,
  offsetMs,
  TimeZoneError,
} from './time-zone.js';
export * from './types.js';
