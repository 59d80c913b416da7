// The SNMP poller: SnmpPoller over net-snmp for v1, v2c and v3, one UDP socket for every site.
// A site gets its own session (v3 engine discovery and time live there) and memory (where its WAN
// and LAN are), made at its first poll and kept until forget(). snmp-site-poll.ts says what a poll
// does, snmp-transport.ts how one socket serves every session.
//
// Behaviour worth knowing:
// - One GET a poll: sysUpTime.0 and, per interface, the identifying column, ifOperStatus, the 64-
//   and 32-bit octet counters, ifHighSpeed, ifSpeed, ifIn/OutErrors, ifInDiscards. Missing objects
//   are null; a wrong type fails the poll as bad-reply.
// - Interfaces are found by walking their column (GETBULK; GETNEXT for v1), cached, and found again
//   when the identifying column no longer matches, the row is gone, or sysUpTime went back. An
//   ifName selector on an agent without ifXTable (Counter32-only CPE, VSAT modems) is matched
//   against ifDescr instead. A LAN that cannot be found fails the poll as wan-not-found too (the
//   message names the LAN), so a wrong selector is seen at once.
// - v1: no Counter64 asked; a column answered noSuchName is left out for that site from then on
//   (for all its interfaces), with one retry per poll. The same applies to a v2c agent doing so.
// - At most one poll in flight per site: another is refused at once as send-failed ("still in
//   flight") and counted in `refusedInFlight`. At most `concurrency` polls in flight overall.
// - Failures: timeout (no reply; the message notes late replies to earlier requests), auth (USM
//   reports, digests, decryption, authorizationError), bad-reply (undecodable datagrams, replies with
//   an unknown request id, invalid or mistyped replies), error-status, no-such-object (no
//   sysUpTime, or v1 noSuchName twice in a poll), wan-not-found, send-failed (socket errors, DNS,
//   refused or aborted before sending, closed). An aborted poll in flight is a timeout, not logged.
// - Each failure kind is logged once per site (until forget()), counted always: see stats().
// - pollMs is the final GET's request-to-reply time (retransmissions and a v3 time sync included);
//   monotonicMs is performance.now() and `at` Date.now() at that reply. A failure's pollMs is the
//   whole poll, queueing included.
// - Single DES runs as 3DES-EDE with one key where Node's OpenSSL lacks des-cbc (snmp-des.ts).
// - IPv4 only; a host name is resolved once, when the site's session is made.

import { lookup } from 'node:dns/promises';
import { isIPv4, isIPv6 } from 'node:net';
import type { Logger } from '../../logger.js';
import { ConcurrencyGate } from './snmp-concurrency.js';
import type { IdentityColumn } from './snmp-get-plan.js';
import type { IfColumn } from './snmp-oids.js';
import { type SiteFailureContext, type SiteSnmpStats, SnmpPollBook } from './snmp-poll-stats.js';
import { SiteSession } from './snmp-session.js';
import { newSiteMemory, pollSite, type SiteMemory, type SitePollResult } from './snmp-site-poll.js';
import { type TransportStats, UdpMultiplexer } from './snmp-transport.js';
import type {
  InterfaceRole,
  SnmpFailure,
  SnmpPoller,
  SnmpPollOutcome,
  SnmpSettings,
  SnmpTarget,
} from './types.js';

export interface SnmpPollerOptions {
  readonly log: Logger;
  /** Polls in flight at once over all sites; more wait their turn. 500 unless set. */
  readonly concurrency?: number;
  /** Local address of the shared UDP socket; 0.0.0.0 unless set. */
  readonly bindAddress?: string;
  /** GETBULK max-repetitions when walking a column to find an interface. 25 unless set. */
  readonly maxRepetitions?: number;
  /** Requests a column walk may take before the agent is judged to loop. 200 unless set. */
  readonly maxWalkPages?: number;
  /** SO_RCVBUF of the shared socket. 4 MiB unless set (the kernel caps it at net.core.rmem_max). */
  readonly recvBufferBytes?: number;
}

/** One site's figures: counts by outcome, and what the poller has learnt about its agent. */
export interface SnmpSiteStats extends SiteSnmpStats {
  readonly interfaces: Partial<
    Record<InterfaceRole, { readonly ifIndex: number; readonly identity: IdentityColumn }>
  >;
  /** Columns the agent answered noSuchName for, left out of its GETs since. */
  readonly excludedColumns: readonly IfColumn[];
  readonly noIfXTable: boolean;
  readonly rediscoveries: number;
  /** Datagrams from the agent net-snmp could not decode. */
  readonly undecodable: number;
  /** Replies whose request id matched no request of ours. */
  readonly ignoredReplies: number;
  /** Replies that came after their request had given up: the agent is slower than the timeout. */
  readonly lateReplies: number;
}

