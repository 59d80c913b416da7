// The parent graph: which site reaches the core through which. Pure, and safe on graphs with cycles.

import type { Site } from './types.js';

type Linked = Pick<Site, 'id' | 'parentId'>;

export class SiteTree {
  private readonly parents = new Map<string, string | null>();
  private readonly kids = new Map<string, string[]>();
  private readonly order: string[] = [];

  /** Sites in inventory order; a parent that is not a site is kept as a parent id but has no node. */
  constructor(sites: readonly Linked[]) {
    for (const site of sites) {
      if (this.parents.has(site.id)) continue; // a duplicate id: the first one counts
      this.parents.set(site.id, site.parentId);
      this.order.push(site.id);
    }
    for (const id of this.order) {
      const parent = this.parents.get(id);
      if (parent === null || parent === undefined) continue;
      const list = this.kids.get(parent);
      if (list) list.push(id);
      else this.kids.set(parent, [id]);
    }
  }

  has(id: string): boolean {
    return this.parents.has(id);
  }

  parentOf(id: string): string | null {
    return this.parents.get(id) ?? null;
  }

  /** Direct children, in inventory order. */
  children(id: string): readonly string[] {
    return this.kids.get(id) ?? [];
  }

  /** Every site id with its children: the whole children map. */
  childrenMap(): ReadonlyMap<string, readonly string[]> {
    return this.kids;
  }

  /** Sites with no parent: each has its own ISP link. */
  roots(): readonly string[] {
    return this.order.filter((id) => this.parents.get(id) === null);
  }

  /** Parent, grandparent, … up to the root (or to an unknown parent id); stops before repeating a site. */
  ancestors(id: string): string[] {
    const out: string[] = [];
    const seen = new Set([id]);
    let current = this.parents.get(id) ?? null;
    while (current !== null && !seen.has(current)) {
      out.push(current);
      seen.add(current);
      current = this.parents.get(current) ?? null;
    }
    return out;
  }

  /** Every site that reaches the core through `id` (children, their children, …), breadth first. */
  descendants(id: string): string[] {
    const out: string[] = [];
    const seen = new Set([id]);
    const queue = [...this.children(id)];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (seen.has(next)) continue;
      seen.add(next);
      out.push(next);
      queue.push(...this.children(next));
    }
    return out;
  }

  /** Sites on the path from the root to `id`, `id` included: a root has depth 1. 0 for an unknown id. */
  depthOf(id: string): number {
    return this.has(id) ? this.ancestors(id).filter((a) => this.has(a)).length + 1 : 0;
  }

  /** The longest root-to-site chain, root first; empty for an empty tree. */
  longestChain(): string[] {
    let best: string[] = [];
    for (const id of this.order) {
      const chain = [id, ...this.ancestors(id).filter((a) => this.has(a))];
      if (chain.length > best.length) best = chain;
    }
    return best.reverse();
  }

  /** Levels in the tree: 1 when every site has a direct link, 0 when there are no sites. */
  depth(): number {
    return this.longestChain().length;
  }

  /** Each loop in the parent graph once, starting at its earliest site in inventory order. */
  cycles(): string[][] {
    const out: string[][] = [];
    const done = new Set<string>();
    for (const start of this.order) {
      if (done.has(start)) continue;
      const path: string[] = [];
      const onPath = new Map<string, number>();
      let current: string | null = start;
      while (current !== null && this.has(current) && !done.has(current) && !onPath.has(current)) {
        onPath.set(current, path.length);
        path.push(current);
        current = this.parents.get(current) ?? null;
      }
      if (current !== null && onPath.has(current)) {
        const loop = path.slice(onPath.get(current));
        out.push(rotateToEarliest(loop, this.order));
      }
      for (const id of path) done.add(id);
    }
    return out;
  }
}

function rotateToEarliest(loop: string[], order: readonly string[]): string[] {
  let best = 0;
  for (let i = 1; i < loop.length; i++) {
    if (order.indexOf(loop[i] as string) < order.indexOf(loop[best] as string)) best = i;
  }
  return [...loop.slice(best), ...loop.slice(0, best)];
}
