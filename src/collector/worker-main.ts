// Entry of a collector worker thread: probes its shard of the sites and posts results in batches.

import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../logger.js';
import { heapFigures } from '../memory-figures.js';
import type { ProbeResult } from '../probe/index.js';
import { CollectorLoop } from './collector-loop.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol.js';

const FLUSH_MS = 200;
const FLUSH_AT = 2000;

const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('worker-main.js runs only as a worker thread');
const log = createLogger(`pantau-collector-${setup.worker}`, setup.logLevel);
const send = (message: FromWorker): void => port.postMessage(message);

let pending: ProbeResult[] = [];
// Armed only while results wait: an idle worker then never wakes for nothing.
let flushTimer: NodeJS.Timeout | null = null;
const flush = (): void => {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  if (pending.length === 0) return;
  send({ type: 'results', results: pending });
  pending = [];
};

const loop = new CollectorLoop({
  sites: setup.sites,
  probe: setup.probe,
  emit: (results) => {
    for (const result of results) pending.push(result);
    if (pending.length >= FLUSH_AT) flush();
    else if (!flushTimer && pending.length > 0) flushTimer = setTimeout(flush, FLUSH_MS);
  },
  summary: (summary) =>
    send({
      type: 'summary',
      summary,
      figures: [...loop.proberFigures(), ...heapFigures('collector')],
    }),
  log,
  worker: setup.worker,
  workers: setup.workers,
});

port.on('message', (message: ToWorker) => {
  if (message.type === 'update') {
    loop.update(message.changes);
    send({ type: 'updated', sites: loop.targetCount });
    return;
  }
  loop.stop().then(
    () => {
      flush();
      send({ type: 'stopped' });
      port.close();
    },
    (error: unknown) => {
      log.error({ err: error }, 'collector did not stop cleanly');
      port.close();
    },
  );
});

loop.start();
send({ type: 'ready' });
