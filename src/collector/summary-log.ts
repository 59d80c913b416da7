// One log line per collector cycle: what engineers read to see the collectors keep up.

import type { Logger } from '../logger.js';
import type { CycleSummary } from './collector-loop.js';

export function logCycleSummary(log: Logger, summary: CycleSummary): void {
  if (summary.kind === 'icmp') {
    const { worker, targets, up, down, durationMs, missed, error } = summary;
    if (error !== null)
      log.error({ worker, targets, error }, 'ICMP cycle failed: no site was pinged');
    else if (missed)
      log.warn({ worker, targets }, 'ICMP cycle missed: the previous one was still running');
    else
      log.info(
        { worker, targets, up, down, durationMs },
        `ICMP cycle: ${up}/${targets} up in ${durationMs} ms`,
      );
    return;
  }
  const { worker, polls, ok, failed, missed, failures } = summary;
  const line = `SNMP period: ${ok}/${polls} polls answered${missed > 0 ? `, ${missed} missed` : ''}`;
  (missed > 0 ? log.warn : log.info).call(
    log,
    { worker, polls, ok, failed, missed, failures },
    line,
  );
}
