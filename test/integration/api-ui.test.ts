// /api/ui over real HTTP: the dashboard's settings from the config file as the map reads them (no
// tile server unless configured), a reload's new settings at once, and a typo'd parameter refused.

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSources, buildApi } from '../../src/api/index.js';
import { type DashboardConfig, loadConfig } from '../../src/config/index.js';
import { InventoryIndex } from '../../src/inventory/index.js';
import { silentLogger } from '../../src/logger.js';
import { fetchAnswer } from '../helpers/demo-api.js';
import { lines, tempFiles } from '../helpers/temp-files.js';

const unused = () => {
  throw new Error('not used by /api/ui');
};

/** An API whose only live part is the dashboard's settings (`dashboard` absent: not wired). */
async function startApi(
  dashboard?: () => DashboardConfig,
): Promise<{ app: FastifyInstance; base: string }> {
  const index = new InventoryIndex({ sites: [], plans: [] });
  const sources: ApiSources = {
    index: () => index,
    stateOf: () => undefined,
    statusVersion: () => 0,
    isolation: () => null,
    history: unused,
    incidents: unused,
    availabilityRecords: unused,
    isolations: unused,
    health: unused,
    metricsText: () => '',
    ...(dashboard === undefined ? {} : { dashboard }),
  };
  const app = await buildApi(sources, silentLogger);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base };
}

describe('/api/ui', () => {
  let configured: DashboardConfig;
  let plain: DashboardConfig;
  let current: DashboardConfig;
  let api: { app: FastifyInstance; base: string };
  let unwired: { app: FastifyInstance; base: string };

  beforeAll(async () => {
    const dir = tempFiles({
      'plain.yaml': lines('# nothing set'),
      'tiles.yaml': lines(
        'dashboard:',
        '  map:',
        '    tiles:',
        '      url: https://tiles.example.go.id/{z}/{x}/{y}.png',
        '      attribution: © Pemkab',
        '      maxZoom: 16',
      ),
    });
    plain = (await loadConfig(join(dir, 'plain.yaml'), {})).dashboard;
    configured = (await loadConfig(join(dir, 'tiles.yaml'), {})).dashboard;
    current = plain;
    api = await startApi(() => current);
    unwired = await startApi();
  });

  afterAll(async () => {
    await api?.app.close();
    await unwired?.app.close();
  });

  it('says there is no tile server when none is configured', async () => {
    expect(await fetchAnswer(`${api.base}/api/ui`)).toEqual({
      status: 200,
      body: { map: { tiles: null } },
    });
    // A server that does not pass the settings in answers the default, not an error.
    expect(await fetchAnswer(`${unwired.base}/api/ui`)).toEqual({
      status: 200,
      body: { map: { tiles: null } },
    });
  });

  it("gives the configured tile server, and a reload's new one at the next request", async () => {
    current = configured;
    expect(await fetchAnswer(`${api.base}/api/ui`)).toEqual({
      status: 200,
      body: {
        map: {
          tiles: {
            url: 'https://tiles.example.go.id/{z}/{x}/{y}.png',
            attribution: '© Pemkab',
            maxZoom: 16,
          },
        },
      },
    });
    current = plain;
    expect((await fetchAnswer(`${api.base}/api/ui`)).body).toEqual({ map: { tiles: null } });
  });

  it('refuses a query parameter it does not take', async () => {
    const { status, body } = await fetchAnswer(`${api.base}/api/ui?tiles=1`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'bad-request' });
  });
});
