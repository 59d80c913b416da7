// The collectors' results as InfluxDB lines: each result becomes its points, tagged with its
// site's inventory tags, and goes to the writer.

import type { InventoryIndex } from '../inventory/index.js';
import type { Logger } from '../logger.js';
import type { ProbeResultSink } from '../pipeline/index.js';
import { type KindPoint, kindPointsOf, type ProbeResult } from '../probe/index.js';
import { encodeFields, encodeSeries } from './line-protocol.js';
import { type SiteTags, siteTagsOf } from './points.js';
import { RollupAggregator, type RollupTarget } from './rollup-aggregator.js';

/**
 * Each site's tags, from the index: its sites once each (the first of a duplicate id, as
 * everywhere), and the kecamatan under its one name, so "Cisoka" and "CISOKA" are one tag value.
 */
export function siteTagsFrom(index: InventoryIndex): Map<string, SiteTags> {
  const tags = new Map<string, SiteTags>();
  for (const site of index.all) {
    const kecamatan = index.kecamatanOf(site.id) ?? site.kecamatan;
    tags.set(site.id, { ...siteTagsOf(site), kecamatan });
  }
  return tags;
}

export interface LineSink {
  add(lines: readonly string[]): void;
}

/** A site's tags and its encoded series, filled as its points come (they never change). */
interface SiteSeries {
  readonly tags: SiteTags;
  readonly series: Map<string, string>;
}

export class MetricsSink implements ProbeResultSink {
  private readonly unknownLogged = new Set<string>();
  private unknown = 0;
  /** By site id, made once per inventory version. */
  private sites: ReadonlyMap<string, SiteSeries>;

  constructor(
    index: InventoryIndex,
    private readonly writer: LineSink,
    private readonly log: Logger,
    private readonly rollup: RollupTarget | null = null,
  ) {
    this.sites = sitesFrom(index);
  }

  /** The index after a reload: points are tagged from it on; results of removed sites are dropped. */
  setInventory(index: InventoryIndex): void {
    this.sites = sitesFrom(index);
    this.unknownLogged.clear();
  }

  // The hot path of every result: each kind point straight to its line, the same line that
  // encodePoint(pointsOf(…)) makes (a test holds them equal), without the objects in between.
  accept(results: readonly ProbeResult[]): void {
    const lines: string[] = [];
    for (const result of results) {
      const site = this.sites.get(result.siteId);
      if (!site) {
        // A result for a site no longer in the inventory: kept out, said once per site.
        this.unknown += 1;
        if (!this.unknownLogged.has(result.siteId)) {
          this.unknownLogged.add(result.siteId);
          this.log.warn(
            { site: result.siteId },
            'result for a site not in the inventory: not written',
          );
        }
        continue;
      }
      for (const point of kindPointsOf(result)) {
        const fields = encodeFields(point.fields);
        if (fields === '') continue; // an interface whose agent reported none of them
        const series = seriesOf(site, point);
        const timeMs = Math.round(point.timeMs);
        lines.push(`${series} ${fields} ${timeMs}`);
        if (this.rollup && RollupAggregator.rollsUp(point.measurement))
          this.rollup.add(result.siteId, point.measurement, series, point.fields, timeMs);
      }
    }
    this.writer.add(lines);
  }

  /** Results dropped because their site is not in the inventory. */
  get unknownSites(): number {
    return this.unknown;
  }
}

function sitesFrom(index: InventoryIndex): Map<string, SiteSeries> {
  const sites = new Map<string, SiteSeries>();
  for (const [id, tags] of siteTagsFrom(index)) sites.set(id, { tags, series: new Map() });
  return sites;
}

function seriesOf(site: SiteSeries, point: KindPoint): string {
  let key = point.measurement;
  if (point.tags) for (const tag in point.tags) key += `\u0000${tag}=${point.tags[tag]}`;
  let series = site.series.get(key);
  if (series === undefined) {
    series = encodeSeries(
      point.measurement,
      point.tags ? { ...site.tags, ...point.tags } : site.tags,
    );
    site.series.set(key, series);
  }
  return series;
}
