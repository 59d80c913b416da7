// The socket.io hub: attaches to an http.Server, sends each client a snapshot of its scope, then
// the engine's changes in batches, and live measurements to the rooms of open site pages.
//
// Versions stay contiguous per client: a client that connects or changes scope while a batch is
// pending joins its room only after that batch went out, and its snapshot (or resume) is taken
// then; so its first batch starts right after the version it was given.

import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { type DefaultEventsMap, type ExtendedError, Server, type Socket } from 'socket.io';
import type { InventoryIndex } from '../inventory/index.js';
import { type Logger, silentLogger } from '../logger.js';
import type { ProbeResult } from '../probe/index.js';
import type { SitesChangedEvent, StatusEvent } from '../status/index.js';
import { handshakeParser } from './handshake-parser.js';
import { measure } from './measurements.js';
import type {
  ClientToServerEvents,
  LiveAck,
  LiveBatch,
  LiveConnectErrorData,
  LiveInventoryChange,
  LiveSite,
  LiveSnapshot,
  Measurement,
  ServerToClientEvents,
} from './protocol.js';
import { ReplayLog } from './replay-log.js';
import {
  type Handshake,
  isRefusal,
  type Refusal,
  type ResumePoint,
  readHandshake,
  readTarget,
  type Target,
} from './requests.js';
import { kecamatanRoom, STATUS_ROOM, siteRoom, statusRoom } from './rooms.js';
import { type LiveStart, StatusBoard } from './status-board.js';
import { Throttle } from './throttle.js';

export interface LiveHubOptions {
  /**
   * The inventory's index: its sites and the kecamatan of each (names in any case, as the index
   * matches them); requests naming other ids are refused.
   */
  readonly index: InventoryIndex;
  /** The engine's state when the hub starts (`engine.snapshot()`); `publish` its events after it. */
  readonly status: LiveStart;
  /** At most one batch per this many ms. */
  readonly batchMs?: number;
  /** After a quiet spell, changes are gathered this long before a batch goes (at most batchMs). */
  readonly gatherMs?: number;
  /** At most one measurement per site per this many ms. */
  readonly measurementMs?: number;
  /** How many versions are kept for clients that come back after a gap. */
  readonly replayVersions?: number;
  /** How many site rooms one client may be in at once. */
  readonly maxSitesPerClient?: number;
  /** The socket.io path on the http server. */
  readonly path?: string;
  readonly logger?: Logger;
}

export const DEFAULT_BATCH_MS = 250;
// Long enough for both workers' batches of one cycle, short next to the 1-s promise.
export const DEFAULT_GATHER_MS = 25;
export const DEFAULT_MEASUREMENT_MS = 1000;
export const DEFAULT_REPLAY_VERSIONS = 10_000;
export const DEFAULT_MAX_SITES_PER_CLIENT = 20;

export interface LiveStats {
  readonly clients: number;
  /** Messages delivered, one for each client a room message reached. */
  readonly messagesSent: number;
  readonly batches: number;
  readonly snapshots: number;
  readonly resumes: number;
  readonly measurements: number;
  /** Handshakes and requests refused as bad. */
  readonly refused: number;
  /** The version of the last status event published. */
  readonly version: number;
}

interface SocketData {
  handshake: Handshake;
}

type HubServer = Server<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, SocketData>;
type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, SocketData>;

interface Client {
  readonly socket: HubSocket;
  /** The status scope: one kecamatan under its one name (the index's), or null for every site. */
  kecamatan: string | null;
  /** Where to resume from once served; null: a snapshot. */
  resume: ResumePoint | null;
  readonly sites: Set<string>;
}

/** What a request did: the acknowledgement, and what to send after it. */
interface Outcome {
  readonly ack: LiveAck;
  readonly after?: () => void;
}

export class LiveHub {
  /** Versions are comparable only within one hub: a client from another one gets a snapshot. */
  readonly epoch = randomUUID();
  private readonly io: HubServer;
  private readonly board: StatusBoard;
  private replay: ReplayLog;
  private readonly replayVersions: number;
  /** The index of the inventory the next `sites-changed` event stands for. */
  private nextIndex: InventoryIndex;
  private readonly logger: Logger;
  private readonly maxSites: number;
  private readonly clients = new Map<string, Client>();
  /** Clients to serve once the pending batch is out. */
  private readonly waiting = new Set<Client>();
  private readonly batcher: Throttle;
  private readonly measurer: Throttle;
  private readonly pendingSites = new Set<string>();
  private pendingIsolation = false;
  /** The version the last batch went up to. */
  private sent: number;
  private readonly latest = new Map<string, Measurement>();
  private readonly dueMeasurements = new Set<string>();
  private closed = false;
  private counts = {
    messagesSent: 0,
    batches: 0,
    snapshots: 0,
    resumes: 0,
    measurements: 0,
    refused: 0,
  };

