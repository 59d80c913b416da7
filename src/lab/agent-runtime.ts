// Inside an agent process: the simulated routers of this process's sites, their SNMP sockets, and
// the answers to the lab's requests. Kept apart from the IPC wiring so it can run in-process too.

import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { AgentAction, AgentRequest, AgentSiteSpec, LabV3User } from './agent-protocol.js';
import { routerMib } from './router-mib.js';
import { routerProfile } from './router-profile.js';
import { type InterfaceRole, SimulatedRouter } from './simulated-router.js';
import { type AgentSite, type ReplyBehaviour, SnmpAgentHost, type UsmUser } from './snmp/index.js';

/** RFC 3411 engine ID: enterprise format, then 8 bytes of a hash of the site id. */
function engineIdFor(siteId: string): Buffer {
  const prefix = Buffer.from([0x80, 0x00, 0xc3, 0x5c, 0x04]); // 50012 | 0x80000000, format 4 (octets)
  return Buffer.concat([prefix, createHash('sha256').update(siteId).digest().subarray(0, 8)]);
}

function usersOf(spec: AgentSiteSpec, labUser: LabV3User): UsmUser[] {
  const users: UsmUser[] = [
    {
      name: labUser.user,
      level: 'authPriv',
      authProtocol: labUser.authProtocol,
      authKey: labUser.authKey,
      privProtocol: labUser.privProtocol,
      privKey: labUser.privKey,
    },
  ];
  const snmp = spec.site.router.snmp;
  if (snmp.version === '3' && snmp.user !== labUser.user) {
    if (snmp.level === 'noAuthNoPriv') users.push({ name: snmp.user, level: snmp.level });
    else if (snmp.level === 'authNoPriv') {
      users.push({
        name: snmp.user,
        level: snmp.level,
        authProtocol: snmp.authProtocol,
        authKey: snmp.authKey,
      });
    } else if (snmp.privProtocol === 'des' || snmp.privProtocol === 'aes') {
      users.push({
        name: snmp.user,
        level: snmp.level,
        authProtocol: snmp.authProtocol,
        authKey: snmp.authKey,
        privProtocol: snmp.privProtocol,
        privKey: snmp.privKey,
      });
    }
  }
  return users;
}

interface RuntimeSite {
  readonly spec: AgentSiteSpec;
  readonly router: SimulatedRouter;
  behaviour: ReplyBehaviour;
}

export interface SiteSnapshot {
  readonly siteId: string;
  readonly vendor: string;
  readonly sysDescr: string;
  readonly counter64: boolean;
  readonly utilisation: string;
  readonly uptimeS: number;
  readonly engineBoots: number;
  readonly trafficFlowing: boolean;
  readonly downloadBps: number;
  readonly behaviour: ReplyBehaviour;
  readonly interfaces: Record<
    InterfaceRole,
    {
      readonly ifIndex: number;
      readonly ifName: string;
      readonly reportedMbps: number;
      readonly operUp: boolean;
      readonly hcInOctets: string;
      readonly hcOutOctets: string;
      readonly inOctets32: number;
      readonly outOctets32: number;
    }
  >;
}

export class AgentRuntime {
  private readonly sites = new Map<string, RuntimeSite>();

  private constructor(
    private readonly host: SnmpAgentHost,
    private readonly log: Logger,
  ) {}

  static async start(
    specs: readonly AgentSiteSpec[],
    startMs: number,
    labUser: LabV3User,
    log: Logger,
  ): Promise<AgentRuntime> {
    const host = new SnmpAgentHost(log);
    const runtime = new AgentRuntime(host, log);
    const offsets = new Map<string, number>();
    for (const spec of specs) {
      const router = new SimulatedRouter(routerProfile(spec.site, spec.plan, offsets), startMs);
      const entry: RuntimeSite = { spec, router, behaviour: { kind: 'normal' } };
      runtime.sites.set(spec.site.id, entry);
    }
    try {
      await Promise.all(
        [...runtime.sites.values()].map((entry) => {
          const { spec, router } = entry;
          const snmp = spec.site.router.snmp;
          const agentSite: AgentSite = {
            id: spec.site.id,
            // A site configured for v3 only still answers v1/v2c to nobody.
            community: snmp.version === '3' ? '' : snmp.community,
            users: usersOf(spec, labUser),
            engineId: engineIdFor(spec.site.id),
            engineBoots: () => router.engineBoots,
            bootTimeMs: () => router.bootTimeMs,
            mib: routerMib(router, spec.site.id, `${spec.site.name}, Kec. ${spec.site.kecamatan}`),
          };
          return host.add(agentSite, spec.address, spec.port);
        }),
      );
    } catch (error) {
      await host.close();
      throw error;
    }
    return runtime;
  }

  get size(): number {
    return this.sites.size;
  }

  private site(id: string): RuntimeSite {
    const site = this.sites.get(id);
    if (!site) throw new Error(`this agent does not serve site "${id}"`);
    return site;
  }

  private act(site: RuntimeSite, action: AgentAction, atMs: number): void {
    const r = site.router;
    switch (action.kind) {
      case 'stop-traffic':
        r.stopTraffic(action.reason, atMs);
        return;
      case 'resume-traffic':
        r.resumeTraffic(action.reason, atMs);
        return;
      case 'reboot':
        r.reboot(atMs, action.renumber);
        return;
      case 'wrap32':
        r.wrapCounter32Soon(action.iface, atMs, action.inSeconds);
        return;
      case 'oper':
        r.setOperStatus(action.iface, action.up, atMs);
        return;
      case 'behaviour':
        site.behaviour = action.behaviour;
        this.host.setBehaviour(site.spec.site.id, action.behaviour);
        return;
    }
  }

  snapshot(id: string, atMs: number): SiteSnapshot {
    const { router, behaviour } = this.site(id);
    const p = router.profile;
    const iface = (role: InterfaceRole) => {
      const c = router.counters(role, atMs);
      const sim = role === 'wan' ? p.wan : p.lan;
      return {
        ifIndex: router.ifIndex(role),
        ifName: sim.ifName,
        reportedMbps: sim.reportedMbps,
        operUp: c.operUp,
        hcInOctets: c.hcIn.toString(),
        hcOutOctets: c.hcOut.toString(),
        inOctets32: c.in32,
        outOctets32: c.out32,
      };
    };
    return {
      siteId: id,
      vendor: p.vendor,
      sysDescr: p.sysDescr,
      counter64: p.counter64,
      utilisation: p.utilisation,
      uptimeS: Math.floor(router.uptimeTicks(atMs) / 100),
      engineBoots: router.engineBoots,
      trafficFlowing: router.flowing,
      downloadBps: Math.round(router.rateNow(atMs) * 8),
      behaviour,
      interfaces: { wan: iface('wan'), lan: iface('lan') },
    };
  }

  /** Answers one request from the lab. */
  handle(request: AgentRequest): unknown {
    switch (request.type) {
      case 'act':
        for (const id of request.siteIds) this.act(this.site(id), request.action, request.atMs);
        return { sites: request.siteIds.length };
      case 'served':
        return this.site(request.siteId).router.served(request.fromMs, request.toMs);
      case 'snapshot':
        return this.snapshot(request.siteId, request.atMs);
      case 'stats':
        return {
          pid: process.pid,
          sites: this.sites.size,
          rssBytes: process.memoryUsage().rss,
          ...this.host.stats(),
        };
    }
  }

  async close(): Promise<void> {
    await this.host.close();
    this.log.debug('agent sockets closed');
  }
}
