// What one poll of one site does, over an abstract request/reply exchange: find the interfaces
// (walking the configured column), send the one GET, and find them again when the reply shows they
// moved (renumbering, a reboot) or the agent lacks a column. No sockets here: the exchange is passed
// in, so every path is exercised in unit tests with a scripted agent.

import type { InterfaceSelector } from '../../inventory/index.js';
import type { ClassifiedError } from './snmp-errors.js';
import { NO_SUCH_NAME } from './snmp-errors.js';
import {
  type BoundInterface,
  buildGetPlan,
  type GetPlan,
  type IdentityColumn,
  readGetReply,
  type SnmpVersionName,
} from './snmp-get-plan.js';
import { describeOid, IF_COLUMNS, type IfColumn } from './snmp-oids.js';
import { type RawVarbind, readText } from './snmp-values.js';
import { readWalkPage } from './snmp-walk.js';
import type { InterfaceRole, SnmpFailure, SnmpSample } from './types.js';

export type ExchangeOutcome<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /** performance.now() when the request was handed to the session, and at its reply. */
      readonly sentAt: number;
      readonly repliedAt: number;
      /** Date.now() at the reply. */
      readonly repliedAtEpoch: number;
    }
  | ({ readonly ok: false } & ClassifiedError);

/** One request, one outcome; at most one outstanding at a time (the poll awaits each). */
export interface SnmpExchange {
  readonly version: SnmpVersionName;
  get(oids: readonly string[]): Promise<ExchangeOutcome<readonly RawVarbind[]>>;
  getNext(oids: readonly string[]): Promise<ExchangeOutcome<readonly RawVarbind[]>>;
  /** GETBULK with one repeater and no non-repeaters. */
  getBulk(oid: string, maxRepetitions: number): Promise<ExchangeOutcome<readonly RawVarbind[]>>;
}

/** What the poller has learnt about one agent; kept between polls, dropped by forget(). */
export interface SiteMemory {
  readonly bound: Partial<Record<InterfaceRole, BoundInterface>>;
  lastUptimeTicks: number | null;
  /** Columns the agent answered noSuchName for (v1 style): left out of later GETs. */
  readonly excluded: Set<IfColumn>;
  /** The agent has no ifXTable: an ifName selector is matched against ifDescr. */
  noIfXTable: boolean;
  /** Discoveries after the first: renumbering, reboots, vanished rows. */
  rediscoveries: number;
  /** The last GET plan, reused while the interfaces and left-out columns stay the same. */
  plan: { readonly plan: GetPlan; readonly excluded: number } | null;
}

export function newSiteMemory(): SiteMemory {
  return {
    bound: {},
    lastUptimeTicks: null,
    excluded: new Set(),
    noIfXTable: false,
    rediscoveries: 0,
    plan: null,
  };
}

export interface SitePollOptions {
  readonly maxRepetitions: number;
  /** A walk longer than this many requests is an agent that never ends its column. */
  readonly maxWalkPages: number;
}

export type SitePollResult =
  | { readonly ok: true; readonly sample: SnmpSample }
  | { readonly ok: false; readonly failure: SnmpFailure; readonly message: string };

type Failure = Extract<SitePollResult, { ok: false }>;

const fail = (failure: SnmpFailure, message: string): Failure => ({ ok: false, failure, message });

const ROLE_LABEL: Record<InterfaceRole, string> = { wan: 'WAN', lan: 'LAN' };

function describeSelector(selector: InterfaceSelector): string {
  return selector.by === 'ifIndex'
    ? `ifIndex ${selector.value}`
    : `${selector.by} "${selector.value}"`;
}

type Selectors = readonly (readonly [InterfaceRole, InterfaceSelector])[];

