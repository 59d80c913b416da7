// What the TCP connect check takes and gives: plain, serialisable data (structured clone).

/** The TCP settings of a site kind, as configured under `probe.tcp` and `probe.kinds.*.tcp`. */
export interface TcpKindSettings {
  readonly intervalMs: number;
  /** How long one connection attempt is given to be accepted or refused. */
  readonly timeoutMs: number;
  /** Attempts before the site counts as not answering: one lost SYN is not an outage. */
  readonly attempts: number;
}

/** One site's connect check, as planned for a collector: only for sites with `liveness: { tcp }`. */
export interface TcpCheck {
  readonly kind: 'tcp';
  readonly siteId: string;
  readonly intervalMs: number;
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly attempts: number;
}

/** Why no host answered: every attempt timed out, a router said unreachable, or another error. */
export type TcpFailure = 'timeout' | 'unreachable' | 'error';

export interface TcpProbeResult {
  readonly kind: 'tcp';
  readonly siteId: string;
  /** Epoch ms when the first attempt began. */
  readonly at: number;
  readonly port: number;
  /** The host answered: it accepted the connection or refused it (a RST comes from the host itself). */
  readonly up: boolean;
  /** The answer was a refusal (nothing listens on the port), not an accepted connection. */
  readonly refused: boolean;
  /** Time from SYN to the answer of the attempt that got one; null when none did. */
  readonly connectMs: number | null;
  readonly attempts: number;
  readonly failure: TcpFailure | null;
  /** The last error's text (e.g. "connect EHOSTUNREACH"), for logs; null when up. */
  readonly message: string | null;
}
