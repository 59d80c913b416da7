// The inventory as typed data: what the config loader produces and every other part consumes.

export const SITE_KINDS = ['core', 'opd', 'kecamatan', 'kelurahan', 'desa'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const SNMP_AUTH_PROTOCOLS = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type SnmpAuthProtocol = (typeof SNMP_AUTH_PROTOCOLS)[number];

export const SNMP_PRIV_PROTOCOLS = ['des', 'aes', 'aes256b', 'aes256r'] as const;
export type SnmpPrivProtocol = (typeof SNMP_PRIV_PROTOCOLS)[number];

/** SNMP credentials; each security level carries exactly the keys it needs. */
export type SnmpCredentials =
  | { readonly version: '1' | '2c'; readonly community: string }
  | { readonly version: '3'; readonly level: 'noAuthNoPriv'; readonly user: string }
  | {
      readonly version: '3';
      readonly level: 'authNoPriv';
      readonly user: string;
      readonly authProtocol: SnmpAuthProtocol;
      readonly authKey: string;
    }
  | {
      readonly version: '3';
      readonly level: 'authPriv';
      readonly user: string;
      readonly authProtocol: SnmpAuthProtocol;
      readonly authKey: string;
      readonly privProtocol: SnmpPrivProtocol;
      readonly privKey: string;
    };

/** How the WAN (or LAN) interface is recognised in the router's ifTable. */
export type InterfaceSelector =
  | { readonly by: 'ifName' | 'ifDescr' | 'ifAlias'; readonly value: string }
  | { readonly by: 'ifIndex'; readonly value: number };

export interface Router {
  /** IPv4 address or host name the probes are sent to. */
  readonly host: string;
  /** UDP port of the SNMP agent (161 on real routers). */
  readonly snmpPort: number;
  readonly snmp: SnmpCredentials;
  readonly wan: InterfaceSelector;
  readonly lan: InterfaceSelector | null;
}

export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

/** A contract period; dates are ISO calendar dates (YYYY-MM-DD) in the site's time zone. */
export interface Contract {
  readonly start: string;
  readonly end: string | null;
}

export interface Site {
  readonly id: string;
  readonly name: string;
  readonly kind: SiteKind;
  readonly kecamatan: string;
  /** The upstream site this site reaches the core through; null: a direct ISP link. */
  readonly parentId: string | null;
  readonly location: GeoPoint | null;
  /** IANA time zone; Asia/Jakarta (WIB) unless set. */
  readonly timezone: string;
  readonly router: Router;
  /** The ISP brand the link is bought from, as the planners write it (telkom, iconnet, …). */
  readonly isp: string;
  readonly planId: string;
  readonly contract: Contract;
  /**
   * How the site is judged alive when not by ping: `{ tcp: 8291 }` is a TCP connect to the router's
   * port (for ISPs that drop ICMP). Absent: ICMP. One key, named after the probe kind.
   */
  readonly liveness?: SiteLiveness;
}

/** A site's liveness check other than ICMP: the probe kind's name and its port. */
export interface SiteLiveness {
  readonly tcp: number;
}

export type Billing =
  | { readonly model: 'flat'; readonly monthlyIdr: number }
  | { readonly model: 'per_mbps'; readonly idrPerMbps: number }
  | {
      readonly model: 'burstable';
      readonly monthlyIdr: number;
      readonly commitMbps: number;
      readonly burstMbps: number;
      readonly overageIdrPerMbps: number;
    }
  | {
      readonly model: 'quota';
      readonly monthlyIdr: number;
      readonly quotaGb: number;
      readonly overageIdrPerGb: number;
    };

export interface Sla {
  /** Monthly availability the ISP promises, in percent. */
  readonly pct: number;
  /** Credit, in percent of the month's fee, for each step (or part of one) below `pct`. */
  readonly creditPctPerStep: number;
  readonly stepPct: number;
}

export interface Plan {
  readonly id: string;
  readonly isp: string;
  readonly product: string;
  /** Contracted link speed in Mbps (10^6 bit/s). */
  readonly mbps: number;
  readonly billing: Billing;
  readonly sla: Sla | null;
}

export interface Inventory {
  readonly sites: readonly Site[];
  readonly plans: readonly Plan[];
}
