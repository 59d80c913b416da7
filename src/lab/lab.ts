// The lab: simulated site routers for the demo, the tests and the benchmarks. It owns the lab
// network (or falls back to loopback addresses), the agent processes that answer SNMP, and the
// faults injected into both.

import { readFileSync } from 'node:fs';
import { type Inventory, type Plan, type Site, SiteTree } from '../inventory/index.js';
import type { Logger } from '../logger.js';
import { labAddressProblem, loopbackAddressFor } from './addresses.js';
import { AgentProcess } from './agent-process.js';
import type { AgentAction, AgentSiteSpec, LabV3User } from './agent-protocol.js';
import { describeFault, type FaultSpec } from './faults.js';
import { type FirewallRule, LabFirewall } from './firewall.js';
import {
  createLabNetwork,
  type LabNetworkNames,
  labNetworkNames,
  lockLabNetwork,
  removeLabNetwork,
  unlockLabNetwork,
} from './netns.js';
import type { ServedOctets } from './simulated-router.js';
import type { ReplyBehaviour } from './snmp/index.js';

export interface LabSettings {
  readonly namespace: string;
  readonly agentProcesses: number;
  /** UDP port of the agents when the lab serves on loopback (no root: no port 161). */
  readonly loopbackPort: number;
  readonly v3User: LabV3User;
}

export type LabNetworkMode = 'namespace' | 'loopback';

export interface LabSite {
  readonly id: string;
  readonly name: string;
  readonly kind: Site['kind'];
  readonly kecamatan: string;
  readonly parentId: string | null;
  readonly planId: string;
  /** The address in the inventory. */
  readonly address: string;
  /** Where the site's ICMP and SNMP are really answered. */
  readonly servedAt: { readonly address: string; readonly port: number };
}

export interface ActiveFault {
  readonly id: string;
  readonly spec: FaultSpec;
  readonly description: string;
  readonly startedAt: string;
  /** When it heals by itself; null: until healed. */
  readonly endsAt: string | null;
  /** Every site the fault touches: for a down parent, its dependants too. */
  readonly affected: readonly string[];
}

/** A fault the lab cannot inject as asked: a 4xx for the control API. */
export class LabFaultError extends Error {
  override readonly name = 'LabFaultError';
  constructor(
    message: string,
    readonly status: 400 | 404 | 409,
  ) {
    super(message);
  }
}

type Effect =
  | { readonly type: 'firewall'; readonly rules: readonly FirewallRule[] }
  | { readonly type: 'traffic'; readonly siteIds: readonly string[]; readonly reason: string }
  | {
      readonly type: 'behaviour';
      readonly siteIds: readonly string[];
      readonly behaviour: ReplyBehaviour;
    }
  | { readonly type: 'oper'; readonly siteId: string; readonly iface: 'wan' | 'lan' };

interface FaultRecord {
  readonly fault: ActiveFault;
  readonly effects: readonly Effect[];
  timer: NodeJS.Timeout | null;
}

export interface LabStartOptions {
  readonly inventory: Inventory;
  readonly settings: LabSettings;
  /** auto: a namespace when running as root on Linux, else loopback. */
  readonly network: 'auto' | LabNetworkMode;
  readonly log: Logger;
}

/**
 * How many sites one agent process can serve: one socket each, under its descriptor limit (the
 * agent lifts its soft limit to the hard one; some hosts forbid going higher).
 */
function socketsPerAgent(): number {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const hard = Number(/^Max open files\s+\S+\s+(\S+)/m.exec(limits)?.[1]);
    if (Number.isFinite(hard) && hard > 1000) return Math.min(hard, 1_000_000) - 500;
  } catch {
    // Not Linux: assume a common default.
  }
  return 10_000;
}

function canUseNamespace(): boolean {
  return (
    process.platform === 'linux' && typeof process.getuid === 'function' && process.getuid() === 0
  );
}

export class Lab {
  private readonly byId: ReadonlyMap<string, LabSite>;
  private readonly tree: SiteTree;
  private readonly faultsById = new Map<string, FaultRecord>();
  /** Per site, the behaviours faults have asked for, latest last. */
  private readonly behaviours = new Map<string, { faultId: string; behaviour: ReplyBehaviour }[]>();
  private readonly agentOf = new Map<string, AgentProcess>();
  private nextFaultId = 1;
  private stopped = false;

