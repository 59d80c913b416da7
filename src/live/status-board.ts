// The sites' shown states as the hub knows them: the engine's snapshot at start, then its events
// applied in version order. Pure: the hub asks it what to send.

import type { Site } from '../inventory/index.js';
import type {
  SitesChangedEvent,
  SiteStatus,
  StatusEvent,
  StatusSnapshot,
} from '../status/index.js';
import type { LiveIsolation, LiveSite } from './protocol.js';

/** The part of a site the hub needs: its id, and the kecamatan room it belongs to. */
export type LiveInventorySite = Pick<Site, 'id' | 'kecamatan'>;

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
  private readonly views = new Map<string, LiveSite>();
  private readonly kecamatanBySite = new Map<string, string>();
  private readonly sitesByKecamatan = new Map<string, string[]>();
  private current: number;
  private isolated: LiveIsolation | null;

  constructor(inventory: readonly LiveInventorySite[], start: LiveStart) {
    const known = new Map(start.sites.map((state) => [state.siteId, state]));
    this.index(inventory, (id) => {
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

  hasKecamatan(name: string): boolean {
    return this.sitesByKecamatan.has(name);
  }

  kecamatans(): IterableIterator<string> {
    return this.sitesByKecamatan.keys();
  }

  kecamatanOf(siteId: string): string | undefined {
    return this.kecamatanBySite.get(siteId);
  }

  view(siteId: string): LiveSite | undefined {
    return this.views.get(siteId);
  }

  /** Every site of a scope (null: all of them), in inventory order. */
  sitesIn(kecamatan: string | null): LiveSite[] {
    if (kecamatan === null) return [...this.views.values()];
    return this.viewsOf(this.sitesByKecamatan.get(kecamatan) ?? [], kecamatan);
  }

  /** The given sites that lie in a scope (null: all), each once. */
  viewsOf(siteIds: Iterable<string>, kecamatan: string | null): LiveSite[] {
    const out: LiveSite[] = [];
    for (const id of siteIds) {
      const view = this.views.get(id);
      if (view && (kecamatan === null || this.kecamatanBySite.get(id) === kecamatan))
        out.push(view);
    }
    return out;
  }

  /**
   * Takes the engine's `sites-changed` event with the inventory it stands for: removed sites leave,
   * added ones come in unknown, every site's kecamatan is taken anew. Null for one already applied.
   */
  reinventory(
    event: SitesChangedEvent,
    inventory: readonly LiveInventorySite[],
  ): BoardChange | null {
    if (!this.follows(event)) return null;
    const before = new Map(this.views);
    this.views.clear();
    this.kecamatanBySite.clear();
    this.sitesByKecamatan.clear();
    this.index(inventory, (id) => before.get(id) ?? viewOf(id, { state: 'unknown' }, null, false));
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

  private index(inventory: readonly LiveInventorySite[], view: (id: string) => LiveSite): void {
    for (const site of inventory) {
      if (this.views.has(site.id)) continue; // a duplicate id: the first one counts, as in the engine
      this.views.set(site.id, view(site.id));
      this.kecamatanBySite.set(site.id, site.kecamatan);
      const members = this.sitesByKecamatan.get(site.kecamatan) ?? [];
      members.push(site.id);
      this.sitesByKecamatan.set(site.kecamatan, members);
    }
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
