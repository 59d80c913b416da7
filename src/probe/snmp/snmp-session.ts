// One site's net-snmp session over a multiplexer channel, as request → outcome promises that always
// settle exactly once, whatever net-snmp does: late or repeated callbacks, 'error' events for
// undecodable datagrams, replies it silently ignores (unknown request id), aborts.

import snmp from 'net-snmp';
import type { SnmpCredentials } from '../../inventory/index.js';
import { onAbort } from './snmp-abort.js';
import { sessionCredentials } from './snmp-credentials.js';
import { classifySnmpError } from './snmp-errors.js';
import type { SnmpVersionName } from './snmp-get-plan.js';
import { snmpMessageId } from './snmp-message-id.js';
import type { ExchangeOutcome, SnmpExchange } from './snmp-site-poll.js';
import type { MuxChannel, UdpMultiplexer } from './snmp-transport.js';
import type { RawVarbind } from './snmp-values.js';
import type { SnmpSettings } from './types.js';

/** What happened on the wire while one request was outstanding. */
interface Pending {
  settled: boolean;
  /** Datagrams from the agent net-snmp could not decode (it emits 'error' for them). */
  undecodable: number;
  firstUndecodable: string | null;
  /** Datagrams from the agent with an id no request of this session ever had (a wrong request id). */
  ignored: number;
  /** Replies to earlier requests of this session that arrived after those gave up. */
  late: number;
}

/** Lifetime counters of one session, for stats. */
export interface SiteSessionCounters {
  readonly requests: number;
  readonly undecodable: number;
  readonly ignored: number;
  readonly late: number;
}

/** How many of the session's latest request ids are remembered to recognise late replies. */
const RECENT_IDS = 16;

class PollAbortedError extends Error {
  override readonly name = 'PollAbortedError';
}

const VERSION_NAME: Record<SnmpCredentials['version'], SnmpVersionName> = {
  '1': '1',
  '2c': '2c',
  '3': '3',
};

export class SiteSession {
  readonly version: SnmpVersionName;
  private readonly session: snmp.Session;
  private readonly channel: MuxChannel;
  private current: Pending | null = null;
  private counters = { requests: 0, undecodable: 0, ignored: 0, late: 0 };
  private readonly recentIds: (number | null)[] = new Array(RECENT_IDS).fill(null);
  private recentAt = 0;

  constructor(mux: UdpMultiplexer, address: string, port: number, credentials: SnmpCredentials) {
    this.version = VERSION_NAME[credentials.version];
    const dgramModule = mux.moduleFor(address, port);
    const params = sessionCredentials(credentials);
    const options: snmp.SessionOptions = {
      port,
      transport: 'udp4',
      dgramModule,
      backoff: 1,
      // Replies' OIDs are checked against the request by readGetReply, with a clearer message.
      reportOidMismatchErrors: false,
    };
    this.session =
      params.kind === 'community'
        ? snmp.createSession(address, params.community, { ...options, version: params.version })
        : snmp.createV3Session(address, params.user, options);
    const channel = dgramModule.channel();
    if (!channel) throw new Error('net-snmp did not create its socket through the multiplexer');
    this.channel = channel;
    // net-snmp emits 'error' for a datagram it cannot decode; unheard, that would throw.
    this.session.on('error', (error: unknown) => this.noteUndecodable(error));
    this.channel.observer = (deliver, shared, msg) => this.observe(deliver, shared, msg);
    this.channel.onSend = (datagram) => this.noteSent(datagram);
  }

  get stats(): SiteSessionCounters {
    return { ...this.counters };
  }

  /** Requests for one poll: timeouts and retries from its settings, all of them ended by `signal`. */
  exchange(settings: SnmpSettings, signal: AbortSignal): SnmpExchange {
    return {
      version: this.version,
      get: (oids) =>
        this.request<readonly RawVarbind[]>(settings, signal, (done) =>
          this.session.get([...oids], (error, varbinds) => done(error, varbinds)),
        ),
      getNext: (oids) =>
        this.request<readonly RawVarbind[]>(settings, signal, (done) =>
          this.session.getNext([...oids], (error, varbinds) => done(error, varbinds)),
        ),
      getBulk: (oid, maxRepetitions) =>
        this.request<readonly RawVarbind[]>(settings, signal, (done) =>
          this.session.getBulk([oid], 0, maxRepetitions, (error, varbinds) =>
            // One repeater: its varbinds come as one inner array.
            done(
              error,
              varbinds?.flatMap((v) => (Array.isArray(v) ? v : [v])),
            ),
          ),
        ),
    };
  }

