// Pantau's own figures, as each part reports them: written as fields of the `pantau` point in
// InfluxDB beside the data they describe, and served at /metrics in Prometheus' text format (those
// with a metric). Each part has a small pure function from its stats to its figures.

import type { PromFigure } from './prometheus-text.js';

export interface SelfFigure {
  /** Its field in the `pantau` point. */
  readonly field: string;
  readonly value: number;
  /** The same figure at /metrics; null: only in InfluxDB. */
  readonly metric: PromFigure | null;
}

export const counter = (field: string, name: string, help: string, value: number): SelfFigure => ({
  field,
  value,
  metric: { name, help, type: 'counter', value },
});

export const gauge = (field: string, name: string, help: string, value: number): SelfFigure => ({
  field,
  value,
  metric: { name, help, type: 'gauge', value },
});

/** A figure kept in InfluxDB only. */
export const fieldOnly = (field: string, value: number): SelfFigure => ({
  field,
  value,
  metric: null,
});
