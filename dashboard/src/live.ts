// The live hub's state in the page: one socket.io connection, a LiveMirror (the same pure code the
// server's tests use) and a signal per site, so a change re-renders only that site's tile. On a
// reconnect the client resumes from its version; until the answer arrives the page keeps what it
// shows, so nothing flickers.

import { batch, signal, type Signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';
import { LiveMirror } from '../../src/live/mirror.js';
import type {
  ClientToServerEvents,
  LiveInventoryChange,
  LiveIsolation,
  LiveSite,
  LiveSnapshot,
  Measurement,
  ServerToClientEvents,
} from '../../src/live/protocol.js';
import { getJson } from './api.js';

export type { LiveSite, Measurement } from '../../src/live/protocol.js';

export type Connection = 'connecting' | 'live' | 'reconnecting';

export const connection = signal<Connection>('connecting');
export const isolation = signal<LiveIsolation | null>(null);
/** Bumped after each applied message: lists and counts that span sites recompute on it. */
export const liveVersion = signal(0);
/** Bumped when a reload changed the inventory; inventory.ts refetches on it. */
export const inventoryChanges = signal<LiveInventoryChange | null>(null);
/**
 * The first snapshot is in, or 3 s passed without one: pages that show every site wait for this,
 * so 10,000 tiles are drawn once with their states rather than once unknown and again.
 */
export const liveReady = signal(false);
setTimeout(() => {
  liveReady.value = true;
}, 3000);

/** Sites whose state went down (not unreachable) in the last applied message: the wall's sound. */
export const newOutages = signal<readonly string[]>([]);

const mirror = new LiveMirror();
const siteSignals = new Map<string, Signal<LiveSite | undefined>>();

/** The signal of one site's live state: undefined until the hub has told it. */
export function liveSite(id: string): Signal<LiveSite | undefined> {
  let found = siteSignals.get(id);
  if (found === undefined) {
    found = signal(mirror.sites.get(id));
    siteSignals.set(id, found);
  }
  return found;
}

/** Every site the hub knows, as of the last message (read `liveVersion` to follow changes). */
export function liveSites(): ReadonlyMap<string, LiveSite> {
  return mirror.sites;
}

let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
const measurementWatchers = new Map<string, Set<(m: Measurement) => void>>();

type ChangeListener = (changed: readonly LiveSite[] | null) => void;
const changeListeners = new Set<ChangeListener>();

/**
 * Calls `listener` after each applied message with the sites it changed (null: a snapshot, every
 * site may have changed), for views that patch their DOM themselves; returns the stop.
 */
export function onLiveChanges(listener: ChangeListener): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

function publish(changed: readonly LiveSite[] | null): void {
  const outages: string[] = [];
  batch(() => {
    if (changed === null) {
      for (const [id, sig] of siteSignals) sig.value = mirror.sites.get(id);
    } else {
      for (const site of changed) {
        const sig = siteSignals.get(site.siteId);
        const before = sig?.value;
        if (site.state === 'down' && before !== undefined && before.state !== 'down')
          outages.push(site.siteId);
        if (sig !== undefined) sig.value = site;
      }
    }
    isolation.value = mirror.isolation;
    newOutages.value = outages;
    liveVersion.value += 1;
    liveReady.value = true;
  });
  for (const listener of changeListeners) listener(changed);
}

/** Also preloaded by index.html while the script loads: keep the two the same. */
const SNAPSHOT_URL = '/api/live/snapshot';

let started = false;
export function startLive(): void {
  if (started) return;
  started = true;
  // The first state by HTTP, preloaded beside the script; the socket then asks only for what
  // changed since. Waiting for the socket's own snapshot cost the board a quarter of a second.
  void preloadedSnapshot().finally(connect);
}

async function preloadedSnapshot(): Promise<void> {
  try {
    const message = await getJson<LiveSnapshot>(SNAPSHOT_URL, AbortSignal.timeout(5000));
    performance.mark('pantau:snapshot');
    mirror.snapshot(message);
    publish(null);
  } catch {
    // The socket's own snapshot follows.
  }
}

function connect(): void {
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    auth: (callback) => callback({ ...mirror.auth() }),
    transports: ['websocket', 'polling'],
  });
  socket = s;
  s.on('connect', () => {
    connection.value = 'live';
    for (const siteId of measurementWatchers.keys()) s.emit('subscribe', { siteId }, () => {});
  });
  s.on('disconnect', () => {
    connection.value = 'reconnecting';
  });
  s.on('connect_error', () => {
    connection.value = connection.value === 'connecting' ? 'connecting' : 'reconnecting';
  });
  s.on('snapshot', (message) => {
    performance.mark('pantau:snapshot');
    mirror.snapshot(message);
    publish(null);
  });
  s.on('resumed', (message) => {
    if (mirror.resumed(message) === 'gap') return resync(s);
    publish(message.changes);
  });
  s.on('batch', (message) => {
    if (mirror.batch(message) === 'gap') return resync(s);
    publish(message.changes);
  });
  s.on('inventory', (message) => {
    inventoryChanges.value = message;
  });
  s.on('measurement', (message) => {
    for (const watcher of measurementWatchers.get(message.siteId) ?? []) watcher(message);
  });
}

/** Versions were lost: reconnect, sending where this copy stands; the hub sends what is missing. */
function resync(s: Socket): void {
  s.disconnect();
  s.connect();
}

/** Live RTT, loss and traffic of one site while `onMeasurement` is wanted; returns the stop. */
export function watchMeasurements(
  siteId: string,
  onMeasurement: (m: Measurement) => void,
): () => void {
  let watchers = measurementWatchers.get(siteId);
  if (watchers === undefined) {
    watchers = new Set();
    measurementWatchers.set(siteId, watchers);
    socket?.emit('subscribe', { siteId }, () => {});
  }
  watchers.add(onMeasurement);
  return () => {
    watchers.delete(onMeasurement);
    if (watchers.size === 0) {
      measurementWatchers.delete(siteId);
      socket?.emit('unsubscribe', { siteId }, () => {});
    }
  };
}