/** Polls one site once: discovery when needed, one GET, at most one rediscovery and one v1 retry. */
export async function pollSite(
  exchange: SnmpExchange,
  selectors: { readonly wan: InterfaceSelector; readonly lan: InterfaceSelector | null },
  memory: SiteMemory,
  options: SitePollOptions,
): Promise<SitePollResult> {
  const roles: Selectors = selectors.lan
    ? [
        ['wan', selectors.wan],
        ['lan', selectors.lan],
      ]
    : [['wan', selectors.wan]];
  const selectorOf = new Map(roles);
  const missing = roles.filter(([role]) => memory.bound[role] === undefined);
  let discovered = false;
  if (missing.length > 0) {
    const failure = await discover(exchange, missing, memory, options);
    if (failure) return failure;
    discovered = true;
  }
  let retriedNoSuchName = false;
  for (;;) {
    const plan = planFor(exchange.version, roles, memory);
    const reply = await exchange.get(plan.oids);
    if (!reply.ok) {
      if (reply.errorStatus !== NO_SUCH_NAME) return fail(reply.failure, reply.message);
      const step = afterNoSuchName(plan, reply, memory, retriedNoSuchName);
      if (step.kind === 'fail') return step.failure;
      if (step.kind === 'retry') {
        retriedNoSuchName = true;
        continue;
      }
      // The identity column's instance is gone: find the interface again, like a stale identity.
      const gone = ifIndexGone(step.role, selectorOf);
      if (gone) return gone;
      if (discovered) return notFoundAfterRediscovery(step.role, plan, selectorOf, 'is gone');
      const failure = await rediscover(exchange, [step.role], selectorOf, memory, options);
      if (failure) return failure;
      discovered = true;
      continue;
    }
    const reading = readGetReply(plan, reply.value);
    if (!reading.ok) return fail(reading.failure, reading.message);
    const stale = plan.interfaces.filter(
      (b) => reading.rows.get(b.role)?.identity.state !== 'match',
    );
    const rebooted =
      memory.lastUptimeTicks !== null && reading.uptimeTicks < memory.lastUptimeTicks;
    for (const bound of stale) {
      const gone = ifIndexGone(bound.role, selectorOf);
      if (gone) return gone;
    }
    if (stale.length > 0 && discovered) {
      const bound = stale[0] as BoundInterface;
      const check = reading.rows.get(bound.role)?.identity;
      return notFoundAfterRediscovery(
        bound.role,
        plan,
        selectorOf,
        check?.state === 'mismatch' ? `now reads "${check.found}"` : 'is gone',
      );
    }
    // A reboot may renumber interfaces even where the old index still answers (and may bring
    // new firmware: an ifXTable where there was none). Once per poll: bindings found in this
    // poll are fresh, and a second walk could repeat for ever with an agent that flaps.
    const staleRoles = new Set(stale.map((b) => b.role));
    const again = roles
      .filter(
        ([role, sel]) => staleRoles.has(role) || (rebooted && !discovered && sel.by !== 'ifIndex'),
      )
      .map(([role]) => role);
    if (again.length > 0) {
      if (rebooted) memory.noIfXTable = false;
      const failure = await rediscover(exchange, again, selectorOf, memory, options);
      if (failure) return failure;
      discovered = true;
      const unchanged = plan.interfaces.every((b) => sameBinding(memory.bound[b.role], b));
      if (stale.length > 0 || !unchanged) continue;
    }
    memory.lastUptimeTicks = reading.uptimeTicks;
    return {
      ok: true,
      sample: {
        at: reply.repliedAtEpoch,
        monotonicMs: reply.repliedAt,
        pollMs: reply.repliedAt - reply.sentAt,
        uptimeTicks: reading.uptimeTicks,
        interfaces: plan.interfaces.map(
          (b) => (reading.rows.get(b.role) as { sample: SnmpSample['interfaces'][number] }).sample,
        ),
      },
    };
  }
}

/** The GET plan for the interfaces as bound now; rebuilt only when a binding or exclusion changed. */
function planFor(version: SnmpVersionName, roles: Selectors, memory: SiteMemory): GetPlan {
  const bound = roles.map(([role]) => memory.bound[role] as BoundInterface);
  const cached = memory.plan;
  if (
    cached &&
    cached.excluded === memory.excluded.size &&
    cached.plan.interfaces.length === bound.length &&
    cached.plan.interfaces.every((b, i) => b === bound[i])
  ) {
    return cached.plan;
  }
  const plan = buildGetPlan(version, bound, memory.excluded);
  memory.plan = { plan, excluded: memory.excluded.size };
  return plan;
}

/** A configured ifIndex that no longer answers cannot be found elsewhere. */
function ifIndexGone(
  role: InterfaceRole,
  selectorOf: ReadonlyMap<InterfaceRole, InterfaceSelector>,
): Failure | null {
  const selector = selectorOf.get(role);
  if (selector?.by !== 'ifIndex') return null;
  return fail(
    'wan-not-found',
    `${ROLE_LABEL[role]} interface not found: ifIndex ${selector.value} does not exist on the agent`,
  );
}

function sameBinding(a: BoundInterface | undefined, b: BoundInterface): boolean {
  return a !== undefined && a.ifIndex === b.ifIndex && a.identity === b.identity;
}

type NoSuchNameStep =
  | { readonly kind: 'fail'; readonly failure: Failure }
  | { readonly kind: 'retry' }
  | { readonly kind: 'identity-gone'; readonly role: InterfaceRole };

/** v1 answers a whole GET with noSuchName for its first missing varbind: drop that column and retry once. */
function afterNoSuchName(
  plan: GetPlan,
  reply: ClassifiedError,
  memory: SiteMemory,
  alreadyRetried: boolean,
): NoSuchNameStep {
  const index = reply.errorOid === undefined ? -1 : plan.oids.indexOf(reply.errorOid);
  const slot = plan.slots[index];
  if (!slot) {
    return {
      kind: 'fail',
      failure: fail('error-status', `${reply.message} (not one of the OIDs asked for)`),
    };
  }
  if (slot.kind === 'uptime') {
    return {
      kind: 'fail',
      failure: fail('no-such-object', 'the agent has no sysUpTime.0 (noSuchName)'),
    };
  }
  if (slot.identity) return { kind: 'identity-gone', role: slot.role };
  memory.excluded.add(slot.column);
  if (alreadyRetried) {
    return {
      kind: 'fail',
      failure: fail(
        'no-such-object',
        `noSuchName for ${describeOid(reply.errorOid as string)} after one retry; ${slot.column} is left out from now on`,
      ),
    };
  }
  return { kind: 'retry' };
}