export interface SnmpPollerStats {
  readonly polls: number;
  readonly ok: number;
  readonly failures: Record<SnmpFailure, number>;
  /** Polls refused because the site's previous poll was still in flight (counted as send-failed). */
  readonly refusedInFlight: number;
  readonly inFlight: number;
  readonly queued: number;
  readonly sessions: number;
  readonly transport: TransportStats;
  readonly sites: Record<string, SnmpSiteStats>;
}

export interface NetSnmpPollerApi extends SnmpPoller {
  stats(): SnmpPollerStats;
  /** One site's figures; cheaper than stats() with 100,000 sites. */
  siteStats(siteId: string): SnmpSiteStats | null;
}

interface SiteState {
  readonly siteId: string;
  /** The target object last polled: when the caller passes the same one, nothing changed. */
  target: SnmpTarget;
  sessionKey: string;
  selectorKey: string;
  session: SiteSession | null;
  memory: SiteMemory;
  busy: boolean;
}

const sessionKeyOf = (t: SnmpTarget): string =>
  `${t.host}\n${t.port}\n${JSON.stringify(t.credentials)}`;
const selectorKeyOf = (t: SnmpTarget): string => JSON.stringify([t.wan, t.lan]);

type Failure = Extract<SitePollResult, { ok: false }>;
const fail = (failure: SnmpFailure, message: string): Failure => ({ ok: false, failure, message });

export class NetSnmpPoller implements NetSnmpPollerApi {
  private readonly log: Logger;
  private readonly mux: UdpMultiplexer;
  private readonly gate: ConcurrencyGate;
  private readonly book: SnmpPollBook;
  private readonly sites = new Map<string, SiteState>();
  private readonly running = new Set<Promise<SnmpPollOutcome>>();
  private readonly siteOptions: { maxRepetitions: number; maxWalkPages: number };
  private refusedInFlight = 0;
  private closed = false;

  constructor(options: SnmpPollerOptions) {
    this.log = options.log;
    this.gate = new ConcurrencyGate(options.concurrency ?? 500);
    this.book = new SnmpPollBook(options.log);
    this.siteOptions = {
      maxRepetitions: options.maxRepetitions ?? 25,
      maxWalkPages: options.maxWalkPages ?? 200,
    };
    this.mux = new UdpMultiplexer({
      log: options.log,
      ...(options.bindAddress ? { bindAddress: options.bindAddress } : {}),
      ...(options.recvBufferBytes ? { recvBufferBytes: options.recvBufferBytes } : {}),
    });
  }

  poll(target: SnmpTarget, settings: SnmpSettings, signal: AbortSignal): Promise<SnmpPollOutcome> {
    const running = this.pollGuarded(target, settings, signal);
    this.running.add(running);
    void running.finally(() => this.running.delete(running));
    return running;
  }

