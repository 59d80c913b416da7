// The live hub: status snapshots, batched changes and site measurements over socket.io.

export {
  DEFAULT_BATCH_MS,
  DEFAULT_MAX_SITES_PER_CLIENT,
  DEFAULT_MEASUREMENT_MS,
  DEFAULT_REPLAY_VERSIONS,
  LiveHub,
  type LiveHubOptions,
  type LiveStats,
} from './hub.js';
export { liveFigures } from './figures.js';
export { LiveMirror, type MirrorVerdict } from './mirror.js';
export * from './protocol.js';
export { LiveInputError, type LiveStart } from './status-board.js';
