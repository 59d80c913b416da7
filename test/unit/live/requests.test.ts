// Client requests name a kecamatan in any case; the hub gets it back under the index's one name.

import { describe, expect, it } from 'vitest';
import { InventoryIndex } from '../../../src/inventory/index.js';
import { type KnownNames, readHandshake, readTarget } from '../../../src/live/requests.js';
import { testPlan, testSite } from '../../helpers/inventory-fixtures.js';

const index = new InventoryIndex({
  plans: [testPlan()],
  sites: [
    testSite({ id: 'kec-cisoka', kind: 'kecamatan', kecamatan: 'Cisoka' }),
    testSite({ id: 'desa-cisoka-01', kecamatan: 'CISOKA', parentId: 'kec-cisoka' }),
  ],
});
const known: KnownNames = {
  kecamatanName: (name) => index.kecamatanName(name),
  hasSite: (id) => index.has(id),
};

describe('live requests', () => {
  it('resolves a handshake scope in any case to the name the inventory spells', () => {
    for (const kecamatan of ['cisoka', 'CISOKA', 'Cisoka'])
      expect(readHandshake({ kecamatan }, known)).toEqual({ kecamatan: 'Cisoka', resume: null });
    expect(readHandshake({ kecamatan: 'cisoka', epoch: 'e', version: 4 }, known)).toEqual({
      kecamatan: 'Cisoka',
      resume: { epoch: 'e', version: 4 },
    });
    expect(readHandshake({}, known)).toEqual({ kecamatan: null, resume: null });
  });

  it('resolves a subscribe target in any case, and refuses an unknown one naming it', () => {
    expect(readTarget({ kecamatan: 'cIsOkA' }, known)).toEqual({
      kind: 'kecamatan',
      kecamatan: 'Cisoka',
    });
    expect(readTarget({ kecamatan: 'Cisauk' }, known)).toEqual({
      ok: false,
      code: 'unknown-kecamatan',
      error: 'unknown kecamatan "Cisauk"',
    });
    expect(readHandshake({ kecamatan: 'Cisauk' }, known)).toMatchObject({
      code: 'unknown-kecamatan',
    });
  });

  it('matches site ids exactly, as the index keeps them', () => {
    expect(readTarget({ siteId: 'desa-cisoka-01' }, known)).toEqual({
      kind: 'site',
      siteId: 'desa-cisoka-01',
    });
    expect(readTarget({ siteId: 'DESA-CISOKA-01' }, known)).toMatchObject({ code: 'unknown-site' });
  });
});
