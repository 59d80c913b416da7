// The results pipeline's own figures: results handed over, collection overruns and lag, subscriber
// failures, collector worker restarts. Pure.

import { counter, gauge, type SelfFigure } from '../self-figures.js';
import type { PipelineFigures } from './results-pipeline.js';

export function pipelineFigures(figures: PipelineFigures, workerRestarts: number): SelfFigure[] {
  const failures = figures.subscribers.reduce((sum, s) => sum + s.failures, 0);
  return [
    counter(
      'results',
      'pantau_results_total',
      'Probe results handed over by the collectors.',
      figures.results,
    ),
    counter(
      'reference_results',
      'pantau_reference_results_total',
      'Results of the reference targets among them.',
      figures.referenceResults,
    ),
    counter(
      'cycle_overruns',
      'pantau_cycle_overruns_total',
      'Collector cycles and polls that missed their turn or failed.',
      figures.overruns,
    ),
    gauge(
      'result_lag_ms',
      'pantau_result_lag_milliseconds',
      'Time since the newest result was probed (-1 before the first).',
      figures.lagMs ?? -1,
    ),
    counter(
      'result_subscriber_failures',
      'pantau_result_subscriber_failures_total',
      'Batches a results subscriber (metrics, status, live) failed on.',
      failures,
    ),
    counter(
      'worker_restarts',
      'pantau_worker_restarts_total',
      'Collector workers started again after dying.',
      workerRestarts,
    ),
  ];
}
