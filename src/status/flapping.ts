// Flap detection, after Nagios/Icinga but simpler: count a site's state changes within a window.
// Flapping starts at `changes` changes within `windowMs` and stops once at most `stopAtMost`
// remain in it; the gap between the two keeps the flag itself from flapping.

import type { FlappingSettings } from './options.js';

export type FlapVerdict = 'started' | 'stopped' | null;

export class FlapTracker {
  /** The times of the last `changes` counted changes, oldest first; older ones cannot matter. */
  private times: number[] = [];
  flapping = false;

  constructor(private readonly settings: FlappingSettings) {}

  /** Changes within the window that ends at `at`. */
  count(at: number): number {
    const from = at - this.settings.windowMs;
    let n = 0;
    for (const t of this.times) if (t > from) n++;
    return n;
  }

  /** Counts a state change; says whether flapping started with it. */
  record(at: number): FlapVerdict {
    this.times.push(at);
    if (this.times.length > this.settings.changes) this.times.shift();
    if (!this.flapping && this.count(at) >= this.settings.changes) {
      this.flapping = true;
      return 'started';
    }
    return null;
  }

  /** Called as results come in: says whether flapping stopped, the changes having aged out. */
  check(at: number): FlapVerdict {
    if (this.flapping && this.count(at) <= this.settings.stopAtMost) {
      this.flapping = false;
      return 'stopped';
    }
    return null;
  }

  toJSON(): number[] {
    return [...this.times];
  }

  load(times: readonly number[], flapping: boolean): void {
    this.times = times.slice(-this.settings.changes);
    this.flapping = flapping;
  }
}
