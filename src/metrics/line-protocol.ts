// InfluxDB 1.x line protocol, millisecond precision: what is sent, spooled and dead-lettered is
// the same text, so a line in the spool or the dead-letter file is exactly what InfluxDB saw. Pure.

import type { Point } from './points.js';

// InfluxDB 1.x unescapes only `\ `, `\,` and `\=` in keys and tag values; a backslash before one of
// those (or at the end) cannot be written as itself, so it becomes a slash.
const unsafeBackslash = /\\(?=[ ,=]|$)/g;
const escapeMeasurement = (s: string): string =>
  s.replace(unsafeBackslash, '/').replace(/[, ]/g, (c) => `\\${c}`);
const escapeKey = (s: string): string =>
  s.replace(unsafeBackslash, '/').replace(/[,= ]/g, (c) => `\\${c}`);
// Line breaks cannot be escaped in line protocol: they would end the line.
const escapeTagValue = (s: string): string =>
  s
    .replace(/[\r\n]+/g, ' ')
    .replace(unsafeBackslash, '/')
    .replace(/[,= ]/g, (c) => `\\${c}`);
const quoteString = (s: string): string =>
  `"${s.replace(/[\r\n]+/g, ' ').replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** The series part of a line: measurement and tags, sorted (InfluxDB's own order, cheaper to parse). */
export function encodeSeries(measurement: string, tags: Readonly<Record<string, string>>): string {
  let series = escapeMeasurement(measurement);
  for (const key of Object.keys(tags).sort()) {
    const value = tags[key];
    if (value === undefined || value === '') continue; // an empty tag value is not allowed
    series += `,${escapeKey(key)}=${escapeTagValue(value)}`;
  }
  return series;
}

// Field names are a small fixed set: escaped once each, not at every point.
const fieldKeys = new Map<string, string>();
function fieldKey(key: string): string {
  let escaped = fieldKeys.get(key);
  if (escaped === undefined) {
    escaped = escapeKey(key);
    if (fieldKeys.size < 10_000) fieldKeys.set(key, escaped);
  }
  return escaped;
}

/**
 * The field set of a line: numbers as floats, strings quoted; null, undefined and non-finite numbers
 * left out (a missing field). '' when nothing is left: such a point is not written.
 */
export function encodeFields(
  fields: Readonly<Record<string, number | string | null | undefined>>,
): string {
  let out = '';
  for (const key in fields) {
    const value = fields[key];
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) continue;
      out += `${out === '' ? '' : ','}${fieldKey(key)}=${value}`;
    } else if (typeof value === 'string')
      out += `${out === '' ? '' : ','}${fieldKey(key)}=${quoteString(value)}`;
  }
  return out;
}

/** A line from its encoded series, its fields and its time. */
export function encodeLine(
  series: string,
  point: Pick<Point, 'measurement' | 'fields' | 'timeMs'>,
): string {
  const fields = encodeFields(point.fields);
  if (fields === '') throw new Error(`a ${point.measurement} point has no field to write`);
  return `${series} ${fields} ${Math.round(point.timeMs)}`;
}

/** One point as a line. */
export function encodePoint(point: Point): string {
  return encodeLine(encodeSeries(point.measurement, point.tags), point);
}

/** The timestamp (epoch ms) at the end of a line this module wrote. */
export function lineTimeMs(line: string): number {
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** The measurement a line this module wrote belongs to. */
export function lineMeasurement(line: string): string {
  const match = /^((?:[^\\, ]|\\.)+)/.exec(line);
  return (match?.[1] ?? '').replace(/\\(.)/g, '$1');
}
