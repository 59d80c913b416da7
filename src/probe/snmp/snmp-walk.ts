// Walking one ifTable/ifXTable column to find an interface: what one GETNEXT/GETBULK page says. Pure.

import { compareOids, instanceIndex } from './snmp-oids.js';
import { isAbsent, type RawVarbind } from './snmp-values.js';

export interface WalkRow {
  readonly ifIndex: number;
  readonly varbind: RawVarbind;
}

export type WalkPage =
  | {
      readonly ok: true;
      readonly rows: readonly WalkRow[];
      /** Where the next page starts; null when the column (or the MIB view) has ended. */
      readonly next: string | null;
    }
  | { readonly ok: false; readonly message: string };

/**
 * One page of a column walk started after `cursor`. OIDs must increase (an agent that loops would
 * otherwise be walked for ever); the first OID outside the column, or endOfMibView, ends it.
 */
export function readWalkPage(
  column: string,
  cursor: string,
  varbinds: readonly RawVarbind[],
): WalkPage {
  const rows: WalkRow[] = [];
  let last = cursor;
  for (const vb of varbinds) {
    if (isAbsent(vb)) return { ok: true, rows, next: null };
    if (compareOids(vb.oid, last) <= 0) {
      return {
        ok: false,
        message: `the agent answered ${vb.oid} after ${last} while walking ${column}: OIDs must increase`,
      };
    }
    if (!vb.oid.startsWith(`${column}.`)) return { ok: true, rows, next: null };
    last = vb.oid;
    const ifIndex = instanceIndex(column, vb.oid);
    // Not a one-arc instance: not an ifTable row; skip it rather than fail the site.
    if (ifIndex !== null) rows.push({ ifIndex, varbind: vb });
  }
  return { ok: true, rows, next: varbinds.length === 0 ? null : last };
}
