// The live hub's socket.io protocol: message names and shapes, shared by the server, the dashboard
// and the tests. Everything is plain JSON.
//
// Connecting (namespace "/", path /socket.io/), the client may send handshake auth (`LiveAuth`):
//   {}                              every site, a fresh snapshot
//   { kecamatan }                   only that kecamatan's sites; the name matches in any case
//                                   ("cisoka", "CISOKA", "Cisoka" are one scope), and the hub
//                                   answers with it as the inventory spells it
//   { epoch, version, kecamatan? }  resume: the epoch and version of the last state it applied,
//                                   for the same scope
// A handshake with wrong types or an unknown kecamatan is refused: the client gets `connect_error`
// whose message names the problem and whose `data` is `{ code }` (a `LiveErrorCode`).
//
// Server → client:
//   `snapshot` (LiveSnapshot)  every site of the scope at `version`; replaces what the client held.
//   `resumed`  (LiveResume)    after a resume: the sites of the scope that changed after the client's
//                              version, each in its state at `toVersion` (none when nothing was
//                              missed). A resume the hub cannot serve (another epoch, a version it no
//                              longer holds) gets a `snapshot` instead.
//   `batch`    (LiveBatch)     changes, at most one batch per interval (250 ms by default). Each
//                              changed site appears once, in its latest state; `isolation` is present
//                              only when the monitor's isolation changed. Versions are contiguous per
//                              client: `fromVersion` is always the client's version + 1, also when a
//                              batch has no change in its scope; a higher `fromVersion` means something
//                              was lost: reconnect sending epoch and version.
//   `inventory` (LiveInventoryChange) the inventory was reloaded: which sites were added, removed
//                              or changed (refetch them from /api/sites); a `snapshot` of the
//                              client's scope follows at once, on the same connection.
//   `measurement` (Measurement) live RTT, loss and WAN traffic of a subscribed site, at most one per
//                              site per measurement interval (1 s by default); the latest known one is
//                              sent at once on subscribing.
// After connecting the client gets exactly one `snapshot` or `resumed` before any `batch`.
//
// Client → server, each with an acknowledgement (`LiveAck`):
//   `subscribe`   { kecamatan }  watch only that kecamatan (replacing the current scope; any case,
//                                as in the handshake); a `snapshot` of it follows.
//   `unsubscribe` { kecamatan }  back to every site; a `snapshot` follows (no-op when not watching it).
//   `subscribe`   { siteId }     `measurement`s of that site, e.g. while its detail page is open.
//   `unsubscribe` { siteId }
// A bad request is answered `{ ok: false, code, error }` naming the problem and changes nothing.

import type { IsolationTrigger, SiteStatus } from '../status/types.js';

/** A site's shown state: its status (with the cause of an unreachable site) flattened in. */
export type LiveSite = SiteStatus & {
  readonly siteId: string;
  /** Epoch ms the status began; null while the site has never been known. */
  readonly since: number | null;
  readonly flapping: boolean;
};

/** The monitor itself is cut off: every site not in maintenance shows unknown. */
export interface LiveIsolation {
  readonly since: number;
  readonly trigger: IsolationTrigger;
}

export interface LiveSnapshot {
  /** The hub's identity; versions are comparable only within one epoch. */
  readonly epoch: string;
  readonly version: number;
  /** The scope, as the inventory spells it whatever the case asked for: null for every site. */
  readonly kecamatan: string | null;
  readonly isolation: LiveIsolation | null;
  readonly sites: readonly LiveSite[];
}

export interface LiveResume {
  readonly epoch: string;
  /** The client's version + 1. */
  readonly fromVersion: number;
  /** The version the client is at after applying this; `fromVersion - 1` when nothing was missed. */
  readonly toVersion: number;
  readonly kecamatan: string | null;
  readonly isolation: LiveIsolation | null;
  readonly changes: readonly LiveSite[];
}

export interface LiveBatch {
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly changes: readonly LiveSite[];
  /** Present only when the isolation changed within the batch; null: it ended. */
  readonly isolation?: LiveIsolation | null;
}

/** A reload changed the inventory at `version`; a snapshot follows. */
export interface LiveInventoryChange {
  readonly version: number;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

/** One site's latest measurements; a value is null when its probe failed or has not reported yet. */
export interface Measurement {
  readonly siteId: string;
  /** Epoch ms of the newest result merged in. */
  readonly at: number;
  readonly rttAvgMs: number | null;
  readonly lossPct: number | null;
  /** WAN traffic, bit/s, of the latest SNMP poll. */
  readonly inBps: number | null;
  readonly outBps: number | null;
}

export interface LiveAuth {
  readonly epoch?: string;
  readonly version?: number;
  readonly kecamatan?: string;
}

export type SubscribeRequest = { readonly kecamatan: string } | { readonly siteId: string };

export const LIVE_ERROR_CODES = [
  'bad-request',
  'unknown-kecamatan',
  'unknown-site',
  'too-many-sites',
  'internal',
] as const;
export type LiveErrorCode = (typeof LIVE_ERROR_CODES)[number];

export type LiveAck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: LiveErrorCode; readonly error: string };

export interface ServerToClientEvents {
  snapshot: (message: LiveSnapshot) => void;
  resumed: (message: LiveResume) => void;
  batch: (message: LiveBatch) => void;
  inventory: (message: LiveInventoryChange) => void;
  measurement: (message: Measurement) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (reply: LiveAck) => void) => void;
  unsubscribe: (request: SubscribeRequest, ack: (reply: LiveAck) => void) => void;
}

/** What a refused handshake's `connect_error` carries in `data`. */
export interface LiveConnectErrorData {
  readonly code: LiveErrorCode;
}