function notFoundAfterRediscovery(
  role: InterfaceRole,
  plan: GetPlan,
  selectorOf: ReadonlyMap<InterfaceRole, InterfaceSelector>,
  what: string,
): Failure {
  const bound = plan.interfaces.find((b) => b.role === role);
  const selector = selectorOf.get(role);
  return fail(
    'wan-not-found',
    `${ROLE_LABEL[role]} interface not found: ${selector ? describeSelector(selector) : role} was found at ifIndex ${bound?.ifIndex}, but its ${bound?.identity} ${what}`,
  );
}

async function rediscover(
  exchange: SnmpExchange,
  roles: readonly InterfaceRole[],
  selectorOf: ReadonlyMap<InterfaceRole, InterfaceSelector>,
  memory: SiteMemory,
  options: SitePollOptions,
): Promise<Failure | null> {
  memory.rediscoveries += 1;
  const again: [InterfaceRole, InterfaceSelector][] = [];
  for (const role of roles) {
    delete memory.bound[role];
    again.push([role, selectorOf.get(role) as InterfaceSelector]);
  }
  return discover(exchange, again, memory, options);
}

type NameColumn = Exclude<IdentityColumn, 'ifIndex'>;

/** Locates each role's interface: ifIndex as configured, names by walking their column. */
async function discover(
  exchange: SnmpExchange,
  roles: Selectors,
  memory: SiteMemory,
  options: SitePollOptions,
): Promise<Failure | null> {
  const byColumn = new Map<NameColumn, [InterfaceRole, string][]>();
  for (const [role, selector] of roles) {
    if (selector.by === 'ifIndex') {
      memory.bound[role] = {
        role,
        ifIndex: selector.value,
        identity: 'ifIndex',
        expected: selector.value,
      };
      continue;
    }
    const column: NameColumn =
      selector.by === 'ifName' && memory.noIfXTable ? 'ifDescr' : selector.by;
    const list = byColumn.get(column) ?? [];
    list.push([role, selector.value]);
    byColumn.set(column, list);
  }
  for (const [requested, wanted] of byColumn) {
    let column = requested;
    let found = await findInColumn(exchange, column, wanted, options);
    if (!found.ok) return found;
    if (column === 'ifName' && found.rows === 0) {
      // A CPE without ifXTable (Counter32 only): its ifDescr carries the name ifName would.
      memory.noIfXTable = true;
      column = 'ifDescr';
      found = await findInColumn(exchange, column, wanted, options);
      if (!found.ok) return found;
    }
    for (const [role, value] of wanted) {
      const ifIndex = found.found.get(value);
      if (ifIndex === undefined) {
        const fallback =
          requested === 'ifName' && column === 'ifDescr'
            ? ' (the agent has no ifXTable, so ifDescr was searched for the ifName)'
            : '';
        return fail(
          'wan-not-found',
          `${ROLE_LABEL[role]} interface not found: no ${requested} "${value}" among the agent's ${found.rows} interfaces${fallback}`,
        );
      }
      memory.bound[role] = { role, ifIndex, identity: column, expected: value };
    }
  }
  return null;
}

type ColumnSearch = { ok: true; rows: number; found: Map<string, number> } | Failure;

/** Walks a column (GETBULK, or GETNEXT for v1) until every wanted value is found or the column ends. */
async function findInColumn(
  exchange: SnmpExchange,
  column: NameColumn,
  wanted: readonly (readonly [InterfaceRole, string])[],
  options: SitePollOptions,
): Promise<ColumnSearch> {
  const columnOid = IF_COLUMNS[column];
  const values = new Set(wanted.map(([, value]) => value));
  const found = new Map<string, number>();
  let rows = 0;
  let cursor: string = columnOid;
  for (let page = 0; ; page++) {
    if (page >= options.maxWalkPages) {
      return fail('bad-reply', `walking ${column} did not end after ${page} requests`);
    }
    const reply =
      exchange.version === '1'
        ? await exchange.getNext([cursor])
        : await exchange.getBulk(cursor, options.maxRepetitions);
    if (!reply.ok) {
      // A v1 agent ends every walk with noSuchName.
      if (exchange.version === '1' && reply.errorStatus === NO_SUCH_NAME) break;
      return fail(reply.failure, `walking ${column}: ${reply.message}`);
    }
    const read = readWalkPage(columnOid, cursor, reply.value);
    if (!read.ok) return fail('bad-reply', read.message);
    for (const row of read.rows) {
      const name = readText(row.varbind);
      if (!name.ok) return fail('bad-reply', `${column}.${row.ifIndex} ${name.error}`);
      rows += 1;
      if (name.value !== null && values.has(name.value) && !found.has(name.value)) {
        found.set(name.value, row.ifIndex);
      }
    }
    if (found.size === values.size || read.next === null) break;
    cursor = read.next;
  }
  return { ok: true, rows, found };
}
