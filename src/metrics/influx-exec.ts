// Runs one InfluxQL statement through the `influx` client and checks the answer's shape, so the
// callers deal in typed series and every failure names the statement that caused it.

import type { InfluxDB } from 'influx';

export interface InfluxSeries {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function seriesOf(raw: unknown): InfluxSeries | null {
  if (!isRecord(raw) || !Array.isArray(raw.columns)) return null;
  const tags: Record<string, string> = {};
  if (isRecord(raw.tags)) {
    for (const [key, value] of Object.entries(raw.tags))
      if (typeof value === 'string') tags[key] = value;
  }
  const values = Array.isArray(raw.values) ? raw.values.filter(Array.isArray) : [];
  return {
    name: typeof raw.name === 'string' ? raw.name : '',
    tags,
    columns: raw.columns.map(String),
    values,
  };
}

/** One statement's series; throws with InfluxDB's own message when it refuses. */
export async function execute(
  influx: InfluxDB,
  database: string,
  statement: string,
  options: { readonly epochMs?: boolean } = {},
): Promise<InfluxSeries[]> {
  let answer: unknown;
  try {
    // POST: InfluxDB refuses statements that write (CREATE, SELECT INTO) over GET.
    answer = await influx.queryRaw(statement, {
      database,
      method: 'POST',
      ...(options.epochMs ? { precision: 'ms' as const } : {}),
    });
  } catch (error) {
    throw new Error(`InfluxDB did not run \`${statement}\`: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const results = isRecord(answer) && Array.isArray(answer.results) ? answer.results : null;
  const result: unknown = results?.[0];
  if (!isRecord(result))
    throw new Error(`InfluxDB answered \`${statement}\` with no result: ${JSON.stringify(answer)}`);
  if (typeof result.error === 'string')
    throw new Error(`InfluxDB refused \`${statement}\`: ${result.error}`);
  // A server with [http] max-row-limit set cuts long answers; half an answer would pass for all.
  // InfluxDB marks the cut on the result or on the series it cut (models.Row.Partial).
  const series = Array.isArray(result.series) ? result.series : [];
  if (result.partial === true || series.some((s) => isRecord(s) && s.partial === true))
    throw new Error(`InfluxDB cut its answer to \`${statement}\` short (its max-row-limit)`);
  return series.map(seriesOf).filter((s): s is InfluxSeries => s !== null);
}

/** The rows of a series as objects keyed by column. */
export function rowsOf(series: InfluxSeries): Record<string, unknown>[] {
  return series.values.map((row) =>
    Object.fromEntries(series.columns.map((column, i) => [column, row[i]])),
  );
}
