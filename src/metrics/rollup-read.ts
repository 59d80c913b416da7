// Fleet-wide rollup reads, streamed: sites a group at a time (rollup-read-plan.ts), each group's
// series gathered whole over the range, then handed over before the next group is asked for. So
// at most chunkSites sites' series are held, whatever the fleet; the next query waits for the
// caller to take the chunk.

import { type InfluxQuery, querySeries } from './influx-query.js';
import { MetricsUnavailableError } from './metrics-errors.js';
import {
  planRollupRead,
  type RollupReadRequest,
  rollupReadStatement,
  rollupSource,
  siteGroups,
  siteIdsStatement,
} from './rollup-read-plan.js';
import { type SeriesArrays, SeriesColumns } from './series-columns.js';

export interface RollupSeries extends SeriesArrays {
  readonly site: string;
  /** Every tag of the series (site, kind, kecamatan, isp; role and ifname for interfaces). */
  readonly tags: Readonly<Record<string, string>>;
}

export interface RollupChunk {
  /** The site ids this chunk answers for (at most chunkSites); a site without points has no series. */
  readonly sites: readonly string[];
  /** Sorted by site, then by tag set; each series' times ascending, each stored point once. */
  readonly series: readonly RollupSeries[];
  /** Points (times) in this chunk's series. */
  readonly points: number;
}

export interface RollupReadOptions {
  readonly signal?: AbortSignal;
  /** The rollup's bucket, when known: each series' arrays are made for the range's buckets at once. */
  readonly bucketMs?: number;
}

/** Site ids with a series in the measurement, sorted (InfluxDB sorts tag values). */
export async function rollupSiteIds(
  query: InfluxQuery,
  request: Pick<RollupReadRequest, 'measurement' | 'retentionPolicy'>,
  options: RollupReadOptions = {},
): Promise<string[]> {
  const series = await querySeries(query, siteIdsStatement(rollupSource(request)), options);
  return series.flatMap((s) => {
    const at = s.columns.indexOf('value');
    return s.values.map((row) => String(row[at]));
  });
}

const numberOrNaN = (value: unknown): number => (typeof value === 'number' ? value : Number.NaN);

/**
 * The request's fields, per series, a group of sites a chunk; bad requests throw
 * MetricsBadRequestError before InfluxDB is asked, an InfluxDB away MetricsUnavailableError.
 */
export async function* readRollups(
  query: InfluxQuery,
  database: string,
  request: RollupReadRequest,
  options: RollupReadOptions = {},
): AsyncGenerator<RollupChunk> {
  const plan = planRollupRead(request);
  const sites = request.sites ?? (await rollupSiteIds(query, plan, options));
  // One more than the range's buckets: a range not on bucket boundaries touches one more.
  const capacity =
    options.bucketMs !== undefined && options.bucketMs > 0
      ? Math.min(Math.ceil((request.toMs - request.fromMs) / options.bucketMs) + 1, 1 << 20)
      : undefined;
  for (const group of siteGroups(sites, plan.chunkSites)) {
    const bySeries = new Map<string, { tags: Record<string, string>; columns: SeriesColumns }>();
    for (const slice of plan.slices) {
      const statement = rollupReadStatement(database, plan, group, slice);
      for await (const piece of query(statement, options)) {
        const key = JSON.stringify(piece.tags);
        let entry = bySeries.get(key);
        if (!entry) {
          entry = { tags: { ...piece.tags }, columns: new SeriesColumns(plan.fields, capacity) };
          bySeries.set(key, entry);
        }
        const timeAt = piece.columns.indexOf('time');
        const fieldAt = plan.fields.map((field) => piece.columns.indexOf(field));
        if (timeAt < 0)
          throw new MetricsUnavailableError(
            `InfluxDB answered \`${statement.slice(0, 200)}\` without a time column`,
          );
        const columns = entry.columns;
        for (const row of piece.values) {
          const timeMs = row[timeAt];
          if (typeof timeMs !== 'number')
            throw new MetricsUnavailableError(
              `InfluxDB gave a time that is not epoch ms: ${timeMs}`,
            );
          columns.append(timeMs, (i) => {
            const at = fieldAt[i] as number;
            return at < 0 ? Number.NaN : numberOrNaN(row[at]);
          });
        }
      }
    }
    let points = 0;
    const series: RollupSeries[] = [];
    for (const [key, { tags, columns }] of bySeries) {
      points += columns.size;
      series.push({ site: tags.site ?? '', tags, ...columns.finish() });
      // Let each gathering go as soon as its arrays are cut.
      bySeries.delete(key);
    }
    series.sort((a, b) =>
      a.site < b.site ? -1 : a.site > b.site ? 1 : seriesOrder(a.tags, b.tags),
    );
    yield { sites: group, series, points };
  }
}

const seriesOrder = (a: Record<string, string>, b: Record<string, string>): number => {
  const ka = JSON.stringify(a);
  const kb = JSON.stringify(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};
