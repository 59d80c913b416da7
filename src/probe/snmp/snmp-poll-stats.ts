// Every poll counted per site and per failure kind; each kind of failure logged once per site with
// its context, so a site that stays broken for a month writes one line, not 100,000.

import type { Logger } from '../../logger.js';
import { SNMP_FAILURES, type SnmpFailure } from './types.js';

export interface SiteFailureContext {
  readonly siteId: string;
  readonly host: string;
  readonly port: number;
  readonly version: string;
}

export interface SiteSnmpStats {
  readonly polls: number;
  readonly ok: number;
  readonly failures: Partial<Record<SnmpFailure, number>>;
  readonly lastFailure: {
    readonly failure: SnmpFailure;
    readonly message: string;
    readonly at: number;
  } | null;
}

export interface SnmpPollTotals {
  readonly polls: number;
  readonly ok: number;
  readonly failures: Record<SnmpFailure, number>;
}

interface SiteBook {
  polls: number;
  ok: number;
  failures: Partial<Record<SnmpFailure, number>>;
  lastFailure: SiteSnmpStats['lastFailure'];
  logged: Set<SnmpFailure> | null;
}

const zeroFailures = (): Record<SnmpFailure, number> =>
  Object.fromEntries(SNMP_FAILURES.map((f) => [f, 0])) as Record<SnmpFailure, number>;

export class SnmpPollBook {
  private readonly sites = new Map<string, SiteBook>();
  private polls = 0;
  private ok = 0;
  private readonly failures = zeroFailures();

  constructor(private readonly log: Logger) {}

  private site(siteId: string): SiteBook {
    let book = this.sites.get(siteId);
    if (!book) {
      book = { polls: 0, ok: 0, failures: {}, lastFailure: null, logged: null };
      this.sites.set(siteId, book);
    }
    return book;
  }

  recordOk(siteId: string): void {
    const book = this.site(siteId);
    book.polls += 1;
    book.ok += 1;
    this.polls += 1;
    this.ok += 1;
  }

  /** Counts a failure; logs it when it is the first of its kind for the site and `log` is set. */
  recordFailure(
    context: SiteFailureContext,
    failure: SnmpFailure,
    message: string,
    at: number,
    log = true,
  ): void {
    const book = this.site(context.siteId);
    book.polls += 1;
    book.failures[failure] = (book.failures[failure] ?? 0) + 1;
    book.lastFailure = { failure, message, at };
    this.polls += 1;
    this.failures[failure] += 1;
    if (!log) return;
    book.logged ??= new Set();
    if (book.logged.has(failure)) return;
    book.logged.add(failure);
    const fields = {
      site: context.siteId,
      host: context.host,
      port: context.port,
      snmp: `v${context.version}`,
      failure,
      detail: message,
    };
    const text = `SNMP poll of ${context.siteId} failed (${failure}): ${message}; further ${failure} failures of this site are only counted`;
    // A silent agent is an outage, which ICMP and the status engine report; the rest need a person.
    if (failure === 'timeout') this.log.info(fields, text);
    else this.log.warn(fields, text);
  }

  forget(siteId: string): void {
    this.sites.delete(siteId);
  }

  totals(): SnmpPollTotals {
    return { polls: this.polls, ok: this.ok, failures: { ...this.failures } };
  }

  siteStats(siteId: string): SiteSnmpStats | null {
    const book = this.sites.get(siteId);
    if (!book) return null;
    return {
      polls: book.polls,
      ok: book.ok,
      failures: { ...book.failures },
      lastFailure: book.lastFailure,
    };
  }

  siteIds(): IterableIterator<string> {
    return this.sites.keys();
  }
}
