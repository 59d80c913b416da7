// A running lab with its control API and scenario: what `pantau lab` and `pantau demo` start.

import type { PantauConfig } from '../config/index.js';
import type { Inventory } from '../inventory/index.js';
import {
  buildControlApi,
  Lab,
  type LabSettings,
  loadScenario,
  ScenarioPlayer,
} from '../lab/index.js';
import type { Logger } from '../logger.js';
import { type ListenAddress, parseListen } from './lab-client.js';

export interface LabSession {
  readonly lab: Lab;
  readonly control: ListenAddress;
  readonly scenarioFile: string | null;
  stop(reason: string): Promise<void>;
}

export interface LabSessionOptions {
  readonly config: PantauConfig;
  readonly inventory: Inventory;
  readonly network: 'auto' | 'namespace' | 'loopback';
  /** Overrides the config's lab.control. */
  readonly control?: string;
  /** A scenario file, or null for none (the config's lab.scenario is the caller's default). */
  readonly scenarioFile: string | null;
  readonly log: Logger;
}

export async function startLabSession(options: LabSessionOptions): Promise<LabSession> {
  const { config, inventory, log } = options;
  const settings: LabSettings = {
    namespace: config.lab.namespace,
    agentProcesses: config.lab.agentProcesses,
    loopbackPort: config.lab.loopbackPort,
    v3User: config.lab.v3User,
  };
  const control = parseListen(options.control ?? config.lab.control);
  const scenario = options.scenarioFile
    ? await loadScenario(options.scenarioFile, new Set(inventory.sites.map((s) => s.id)))
    : null;
  const lab = await Lab.start({ inventory, settings, network: options.network, log });
  const api = buildControlApi(lab, log);
  let player: ScenarioPlayer | null = null;
  const stop = async (reason: string): Promise<void> => {
    log.info({ reason }, 'stopping the lab');
    player?.stop();
    await api.close();
    await lab.stop();
  };
  try {
    await api.listen({ host: control.host, port: control.port });
  } catch (error) {
    await stop('the control API could not listen');
    throw error;
  }
  if (scenario) {
    player = new ScenarioPlayer(lab, scenario, log);
    player.start();
  }
  return { lab, control, scenarioFile: scenario?.file ?? null, stop };
}

/** One line saying where the lab serves and where its control API is. */
export function labBanner(session: LabSession, loopbackPort: number): string {
  const { lab, control, scenarioFile } = session;
  const where =
    lab.mode === 'namespace' ? 'namespace, UDP 161' : `loopback 127.x, UDP ${loopbackPort}`;
  return (
    `lab: ${lab.sites().length} sites served (${where}); control API on http://${control.host}:${control.port}` +
    (scenarioFile ? `; scenario ${scenarioFile}` : '')
  );
}

/** Signals are caught from the start, so Ctrl-C during start-up still leads to a clean stop. */
export function untilSignal(
  signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'],
): Promise<string> {
  return new Promise<string>((resolve) => {
    for (const signal of signals) process.once(signal, () => resolve(signal));
  });
}

/**
 * The inventory as the lab really serves it: in loopback mode, each router at its 127.x address
 * and port, so collectors reach the simulated sites without a namespace.
 */
export function servedInventory(inventory: Inventory, lab: Lab): Inventory {
  return {
    plans: inventory.plans,
    sites: inventory.sites.map((site) => {
      const served = lab.site(site.id)?.servedAt;
      if (!served) return site;
      return { ...site, router: { ...site.router, host: served.address, snmpPort: served.port } };
    }),
  };
}
