import { describe, expect, it } from 'vitest';
import { SiteTree } from '../../../src/inventory/index.js';

const link = (id: string, parentId: string | null = null) => ({ id, parentId });

// core ← kec-a ← desa-a1, desa-a2 ← desa-a2x; core ← opd-1; desa-solo (own link)
const SITES = [
  link('core'),
  link('kec-a', 'core'),
  link('desa-a1', 'kec-a'),
  link('desa-a2', 'kec-a'),
  link('desa-a2x', 'desa-a2'),
  link('opd-1', 'core'),
  link('desa-solo'),
];

describe('SiteTree', () => {
  const tree = new SiteTree(SITES);

  it('maps each site to its children, in inventory order', () => {
    expect(Object.fromEntries(tree.childrenMap())).toEqual({
      core: ['kec-a', 'opd-1'],
      'kec-a': ['desa-a1', 'desa-a2'],
      'desa-a2': ['desa-a2x'],
    });
    expect(tree.children('desa-a1')).toEqual([]);
    expect(tree.parentOf('desa-a2x')).toBe('desa-a2');
    expect(tree.roots()).toEqual(['core', 'desa-solo']);
  });

  it('walks the ancestors from the parent up to the root', () => {
    expect(tree.ancestors('desa-a2x')).toEqual(['desa-a2', 'kec-a', 'core']);
    expect(tree.ancestors('core')).toEqual([]);
  });

  it('lists every site that reaches the core through a site, nearest first', () => {
    expect(tree.descendants('kec-a')).toEqual(['desa-a1', 'desa-a2', 'desa-a2x']);
    expect(tree.descendants('core')).toEqual(['kec-a', 'opd-1', 'desa-a1', 'desa-a2', 'desa-a2x']);
    expect(tree.descendants('desa-solo')).toEqual([]);
  });

  it('measures depth in levels', () => {
    expect(tree.depth()).toBe(4);
    expect(tree.longestChain()).toEqual(['core', 'kec-a', 'desa-a2', 'desa-a2x']);
    expect(tree.depthOf('core')).toBe(1);
    expect(tree.depthOf('desa-a1')).toBe(3);
    expect(tree.depthOf('nope')).toBe(0);
    expect(new SiteTree([link('a'), link('b')]).depth()).toBe(1);
    expect(new SiteTree([]).depth()).toBe(0);
  });

  it('finds each loop once, starting at its earliest site, and stays finite on it', () => {
    const looped = new SiteTree([
      link('x', 'z'),
      link('ok'),
      link('y', 'x'),
      link('z', 'y'),
      link('tail', 'y'),
      link('self', 'self'),
    ]);
    expect(looped.cycles()).toEqual([['x', 'z', 'y'], ['self']]);
    expect(looped.ancestors('tail')).toEqual(['y', 'x', 'z']);
    expect(looped.descendants('x')).toEqual(['y', 'z', 'tail']);
    expect(new SiteTree(SITES).cycles()).toEqual([]);
    // Entered from a site outside it, a loop is still named from its own earliest site.
    const entered = new SiteTree([
      link('tail', 'b'),
      link('a', 'c'),
      link('b', 'a'),
      link('c', 'b'),
    ]);
    expect(entered.cycles()).toEqual([['a', 'c', 'b']]);
  });

  it('keeps an unknown parent as the parent but counts only real sites for depth', () => {
    const orphan = new SiteTree([link('a', 'ghost')]);
    expect(orphan.ancestors('a')).toEqual(['ghost']);
    expect(orphan.depthOf('a')).toBe(1);
    expect(orphan.roots()).toEqual([]);
  });
});
