// Entry of the thread that loads and checks a config for loadCheckedConfigApart: the parse of a
// large inventory allocates gigabytes that die with this thread instead of staying in the
// server's heap, and a reload does not stall the server while it runs.

import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../config/index.js';
import { type LoadedApart, loadCheckedConfig } from './checked-config.js';

const port = parentPort;
if (!port) throw new Error('config-load-worker.js runs only as a worker thread');
const { path } = workerData as { path: string };

let outcome: LoadedApart;
try {
  const config = await loadCheckedConfig(path);
  // The positions were for the checks above; the server never reads them again.
  outcome = { ok: true, config: { ...config, inventorySources: { sites: [], plans: [] } } };
} catch (error) {
  outcome =
    error instanceof ConfigError
      ? { ok: false, problems: error.problems }
      : { ok: false, message: error instanceof Error ? error.message : String(error) };
}
port.postMessage(outcome);
