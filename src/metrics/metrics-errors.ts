// What a metrics read can fail with, typed so the API can answer 503 or 400 without reading messages.

/** InfluxDB cannot be read now: unreachable, too slow, 5xx, its answer cut short, no database yet. */
export class MetricsUnavailableError extends Error {
  override readonly name: string = 'MetricsUnavailableError';
}

/** The read cannot be answered as asked: a bad request, or a statement InfluxDB refuses (400, a limit). */
export class MetricsBadRequestError extends Error {
  override readonly name: string = 'MetricsBadRequestError';
}
