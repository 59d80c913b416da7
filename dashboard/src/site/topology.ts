// Where a site sits in the network: the chain of parents it reaches the core through. Pure.

/** The site's ancestors, the core first and its parent last; stops at a loop or a missing parent. */
export function ancestorIds(
  parentOf: (id: string) => string | null | undefined,
  siteId: string,
): string[] {
  const chain: string[] = [];
  const seen = new Set([siteId]);
  let parent = parentOf(siteId);
  while (parent !== null && parent !== undefined && !seen.has(parent)) {
    chain.unshift(parent);
    seen.add(parent);
    parent = parentOf(parent);
  }
  return chain;
}
