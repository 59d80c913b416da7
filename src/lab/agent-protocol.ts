// Messages between the lab and its agent processes (which may run inside the lab's namespace).
// Plain, structured-clone-safe data only.

import type { Plan, Site } from '../inventory/index.js';
import type { InterfaceRole } from './simulated-router.js';
import type { ReplyBehaviour } from './snmp/index.js';

/** The SNMPv3 user every lab site answers to, beside the site's own credentials. */
export interface LabV3User {
  readonly user: string;
  readonly authProtocol: 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  readonly authKey: string;
  readonly privProtocol: 'des' | 'aes';
  readonly privKey: string;
}

export interface AgentSiteSpec {
  readonly site: Site;
  readonly plan: Plan;
  /** Where this site's agent listens. */
  readonly address: string;
  readonly port: number;
}

export type AgentAction =
  | { readonly kind: 'stop-traffic'; readonly reason: string }
  | { readonly kind: 'resume-traffic'; readonly reason: string }
  | { readonly kind: 'reboot'; readonly renumber: boolean }
  | { readonly kind: 'wrap32'; readonly iface: InterfaceRole; readonly inSeconds: number }
  | { readonly kind: 'oper'; readonly iface: InterfaceRole; readonly up: boolean }
  | { readonly kind: 'behaviour'; readonly behaviour: ReplyBehaviour };

export type AgentRequest =
  | {
      readonly type: 'act';
      readonly siteIds: readonly string[];
      readonly action: AgentAction;
      readonly atMs: number;
    }
  | {
      readonly type: 'served';
      readonly siteId: string;
      readonly fromMs: number;
      readonly toMs: number;
    }
  | { readonly type: 'snapshot'; readonly siteId: string; readonly atMs: number }
  | { readonly type: 'stats' };

export type ParentMessage =
  | {
      readonly type: 'start';
      readonly sites: readonly AgentSiteSpec[];
      readonly startMs: number;
      readonly v3User: LabV3User;
    }
  | { readonly type: 'request'; readonly id: number; readonly request: AgentRequest }
  | { readonly type: 'shutdown' };

export type ChildMessage =
  | { readonly type: 'ready'; readonly sites: number; readonly startupMs: number }
  | { readonly type: 'fatal'; readonly message: string }
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly error: string };
