// The recent versions and the sites each one changed, so a client back after a short gap gets
// only what it missed. Bounded: once more versions than its capacity came, the oldest drop out.

import type { BoardChange } from './status-board.js';

/** What changed after a version, up to the latest (the resume sends the isolation as it is now). */
export interface Missed {
  readonly siteIds: ReadonlySet<string>;
}

export class ReplayLog {
  private readonly ring: (BoardChange | undefined)[];
  private held = 0;

  /** `latest`: the version the log starts at; it holds nothing before what it is given next. */
  constructor(
    private readonly capacity: number,
    private latest: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`the replay log needs a whole capacity of at least 1, not ${capacity}`);
    this.ring = new Array<BoardChange | undefined>(capacity);
  }

  /** Keeps a change; changes come in version order without gaps (the board sees to it). */
  record(change: BoardChange): void {
    this.ring[change.version % this.capacity] = change;
    this.latest = change.version;
    this.held = Math.min(this.held + 1, this.capacity);
  }

  /** Everything after `version`; null when the log no longer (or never) held all of it. */
  since(version: number): Missed | null {
    const oldest = this.latest - this.held + 1;
    if (!Number.isSafeInteger(version) || version > this.latest || version + 1 < oldest)
      return null;
    const siteIds = new Set<string>();
    for (let v = version + 1; v <= this.latest; v++) {
      const change = this.ring[v % this.capacity];
      if (change === undefined || change.version !== v) return null;
      for (const id of change.siteIds) siteIds.add(id);
    }
    return { siteIds };
  }
}
