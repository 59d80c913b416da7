// The HTTP API over real HTTP on loopback, as the API tests run it: the demo inventory with a real
// status engine and a real state database, every site answering ten minutes ago and then kec-cisoka
// and the sites behind it down 30 s later, so there are states of each kind and open incidents.

import { LiveHub } from '../../src/live/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type ApiSources, buildApi } from '../../src/api/index.js';
import type { PantauConfig } from '../../src/config/index.js';
import { InventoryIndex } from '../../src/inventory/index.js';
import { silentLogger } from '../../src/logger.js';
import { StateDb } from '../../src/state/index.js';
import {
  IncidentTracker,
  StatusEngine,
  type StatusEvent,
  thresholdsByKind,
} from '../../src/status/index.js';
import { icmpDown, icmpResult } from './probe-results.js';

const DAY = 86_400_000;

export interface DemoApiOptions
  extends Pick<ApiSources, 'history' | 'health'>,
    Partial<Pick<ApiSources, 'isolation' | 'metricsText'>> {
  readonly config: PantauConfig;
  /** Sites added to the inventory after Pantau last started: never watched. */
  readonly unwatched?: readonly string[];
  /** Events before `t0` for the incident store (an isolation days ago), recorded first. */
  readonly earlier?: (t0: number) => readonly StatusEvent[];
  /** The built dashboard's folder (default: dashboard/dist, which may not be built). */
  readonly dashboardDir?: string;
  /** Without a live hub: /api/live/snapshot has nothing to give (default: a hub, as serve runs). */
  readonly noLiveHub?: boolean;
}

export interface DemoApi {
  readonly app: FastifyInstance;
  /** The API's base URL, e.g. http://127.0.0.1:40123. */
  readonly base: string;
  readonly db: StateDb;
  /** When every site answered; Pantau has watched them since four days before. */
  readonly t0: number;
  /** The sites that went down at t0 + 30 s: kec-cisoka and every site behind it. */
  readonly down: readonly string[];
  /** Closes the API and the database, and removes the database's directory. */
  close(): Promise<void>;
}

export async function startDemoApi(options: DemoApiOptions): Promise<DemoApi> {
  const { config } = options;
  const sites = config.inventory.sites;
  const engine = new StatusEngine({
    sites,
    thresholds: thresholdsByKind(config.probe),
    isolation: null,
  });
  const dbDir = mkdtempSync(join(tmpdir(), 'pantau-api-'));
  const db = StateDb.open(join(dbDir, 'pantau.db'));
  const t0 = Date.now() - 10 * 60_000;
  const unwatched = new Set(options.unwatched ?? []);
  db.startRun(
    t0 - 4 * DAY,
    sites.filter((s) => !unwatched.has(s.id)).map((s) => s.id),
  );
  const tracker = new IncidentTracker();
  const record = (events: readonly StatusEvent[]) =>
    db.applyIncidentChanges(tracker.apply(events), engine.snapshot());
  record(options.earlier?.(t0) ?? []);
  record(
    engine.apply(
      sites.map((s) => icmpResult({ siteId: s.id, at: t0 })),
      t0,
    ),
  );
  const down = sites
    .filter((s) => s.id === 'kec-cisoka' || s.parentId === 'kec-cisoka')
    .map((s) => s.id);
  record(
    engine.apply(
      down.map((siteId) => icmpDown({ siteId, at: t0 + 30_000 })),
      t0 + 30_000,
    ),
  );

  const inventoryIndex = new InventoryIndex(config.inventory);
  const sources: ApiSources = {
    index: () => inventoryIndex,
    stateOf: (id) => engine.stateOf(id),
    statusVersion: () => engine.currentVersion,
    isolation: options.isolation ?? (() => null),
    history: options.history,
    incidents: (query) => db.incidents(query),
    availabilityRecords: (query) => db.availabilityRecords(query),
    isolations: (range) => db.isolations(range),
    health: options.health,
    metricsText: options.metricsText ?? (() => ''),
    liveSnapshot: () => hub?.snapshot() ?? null,
  };
  let hub: LiveHub | null = null;
  let app: FastifyInstance;
  let base: string;
  try {
    app = await buildApi(
      sources,
      silentLogger,
      options.dashboardDir === undefined ? {} : { dashboardDir: options.dashboardDir },
    );
    if (!options.noLiveHub)
      hub = new LiveHub(app.server, {
        index: inventoryIndex,
        status: engine.shown(),
        logger: silentLogger,
      });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    db.close();
    rmSync(dbDir, { recursive: true, force: true });
    throw error;
  }
  return {
    app,
    base,
    db,
    t0,
    down,
    async close() {
      await hub?.close();
      await app.close();
      db.close();
      rmSync(dbDir, { recursive: true, force: true });
    },
  };
}

/** A GET's status and body: the JSON parsed, or the text as it came (a /metrics page, Node's own 431). */
export async function fetchAnswer(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}