  private constructor(
    readonly mode: LabNetworkMode,
    readonly startedAt: Date,
    private readonly siteList: readonly LabSite[],
    private readonly agents: readonly AgentProcess[],
    private readonly network: LabNetworkNames | null,
    private readonly firewall: LabFirewall | null,
    private readonly log: Logger,
  ) {
    this.byId = new Map(siteList.map((s) => [s.id, s]));
    this.tree = new SiteTree(siteList);
    siteList.forEach((s, i) => {
      this.agentOf.set(s.id, agents[i % agents.length] as AgentProcess);
    });
  }

  static async start(options: LabStartOptions): Promise<Lab> {
    const { inventory, settings, log } = options;
    const mode: LabNetworkMode =
      options.network === 'auto' ? (canUseNamespace() ? 'namespace' : 'loopback') : options.network;
    if (mode === 'namespace' && !canUseNamespace()) {
      throw new Error(
        'the lab namespace needs root on Linux; run as root or use --network loopback',
      );
    }
    const problems = inventory.sites
      .map((s) => ({ id: s.id, problem: labAddressProblem(s.router.host) }))
      .filter((p) => p.problem !== null);
    if (problems.length > 0) {
      const lines = problems.slice(0, 10).map((p) => `  ${p.id}: ${p.problem}`);
      const more = problems.length > 10 ? [`  … and ${problems.length - 10} more`] : [];
      throw new Error(`the lab cannot serve these sites:\n${[...lines, ...more].join('\n')}`);
    }
    const plans = new Map<string, Plan>(inventory.plans.map((p) => [p.id, p]));
    const sites: LabSite[] = inventory.sites.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      kecamatan: s.kecamatan,
      parentId: s.parentId,
      planId: s.planId,
      address: s.router.host,
      servedAt:
        mode === 'namespace'
          ? { address: s.router.host, port: 161 }
          : { address: loopbackAddressFor(s.router.host), port: settings.loopbackPort },
    }));
    const specs: AgentSiteSpec[] = inventory.sites.map((site, i) => {
      const plan = plans.get(site.planId);
      if (!plan) throw new Error(`site ${site.id}: unknown plan "${site.planId}"`);
      const at = (sites[i] as LabSite).servedAt;
      return { site, plan, address: at.address, port: at.port };
    });

    const startedAt = new Date();
    const names = mode === 'namespace' ? labNetworkNames(settings.namespace) : null;
    let firewall: LabFirewall | null = null;
    const agents: AgentProcess[] = [];
    // Before anything is made: a lab that may not start must not tear down a running one's network.
    if (names) lockLabNetwork(names);
    try {
      if (names) {
        await createLabNetwork(
          names,
          sites.map((s) => s.address),
          log,
        );
        firewall = new LabFirewall(names.namespace);
        await firewall.init();
      } else {
        log.warn(
          { port: settings.loopbackPort },
          'not root: sites are served on 127.x loopback addresses; ping always answers there, so outages are SNMP-only',
        );
      }
      const count = Math.max(
        1,
        Math.min(
          Math.max(settings.agentProcesses, Math.ceil(specs.length / socketsPerAgent())),
          specs.length,
        ),
      );
      const shards: AgentSiteSpec[][] = Array.from({ length: count }, () => []);
      specs.forEach((spec, i) => {
        shards[i % count]?.push(spec);
      });
      const started = await Promise.allSettled(
        shards.map((shard) =>
          AgentProcess.start({
            namespace: names?.namespace ?? null,
            sites: shard,
            startMs: startedAt.getTime(),
            v3User: settings.v3User,
            log,
          }),
        ),
      );
      for (const result of started) if (result.status === 'fulfilled') agents.push(result.value);
      const failure = started.find((r) => r.status === 'rejected');
      if (failure) throw (failure as PromiseRejectedResult).reason;
    } catch (error) {
      await Promise.all(agents.map((a) => a.stop()));
      if (names) {
        await removeLabNetwork(names);
        unlockLabNetwork(names);
      }
      throw error;
    }
    log.info({ mode, sites: sites.length, agents: agents.length }, 'lab started');
    return new Lab(mode, startedAt, sites, agents, names, firewall, log);
  }

  sites(): readonly LabSite[] {
    return this.siteList;
  }

  site(id: string): LabSite | undefined {
    return this.byId.get(id);
  }

  faults(): ActiveFault[] {
    return [...this.faultsById.values()].map((r) => r.fault);
  }

  private requireSite(id: string): LabSite {
    const site = this.byId.get(id);
    if (!site) throw new LabFaultError(`unknown site "${id}"`, 404);
    return site;
  }

  private agentFor(siteId: string): AgentProcess {
    return this.agentOf.get(siteId) as AgentProcess;
  }

  /** Sends one action to the agents that own the given sites. */
  private async act(siteIds: readonly string[], action: AgentAction, atMs: number): Promise<void> {
    const byAgent = new Map<AgentProcess, string[]>();
    for (const id of siteIds) {
      const agent = this.agentFor(id);
      const list = byAgent.get(agent) ?? [];
      list.push(id);
      byAgent.set(agent, list);
    }
    await Promise.all(
      [...byAgent].map(([agent, ids]) =>
        agent.request({ type: 'act', siteIds: ids, action, atMs }),
      ),
    );
  }

  private async pushBehaviour(siteIds: readonly string[], atMs: number): Promise<void> {
    await Promise.all(
      siteIds.map((id) => {
        const stack = this.behaviours.get(id) ?? [];
        const behaviour: ReplyBehaviour = stack[stack.length - 1]?.behaviour ?? { kind: 'normal' };
        return this.act([id], { kind: 'behaviour', behaviour }, atMs);
      }),
    );
  }

  private async applyEffect(faultId: string, effect: Effect, atMs: number): Promise<void> {
    switch (effect.type) {
      case 'firewall':
        await this.firewall?.add(effect.rules);
        return;
      case 'traffic':
        await this.act(effect.siteIds, { kind: 'stop-traffic', reason: effect.reason }, atMs);
        return;
      case 'behaviour':
        for (const id of effect.siteIds) {
          const stack = this.behaviours.get(id) ?? [];
          stack.push({ faultId, behaviour: effect.behaviour });
          this.behaviours.set(id, stack);
        }
        await this.pushBehaviour(effect.siteIds, atMs);
        return;
      case 'oper':
        await this.act([effect.siteId], { kind: 'oper', iface: effect.iface, up: false }, atMs);
        return;
    }
  }

  private async undoEffect(faultId: string, effect: Effect, atMs: number): Promise<void> {
    switch (effect.type) {
      case 'firewall':
        await this.firewall?.remove(effect.rules);
        return;
      case 'traffic':
        await this.act(effect.siteIds, { kind: 'resume-traffic', reason: effect.reason }, atMs);
        return;
      case 'behaviour':
        for (const id of effect.siteIds) {
          const stack = (this.behaviours.get(id) ?? []).filter((b) => b.faultId !== faultId);
          if (stack.length === 0) this.behaviours.delete(id);
          else this.behaviours.set(id, stack);
        }
        await this.pushBehaviour(effect.siteIds, atMs);
        return;
      case 'oper':
        await this.act([effect.siteId], { kind: 'oper', iface: effect.iface, up: true }, atMs);
        return;
    }
  }

  /** The effects that make a fault, or the reason it cannot be made in this lab. */
  private effectsOf(id: string, spec: FaultSpec, affected: readonly string[]): Effect[] {
    const addresses = affected.map((s) => this.requireSite(s).address);
    const drop = (p: number): Effect => ({
      type: 'firewall',
      rules: addresses.map((address) => ({ address, dropProbability: p, tag: id })),
    });
    const outage = (): Effect[] =>
      this.mode === 'namespace'
        ? [drop(1), { type: 'traffic', siteIds: affected, reason: id }]
        : [
            { type: 'behaviour', siteIds: affected, behaviour: { kind: 'silent' } },
            { type: 'traffic', siteIds: affected, reason: id },
          ];
    switch (spec.kind) {
      case 'down':
        return outage();
      case 'loss':
        if (this.mode !== 'namespace') {
          throw new LabFaultError(
            'packet loss needs the lab namespace: run `pantau lab` as root',
            409,
          );
        }
        return [drop(spec.lossPct / 100)];
      case 'snmp-silent':
        return [{ type: 'behaviour', siteIds: [spec.site], behaviour: { kind: 'silent' } }];
      case 'snmp-slow':
        return [
          {
            type: 'behaviour',
            siteIds: [spec.site],
            behaviour: { kind: 'slow', delayMs: spec.delay },
          },
        ];
      case 'snmp-malformed':
        return [
          {
            type: 'behaviour',
            siteIds: [spec.site],
            behaviour: { kind: 'malformed', form: spec.form },
          },
        ];
      case 'reboot':
        return spec.downFor > 0 ? outage() : [];
      case 'counter32-wrap':
        return [];
      case 'if-down':
        return [{ type: 'oper', siteId: spec.site, iface: spec.iface }];
    }
  }

  /** Injects a fault now; it heals by itself after its duration, if it has one. */
  async inject(spec: FaultSpec): Promise<ActiveFault> {
    if (this.stopped) throw new LabFaultError('the lab is stopping', 409);
    this.requireSite(spec.site);
    const id = `f${this.nextFaultId++}`;
    const spreads = spec.kind === 'down' || spec.kind === 'loss' || spec.kind === 'reboot';
    const affected = spreads ? [spec.site, ...this.tree.descendants(spec.site)] : [spec.site];
    const effects = this.effectsOf(id, spec, affected);
    const now = Date.now();
    const lasting =
      spec.kind === 'reboot'
        ? spec.downFor
        : spec.kind === 'counter32-wrap'
          ? 0
          : (spec.for ?? null);
    const fault: ActiveFault = {
      id,
      spec,
      description: describeFault(spec),
      startedAt: new Date(now).toISOString(),
      endsAt: lasting === null ? null : new Date(now + lasting).toISOString(),
      affected,
    };
    for (const effect of effects) await this.applyEffect(id, effect, now);
    if (spec.kind === 'reboot')
      await this.act([spec.site], { kind: 'reboot', renumber: spec.renumber }, now);
    if (spec.kind === 'counter32-wrap') {
      await this.act(
        [spec.site],
        { kind: 'wrap32', iface: spec.iface, inSeconds: spec.in / 1000 },
        now,
      );
    }
    this.log.info({ fault: id, affected: affected.length }, `fault: ${fault.description}`);
    if (lasting === 0) return fault;
    const record: FaultRecord = { fault, effects, timer: null };
    this.faultsById.set(id, record);
    if (lasting !== null) {
      record.timer = setTimeout(() => {
        this.heal({ faultId: id }).catch((error: unknown) =>
          this.log.error(
            { err: error, fault: id },
            'could not heal a fault at the end of its duration',
          ),
        );
      }, lasting);
    }
    return fault;
  }

  /** Heals one fault, every fault of a site, or everything; returns what was healed. */
  async heal(target: { faultId: string } | { siteId: string } | 'all'): Promise<ActiveFault[]> {
    const records = [...this.faultsById.values()].filter((r) =>
      target === 'all'
        ? true
        : 'faultId' in target
          ? r.fault.id === target.faultId
          : r.fault.spec.site === target.siteId,
    );
    if (typeof target === 'object' && 'faultId' in target && records.length === 0) {
      throw new LabFaultError(`no active fault "${target.faultId}"`, 404);
    }
    if (typeof target === 'object' && 'siteId' in target) this.requireSite(target.siteId);
    const now = Date.now();
    for (const record of records) {
      if (record.timer) clearTimeout(record.timer);
      this.faultsById.delete(record.fault.id);
      for (const effect of [...record.effects].reverse())
        await this.undoEffect(record.fault.id, effect, now);
      this.log.info({ fault: record.fault.id }, `healed: ${record.fault.description}`);
    }
    return records.map((r) => r.fault);
  }

  /** Octets each interface of a site carried in [from, to): what the counters must show. */
  served(siteId: string, fromMs: number, toMs: number): Promise<ServedOctets> {
    this.requireSite(siteId);
    return this.agentFor(siteId).request<ServedOctets>({ type: 'served', siteId, fromMs, toMs });
  }

  snapshot(siteId: string): Promise<unknown> {
    this.requireSite(siteId);
    return this.agentFor(siteId).request({ type: 'snapshot', siteId, atMs: Date.now() });
  }

  async stats(): Promise<unknown[]> {
    return Promise.all(this.agents.map((a) => a.request({ type: 'stats' })));
  }

  async firewallRules(): Promise<string[]> {
    return this.firewall ? this.firewall.list() : [];
  }

  /** Stops the agents and removes the lab network; idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const record of this.faultsById.values()) if (record.timer) clearTimeout(record.timer);
    this.faultsById.clear();
    await Promise.all(this.agents.map((a) => a.stop()));
    if (this.network) {
      await removeLabNetwork(this.network);
      unlockLabNetwork(this.network);
    }
    this.log.info('lab stopped; its network is removed');
  }
}
