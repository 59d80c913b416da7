// The sites' shown states as the hub knows them: the engine's snapshot at start, then its events
// applied in version order. Pure: the hub asks it what to send. Which sites exist and which
// kecamatan each lies in come from the InventoryIndex (one case rule for kecamatan names).

import type { InventoryIndex } from '../inventory/index.js';
import type {
  SitesChangedEvent,
  SiteStatus,
  StatusEvent,
  StatusSnapshot,
} from '../status/index.js';
import type { LiveIsolation, LiveSite } from './protocol.js';

/** What the hub starts from: the consumer part of `StatusEngine.snapshot()`. */
export type LiveStart = Pick<StatusSnapshot, 'version' | 'isolation' | 'sites'>;

/** A call the caller got wrong: events out of order, or with versions missing. */
export class LiveInputError extends Error {
  override readonly name = 'LiveInputError';
}

/** What one event changed. */
export interface BoardChange {
  readonly version: number;
  /** Sites whose shown state changed; every site turned unknown for a monitor isolation. */
  readonly siteIds: readonly string[];
  readonly isolation: boolean;
}

export class StatusBoard {
  /** Each site's view, in inventory order: the index's sites, each once. */
  private readonly views = new Map<string, LiveSite>();
  private index: InventoryIndex;
  private current: number;
  private isolated: LiveIsolation | null;

  constructor(index: InventoryIndex, start: LiveStart) {
    this.index = index;
    const known = new Map(start.sites.map((state) => [state.siteId, state]));
    this.fill((id) => {
      const state = known.get(id);
      return viewOf(
        id,
        state?.status ?? { state: 'unknown' },
        state?.since ?? null,
        !!state?.flapping,
      );
    });
    this.current = start.version;
    this.isolated = start.isolation && {
      since: start.isolation.since,
      trigger: start.isolation.trigger,
    };
  }

  /** The version of the last event applied. */
  get version(): number {
    return this.current;
  }

  get isolation(): LiveIsolation | null {
    return this.isolated;
  }

  hasSite(siteId: string): boolean {
    return this.views.has(siteId);
  }

  /** A kecamatan's one name (as the inventory first spells it), whatever the case of `name`. */
  kecamatanName(name: string): string | undefined {
    return this.index.kecamatanName(name);
  }

  /** Every kecamatan under its one name. */
  kecamatans(): readonly string[] {
    return this.index.kecamatans();
  }

  /** A site's kecamatan under its one name: the room its changes go to. */
  kecamatanOf(siteId: string): string | undefined {
    return this.index.kecamatanOf(siteId);
  }

  view(siteId: string): LiveSite | undefined {
    return this.views.get(siteId);
  }

  /** Every site of a scope (null: all of them; a kecamatan in any case), in inventory order. */
  sitesIn(kecamatan: string | null): LiveSite[] {
    if (kecamatan === null) return [...this.views.values()];
    return (this.index.kecamatan(kecamatan) ?? []).flatMap((id) => this.views.get(id) ?? []);
  }

  /** The given sites that lie in a scope (null: all; a kecamatan in any case), each as given. */
  viewsOf(siteIds: Iterable<string>, kecamatan: string | null): LiveSite[] {
    const scope = kecamatan === null ? null : this.index.kecamatanName(kecamatan);
    if (scope === undefined) return []; // a kecamatan the inventory no longer has
    const out: LiveSite[] = [];
    for (const id of siteIds) {
      const view = this.views.get(id);
      if (view && (scope === null || this.index.kecamatanOf(id) === scope)) out.push(view);
    }
    return out;
  }

  /**
   * Takes the engine's `sites-changed` event with the index of the inventory it stands for: removed
   * sites leave, added ones come in unknown, every site's kecamatan is taken from the new index.
   * Null for one already applied.
   */
  reinventory(event: SitesChangedEvent, index: InventoryIndex): BoardChange | null {
    if (!this.follows(event)) return null;
    const before = new Map(this.views);
    this.views.clear();
    this.index = index;
    this.fill((id) => before.get(id) ?? viewOf(id, { state: 'unknown' }, null, false));
    return {
      version: event.version,
      siteIds: [...event.added, ...event.changed],
      isolation: false,
    };
  }

  /** Applies one event; null for one already applied (its version is not above the board's). */
  apply(event: StatusEvent): BoardChange | null {
    if (!this.follows(event)) return null;
    const { version } = event;
    switch (event.type) {
      case 'sites-changed':
        throw new LiveInputError('a sites-changed event needs its inventory: call reinventory');
      case 'state-changed':
        return this.set(version, event.siteId, (view) =>
          viewOf(view.siteId, event.to, event.at, event.flapping),
        );
      case 'flapping-started':
      case 'flapping-stopped': {
        const flapping = event.type === 'flapping-started';
        return this.set(version, event.siteId, (view) =>
          view.flapping === flapping ? view : { ...view, flapping },
        );
      }
      case 'monitor-isolated':
        this.isolated = { since: event.at, trigger: event.trigger };
        return { version, siteIds: this.isolate(event.unknown, event.at), isolation: true };
      case 'monitor-recovered':
        // Sites stay unknown until their own next results, as in the engine.
        this.isolated = null;
        return { version, siteIds: [], isolation: true };
    }
  }

  /** Whether the event is the next one (it then becomes current); false for one already applied. */
  private follows(event: StatusEvent): boolean {
    if (event.version <= this.current) return false;
    if (event.version !== this.current + 1)
      throw new LiveInputError(
        `status events must follow version ${this.current} without a gap, not jump to ${event.version}`,
      );
    this.current = event.version;
    return true;
  }

  /** A view for every site of the index (which already keeps the first of a duplicate id). */
  private fill(view: (id: string) => LiveSite): void {
    for (const site of this.index.all) this.views.set(site.id, view(site.id));
  }

  private set(version: number, siteId: string, next: (view: LiveSite) => LiveSite): BoardChange {
    const view = this.views.get(siteId);
    if (view === undefined) return { version, siteIds: [], isolation: false }; // not in the inventory
    const changed = next(view);
    if (changed === view) return { version, siteIds: [], isolation: false };
    this.views.set(siteId, changed);
    return { version, siteIds: [siteId], isolation: false };
  }

  /** The sites the engine turned unknown (it says which: the board keeps no copy of its rules). */
  private isolate(siteIds: readonly string[], at: number): string[] {
    const changed: string[] = [];
    for (const id of siteIds) {
      const view = this.views.get(id);
      if (view === undefined) continue;
      this.views.set(id, viewOf(id, { state: 'unknown' }, at, view.flapping));
      changed.push(id);
    }
    return changed;
  }
}

function viewOf(
  siteId: string,
  status: SiteStatus,
  since: number | null,
  flapping: boolean,
): LiveSite {
  return { siteId, ...status, since, flapping };
}
