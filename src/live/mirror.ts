// A client's copy of the hub's state, kept by applying the hub's messages in order and telling
// when one does not follow on. Pure, without socket.io: the tests use it, the dashboard can.

import type {
  LiveAuth,
  LiveBatch,
  LiveIsolation,
  LiveResume,
  LiveSite,
  LiveSnapshot,
} from './protocol.js';

/** `gap`: versions are missing (or the epoch changed); reconnect with `auth()` to catch up. */
export type MirrorVerdict = 'applied' | 'gap';

export class LiveMirror {
  readonly sites = new Map<string, LiveSite>();
  epoch: string | null = null;
  version: number | null = null;
  isolation: LiveIsolation | null = null;

  /** `kecamatan`: the scope to ask for on connecting; null for every site. */
  constructor(public kecamatan: string | null = null) {}

  /** The handshake auth for the next (re)connect: the scope, and where this copy stands. */
  auth(): LiveAuth {
    const scope = this.kecamatan === null ? {} : { kecamatan: this.kecamatan };
    if (this.epoch === null || this.version === null) return scope;
    return { ...scope, epoch: this.epoch, version: this.version };
  }

  snapshot(message: LiveSnapshot): void {
    this.sites.clear();
    for (const site of message.sites) this.sites.set(site.siteId, site);
    this.epoch = message.epoch;
    this.version = message.version;
    this.kecamatan = message.kecamatan;
    this.isolation = message.isolation;
  }

  resumed(message: LiveResume): MirrorVerdict {
    if (message.epoch !== this.epoch || message.kecamatan !== this.kecamatan) return 'gap';
    return this.follow(message.fromVersion, message.toVersion, message.changes, message.isolation);
  }

  batch(message: LiveBatch): MirrorVerdict {
    return this.follow(message.fromVersion, message.toVersion, message.changes, message.isolation);
  }

  private follow(
    from: number,
    to: number,
    changes: readonly LiveSite[],
    isolation: LiveIsolation | null | undefined,
  ): MirrorVerdict {
    if (this.version === null || from !== this.version + 1) return 'gap';
    for (const site of changes) this.sites.set(site.siteId, site);
    if (isolation !== undefined) this.isolation = isolation;
    this.version = to;
    return 'applied';
  }
}