  constructor(server: HttpServer, options: LiveHubOptions) {
    this.board = new StatusBoard(options.index, options.status);
    this.nextIndex = options.index;
    this.sent = this.board.version;
    this.replayVersions = options.replayVersions ?? DEFAULT_REPLAY_VERSIONS;
    this.replay = new ReplayLog(this.replayVersions, this.board.version);
    this.logger = options.logger ?? silentLogger;
    this.maxSites = options.maxSitesPerClient ?? DEFAULT_MAX_SITES_PER_CLIENT;
    const batchMs = options.batchMs ?? DEFAULT_BATCH_MS;
    const gatherMs = Math.min(options.gatherMs ?? DEFAULT_GATHER_MS, batchMs);
    this.batcher = new Throttle({ intervalMs: batchMs, gatherMs }, () =>
      this.guard('batch', () => this.flushBatch()),
    );
    this.measurer = new Throttle(
      { intervalMs: options.measurementMs ?? DEFAULT_MEASUREMENT_MS },
      () => this.guard('measurements', () => this.flushMeasurements()),
    );
    // Resumes are the hub's own (versions and a replay log), so socket.io's recovery stays off.
    // The parser lets an auth that is not an object reach admit(), to be refused with a code.
    this.io = new Server(server, {
      path: options.path ?? '/socket.io',
      serveClient: false,
      parser: handshakeParser,
    });
    this.io.use((socket, next) => this.admit(socket, next));
    this.io.on('connection', (socket) => this.guard('connection', () => this.connected(socket)));
  }

  /**
   * Takes the engine's events, in order; events already taken are skipped. Throws LiveInputError on
   * a version gap: the caller lost events, and clients would silently go wrong.
   */
  publish(events: readonly StatusEvent[]): void {
    if (this.closed) return;
    for (const event of events) {
      if (event.type === 'sites-changed') {
        this.reinventory(event);
        continue;
      }
      const change = this.board.apply(event); // throws on a gap: the caller lost events
      if (change === null) continue;
      this.replay.record(change);
      for (const id of change.siteIds) this.pendingSites.add(id);
      this.pendingIsolation ||= change.isolation;
    }
    if (this.board.version > this.sent) this.batcher.request();
  }

  /**
   * The inventory's index after a reload, taken when the engine's `sites-changed` event for it
   * comes: call this first, then publish the events.
   */
  setInventory(index: InventoryIndex): void {
    this.nextIndex = index;
  }

  /**
   * A reload: what was pending goes out first, then every client is told what changed and gets a
   * fresh snapshot of its scope, on the same connection. Resumes from before it get a snapshot.
   */
  private reinventory(event: SitesChangedEvent): void {
    if (this.board.version > this.sent && event.version > this.board.version) this.flushBatch();
    const change = this.board.reinventory(event, this.nextIndex);
    if (change === null) return;
    this.replay = new ReplayLog(this.replayVersions, this.board.version);
    this.pendingSites.clear();
    this.pendingIsolation = false;
    this.sent = this.board.version;
    const message: LiveInventoryChange = {
      version: event.version,
      added: event.added,
      removed: event.removed,
      changed: event.changed,
    };
    for (const siteId of event.removed) this.latest.delete(siteId);
    for (const client of this.clients.values()) {
      for (const siteId of event.removed)
        if (client.sites.delete(siteId)) void client.socket.leave(siteRoom(siteId));
      client.socket.emit('inventory', message);
      this.counts.messagesSent++;
      this.waiting.delete(client);
      client.resume = null;
      void client.socket.leave(statusRoom(client.kecamatan));
      // The new inventory may spell the kecamatan otherwise first: its room follows the one name.
      if (client.kecamatan !== null)
        client.kecamatan = this.board.kecamatanName(client.kecamatan) ?? client.kecamatan;
      this.serve(client);
    }
  }

