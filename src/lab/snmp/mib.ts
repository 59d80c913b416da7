// A MIB's shape, shared by all sites (sorted OIDs → keys), and a site's view over it (key → value now).

import { compareOids, formatOid, parseOid } from './oid.js';
import type { MibView, Oid, SnmpValue } from './types.js';

export interface LayoutEntry<K> {
  readonly oid: Oid;
  readonly key: K;
}

/**
 * OIDs in lexicographic order, each with a key that tells a site's resolver what to compute.
 * Built once and shared by every site that serves the same objects.
 */
export class SortedMibLayout<K> {
  private readonly oids: Oid[];
  private readonly keys: K[];

  constructor(entries: Iterable<readonly [Oid | string, K]>) {
    const list: LayoutEntry<K>[] = [];
    for (const [oid, key] of entries)
      list.push({ oid: typeof oid === 'string' ? parseOid(oid) : [...oid], key });
    list.sort((a, b) => compareOids(a.oid, b.oid));
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1] as LayoutEntry<K>;
      const cur = list[i] as LayoutEntry<K>;
      if (compareOids(prev.oid, cur.oid) === 0) {
        throw new RangeError(`duplicate OID ${formatOid(cur.oid)} in MIB layout`);
      }
    }
    this.oids = list.map((e) => Object.freeze(e.oid) as Oid);
    this.keys = list.map((e) => e.key);
  }

  get size(): number {
    return this.oids.length;
  }

  /** The index of the first entry strictly greater than `oid` (size when there is none). */
  indexAfter(oid: Oid): number {
    let lo = 0;
    let hi = this.oids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareOids(this.oids[mid] as Oid, oid) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The index of `oid` itself, or -1. */
  indexOf(oid: Oid): number {
    const i = this.indexAfter(oid) - 1;
    return i >= 0 && compareOids(this.oids[i] as Oid, oid) === 0 ? i : -1;
  }

  oidAt(index: number): Oid | undefined {
    return this.oids[index];
  }

  keyAt(index: number): K | undefined {
    return this.keys[index];
  }

  find(oid: Oid): K | undefined {
    const i = this.indexOf(oid);
    return i < 0 ? undefined : this.keys[i];
  }

  next(oid: Oid): { oid: Oid; key: K } | undefined {
    const i = this.indexAfter(oid);
    if (i >= this.oids.length) return undefined;
    return { oid: this.oids[i] as Oid, key: this.keys[i] as K };
  }

  /**
   * True when `oid` lies under the object of a neighbouring entry (the entry's OID less its last arc):
   * an instance of a known scalar or column rather than an unknown object.
   */
  isUnderKnownObject(oid: Oid): boolean {
    const after = this.indexAfter(oid);
    for (let j = after - 1; j <= after; j++) {
      const entry = this.oids[j];
      if (entry === undefined || entry.length < 2 || oid.length < entry.length - 1) continue;
      let under = true;
      for (let k = 0; k < entry.length - 1; k++) {
        if (entry[k] !== oid[k]) {
          under = false;
          break;
        }
      }
      if (under) return true;
    }
    return false;
  }
}

/** A site's values: undefined leaves an object out for this site (a hole `next` skips). */
export type MibResolver<K> = (key: K, nowMs: number) => SnmpValue | undefined;

export function createMibView<K>(layout: SortedMibLayout<K>, resolve: MibResolver<K>): MibView {
  return {
    get(oid, nowMs) {
      const i = layout.indexOf(oid);
      return i < 0 ? undefined : resolve(layout.keyAt(i) as K, nowMs);
    },
    next(oid, nowMs) {
      for (let i = layout.indexAfter(oid); i < layout.size; i++) {
        const value = resolve(layout.keyAt(i) as K, nowMs);
        if (value !== undefined) return { oid: layout.oidAt(i) as Oid, value };
      }
      return undefined;
    },
    absence(oid) {
      // A missing instance of a known scalar or column is noSuchInstance, as net-snmp answers.
      return layout.isUnderKnownObject(oid) ? 'NoSuchInstance' : 'NoSuchObject';
    },
  };
}
