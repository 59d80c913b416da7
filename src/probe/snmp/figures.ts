// The SNMP poller's own figures for /metrics and the `pantau` point: polls by outcome, the gate
// and the shared socket. Pure; summed over the collector workers by the pool.

import { counter, gauge, type SelfFigure } from '../../self-figures.js';
import type { SnmpPollerStats } from './snmp.js';
import { SNMP_FAILURES } from './types.js';

export function snmpPollerFigures(totals: Omit<SnmpPollerStats, 'sites'>): SelfFigure[] {
  const { transport } = totals;
  return [
    counter('snmp_polls', 'pantau_snmp_polls_total', 'SNMP polls finished.', totals.polls),
    counter(
      'snmp_polls_ok',
      'pantau_snmp_polls_ok_total',
      'SNMP polls answered in full.',
      totals.ok,
    ),
    ...SNMP_FAILURES.map((failure) => {
      const name = failure.replace(/-/g, '_');
      return counter(
        `snmp_failed_${name}`,
        `pantau_snmp_polls_failed_${name}_total`,
        `SNMP polls failed: ${failure}.`,
        totals.failures[failure],
      );
    }),
    counter(
      'snmp_refused_in_flight',
      'pantau_snmp_polls_refused_in_flight_total',
      "Polls refused because the site's previous poll was still in flight.",
      totals.refusedInFlight,
    ),
    gauge(
      'snmp_in_flight',
      'pantau_snmp_polls_in_flight',
      'SNMP polls in flight.',
      totals.inFlight,
    ),
    gauge(
      'snmp_queued',
      'pantau_snmp_polls_queued',
      'SNMP polls waiting for the concurrency gate.',
      totals.queued,
    ),
    gauge('snmp_sessions', 'pantau_snmp_sessions', 'SNMP agent sessions kept.', totals.sessions),
    counter(
      'snmp_datagrams_sent',
      'pantau_snmp_datagrams_sent_total',
      'SNMP datagrams sent.',
      transport.datagramsSent,
    ),
    counter(
      'snmp_datagrams_received',
      'pantau_snmp_datagrams_received_total',
      'SNMP datagrams received.',
      transport.datagramsReceived,
    ),
    counter(
      'snmp_dropped_unknown_source',
      'pantau_snmp_datagrams_dropped_unknown_source_total',
      'SNMP datagrams from an address no poll sends to: dropped.',
      transport.droppedUnknownSource,
    ),
    counter(
      'snmp_send_errors',
      'pantau_snmp_send_errors_total',
      'SNMP datagrams the socket refused to send.',
      transport.sendErrors,
    ),
    counter(
      'snmp_socket_errors',
      'pantau_snmp_socket_errors_total',
      'Errors of the shared SNMP socket.',
      transport.socketErrors,
    ),
  ];
}
