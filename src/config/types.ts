// The validated configuration: what loadConfig returns. Durations are in ms, sizes in bytes, paths absolute.

import type { Inventory, InventorySources, SiteKind } from '../inventory/index.js';
import type {
  IcmpBackendChoice,
  IcmpKindSettings,
  ProbeKindSettings,
  SettingsOverride,
  SnmpKindSettings,
} from '../probe/index.js';
import type { ConfigProblem } from './problems.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
  'silent',
];

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export interface ServerConfig {
  readonly listen: ListenAddress;
  /** Absolute; the state database and the spool live here. */
  readonly dataDir: string;
  /** IANA time zone for sites that do not set their own, and for reports. */
  readonly timezone: string;
  readonly logLevel: LogLevel;
}

export interface InfluxConfig {
  readonly url: string;
  readonly database: string;
  readonly username: string | null;
  readonly password: string | null;
  readonly retention: {
    /** How long raw samples are kept. */
    readonly rawMs: number;
    /** How long the rollups (the billing record) are kept. */
    readonly rollupMs: number;
    /** The rollup bucket: 5-minute means and maxima. */
    readonly rollupIntervalMs: number;
    /** How long after its end a rollup bucket waits for late samples before it is written. */
    readonly rollupGraceMs: number;
  };
  readonly batch: { readonly maxPoints: number; readonly maxDelayMs: number };
  readonly spool: { readonly dir: string; readonly maxBytes: number };
}

export type IcmpBackend = IcmpBackendChoice;
export { ICMP_BACKENDS } from '../probe/index.js';
/** A probe kind's settings, by the names they had before kinds were registered. */
export type IcmpSettings = IcmpKindSettings;
export type SnmpPollSettings = SnmpKindSettings;

export interface ThresholdSettings {
  /** Average round-trip time above which a link is degraded. */
  readonly rttMs: number;
  /** Packet loss above which a link is degraded. */
  readonly lossPct: number;
  /** The window the averages above are taken over. */
  readonly windowMs: number;
}

/** Every probe kind's settings (one key a kind of src/probe/registry.ts) and the thresholds. */
export type ProbeSettings = ProbeKindSettings & { readonly thresholds: ThresholdSettings };

/** What a site kind changes of the defaults; anything left out is the default. */
export type ProbeSettingsOverride = {
  readonly [K in keyof ProbeKindSettings]?: SettingsOverride<ProbeKindSettings[K]>;
} & { readonly thresholds?: Partial<ThresholdSettings> };

export interface ProbeConfig {
  /** Collector worker threads. */
  readonly workers: number;
  readonly defaults: ProbeSettings;
  readonly kinds: Readonly<Partial<Record<SiteKind, ProbeSettingsOverride>>>;
}

export interface ReferenceTarget {
  readonly id: string;
  readonly host: string;
}

export interface IsolationConfig {
  /** The data centre's gateway and upstream hops: all of them failing means Pantau is cut off. */
  readonly referenceTargets: readonly ReferenceTarget[];
  /** More than this share (%) of the independent sites down within the window: cut off; null: off. */
  readonly sharePct: number | null;
  /** The share is judged only over at least this many independent sites heard. */
  readonly minSites: number;
  readonly windowMs: number;
  /** How long a change into down waits before it is shown, so a cut-off is never shown as outages. */
  readonly holdMs: number;
}

export interface StatusConfig {
  /** Consecutive answered pings that bring a site back up (hysteresis). */
  readonly recoveryResults: number;
  readonly flapping: {
    readonly changes: number;
    readonly windowMs: number;
    readonly stopAtMost: number;
  };
  /** null: no isolation detection (and no hold: downs are shown at once). */
  readonly isolation: IsolationConfig | null;
}

export interface LabV3UserConfig {
  readonly user: string;
  readonly authProtocol: 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  readonly authKey: string;
  readonly privProtocol: 'des' | 'aes';
  readonly privKey: string;
}

export interface LabConfig {
  readonly namespace: string;
  /** The control API's listen address, host:port (text: `pantau lab --control` overrides it). */
  readonly control: string;
  readonly agentProcesses: number;
  /** UDP port of the agents when the lab serves on loopback (no root, so no port 161). */
  readonly loopbackPort: number;
  /** The SNMPv3 user every lab site also answers to. */
  readonly v3User: LabV3UserConfig;
  /** Absolute path of the scenario the lab plays, or null. */
  readonly scenario: string | null;
}

export interface TileServerConfig {
  /** A URL template with {z}, {x} and {y} (or {-y}): a tile server on the intranet. */
  readonly url: string;
  /** Shown in the map's corner, as plain text; '' for none. */
  readonly attribution: string;
  /** The server's highest zoom: the map does not zoom past it. */
  readonly maxZoom: number;
}

export interface DashboardConfig {
  readonly map: {
    /** null: no tile layer (the default; nothing is fetched from anywhere). */
    readonly tiles: TileServerConfig | null;
  };
}

export interface PantauConfig {
  /** Absolute path of the main config file. */
  readonly file: string;
  readonly server: ServerConfig;
  readonly influx: InfluxConfig;
  readonly probe: ProbeConfig;
  readonly status: StatusConfig;
  readonly lab: LabConfig;
  /** The dashboard's own settings: taken at a reload. */
  readonly dashboard: DashboardConfig;
  readonly inventory: Inventory;
  /** Absolute paths of the inventory files, in the order they were read. */
  readonly inventoryFiles: readonly string[];
  /** Where each site and plan was written, parallel to inventory.sites and inventory.plans. */
  readonly inventorySources: InventorySources;
  /** Problems that do not stop Pantau (severity "warning"). */
  readonly warnings: readonly ConfigProblem[];
}
