// The validated configuration: what loadConfig returns. Durations are in ms, sizes in bytes, paths absolute.

import type { Inventory, InventorySources, SiteKind } from '../inventory/index.js';
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
  };
  readonly batch: { readonly maxPoints: number; readonly maxDelayMs: number };
  readonly spool: { readonly dir: string; readonly maxBytes: number };
}

export type IcmpBackend = 'fping' | 'ping' | 'auto';
export const ICMP_BACKENDS: readonly IcmpBackend[] = ['fping', 'ping', 'auto'];

export interface IcmpSettings {
  readonly intervalMs: number;
  /** Echo requests a round. */
  readonly count: number;
  readonly timeoutMs: number;
  /** Before a site is called down, this many quick retries, this far apart. */
  readonly confirm: { readonly attempts: number; readonly intervalMs: number };
  readonly backend: IcmpBackend;
}

export interface SnmpPollSettings {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  /** Requests in flight at once, per worker. */
  readonly concurrency: number;
}

export interface ThresholdSettings {
  /** Average round-trip time above which a link is degraded. */
  readonly rttMs: number;
  /** Packet loss above which a link is degraded. */
  readonly lossPct: number;
  /** The window the averages above are taken over. */
  readonly windowMs: number;
}

export interface ProbeSettings {
  readonly icmp: IcmpSettings;
  readonly snmp: SnmpPollSettings;
  readonly thresholds: ThresholdSettings;
}

/** What a site kind changes of the defaults; anything left out is the default. */
export interface ProbeSettingsOverride {
  readonly icmp?: Partial<Omit<IcmpSettings, 'confirm'>> & {
    readonly confirm?: Partial<IcmpSettings['confirm']>;
  };
  readonly snmp?: Partial<SnmpPollSettings>;
  readonly thresholds?: Partial<ThresholdSettings>;
}

export interface ProbeConfig {
  /** Collector worker threads. */
  readonly workers: number;
  readonly defaults: ProbeSettings;
  readonly kinds: Readonly<Partial<Record<SiteKind, ProbeSettingsOverride>>>;
}

export interface CostsConfig {
  readonly currency: 'IDR';
  /** PPN (value added tax) added to the ISP's prices, in percent. */
  readonly taxRatePct: number;
}

export interface TelegramChannelConfig {
  readonly botToken: string;
  readonly chatId: string;
  readonly apiUrl: string;
}

export interface EmailChannelConfig {
  readonly smtp: {
    readonly host: string;
    readonly port: number;
    /** TLS from the first byte (port 465); false: STARTTLS when offered. */
    readonly secure: boolean;
    readonly user: string | null;
    readonly password: string | null;
  };
  readonly from: string;
  readonly to: readonly string[];
}

export interface WebhookChannelConfig {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Each channel is null when absent or disabled. */
export interface AlertsConfig {
  readonly telegram: TelegramChannelConfig | null;
  readonly email: EmailChannelConfig | null;
  readonly webhook: WebhookChannelConfig | null;
}

/** An address probed only to tell whether Pantau itself still reaches the world. */
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

export interface PantauConfig {
  /** Absolute path of the main config file. */
  readonly file: string;
  readonly server: ServerConfig;
  readonly influx: InfluxConfig;
  readonly probe: ProbeConfig;
  readonly costs: CostsConfig;
  readonly status: StatusConfig;
  readonly alerts: AlertsConfig;
  readonly lab: LabConfig;
  readonly inventory: Inventory;
  /** Absolute paths of the inventory files, in the order they were read. */
  readonly inventoryFiles: readonly string[];
  /** Where each site and plan was written, parallel to inventory.sites and inventory.plans. */
  readonly inventorySources: InventorySources;
  /** Problems that do not stop Pantau (severity "warning"). */
  readonly warnings: readonly ConfigProblem[];
}