  private async pollGuarded(
    target: SnmpTarget,
    settings: SnmpSettings,
    signal: AbortSignal,
  ): Promise<SnmpPollOutcome> {
    const started = performance.now();
    const context: SiteFailureContext = {
      siteId: target.siteId,
      host: target.host,
      port: target.port,
      version: target.credentials.version,
    };
    if (this.closed)
      return this.outcome(context, null, fail('send-failed', 'the poller is closed'), started);
    const existing = this.sites.get(target.siteId);
    if (existing?.busy) {
      // One request in flight per site: a second would share the session and confuse its v3 state.
      this.refusedInFlight += 1;
      const refused = fail(
        'send-failed',
        'not sent: the previous poll of this site is still in flight',
      );
      return this.outcome(context, existing, refused, started);
    }
    const site = this.siteFor(target, existing);
    site.busy = true;
    try {
      if (!(await this.gate.acquire(signal))) {
        const why = signal.aborted
          ? 'aborted while waiting for its turn'
          : 'the poller closed while this poll waited';
        return this.outcome(context, site, fail('send-failed', why), started, false);
      }
      let result: SitePollResult;
      try {
        result = await this.pollAcquired(site, target, settings, signal);
      } catch (error) {
        // pollSite returns failures; a throw here is a bug, so it is logged each time.
        this.log.error({ err: error, site: target.siteId }, 'SNMP poll threw');
        result = fail(
          'send-failed',
          `internal error: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        this.gate.release();
      }
      return this.outcome(context, site, result, started, !signal.aborted);
    } finally {
      site.busy = false;
    }
  }

  private async pollAcquired(
    site: SiteState,
    target: SnmpTarget,
    settings: SnmpSettings,
    signal: AbortSignal,
  ): Promise<SitePollResult> {
    if (!site.session) {
      const address = await resolveIPv4(target.host);
      if (!address.ok) return address;
      if (this.closed || this.sites.get(site.siteId) !== site) {
        return fail(
          'send-failed',
          'the site was forgotten or the poller closed before the poll was sent',
        );
      }
      site.session = new SiteSession(this.mux, address.address, target.port, target.credentials);
    }
    return pollSite(site.session.exchange(settings, signal), target, site.memory, this.siteOptions);
  }

  /** The site's state, made anew where its agent or credentials changed. */
  private siteFor(target: SnmpTarget, existing: SiteState | undefined): SiteState {
    if (existing && existing.target === target) return existing;
    const sessionKey = sessionKeyOf(target);
    const selectorKey = selectorKeyOf(target);
    if (!existing) {
      const site: SiteState = {
        siteId: target.siteId,
        target,
        sessionKey,
        selectorKey,
        session: null,
        memory: newSiteMemory(),
        busy: false,
      };
      this.sites.set(target.siteId, site);
      return site;
    }
    existing.target = target;
    if (existing.sessionKey !== sessionKey) {
      existing.session?.close();
      existing.session = null;
      existing.sessionKey = sessionKey;
      existing.memory = newSiteMemory();
    }
    if (existing.selectorKey !== selectorKey) {
      existing.selectorKey = selectorKey;
      existing.memory = newSiteMemory();
    }
    return existing;
  }

  private outcome(
    context: SiteFailureContext,
    site: SiteState | null,
    result: SitePollResult,
    started: number,
    log = true,
  ): SnmpPollOutcome {
    const current = site !== null && this.sites.get(context.siteId) === site;
    if (result.ok) {
      if (current) this.book.recordOk(context.siteId);
      return result;
    }
    const at = Date.now();
    if (current) this.book.recordFailure(context, result.failure, result.message, at, log);
    return {
      ok: false,
      at,
      pollMs: performance.now() - started,
      failure: result.failure,
      message: result.message,
    };
  }

  forget(siteId: string): void {
    const site = this.sites.get(siteId);
    if (!site) return;
    this.sites.delete(siteId);
    site.session?.close();
    this.book.forget(siteId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.gate.close();
    for (const site of this.sites.values()) site.session?.close();
    await Promise.allSettled([...this.running]);
    await this.mux.close();
  }

  siteStats(siteId: string): SnmpSiteStats | null {
    const site = this.sites.get(siteId);
    const counts = this.book.siteStats(siteId);
    if (!site && !counts) return null;
    const memory = site?.memory ?? newSiteMemory();
    const interfaces: SnmpSiteStats['interfaces'] = {};
    for (const role of ['wan', 'lan'] as const) {
      const bound = memory.bound[role];
      if (bound) interfaces[role] = { ifIndex: bound.ifIndex, identity: bound.identity };
    }
    const session = site?.session?.stats;
    return {
      polls: counts?.polls ?? 0,
      ok: counts?.ok ?? 0,
      failures: counts?.failures ?? {},
      lastFailure: counts?.lastFailure ?? null,
      interfaces,
      excludedColumns: [...memory.excluded],
      noIfXTable: memory.noIfXTable,
      rediscoveries: memory.rediscoveries,
      undecodable: session?.undecodable ?? 0,
      ignoredReplies: session?.ignored ?? 0,
      lateReplies: session?.late ?? 0,
    };
  }

  stats(): SnmpPollerStats {
    const sites: Record<string, SnmpSiteStats> = {};
    for (const id of new Set([...this.sites.keys(), ...this.book.siteIds()])) {
      const stats = this.siteStats(id);
      if (stats) sites[id] = stats;
    }
    return { ...this.totals(), sites };
  }

  /** The poller's figures without the per-site ones: cheap enough for every summary. */
  totals(): Omit<SnmpPollerStats, 'sites'> {
    let sessions = 0;
    for (const site of this.sites.values()) if (site.session) sessions += 1;
    return {
      ...this.book.totals(),
      refusedInFlight: this.refusedInFlight,
      inFlight: this.gate.inFlight,
      queued: this.gate.queued,
      sessions,
      transport: this.mux.snapshot(),
    };
  }
}

async function resolveIPv4(host: string): Promise<{ ok: true; address: string } | Failure> {
  if (isIPv4(host)) return { ok: true, address: host };
  if (isIPv6(host))
    return fail('send-failed', `${host}: IPv6 agents are not supported (the SNMP socket is IPv4)`);
  try {
    const { address } = await lookup(host, { family: 4 });
    return { ok: true, address };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return fail(
      'send-failed',
      `cannot resolve ${host}${typeof code === 'string' ? `: ${code}` : ''}`,
    );
  }
}

export function createSnmpPoller(options: SnmpPollerOptions): NetSnmpPoller {
  return new NetSnmpPoller(options);
}
