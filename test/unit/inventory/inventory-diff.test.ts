import { describe, expect, it } from 'vitest';
import { diffInventory, isEmptyDiff } from '../../../src/inventory/index.js';
import { testPlan, testSite } from '../../helpers/inventory-fixtures.js';

const inventory = (...sites: ReturnType<typeof testSite>[]) => ({ plans: [testPlan()], sites });

describe('diffInventory', () => {
  it('names the sites added, removed and changed, and counts the unchanged', () => {
    const a = testSite({ id: 'a' });
    const b = testSite({ id: 'b' });
    const c = testSite({ id: 'c' });
    const diff = diffInventory(
      inventory(a, b, c),
      inventory(a, testSite({ id: 'b', host: '198.18.0.99' }), testSite({ id: 'd' })),
    );
    expect(diff.added.map((s) => s.id)).toEqual(['d']);
    expect(diff.removed.map((s) => s.id)).toEqual(['c']);
    expect(diff.changed.map((s) => s.id)).toEqual(['b']);
    expect(diff.unchanged).toBe(1);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('sees a change in any field, nested ones too, and none for an equal copy', () => {
    const a = testSite({ id: 'a' });
    expect(isEmptyDiff(diffInventory(inventory(a), inventory(structuredClone(a))))).toBe(true);
    const moved = { ...a, location: { lat: -6.3, lon: 106.5 } };
    expect(diffInventory(inventory(a), inventory(moved)).changed).toEqual([moved]);
  });

  it('counts the first of a duplicate id, as the rest of Pantau does', () => {
    const first = testSite({ id: 'a' });
    const second = testSite({ id: 'a', name: 'Another' });
    const diff = diffInventory(inventory(first), inventory(first, second));
    expect(isEmptyDiff(diff)).toBe(true);
  });
});
