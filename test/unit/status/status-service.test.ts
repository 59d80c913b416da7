// The status kept across restarts with a real SQLite file: a crash after a site went down but
// before the snapshot was saved resumes it down with its incident, emitting nothing; a site gone
// from the inventory has its open incident closed at the next start.

import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StatusService } from '../../../src/status/status-service.js';
import { loadConfig, type PantauConfig } from '../../../src/config/index.js';
import { silentLogger } from '../../../src/logger.js';
import type { StatusEvent, StatusSubscriber } from '../../../src/status/index.js';
import { icmpDown, icmpResult } from '../../helpers/probe-results.js';
import { tempFiles } from '../../helpers/temp-files.js';

const DEMO = fileURLToPath(new URL('../../../config/demo.yaml', import.meta.url));
const T0 = Date.UTC(2026, 10, 29, 3, 0);

let config: PantauConfig;

/** Records what the service publishes to a subscriber. */
function spy(): { subscriber: StatusSubscriber; events: StatusEvent[] } {
  const events: StatusEvent[] = [];
  return { subscriber: { name: 'spy', publish: (e) => events.push(...e) }, events };
}

function ping(siteId: string, up: boolean) {
  const at = Date.now();
  return up ? icmpResult({ siteId, at }) : icmpDown({ siteId, at });
}

describe('StatusService', () => {
  beforeEach(async () => {
    vi.useFakeTimers({ now: T0 });
    const loaded = await loadConfig(DEMO, { SNMP_COMMUNITY: 'public' });
    config = {
      ...loaded,
      server: { ...loaded.server, dataDir: tempFiles({}) },
      // No isolation hold: a down is shown as soon as it is seen.
      status: { ...loaded.status, isolation: null },
    };
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const everyone = (up: boolean, except: string[] = []) =>
    config.inventory.sites.map((s) => ping(s.id, except.includes(s.id) ? !up : up));

  it('saves a shown change within 5 s, and writes nothing while nothing moves', () => {
    const service = StatusService.open(config, silentLogger);
    service.accept(everyone(true));
    vi.advanceTimersByTime(6000);
    const first = service.db.loadSnapshot();
    expect(first?.snapshot.sites.length).toBe(config.inventory.sites.length);
    vi.advanceTimersByTime(20_000); // a quiet fleet: no results, no events
    expect(service.db.loadSnapshot()?.savedAt).toBe(first?.savedAt);
    service.accept(everyone(true, ['opd-bappeda']));
    vi.advanceTimersByTime(6000);
    const after = service.db.loadSnapshot();
    expect(after?.savedAt).toBeGreaterThan(first?.savedAt ?? Number.POSITIVE_INFINITY);
    expect(after?.snapshot.sites.find((s) => s.siteId === 'opd-bappeda')?.status.state).toBe(
      'down',
    );
    service.stop();
  });

  it('after a crash before the snapshot caught up, resumes the site down with its incident and emits nothing', () => {
    const first = StatusService.open(config, silentLogger);
    first.accept(everyone(true));
    first.stop(); // every site up in the snapshot

    vi.advanceTimersByTime(60_000);
    const second = StatusService.open(config, silentLogger);
    second.accept(everyone(true, ['opd-bappeda']));
    expect(second.engine.stateOf('opd-bappeda')?.status.state).toBe('down');
    const [incident] = second.db.openIncidents();
    // The crash: no tick ran, so the snapshot still says up; the incident was written at once.
    second.db.close();

    vi.advanceTimersByTime(10_000);
    const third = StatusService.open(config, silentLogger);
    const { subscriber, events } = spy();
    third.subscribe(subscriber);
    expect(third.engine.stateOf('opd-bappeda')).toMatchObject({
      status: { state: 'down' },
      since: incident?.openedAt,
    });
    third.accept(everyone(true, ['opd-bappeda']));
    vi.advanceTimersByTime(3000);
    expect(events).toEqual([]);
    expect(third.db.openIncidents().map((i) => i.id)).toEqual([incident?.id]);
    // And the recovery closes that same incident.
    third.accept(everyone(true));
    vi.advanceTimersByTime(30_000);
    third.accept(everyone(true));
    expect(
      events.map((e) => (e.type === 'state-changed' ? `${e.siteId} ${e.to.state}` : e.type)),
    ).toEqual(['opd-bappeda up']);
    expect(third.db.openIncidents()).toEqual([]);
    third.stop();
  });

  it('closes at start the open incident of a site no longer in the inventory', () => {
    const first = StatusService.open(config, silentLogger);
    first.accept(everyone(true, ['opd-bappeda']));
    expect(first.db.openIncidents().map((i) => i.siteId)).toEqual(['opd-bappeda']);
    first.stop();

    vi.advanceTimersByTime(60_000);
    const without = {
      ...config,
      inventory: {
        ...config.inventory,
        sites: config.inventory.sites.filter((s) => s.id !== 'opd-bappeda'),
      },
    };
    const second = StatusService.open(without, silentLogger);
    expect(second.db.openIncidents()).toEqual([]);
    const [closed] = second.db.incidents({
      fromMs: T0 - 1,
      toMs: Date.now() + 1,
      limit: 10,
    }).incidents;
    expect(closed).toMatchObject({ siteId: 'opd-bappeda', closedAt: Date.now() });
    second.stop();
  });

  it('a failing subscriber is counted and never stops the incident store or the other subscribers', () => {
    const service = StatusService.open(config, silentLogger);
    let calls = 0;
    service.subscribe({
      name: 'broken',
      publish: () => {
        calls++;
        throw new Error('socket gone');
      },
    });
    const { subscriber, events } = spy();
    service.subscribe(subscriber);
    service.accept(everyone(true));
    vi.advanceTimersByTime(2000);
    service.accept(everyone(true, ['opd-bappeda']));
    expect(calls).toBe(2);
    expect(
      events.filter((e) => e.type === 'state-changed' && e.siteId === 'opd-bappeda'),
    ).toHaveLength(2);
    expect(service.db.openIncidents().map((i) => i.siteId)).toEqual(['opd-bappeda']);
    expect(service.subscriberFigures()).toEqual([
      { name: 'broken', failures: 2 },
      { name: 'spy', failures: 0 },
    ]);
    service.stop();
  });

  it('a reload closes the removed site’s incident as removed and tells subscribers in order', () => {
    const service = StatusService.open(config, silentLogger);
    const { subscriber, events } = spy();
    service.subscribe(subscriber);
    service.accept(everyone(true, ['opd-bappeda']));
    const without = {
      ...config,
      inventory: {
        ...config.inventory,
        sites: config.inventory.sites.filter((s) => s.id !== 'opd-bappeda'),
      },
    };
    service.reinventory(without, []);
    expect(service.db.openIncidents()).toEqual([]);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'sites-changed', removed: ['opd-bappeda'], added: [] });
    const versions = events.map((e) => e.version);
    expect(versions).toEqual(versions.map((_, i) => (versions[0] ?? 0) + i));
    const [closed] = service.db.incidents({
      fromMs: T0 - 1,
      toMs: Date.now() + 1,
      limit: 10,
    }).incidents;
    expect(closed).toMatchObject({ siteId: 'opd-bappeda', closedBy: 'removed' });
    service.stop();
  });
});
