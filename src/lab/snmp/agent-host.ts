// Serves many simulated sites over UDP: one socket per site, bound to the site's own address, each
// datagram handed to the pure responder, the site's current misbehaviour applied to the reply.

import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { createLogger, type Logger } from '../../logger.js';
import type { Pdu } from './message.js';
import { type Misbehaviour, mangleReply, NORMAL, pduTamper, replyDelayMs } from './misbehaviour.js';
import {
  type AgentSite,
  type ResponderCounters,
  respond,
  SiteAgentState,
  type UsmStat,
  zeroResponderCounters,
} from './responder.js';

export interface AgentCounters {
  /** Datagrams received. */
  requests: number;
  /** Response PDUs sent (mangled ones included). */
  responses: number;
  /** v3 Report PDUs sent (engine discovery, time sync, USM errors). */
  reports: number;
  /** Requests the responder answered with nothing: bad community, undecodable, unsupported. */
  dropped: number;
  /** Requests swallowed by the `silent` misbehaviour. */
  silenced: number;
  /** Socket errors (send failures included) and responder faults. */
  errors: number;
}

/** One site's counters, or the sum over sites; plain data, so it can cross a process boundary as JSON. */
export interface SiteAgentStats extends AgentCounters {
  /** Dropped for a community the site does not have (snmpInBadCommunityNames). */
  readonly badCommunity: number;
  /** Dropped as not BER, not SNMP, or an unknown version (snmpInASNParseErrs, snmpInBadVersions). */
  readonly undecodable: number;
  /** Dropped as a PDU or security model the agent does not take. */
  readonly unsupported: number;
  readonly usm: Readonly<Record<UsmStat, number>>;
}

export type AgentHostStats = SiteAgentStats;

export interface SnmpAgentHostOptions {
  readonly logger?: Logger;
  /** The clock the values and engineTime are computed with (the lab may run a simulated one). */
  readonly now?: () => number;
  /** Randomness for garbage and truncated replies. */
  readonly random?: () => number;
  readonly maxMessageSize?: number;
}

/** A site's socket could not be bound: names the address, so a missing lab address is obvious. */
export class AgentBindError extends Error {
  override readonly name = 'AgentBindError';
  constructor(
    readonly siteId: string,
    readonly address: string,
    readonly port: number,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    const hint =
      code === 'EADDRNOTAVAIL'
        ? ' (the address is not configured on any interface here)'
        : code === 'EACCES'
          ? ' (ports below 1024 need privileges)'
          : code === 'EADDRINUSE'
            ? ' (another socket already holds it)'
            : '';
    const reason = code ?? String(cause);
    super(`SNMP agent for site ${siteId} cannot bind ${address}:${port}: ${reason}${hint}`, {
      cause,
    });
  }
}

interface SiteEntry {
  readonly site: AgentSite;
  readonly state: SiteAgentState;
  readonly socket: dgram.Socket;
  readonly counters: AgentCounters;
  readonly address: string;
  readonly port: number;
  behaviour: Misbehaviour;
  tamper: ((pdu: Pdu) => Pdu) | undefined;
  /** Delayed replies in flight (slow sites only). */
  timers: Set<NodeJS.Timeout> | undefined;
  errorLogged: boolean;
  closed: boolean;
}

function isLogger(value: SnmpAgentHostOptions | Logger): value is Logger {
  return typeof (value as Partial<Logger>).child === 'function';
}

function zeroCounters(): AgentCounters {
  return { requests: 0, responses: 0, reports: 0, dropped: 0, silenced: 0, errors: 0 };
}

export class SnmpAgentHost {
  private readonly sites = new Map<string, SiteEntry>();
  /** Counts of removed sites, so totals do not go backwards. */
  private readonly retired = zeroCounters();
  private readonly retiredResponder = zeroResponderCounters();
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly maxMessageSize: number | undefined;
  private closing = false;

  /** Takes options, or just the logger. */
  constructor(optionsOrLogger: SnmpAgentHostOptions | Logger = {}) {
    const options: SnmpAgentHostOptions = isLogger(optionsOrLogger)
      ? { logger: optionsOrLogger }
      : optionsOrLogger;
    this.logger = options.logger ?? createLogger('lab-snmp-agent');
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.maxMessageSize = options.maxMessageSize;
  }

  get size(): number {
    return this.sites.size;
  }

