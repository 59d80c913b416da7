// The live hub's own figures. Pure.

import { counter, gauge, type SelfFigure } from '../self-figures.js';
import type { LiveStats } from './hub.js';

export function liveFigures(stats: LiveStats): SelfFigure[] {
  return [
    gauge('live_clients', 'pantau_live_clients', 'socket.io clients connected.', stats.clients),
    counter(
      'live_messages',
      'pantau_live_messages_total',
      'Messages delivered, one per client a room message reached.',
      stats.messagesSent,
    ),
    counter('live_batches', 'pantau_live_batches_total', 'Batches of changes sent.', stats.batches),
    counter('live_snapshots', 'pantau_live_snapshots_total', 'Snapshots sent.', stats.snapshots),
    counter(
      'live_resumes',
      'pantau_live_resumes_total',
      'Resumes served after a gap.',
      stats.resumes,
    ),
    counter(
      'live_measurements',
      'pantau_live_measurements_total',
      'Live measurements sent to open site pages.',
      stats.measurements,
    ),
    counter(
      'live_refused',
      'pantau_live_refused_total',
      'Handshakes and requests refused as bad.',
      stats.refused,
    ),
  ];
}
