// Where each site and plan was written, kept beside the inventory so checks can name file:line.

export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The parts of a site that checks point at. */
export type SiteField = 'id' | 'parent' | 'plan' | 'router.host' | 'router.snmp' | 'location';
export type PlanField = 'id';

export interface ItemSource<F extends string> {
  /** The item's path inside its file, e.g. `sites[12]`. */
  readonly path: string;
  /** Where the item starts. */
  readonly at: SourcePosition;
  /** Where some of its fields are written, when they are. */
  readonly fields: Readonly<Partial<Record<F, SourcePosition>>>;
}

export type SiteSource = ItemSource<SiteField>;
export type PlanSource = ItemSource<PlanField>;

/** Parallel to Inventory.sites and Inventory.plans; an entry is undefined when not known. */
export interface InventorySources {
  readonly sites: readonly (SiteSource | undefined)[];
  readonly plans: readonly (PlanSource | undefined)[];
}
