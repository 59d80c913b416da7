// `pantau serve` against the lab's namespace (the demo inventory) and a real influxd, as the
// end-to-end tests run it: its own directory and API port, probes every 2 s, all stopped at the end.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type PantauConfig } from '../../src/config/index.js';
import { type Influxd, startInfluxd } from './influxd.js';
import { ROOT, type RunningLab, startLab } from './lab-process.js';
import { freePort } from './ports.js';
import { FAST_PROBES, type RunningServe, serveConfigYaml, startServe } from './serve-process.js';
import { until } from './until.js';

export const DEMO = `${ROOT}config/demo.yaml`;
export const DEMO_INVENTORY = `${ROOT}config/demo-inventory.yaml`;

export interface ServeLab {
  /** The demo config, whose inventory the lab simulates. */
  readonly config: PantauConfig;
  readonly lab: RunningLab;
  readonly influxd: Influxd;
  /** For the config, inventory and data files; removed at stop. */
  readonly dir: string;
  /** The API's base URL, e.g. http://127.0.0.1:40123. */
  readonly api: string;
  readonly configFile: string;
  /** An API path's JSON answer; any other status than 2xx throws, naming the path. */
  get<T>(path: string): Promise<T>;
  /** Writes the config file: FAST_PROBES, this database and inventory, and other `sections`. */
  writeConfig(
    database: string,
    inventoryFiles: readonly string[],
    sections?: Readonly<Record<string, unknown>>,
  ): Promise<void>;
  /** Starts pantau serve and waits until `ready` holds; on timeout, fails with serve's last output. */
  startServe(ready: () => Promise<boolean>, timeoutMs: number, what: string): Promise<RunningServe>;
  /** Stops serve, the lab and influxd, and removes the directory. */
  stop(): Promise<void>;
}

/** Needs root; `name` names the tests in that error and the temporary directory. */
export async function startServeLab(name: string): Promise<ServeLab> {
  if (process.getuid?.() !== 0) throw new Error(`the ${name} tests need root (the lab namespace)`);
  const config = await loadConfig(DEMO, { ...process.env, SNMP_COMMUNITY: 'public' });
  // Undone in reverse order at stop, or at once should a later step fail.
  const undo: (() => Promise<unknown>)[] = [];
  const stop = async (): Promise<void> => {
    let failure: unknown = null;
    for (const step of undo.splice(0).reverse())
      await step().catch((e: unknown) => (failure ??= e));
    if (failure !== null) throw failure;
  };
  try {
    const influxd = await startInfluxd();
    undo.push(() => influxd.stop());
    const lab = await startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']);
    undo.push(() => lab.stop());
    const dir = await mkdtemp(join(tmpdir(), `pantau-${name}-`));
    undo.push(() => rm(dir, { recursive: true, force: true }));
    let serve: RunningServe | null = null;
    undo.push(async () => serve?.stop());
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    const configFile = join(dir, 'pantau.yaml');
    return {
      config,
      lab,
      influxd,
      dir,
      api,
      configFile,
      async get<T>(path: string): Promise<T> {
        const response = await fetch(`${api}${path}`);
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        return (await response.json()) as T;
      },
      writeConfig(database, inventoryFiles, sections = {}) {
        const yaml = serveConfigYaml({
          port,
          dataDir: join(dir, 'data'),
          influxUrl: influxd.url,
          database,
          inventoryFiles,
          sections: { probe: FAST_PROBES, ...sections },
        });
        return writeFile(configFile, yaml);
      },
      async startServe(ready, timeoutMs, what) {
        const started = startServe(configFile);
        serve = started;
        await until(ready, timeoutMs, what).catch((error: unknown) => {
          throw new Error(`${String(error)}\n${started.output().slice(-3000)}`);
        });
        return started;
      },
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
