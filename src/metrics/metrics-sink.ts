// The collectors' results as InfluxDB lines: each result becomes its points, tagged with its
// site's inventory tags, and goes to the writer.

import type { InventoryIndex } from '../inventory/index.js';
import type { Logger } from '../logger.js';
import type { ProbeResultSink } from '../pipeline/index.js';
import type { ProbeResult } from '../probe/index.js';
import { encodeLine, encodeSeries } from './line-protocol.js';
import { type Point, pointsOf, type SiteTags, siteTagsOf } from './points.js';

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

export class MetricsSink implements ProbeResultSink {
  private readonly unknownLogged = new Set<string>();
  // A site's series keys never change: encoded once, not at every result.
  private readonly seriesCache = new Map<string, string>();
  private unknown = 0;
  /** Tags by site id, made once per inventory version. */
  private tags: ReadonlyMap<string, SiteTags>;

  constructor(
    index: InventoryIndex,
    private readonly writer: LineSink,
    private readonly log: Logger,
  ) {
    this.tags = siteTagsFrom(index);
  }

  /** The index after a reload: points are tagged from it on; results of removed sites are dropped. */
  setInventory(index: InventoryIndex): void {
    this.tags = siteTagsFrom(index);
    this.seriesCache.clear();
    this.unknownLogged.clear();
  }

  accept(results: readonly ProbeResult[]): void {
    const lines: string[] = [];
    for (const result of results) {
      const tags = this.tags.get(result.siteId);
      if (!tags) {
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
      for (const point of pointsOf(result, tags)) {
        try {
          lines.push(encodeLine(this.series(point), point));
        } catch (error) {
          this.log.error({ err: error, site: result.siteId }, 'a point could not be encoded');
        }
      }
    }
    this.writer.add(lines);
  }

  private series(point: Point): string {
    const key = `${point.measurement}\u0000${point.tags.site}\u0000${point.tags.role ?? ''}\u0000${point.tags.ifname ?? ''}`;
    let series = this.seriesCache.get(key);
    if (series === undefined) {
      series = encodeSeries(point.measurement, point.tags);
      this.seriesCache.set(key, series);
    }
    return series;
  }

  /** Results dropped because their site is not in the inventory. */
  get unknownSites(): number {
    return this.unknown;
  }
}
