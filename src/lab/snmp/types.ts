// The value contract between the lab's SNMP agent and the rest of the lab: what a site serves.

/** An OBJECT IDENTIFIER as its arcs; shared arrays are never mutated, so layouts can hand them out. */
export type Oid = readonly number[];

/** A value a site's MIB serves. */
export type SnmpValue =
  | { type: 'Integer'; value: number }
  | { type: 'OctetString'; value: string | Buffer }
  | { type: 'ObjectIdentifier'; value: string } // dotted, e.g. '1.3.6.1.4.1.14988.1'
  | { type: 'IpAddress'; value: string }
  | { type: 'Counter32' | 'Gauge32' | 'TimeTicks'; value: number }
  | { type: 'Counter64'; value: bigint }
  | { type: 'Null' };

/** What a variable binding can carry on the wire: a value, Opaque, or a v2 exception. */
export type VarbindValue =
  | SnmpValue
  | { type: 'Opaque'; value: Buffer }
  | { type: 'NoSuchObject' }
  | { type: 'NoSuchInstance' }
  | { type: 'EndOfMibView' };

export interface Varbind {
  readonly oid: Oid;
  readonly value: VarbindValue;
}

/** What one site's agent serves, evaluated at request time. */
export interface MibView {
  /** undefined → noSuchObject / noSuchInstance (see `absence`). */
  get(oid: Oid, nowMs: number): SnmpValue | undefined;
  /** The first served OID strictly greater than `oid`; undefined → endOfMibView. */
  next(oid: Oid, nowMs: number): { oid: Oid; value: SnmpValue } | undefined;
  /** Which v2 exception a failed `get` deserves; noSuchObject when absent. */
  absence?(oid: Oid): 'NoSuchObject' | 'NoSuchInstance';
}
