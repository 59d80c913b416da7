// Checks what clients send (handshake auth, subscribe and unsubscribe) before the hub acts on it:
// anything else is refused with a code and a message that names the problem.

import type { LiveAck, LiveErrorCode } from './protocol.js';

export type Refusal = Extract<LiveAck, { readonly ok: false }>;

/** What the hub knows, to tell unknown names from known ones. */
export interface KnownNames {
  /** A kecamatan's one name, whatever the case of `name` (the InventoryIndex's rule); undefined for none. */
  kecamatanName(name: string): string | undefined;
  hasSite(siteId: string): boolean;
}

export type Target =
  | { readonly kind: 'kecamatan'; readonly kecamatan: string }
  | { readonly kind: 'site'; readonly siteId: string };

export interface ResumePoint {
  readonly epoch: string;
  readonly version: number;
}

export interface Handshake {
  readonly kecamatan: string | null;
  readonly resume: ResumePoint | null;
}

const MAX_NAME = 200;
const HANDSHAKE_FIELDS: readonly string[] = ['kecamatan', 'epoch', 'version'];

export function isRefusal<T extends object>(value: T | Refusal): value is Refusal {
  return 'ok' in value && value.ok === false;
}

/**
 * A subscribe or unsubscribe request: exactly one of `kecamatan` and `siteId`, naming a known one.
 * A kecamatan comes back under its one name, whatever the case the client wrote it in.
 */
export function readTarget(raw: unknown, known: KnownNames): Target | Refusal {
  if (!isRecord(raw))
    return refuse('bad-request', 'a request must be an object with either kecamatan or siteId');
  const keys = Object.keys(raw);
  const extra = keys.find((key) => key !== 'kecamatan' && key !== 'siteId');
  if (extra !== undefined) return refuse('bad-request', `unknown field ${quoted(extra)}`);
  if (keys.length !== 1)
    return refuse('bad-request', 'a request names exactly one of kecamatan and siteId');
  if (Object.hasOwn(raw, 'kecamatan')) {
    const name = readKecamatan(raw.kecamatan, known);
    return typeof name === 'string' ? { kind: 'kecamatan', kecamatan: name } : name;
  }
  const siteId = raw.siteId;
  if (!isName(siteId)) return refuse('bad-request', nameRule('siteId'));
  if (!known.hasSite(siteId)) return refuse('unknown-site', `unknown site ${quoted(siteId)}`);
  return { kind: 'site', siteId };
}

/**
 * The handshake auth: an optional kecamatan scope (any case; it comes back under its one name) and
 * an optional resume point (both or neither).
 */
export function readHandshake(raw: unknown, known: KnownNames): Handshake | Refusal {
  const auth = raw ?? {};
  if (!isRecord(auth))
    return refuse('bad-request', 'handshake auth must be an object with kecamatan, epoch, version');
  const extra = Object.keys(auth).find((key) => !HANDSHAKE_FIELDS.includes(key));
  if (extra !== undefined) return refuse('bad-request', `unknown handshake field ${quoted(extra)}`);
  const { epoch, version, kecamatan } = auth;
  if (epoch !== undefined && !isName(epoch)) return refuse('bad-request', nameRule('epoch'));
  if (version !== undefined && !(typeof version === 'number' && isWhole(version)))
    return refuse('bad-request', 'version must be a whole number of at least 0');
  if ((epoch === undefined) !== (version === undefined))
    return refuse('bad-request', 'a resume needs both epoch and version');
  const scope =
    kecamatan === undefined || kecamatan === null ? null : readKecamatan(kecamatan, known);
  if (scope !== null && typeof scope !== 'string') return scope;
  const resume =
    typeof epoch === 'string' && typeof version === 'number' ? { epoch, version } : null;
  return { kecamatan: scope, resume };
}

/** A known kecamatan's one name, or the refusal that says what is wrong with it. */
function readKecamatan(value: unknown, known: KnownNames): string | Refusal {
  if (!isName(value)) return refuse('bad-request', nameRule('kecamatan'));
  const name = known.kecamatanName(value);
  if (name === undefined) return refuse('unknown-kecamatan', `unknown kecamatan ${quoted(value)}`);
  return name;
}

function refuse(code: LiveErrorCode, error: string): Refusal {
  return { ok: false, code, error };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWhole(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME;
}

function nameRule(field: string): string {
  return `${field} must be a non-empty string of at most ${MAX_NAME} characters`;
}

/** A client's string in a message, cut short: the message must stay readable. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}
