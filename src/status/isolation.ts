// Is the monitor itself cut off? Two signs: every reference target fails (its gateway, upstream
// hops), or more than a set share of the independent sites (a direct ISP link each) heard from
// within the evaluation window are down. With too little heard the last verdict stands, so a
// quiet moment between probe cycles neither declares nor clears isolation.

import type { IsolationSettings } from './options.js';
import type { IsolationState, IsolationTrigger } from './types.js';

/** Whether a site (or reference target) answered its liveness check. */
export interface LivenessHeard {
  readonly siteId: string;
  readonly up: boolean;
}

interface Heard {
  readonly arrival: number;
  readonly siteId: string;
  readonly up: boolean;
  /** Still this site's latest result in the window. */
  latest: boolean;
}

export type IsolationChange =
  | {
      readonly type: 'isolated';
      readonly trigger: IsolationTrigger;
      readonly downPct: number | null;
      readonly probed: number;
    }
  | { readonly type: 'recovered'; readonly isolatedSince: number };

export class IsolationDetector {
  private readonly references = new Map<string, boolean | null>();
  private readonly heard: Heard[] = [];
  private head = 0;
  private readonly latest = new Map<string, Heard>();
  private probed = 0;
  private down = 0;
  private shareExceeded = false;
  state: IsolationState | null = null;

  constructor(private readonly settings: IsolationSettings) {
    for (const id of settings.referenceIds) this.references.set(id, null);
  }

  isReference(id: string): boolean {
    return this.references.has(id);
  }

  /** Notes a reference target's result. */
  reference(result: LivenessHeard): void {
    this.references.set(result.siteId, result.up);
  }

  /** Notes an independent site's liveness result (ICMP, or its own liveness kind) as it arrives. */
  independent(result: LivenessHeard, arrival: number): void {
    if (this.settings.sharePct === null) return;
    const previous = this.latest.get(result.siteId);
    if (previous !== undefined) this.forget(previous);
    const heard: Heard = { arrival, siteId: result.siteId, up: result.up, latest: true };
    this.heard.push(heard);
    this.latest.set(result.siteId, heard);
    this.probed++;
    if (!result.up) this.down++;
  }

  /** Weighs the evidence at `now`; returns the change of verdict, if any. */
  evaluate(now: number): IsolationChange | null {
    this.expire(now);
    const { sharePct, minSites } = this.settings;
    const downPct = this.probed > 0 ? (this.down * 100) / this.probed : null;
    if (sharePct !== null && this.probed >= minSites && downPct !== null)
      this.shareExceeded = downPct > sharePct;
    const referencesFailed = this.referencesFailed();
    const isolated = referencesFailed || this.shareExceeded;
    if (isolated && this.state === null) {
      const trigger: IsolationTrigger = referencesFailed ? 'reference-targets' : 'share';
      this.state = { since: now, trigger };
      return { type: 'isolated', trigger, downPct, probed: this.probed };
    }
    if (!isolated && this.state !== null) {
      const isolatedSince = this.state.since;
      this.state = null;
      return { type: 'recovered', isolatedSince };
    }
    return null;
  }

  /** Every reference target configured has failed its latest probe. */
  private referencesFailed(): boolean {
    if (this.references.size === 0) return false;
    for (const up of this.references.values()) if (up !== false) return false;
    return true;
  }

  private forget(heard: Heard): void {
    if (!heard.latest) return;
    heard.latest = false;
    this.probed--;
    if (!heard.up) this.down--;
    if (this.latest.get(heard.siteId) === heard) this.latest.delete(heard.siteId);
  }

  private expire(now: number): void {
    const from = now - this.settings.windowMs;
    for (
      let h = this.heard[this.head];
      h !== undefined && h.arrival <= from;
      h = this.heard[this.head]
    ) {
      this.forget(h);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.heard.length) {
      this.heard.splice(0, this.head);
      this.head = 0;
    }
  }

  toMemory(): { references: Record<string, boolean>; shareExceeded: boolean } {
    const references: Record<string, boolean> = {};
    for (const [id, up] of this.references) if (up !== null) references[id] = up;
    return { references, shareExceeded: this.shareExceeded };
  }

  load(
    state: IsolationState | null,
    memory: {
      readonly references: Readonly<Record<string, boolean>>;
      readonly shareExceeded: boolean;
    },
  ): void {
    this.state = state;
    this.shareExceeded = memory.shareExceeded;
    for (const id of this.references.keys()) this.references.set(id, memory.references[id] ?? null);
  }
}
