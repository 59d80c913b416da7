// Entry of a collector worker thread: probes its shard of the sites and posts results in batches.

import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../logger.js';
import { createIcmpProber, createSnmpPoller, type ProbeResult } from '../probe/index.js';
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
const flush = (): void => {
  if (pending.length === 0) return;
  send({ type: 'results', results: pending });
  pending = [];
};
const flushTimer = setInterval(flush, FLUSH_MS);

const loop = new CollectorLoop({
  sites: setup.sites,
  icmp: createIcmpProber(setup.icmpBackend, { log }),
  snmp: createSnmpPoller({ log, concurrency: setup.snmpConcurrency }),
  emit: (results) => {
    pending.push(...results);
    if (pending.length >= FLUSH_AT) flush();
  },
  summary: (summary) => send({ type: 'summary', summary }),
  log,
  worker: setup.worker,
  workers: setup.workers,
});

port.on('message', (message: ToWorker) => {
  if (message.type !== 'stop') return;
  loop.stop().then(
    () => {
      clearInterval(flushTimer);
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
