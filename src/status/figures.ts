// The status service's own figures. Pure.

import { counter, gauge, type SelfFigure } from '../self-figures.js';
import type { StatusSubscriberFigures } from './status-service.js';

export interface StatusFigureInput {
  /** The version of the last status event. */
  readonly version: number;
  /** Results for ids that are neither a site nor a reference target, since the start. */
  readonly ignoredResults: number;
  readonly subscribers: readonly StatusSubscriberFigures[];
}

export function statusFigures(input: StatusFigureInput): SelfFigure[] {
  return [
    gauge(
      'status_version',
      'pantau_status_version',
      'Version of the last status event.',
      input.version,
    ),
    counter(
      'status_ignored_results',
      'pantau_status_ignored_results_total',
      'Results for ids that are neither a site nor a reference target.',
      input.ignoredResults,
    ),
    counter(
      'status_subscriber_failures',
      'pantau_status_subscriber_failures_total',
      'Event batches a status subscriber (live hub, ...) failed on.',
      input.subscribers.reduce((sum, s) => sum + s.failures, 0),
    ),
  ];
}
