// Ctrl-C and SIGTERM for a benchmark: `stop` runs once, then the process exits with 130. A signal
// can come twice: `pkill -f bench` signals npx, tsx's parent and the benchmark alike, and tsx
// relays its copy (seen: SIGINT twice). With a handler per signal, the second started an empty
// cleanup that exited at once, halfway through the first, and left influxd and the lab's network
// namespace behind.

export function stopOnSignal(stop: (signal: NodeJS.Signals) => Promise<unknown>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void stop(signal)
        .catch(() => {})
        .finally(() => process.exit(130));
    });
  }
}