  /** Takes probe results; the sites whose page is open get their measurements. */
  publishResults(results: readonly ProbeResult[]): void {
    if (this.closed) return;
    for (const result of results) {
      if (!this.board.hasSite(result.siteId)) continue;
      this.latest.set(result.siteId, measure(this.latest.get(result.siteId), result));
      if (this.members(siteRoom(result.siteId)) > 0) this.dueMeasurements.add(result.siteId);
    }
    if (this.dueMeasurements.size > 0) this.measurer.request();
  }

  stats(): LiveStats {
    return { clients: this.clients.size, ...this.counts, version: this.board.version };
  }

  /** Disconnects every client and stops; the http server stays open (its owner closes it). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batcher.cancel();
    this.measurer.cancel();
    this.io.disconnectSockets(true);
    this.io.engine.close();
  }

  private admit(socket: HubSocket, next: (error?: ExtendedError) => void): void {
    const handshake = readHandshake(socket.handshake.auth, this.board);
    if (isRefusal(handshake)) {
      this.counts.refused++;
      this.logger.debug({ code: handshake.code }, `live handshake refused: ${handshake.error}`);
      const error: ExtendedError = new Error(handshake.error);
      const data: LiveConnectErrorData = { code: handshake.code };
      error.data = data;
      next(error);
      return;
    }
    socket.data.handshake = handshake;
    next();
  }

  private connected(socket: HubSocket): void {
    const { handshake } = socket.data;
    const client: Client = {
      socket,
      kecamatan: handshake.kecamatan,
      resume: handshake.resume,
      sites: new Set(),
    };
    this.clients.set(socket.id, client);
    socket.on('subscribe', (request: unknown, ack: unknown) =>
      this.answer(client, ack, () => this.subscribe(client, request)),
    );
    socket.on('unsubscribe', (request: unknown, ack: unknown) =>
      this.answer(client, ack, () => this.unsubscribe(client, request)),
    );
    socket.on('disconnect', () => {
      this.clients.delete(socket.id);
      this.waiting.delete(client);
    });
    this.serveWhenCurrent(client);
  }

  private subscribe(client: Client, request: unknown): Outcome {
    const target = this.target(request);
    if (isRefusal(target)) return { ack: target };
    if (target.kind === 'kecamatan')
      return { ack: OK, after: () => this.rescope(client, target.kecamatan) };
    if (client.sites.has(target.siteId)) return { ack: OK };
    if (client.sites.size >= this.maxSites) {
      this.counts.refused++;
      const error = `at most ${this.maxSites} sites at once; unsubscribe one first`;
      return { ack: { ok: false, code: 'too-many-sites', error } };
    }
    client.sites.add(target.siteId);
    void client.socket.join(siteRoom(target.siteId));
    return { ack: OK, after: () => this.sendLatest(client, target.siteId) };
  }

  private unsubscribe(client: Client, request: unknown): Outcome {
    const target = this.target(request);
    if (isRefusal(target)) return { ack: target };
    if (target.kind === 'kecamatan')
      return client.kecamatan === target.kecamatan
        ? { ack: OK, after: () => this.rescope(client, null) }
        : { ack: OK };
    if (client.sites.delete(target.siteId)) void client.socket.leave(siteRoom(target.siteId));
    return { ack: OK };
  }

  private target(request: unknown): Target | Refusal {
    const target = readTarget(request, this.board);
    if (isRefusal(target)) {
      this.counts.refused++;
      this.logger.debug({ code: target.code }, `live request refused: ${target.error}`);
    }
    return target;
  }

  /** Runs a request; a missing ack callback or a failure inside never reaches socket.io. */
  private answer(client: Client, ack: unknown, handle: () => Outcome): void {
    let outcome: Outcome;
    try {
      outcome = handle();
    } catch (error) {
      this.logger.error({ err: error, client: client.socket.id }, 'live request failed');
      outcome = { ack: { ok: false, code: 'internal', error: 'the hub failed on this request' } };
    }
    if (typeof ack === 'function') ack(outcome.ack);
    if (outcome.after) this.guard('request follow-up', outcome.after);
  }

  /** Moves a client to another status scope; it gets a snapshot of it. */
  private rescope(client: Client, kecamatan: string | null): void {
    this.waiting.delete(client);
    void client.socket.leave(statusRoom(client.kecamatan));
    client.kecamatan = kecamatan;
    client.resume = null;
    this.serveWhenCurrent(client);
  }

