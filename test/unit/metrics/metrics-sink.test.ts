// The metrics sink tags each site's points from the InventoryIndex: the first of a duplicate id,
// the kecamatan under its one name, and a new index at a reload.

import { describe, expect, it } from 'vitest';
import { InventoryIndex, type Site } from '../../../src/inventory/index.js';
import { silentLogger } from '../../../src/logger.js';
import { encodePoint, MetricsSink, pointsOf, siteTagsOf } from '../../../src/metrics/index.js';
import { testPlan, testSite } from '../../helpers/inventory-fixtures.js';
import { everyKindOfResult, icmpResult } from '../../helpers/probe-results.js';

const indexOf = (sites: Site[]) => new InventoryIndex({ plans: [testPlan()], sites });

function sinkOf(index: InventoryIndex): { sink: MetricsSink; lines: string[] } {
  const lines: string[] = [];
  const sink = new MetricsSink(index, { add: (added) => lines.push(...added) }, silentLogger);
  return { sink, lines };
}

/** The series of a line: its measurement and tags, before the first space (these tags have none). */
const seriesOf = (line: string) => line.split(' ')[0];

describe('MetricsSink with the inventory index', () => {
  it('tags a duplicate id as its first site, as the index keeps it', () => {
    const { sink, lines } = sinkOf(
      indexOf([
        testSite({ id: 'desa-1', kecamatan: 'Cisoka', isp: 'telkom' }),
        testSite({ id: 'desa-1', kind: 'opd', kecamatan: 'Tigaraksa', isp: 'ICON+' }),
      ]),
    );
    sink.accept([icmpResult({ siteId: 'desa-1' })]);
    expect(lines.map(seriesOf)).toEqual(['icmp,isp=telkom,kecamatan=Cisoka,kind=desa,site=desa-1']);
  });

  it('tags the kecamatan under the name the inventory first spells, whatever the site spells', () => {
    const { sink, lines } = sinkOf(
      indexOf([
        testSite({ id: 'kec-cisoka', kind: 'kecamatan', kecamatan: 'Cisoka' }),
        testSite({ id: 'desa-1', kecamatan: 'CISOKA', parentId: 'kec-cisoka' }),
      ]),
    );
    sink.accept([icmpResult({ siteId: 'kec-cisoka' }), icmpResult({ siteId: 'desa-1' })]);
    expect(lines.map(seriesOf)).toEqual([
      'icmp,isp=telkom,kecamatan=Cisoka,kind=kecamatan,site=kec-cisoka',
      'icmp,isp=telkom,kecamatan=Cisoka,kind=desa,site=desa-1',
    ]);
  });

  it('takes a new index at a reload: new tags, removed sites dropped and counted', () => {
    const { sink, lines } = sinkOf(
      indexOf([testSite({ id: 'desa-1' }), testSite({ id: 'desa-2' })]),
    );
    sink.accept([icmpResult({ siteId: 'desa-1' })]);
    sink.setInventory(indexOf([testSite({ id: 'desa-1', kecamatan: 'Jambe', isp: 'biznet' })]));
    sink.accept([icmpResult({ siteId: 'desa-1' }), icmpResult({ siteId: 'desa-2' })]);
    expect(lines.map(seriesOf)).toEqual([
      'icmp,isp=telkom,kecamatan=Uji,kind=desa,site=desa-1',
      'icmp,isp=biznet,kecamatan=Jambe,kind=desa,site=desa-1',
    ]);
    expect(sink.unknownSites).toBe(1);
  });
});

describe('MetricsSink lines', () => {
  it('are exactly the lines of pointsOf, the documented mapping, for every kind and gap', () => {
    const site = testSite({ id: 'opd-dinkes', kind: 'opd', kecamatan: 'Tigaraksa', isp: 'ICON+' });
    const { sink, lines } = sinkOf(indexOf([site]));
    const results = everyKindOfResult(site.id);
    sink.accept(results);
    const expected = results.flatMap((r) => pointsOf(r, siteTagsOf(site)).map(encodePoint));
    expect(lines).toEqual(expected);
    expect(lines.length).toBeGreaterThanOrEqual(results.length);
  });
});
