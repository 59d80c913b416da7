// The board's grouping and filters, and the wall's grid fit: pure modules of the dashboard.

import { describe, expect, it } from 'vitest';
import { groupSites, passes, type SiteFilter } from '../../../dashboard/src/site-groups.js';
import { fitWall } from '../../../dashboard/src/wall-fit.js';
import type { InventorySite } from '../../../src/api/inventory-view.js';

const site = (
  id: string,
  name: string,
  kind: string,
  kecamatan: string,
  isp = 'Telkom',
): InventorySite => ({
  id,
  name,
  kind,
  kecamatan,
  parentId: null,
  location: null,
  timezone: 'Asia/Jakarta',
  host: '198.18.0.1',
  isp,
  planId: 'p',
  contract: { start: '2026-01-01', end: null },
  liveness: 'icmp',
});

const NO_FILTER: SiteFilter = { kind: '', kecamatan: '', isp: '', state: '', q: '' };

describe('groupSites', () => {
  it('puts each kecamatan office first, its kelurahan and desa after by name (numbers in order), then OPD, then core', () => {
    const groups = groupSites([
      site('core', 'Data Center', 'core', 'Pusat'),
      site('d10', 'Desa 10', 'desa', 'Solear'),
      site('opd-b', 'Bappeda', 'opd', 'Tigaraksa'),
      site('d9', 'Desa 9', 'desa', 'Solear'),
      site('kec-s', 'Kantor Kecamatan Solear', 'kecamatan', 'Solear'),
      site('kel', 'Kelurahan Cisoka', 'kelurahan', 'Cisoka'),
      site('opd-a', 'Arsip', 'opd', 'Tigaraksa'),
    ]);
    expect(groups.map((g) => g.key)).toEqual(['kec:Cisoka', 'kec:Solear', 'opd', 'core']);
    expect(groups[1]!.sites.map((s) => s.id)).toEqual(['kec-s', 'd9', 'd10']);
    expect(groups[2]!.sites.map((s) => s.id)).toEqual(['opd-a', 'opd-b']);
  });
});

describe('passes', () => {
  const desa = site('desa-cibugel', 'Desa Cibugel', 'desa', 'Cisoka', 'IndiHome');
  it('keeps every site with no filter, and matches kecamatan and ISP in any case', () => {
    expect(passes(desa, 'up', NO_FILTER)).toBe(true);
    expect(passes(desa, 'up', { ...NO_FILTER, kecamatan: 'cisoka', isp: 'INDIHOME' })).toBe(true);
    expect(passes(desa, 'up', { ...NO_FILTER, kecamatan: 'Solear' })).toBe(false);
  });
  it('filters by kind and live state, and searches name and id', () => {
    expect(passes(desa, 'down', { ...NO_FILTER, state: 'down', kind: 'desa' })).toBe(true);
    expect(passes(desa, 'up', { ...NO_FILTER, state: 'down' })).toBe(false);
    expect(passes(desa, 'up', { ...NO_FILTER, kind: 'opd' })).toBe(false);
    expect(passes(desa, 'up', { ...NO_FILTER, q: 'cibu' })).toBe(true);
    expect(passes(desa, 'up', { ...NO_FILTER, q: 'DESA-CIB' })).toBe(true);
    expect(passes(desa, 'up', { ...NO_FILTER, q: 'tigaraksa' })).toBe(false);
  });
});

describe('fitWall', () => {
  it('fits 342 tiles in a 1080p screen below the header, filling it', () => {
    const grid = fitWall(342, 1900, 900);
    expect(grid.columns * grid.rows).toBeGreaterThanOrEqual(342);
    // Rows and gaps fit the height; columns (at the tile's aspect) fit the width.
    expect(grid.rows * grid.rowHeight + (grid.rows - 1) * 3).toBeLessThanOrEqual(900);
    expect(grid.columns * grid.rowHeight * 4 + (grid.columns - 1) * 3).toBeLessThanOrEqual(1900);
    // Large enough to read from across the room: more than the 18-px floor.
    expect(grid.rowHeight).toBeGreaterThan(25);
  });
  it('grows tiles when there are few, up to a cap', () => {
    expect(fitWall(10, 1900, 900).rowHeight).toBe(64);
    expect(fitWall(10, 1900, 900).rowHeight).toBeGreaterThan(fitWall(342, 1900, 900).rowHeight);
  });
  it('falls back to the smallest tiles, scrolling, when even they cannot all fit', () => {
    const grid = fitWall(10_000, 1900, 900);
    expect(grid.rowHeight).toBe(18);
    expect(grid.columns).toBe(Math.floor((1900 + 3) / (18 * 4 + 3)));
    expect(grid.rows).toBe(Math.ceil(10_000 / grid.columns));
  });
});