  private serveWhenCurrent(client: Client): void {
    if (this.board.version === this.sent) this.serve(client);
    else this.waiting.add(client);
  }

  /**
   * Every site of the scope at the hub's version, as a client's first `snapshot` message: for the
   * dashboard to preload by HTTP while its script loads; its socket then resumes from that version.
   */
  snapshot(kecamatan: string | null = null): LiveSnapshot {
    return {
      epoch: this.epoch,
      version: this.board.version,
      kecamatan,
      isolation: this.board.isolation,
      sites: this.board.sitesIn(kecamatan),
    };
  }

  /** Puts a client in its status room and sends it the state of its scope: a resume or a snapshot. */
  private serve(client: Client): void {
    const { socket, kecamatan, resume } = client;
    if (!socket.connected) return;
    client.resume = null;
    void socket.join(statusRoom(kecamatan));
    const epoch = this.epoch;
    const missed = resume?.epoch === epoch ? this.replay.since(resume.version) : null;
    const isolation = this.board.isolation;
    if (resume !== null && missed !== null) {
      const changes = this.board.viewsOf(missed.siteIds, kecamatan);
      const fromVersion = resume.version + 1;
      socket.emit('resumed', {
        epoch,
        fromVersion,
        toVersion: this.board.version,
        kecamatan,
        isolation,
        changes,
      });
      this.counts.resumes++;
    } else {
      socket.emit('snapshot', this.snapshot(kecamatan));
      this.counts.snapshots++;
    }
    this.counts.messagesSent++;
  }

  /** Sends what changed since the last batch to every status room, then serves waiting clients. */
  private flushBatch(): void {
    const toVersion = this.board.version;
    if (toVersion === this.sent) return;
    const fromVersion = this.sent + 1;
    const isolation = this.pendingIsolation ? { isolation: this.board.isolation } : {};
    const all = this.board.viewsOf(this.pendingSites, null);
    this.toRoom(STATUS_ROOM, { fromVersion, toVersion, changes: all, ...isolation });
    const byKecamatan = new Map<string, LiveSite[]>();
    for (const site of all) {
      const kecamatan = this.board.kecamatanOf(site.siteId) ?? '';
      const list = byKecamatan.get(kecamatan) ?? [];
      list.push(site);
      byKecamatan.set(kecamatan, list);
    }
    // Quiet rooms get an empty batch: their clients' versions stay current, so resumes stay short.
    for (const kecamatan of this.board.kecamatans()) {
      const changes = byKecamatan.get(kecamatan) ?? [];
      this.toRoom(kecamatanRoom(kecamatan), { fromVersion, toVersion, changes, ...isolation });
    }
    this.counts.batches++;
    this.pendingSites.clear();
    this.pendingIsolation = false;
    this.sent = toVersion;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const client of waiting) this.serve(client);
  }

  private toRoom(room: string, batch: LiveBatch): void {
    const members = this.members(room);
    if (members === 0) return;
    this.io.to(room).emit('batch', batch);
    this.counts.messagesSent += members;
  }

  private flushMeasurements(): void {
    for (const siteId of this.dueMeasurements) {
      const measurement = this.latest.get(siteId);
      const room = siteRoom(siteId);
      const members = this.members(room);
      if (measurement === undefined || members === 0) continue;
      this.io.to(room).emit('measurement', measurement);
      this.counts.measurements++;
      this.counts.messagesSent += members;
    }
    this.dueMeasurements.clear();
  }

  /** A new watcher of a site's page sees its latest values at once, not after the next probe. */
  private sendLatest(client: Client, siteId: string): void {
    const measurement = this.latest.get(siteId);
    if (measurement === undefined || !client.socket.connected) return;
    client.socket.emit('measurement', measurement);
    this.counts.measurements++;
    this.counts.messagesSent++;
  }

  private members(room: string): number {
    return this.io.sockets.adapter.rooms.get(room)?.size ?? 0;
  }

  /** Runs hub work from a timer or socket event: a bug is logged, never thrown into socket.io. */
  private guard(what: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.logger.error({ err: error }, `live hub: ${what} failed`);
    }
  }
}

const OK: LiveAck = { ok: true };
