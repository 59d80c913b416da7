// The parent graph at run time: who is down because of whom, and what changes below a site that
// went down or came back. Children lists are built once, so propagation costs O(descendants touched).

import { SiteTree } from '../inventory/index.js';
import type { ObservedChange, SiteMachine } from './site-state.js';
import { DOWN, isDownish } from './statuses.js';
import type { ObservedStatus, StatusSite } from './types.js';

export interface DependencyNode<T> {
  readonly id: string;
  parent: T | null;
  readonly children: T[];
  readonly machine: SiteMachine;
}

export class StatusGraphError extends Error {
  override readonly name = 'StatusGraphError';
}

/**
 * Links every node to its parent and children. A parent id outside the inventory counts as no
 * parent (a direct link); a loop is refused, as `pantau check-config` refuses it.
 */
export function linkParents<T extends DependencyNode<T>>(
  sites: readonly StatusSite[],
  nodes: ReadonlyMap<string, T>,
): void {
  const loops = new SiteTree(sites).cycles();
  if (loops.length > 0)
    throw new StatusGraphError(`the parent graph has a loop: ${(loops[0] ?? []).join(' → ')}`);
  for (const site of sites) {
    const node = nodes.get(site.id);
    const parent = site.parentId === null ? undefined : nodes.get(site.parentId);
    if (node === undefined || parent === undefined || node.parent !== null) continue;
    node.parent = parent;
    parent.children.push(node);
  }
}

/** Parents before children: the order in which a whole graph can be re-derived. */
export function topDown<T extends DependencyNode<T>>(nodes: Iterable<T>): T[] {
  const out: T[] = [];
  for (const node of nodes) if (node.parent === null) out.push(node);
  for (let i = 0; i < out.length; i++) out.push(...(out[i] as T).children);
  return out;
}

/** The site reached through `node` when it is down: itself, or the root cause above it. */
function rootCauseOf(machine: SiteMachine): string {
  return machine.observed.state === 'unreachable' ? machine.observed.causeId : machine.id;
}

/**
 * What a failed ICMP result means under this parent: unreachable, pointing to the top of the
 * unbroken run of down ancestors (an answering ancestor above breaks the chain), or down.
 */
export function downStatusUnder(parent: SiteMachine | null): ObservedStatus {
  if (parent === null || !isDownish(parent.observed)) return DOWN;
  return { state: 'unreachable', causeId: rootCauseOf(parent) };
}

/** A down child's state after its parent changed, or null when it stays. */
export function reconsider<T extends DependencyNode<T>>(node: T): ObservedChange | null {
  const own = node.machine.observed;
  if (!isDownish(own)) return null;
  const status = downStatusUnder(node.parent?.machine ?? null);
  if (status.state === 'unreachable') {
    if (own.state !== 'unreachable') return { status, reason: 'ancestor-down' };
    return own.causeId === status.causeId ? null : { status, reason: 'root-cause-moved' };
  }
  if (own.state === 'down') return null;
  // The ancestors are back: a site whose last result failed is down by its own fault; one already
  // answering but short of K good results stays unreachable until its own recovery.
  return node.machine.icmpUp === false ? { status: DOWN, reason: 'ancestor-recovered' } : null;
}

/** Re-derives the descendants of a site whose down state changed, descending only where they change. */
export function propagate<T extends DependencyNode<T>>(
  from: T,
  commit: (node: T, change: ObservedChange) => void,
): void {
  // Breadth first: changes come a level at a time, each after its parent's.
  const queue: T[] = [from];
  for (let i = 0; i < queue.length; i++) {
    for (const child of (queue[i] as T).children) {
      const change = reconsider(child);
      if (change === null) continue;
      commit(child, change);
      queue.push(child);
    }
  }
}
