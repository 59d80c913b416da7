// Network faults inside the lab namespace, as iptables rules in a chain of the lab's own:
// a site down is a DROP of everything addressed to it, packet loss a DROP with the statistic match.
// The rules live in the namespace, so they vanish with it.

import { run } from './exec.js';

const CHAIN = 'PANTAU-FAULTS';

/** One fault's rules: the same spec adds them and deletes them. */
export interface FirewallRule {
  readonly address: string;
  /** Share of packets dropped, 0 < p ≤ 1; 1 drops everything. */
  readonly dropProbability: number;
  /** Ties the rule to the fault that made it, visible in `iptables -S`. */
  readonly tag: string;
}

function spec(rule: FirewallRule): string {
  const match =
    rule.dropProbability >= 1
      ? ''
      : ` -m statistic --mode random --probability ${rule.dropProbability.toFixed(4)}`;
  return `${CHAIN} -d ${rule.address}/32${match} -m comment --comment ${rule.tag} -j DROP`;
}

export class LabFirewall {
  constructor(private readonly namespace: string) {}

  private restore(lines: readonly string[]): Promise<unknown> {
    const input = `*filter\n${lines.join('\n')}\nCOMMIT\n`;
    return run(
      'ip',
      ['netns', 'exec', this.namespace, 'iptables-restore', '--noflush', '-w'],
      input,
    );
  }

  /** Creates the chain and sends everything that enters the namespace through it. */
  async init(): Promise<void> {
    await this.restore([`:${CHAIN} - [0:0]`, `-A INPUT -j ${CHAIN}`]);
  }

  add(rules: readonly FirewallRule[]): Promise<unknown> {
    return rules.length === 0 ? Promise.resolve() : this.restore(rules.map((r) => `-A ${spec(r)}`));
  }

  remove(rules: readonly FirewallRule[]): Promise<unknown> {
    return rules.length === 0 ? Promise.resolve() : this.restore(rules.map((r) => `-D ${spec(r)}`));
  }

  /** The chain as `iptables -S` prints it: for the status API and the tests. */
  async list(): Promise<string[]> {
    const { stdout } = await run('ip', [
      'netns',
      'exec',
      this.namespace,
      'iptables',
      '-w',
      '-S',
      CHAIN,
    ]);
    return stdout.split('\n').filter((l) => l.startsWith('-A'));
  }
}
