// The live board takes its sites and kecamatan from the InventoryIndex: one case rule for names,
// the first of a duplicate id, and a new index at a reload.

import { describe, expect, it } from 'vitest';
import { InventoryIndex, type Site } from '../../../src/inventory/index.js';
import { StatusBoard } from '../../../src/live/status-board.js';
import type { StatusEvent } from '../../../src/status/index.js';
import {
  CISOKA_IDS,
  cisokaAndCisauk,
  testPlan,
  testSite,
} from '../../helpers/inventory-fixtures.js';

const T0 = Date.UTC(2026, 11, 5, 3, 0);

const indexOf = (sites: Site[]) => new InventoryIndex({ plans: [testPlan()], sites });

// Cisoka spelled three ways, and a duplicate id whose second copy names another kecamatan.
const SITES: Site[] = [
  ...cisokaAndCisauk(),
  testSite({ id: 'desa-cisoka-01', kecamatan: 'Cisauk', name: 'a duplicate id' }),
];

function board(sites = SITES): StatusBoard {
  return new StatusBoard(indexOf(sites), {
    version: 3,
    isolation: null,
    sites: [
      {
        siteId: 'desa-cisoka-01',
        status: { state: 'down' },
        since: T0,
        flapping: false,
      },
    ],
  });
}

const down = (siteId: string, version: number): StatusEvent => ({
  type: 'state-changed',
  version,
  siteId,
  at: T0 + version,
  from: { state: 'up' },
  to: { state: 'down' },
  reason: 'icmp-failed',
  flapping: false,
});

describe('StatusBoard with the inventory index', () => {
  it('finds a kecamatan in any case and answers with the name the inventory first spells', () => {
    const b = board();
    for (const asked of ['cisoka', 'CISOKA', 'Cisoka', 'cIsOkA'])
      expect(b.kecamatanName(asked)).toBe('Cisoka');
    expect(b.kecamatanName('Nowhere')).toBeUndefined();
    expect(b.kecamatans()).toEqual(['Cisoka', 'Cisauk']);
    expect(b.kecamatanOf('desa-cisoka-02')).toBe('Cisoka');
  });

  it('gives a scope exactly its sites, in inventory order, whatever the case asked', () => {
    const b = board();
    for (const asked of ['cisoka', 'CISOKA', 'Cisoka'])
      expect(b.sitesIn(asked).map((s) => s.siteId)).toEqual(CISOKA_IDS);
    expect(b.sitesIn('Nowhere')).toEqual([]);
    expect(b.sitesIn(null).map((s) => s.siteId)).toEqual([
      'kec-cisoka',
      'desa-cisoka-01',
      'kec-cisauk',
      'desa-cisauk-01',
      'desa-cisoka-02',
    ]);
    expect(b.sitesIn('cisoka')[1]).toEqual({
      siteId: 'desa-cisoka-01',
      state: 'down',
      since: T0,
      flapping: false,
    });
  });

  it('keeps the first of a duplicate id, as the index does', () => {
    const b = board();
    expect(b.kecamatanOf('desa-cisoka-01')).toBe('Cisoka');
    expect(b.sitesIn('Cisauk').map((s) => s.siteId)).toEqual(['kec-cisauk', 'desa-cisauk-01']);
  });

  it('filters changed sites by a scope in any case', () => {
    const b = board();
    const change = b.apply(down('desa-cisauk-01', 4));
    expect(change).toEqual({ version: 4, siteIds: ['desa-cisauk-01'], isolation: false });
    b.apply(down('desa-cisoka-02', 5));
    const changed = ['desa-cisauk-01', 'desa-cisoka-02'];
    expect(b.viewsOf(changed, 'CISOKA').map((s) => s.siteId)).toEqual(['desa-cisoka-02']);
    expect(b.viewsOf(changed, 'cisauk').map((s) => s.siteId)).toEqual(['desa-cisauk-01']);
    expect(b.viewsOf(changed, null)).toHaveLength(2);
    expect(b.viewsOf(changed, 'Nowhere')).toEqual([]);
  });

  it('takes the new index at a reload: sites move, kecamatan names follow the new spelling', () => {
    const b = board();
    // kec-cisoka leaves; the first Cisoka site is now spelled in capitals; desa-cisoka-02 moves.
    const after = indexOf([
      testSite({ id: 'desa-cisoka-01', kecamatan: 'CISOKA', parentId: null }),
      testSite({ id: 'desa-cisoka-02', kecamatan: 'Cisauk', parentId: null }),
      testSite({ id: 'desa-cisoka-03', kecamatan: 'Cisoka', parentId: null }),
    ]);
    const change = b.reinventory(
      {
        type: 'sites-changed',
        version: 4,
        at: T0,
        added: ['desa-cisoka-03'],
        removed: ['kec-cisoka', 'kec-cisauk', 'desa-cisauk-01'],
        changed: ['desa-cisoka-01', 'desa-cisoka-02'],
      },
      after,
    );
    expect(change?.siteIds).toEqual(['desa-cisoka-03', 'desa-cisoka-01', 'desa-cisoka-02']);
    expect(b.hasSite('kec-cisoka')).toBe(false);
    expect(b.kecamatanName('cisoka')).toBe('CISOKA');
    expect(b.sitesIn('Cisoka').map((s) => [s.siteId, s.state])).toEqual([
      ['desa-cisoka-01', 'down'],
      ['desa-cisoka-03', 'unknown'],
    ]);
    expect(b.kecamatanOf('desa-cisoka-02')).toBe('Cisauk');
    expect(b.kecamatans()).toEqual(['CISOKA', 'Cisauk']);
  });
});