  /** Binds the site's socket; port 0 picks a free port (see `addressOf`). */
  async add(site: AgentSite, address: string, port: number): Promise<void> {
    if (this.closing) throw new Error('SNMP agent host is closed');
    if (this.sites.has(site.id)) throw new Error(`SNMP agent already serves site ${site.id}`);
    const state = new SiteAgentState(site);
    const socket = dgram.createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        socket.close();
        reject(new AgentBindError(site.id, address, port, err.code, err));
      };
      socket.once('error', onError);
      socket.bind({ address, port, exclusive: true }, () => {
        socket.off('error', onError);
        resolve();
      });
    });
    if (this.sites.has(site.id) || this.closing) {
      socket.close();
      throw new Error(`SNMP agent for site ${site.id} was added twice or closed while binding`);
    }
    const entry: SiteEntry = {
      site,
      state,
      socket,
      counters: zeroCounters(),
      address,
      port: socket.address().port,
      behaviour: NORMAL,
      tamper: undefined,
      timers: undefined,
      errorLogged: false,
      closed: false,
    };
    socket.on('message', (msg, rinfo) => this.handle(entry, msg, rinfo));
    socket.on('error', (err) => this.fail(entry, err, 'socket error'));
    this.sites.set(site.id, entry);
  }

  /** The address and port a site is served on (the real port when it was added with port 0). */
  addressOf(siteId: string): { address: string; port: number } | undefined {
    const entry = this.sites.get(siteId);
    return entry ? { address: entry.address, port: entry.port } : undefined;
  }

  setBehaviour(siteId: string, behaviour: Misbehaviour): void {
    const entry = this.sites.get(siteId);
    if (!entry) throw new Error(`SNMP agent does not serve site ${siteId}`);
    entry.behaviour = behaviour;
    entry.tamper = pduTamper(behaviour);
  }

  behaviourOf(siteId: string): Misbehaviour | undefined {
    return this.sites.get(siteId)?.behaviour;
  }

  async remove(siteId: string): Promise<void> {
    const entry = this.sites.get(siteId);
    if (!entry) return;
    this.sites.delete(siteId);
    addInto(this.retired, entry.counters);
    addInto(this.retiredResponder, entry.state.counters);
    await this.closeEntry(entry);
  }

  async close(): Promise<void> {
    this.closing = true;
    const entries = [...this.sites.values()];
    this.sites.clear();
    for (const entry of entries) {
      addInto(this.retired, entry.counters);
      addInto(this.retiredResponder, entry.state.counters);
    }
    await Promise.all(entries.map((entry) => this.closeEntry(entry)));
  }

  siteStats(siteId: string): SiteAgentStats | undefined {
    const entry = this.sites.get(siteId);
    return entry ? statsOf(entry.counters, entry.state.counters) : undefined;
  }

  /** Every site's counters, by site id. */
  perSiteStats(): Record<string, SiteAgentStats> {
    const out: Record<string, SiteAgentStats> = {};
    for (const [id, entry] of this.sites) out[id] = statsOf(entry.counters, entry.state.counters);
    return out;
  }

  /** Totals over all sites, removed ones included. */
  stats(): AgentHostStats {
    const host = { ...this.retired };
    const responder = { ...this.retiredResponder };
    for (const entry of this.sites.values()) {
      addInto(host, entry.counters);
      addInto(responder, entry.state.counters);
    }
    return statsOf(host, responder);
  }

  private handle(entry: SiteEntry, msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const c = entry.counters;
    c.requests++;
    const { behaviour } = entry;
    const delay = replyDelayMs(behaviour);
    if (delay === undefined) {
      c.silenced++;
      return;
    }
    let outcome: ReturnType<typeof respond>;
    try {
      outcome = respond(msg, entry.site, entry.state, {
        nowMs: this.now(),
        tamper: entry.tamper,
        maxMessageSize: this.maxMessageSize,
      });
    } catch (err) {
      // A fault in a site's MIB resolver must not take the other sites down.
      this.fail(entry, err, 'responder failed');
      return;
    }
    if (outcome.kind === 'drop') {
      c.dropped++;
      return;
    }
    const report = outcome.report;
    // Reports (engine discovery, time sync) stay intact, so a v3 fault hits the reply to the poll itself.
    const bytes = report ? outcome.bytes : mangleReply(behaviour, outcome.bytes, this.random);
    if (delay === 0) {
      this.send(entry, bytes, rinfo, report);
      return;
    }
    const timers = entry.timers ?? new Set<NodeJS.Timeout>();
    entry.timers = timers;
    const timer = setTimeout(() => {
      timers.delete(timer);
      this.send(entry, bytes, rinfo, report);
    }, delay);
    timers.add(timer);
  }

  private send(entry: SiteEntry, bytes: Buffer, rinfo: dgram.RemoteInfo, report: boolean): void {
    if (entry.closed) return;
    if (report) entry.counters.reports++;
    else entry.counters.responses++;
    // Without a callback, send failures arrive as 'error' events, counted and logged there.
    entry.socket.send(bytes, rinfo.port, rinfo.address);
  }

  private fail(entry: SiteEntry, err: unknown, what: string): void {
    entry.counters.errors++;
    if (entry.errorLogged) return;
    entry.errorLogged = true;
    this.logger.warn(
      { site: entry.site.id, address: `${entry.address}:${entry.port}`, err },
      `SNMP agent: ${what} (further errors for this site are only counted)`,
    );
  }

  private closeEntry(entry: SiteEntry): Promise<void> {
    entry.closed = true;
    if (entry.timers) for (const timer of entry.timers) clearTimeout(timer);
    entry.timers?.clear();
    return new Promise((resolve) => {
      try {
        entry.socket.close(() => resolve());
      } catch {
        // Already closed (ERR_SOCKET_DGRAM_NOT_RUNNING): nothing left to release.
        resolve();
      }
    });
  }
}

function addInto<T extends object>(sum: T, add: T): void {
  const target = sum as Record<string, number>;
  for (const [key, value] of Object.entries(add))
    target[key] = (target[key] ?? 0) + (value as number);
}

function statsOf(c: AgentCounters, r: ResponderCounters): SiteAgentStats {
  return {
    requests: c.requests,
    responses: c.responses,
    reports: c.reports,
    dropped: c.dropped,
    silenced: c.silenced,
    errors: c.errors,
    badCommunity: r.badCommunity,
    undecodable: r.undecodable,
    unsupported: r.unsupported,
    usm: {
      usmStatsUnsupportedSecLevels: r.usmStatsUnsupportedSecLevels,
      usmStatsNotInTimeWindows: r.usmStatsNotInTimeWindows,
      usmStatsUnknownUserNames: r.usmStatsUnknownUserNames,
      usmStatsUnknownEngineIDs: r.usmStatsUnknownEngineIDs,
      usmStatsWrongDigests: r.usmStatsWrongDigests,
      usmStatsDecryptionErrors: r.usmStatsDecryptionErrors,
    },
  };
}