  /** Closes the session; an outstanding request fails (send-failed) through its callback. */
  close(): void {
    try {
      this.session.close();
    } catch {
      // Already closed.
    }
  }

  private request<T>(
    settings: SnmpSettings,
    signal: AbortSignal,
    start: (done: (error: Error | null, value: T | undefined) => void) => void,
  ): Promise<ExchangeOutcome<T>> {
    return new Promise((resolve) => {
      if (signal.aborted) {
        resolve({ ok: false, failure: 'send-failed', message: 'aborted before it was sent' });
        return;
      }
      const pending: Pending = {
        settled: false,
        undecodable: 0,
        firstUndecodable: null,
        ignored: 0,
        late: 0,
      };
      this.current = pending;
      this.counters.requests += 1;
      // net-snmp reads these when it creates each request.
      this.session.timeout = settings.timeoutMs;
      this.session.retries = settings.retries;
      const finish = (outcome: ExchangeOutcome<T>): void => {
        if (pending.settled) return;
        pending.settled = true;
        if (this.current === pending) this.current = null;
        stopWatching();
        resolve(outcome);
      };
      const stopWatching = onAbort(signal, () => {
        finish({ ok: false, failure: 'timeout', message: 'aborted before the agent answered' });
        // Ends net-snmp's own timers; its callback then finds the request settled.
        this.session.cancelRequests(new PollAbortedError('aborted'));
      });
      const sentAt = performance.now();
      try {
        start((error, value) => {
          const repliedAt = performance.now();
          if (pending.settled) return;
          if (error) finish({ ok: false, ...this.explain(error, pending, settings) });
          else if (value === undefined)
            finish({ ok: false, failure: 'bad-reply', message: 'an empty reply' });
          else finish({ ok: true, value, sentAt, repliedAt, repliedAtEpoch: Date.now() });
        });
      } catch (error) {
        finish({ ok: false, ...classifySnmpError(error) });
      }
    });
  }

  /** A timeout after undecodable or unmatched replies is the agent answering wrongly, not silence. */
  private explain(error: Error, pending: Pending, settings: SnmpSettings) {
    const classified = classifySnmpError(error);
    if (classified.failure !== 'timeout') return classified;
    const attempts = settings.retries + 1;
    const within = `within ${settings.timeoutMs * attempts} ms`;
    if (pending.undecodable > 0) {
      return {
        failure: 'bad-reply' as const,
        message: `no valid reply ${within}: ${pending.undecodable} undecodable datagram(s) from the agent (${pending.firstUndecodable})`,
      };
    }
    if (pending.ignored > 0) {
      return {
        failure: 'bad-reply' as const,
        message: `no valid reply ${within}: ${pending.ignored} reply(ies) from the agent matched no outstanding request (wrong request id?)`,
      };
    }
    const late =
      pending.late > 0
        ? `; ${pending.late} late reply(ies) to earlier requests arrived meanwhile: the agent answers slower than the timeout`
        : '';
    return {
      failure: 'timeout' as const,
      message: `no reply ${within} (${attempts} attempt${attempts === 1 ? '' : 's'} of ${settings.timeoutMs} ms)${late}`,
    };
  }

  private noteUndecodable(error: unknown): void {
    this.counters.undecodable += 1;
    const pending = this.current;
    if (!pending) return;
    pending.undecodable += 1;
    pending.firstUndecodable ??= error instanceof Error ? error.message : String(error);
  }

  private noteSent(datagram: Buffer): void {
    const id = snmpMessageId(datagram);
    if (id === null || this.recentIds.includes(id)) return;
    this.recentIds[this.recentAt] = id;
    this.recentAt = (this.recentAt + 1) % RECENT_IDS;
  }

  /**
   * A delivered datagram that neither settled the request, nor made net-snmp send, nor failed to
   * decode was ignored by net-snmp: a late reply to an earlier request of ours, or a wrong id. Not
   * counted when sessions share the agent: their replies reach us too.
   */
  private observe(deliver: () => void, shared: boolean, msg: Buffer): void {
    const pending = this.current;
    const sentBefore = this.channel.sent;
    const undecodableBefore = this.counters.undecodable;
    deliver();
    const ignored =
      !shared &&
      this.channel.sent === sentBefore &&
      this.counters.undecodable === undecodableBefore &&
      (pending === null || !pending.settled);
    if (!ignored) return;
    const id = snmpMessageId(msg);
    const late = id !== null && this.recentIds.includes(id);
    if (late) this.counters.late += 1;
    else this.counters.ignored += 1;
    if (!pending) return;
    if (late) pending.late += 1;
    else pending.ignored += 1;
  }
}
