import { describe, expect, it } from 'vitest';
import { InventoryIndex } from '../../../src/inventory/index.js';
import { testPlan, testSite } from '../../helpers/inventory-fixtures.js';

const index = new InventoryIndex({
  plans: [testPlan()],
  sites: [
    testSite({ id: 'kec-a', kind: 'kecamatan', kecamatan: 'Cisoka', isp: 'Telkom' }),
    testSite({ id: 'desa-1', kecamatan: 'cisoka', parentId: 'kec-a', isp: 'telkom' }),
    testSite({ id: 'opd-1', kind: 'opd', kecamatan: 'Tigaraksa', planId: 'icon-50', isp: 'ICON+' }),
    testSite({ id: 'desa-1', kecamatan: 'Tigaraksa', name: 'a duplicate id' }),
  ],
});

describe('InventoryIndex', () => {
  it('keeps the first of a duplicate id, everywhere', () => {
    expect(index.all.map((s) => s.id)).toEqual(['kec-a', 'desa-1', 'opd-1']);
    expect(index.site('desa-1')?.kecamatan).toBe('cisoka');
    expect(index.kecamatan('tigaraksa')).toEqual(['opd-1']);
  });

  it('finds a kecamatan whatever the case, under the name the inventory first spells', () => {
    expect(index.kecamatan('CISOKA')).toEqual(['kec-a', 'desa-1']);
    expect(index.kecamatanName('cIsOkA')).toBe('Cisoka');
    expect(index.kecamatanName('Nowhere')).toBeUndefined();
    expect(index.kecamatans()).toEqual(['Cisoka', 'Tigaraksa']);
    // A site's kecamatan under that one name, whatever the site itself spells.
    expect(index.kecamatanOf('desa-1')).toBe('Cisoka');
    expect(index.kecamatanOf('opd-1')).toBe('Tigaraksa');
    expect(index.kecamatanOf('nowhere')).toBeUndefined();
  });

  it('lists sites by kind, ISP (any case) and plan, and knows the parent tree', () => {
    expect(index.ofKind('desa')).toEqual(['desa-1']);
    expect(index.ofIsp('TELKOM')).toEqual(['kec-a', 'desa-1']);
    expect(index.ofPlan('icon-50')).toEqual(['opd-1']);
    expect(index.tree.children('kec-a')).toEqual(['desa-1']);
  });
});
