// One log line per collector cycle or period: what engineers read to see the collectors keep up.

import type { Logger } from '../logger.js';
import type { CycleSummary } from './collector-loop.js';

export function logCycleSummary(log: Logger, summary: CycleSummary): void {
  const name = summary.kind.toUpperCase();
  if (summary.type === 'cycle') {
    const { kind, worker, targets, up, down, durationMs, missed, error } = summary;
    if (error !== null)
      log.error({ kind, worker, targets, error }, `${name} cycle failed: no site was probed`);
    else if (missed)
      log.warn(
        { kind, worker, targets },
        `${name} cycle missed: the previous one was still running`,
      );
    else
      log.info(
        { kind, worker, targets, up, down, durationMs },
        `${name} cycle: ${up}/${targets} up in ${durationMs} ms`,
      );
    return;
  }
  const { kind, worker, polls, ok, failed, missed, failures } = summary;
  const line = `${name} period: ${ok}/${polls} polls answered${missed > 0 ? `, ${missed} missed` : ''}`;
  (missed > 0 ? log.warn : log.info).call(
    log,
    { kind, worker, polls, ok, failed, missed, failures },
    line,
  );
}
