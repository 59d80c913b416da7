import { describe, expect, it } from 'vitest';
import type { Echo } from '../../../src/probe/icmp/fping-output.js';
import {
  confirmationRequest,
  distinctHosts,
  type EchoRequest,
  type EchoRound,
  type HostEchoes,
  hostsToConfirm,
  icmpResult,
  probeWithConfirmation,
} from '../../../src/probe/icmp/icmp-confirmation.js';
import { echoStats } from '../../../src/probe/icmp/icmp-stats.js';
import type { IcmpSettings } from '../../../src/probe/types.js';
import { allLost } from '../../helpers/probe-results.js';

const T0 = Date.UTC(2026, 10, 25, 3, 0);
const SETTINGS: IcmpSettings = {
  count: 3,
  timeoutMs: 500,
  confirm: { attempts: 3, intervalMs: 1000 },
};

const echoes = (list: readonly Echo[], at = T0): HostEchoes => ({ at, stats: echoStats(list) });

interface Call {
  readonly hosts: readonly string[];
  readonly request: EchoRequest;
}

/** A round that answers from a script: per host, the echoes of its main round and of its confirmation. */
function scriptedRound(
  script: Record<string, { main: readonly Echo[]; confirm?: readonly Echo[] }>,
  calls: Call[],
): EchoRound {
  return async (hosts, request) => {
    calls.push({ hosts: [...hosts], request });
    const confirming = calls.length > 1;
    const out = new Map<string, HostEchoes>();
    for (const host of hosts) {
      const entry = script[host];
      if (!entry) continue; // a name that does not resolve: not reported
      const list = confirming ? (entry.confirm ?? []) : entry.main;
      out.set(host, echoes(list, T0 + (confirming ? 2000 : 0)));
    }
    return out;
  };
}

describe('distinctHosts', () => {
  it('gives each host once, in first-seen order', () => {
    expect(
      distinctHosts([
        { siteId: 'a', host: 'h1' },
        { siteId: 'b', host: 'h2' },
        { siteId: 'c', host: 'h1' },
      ]),
    ).toEqual(['h1', 'h2']);
  });
});

describe('hostsToConfirm', () => {
  const main = new Map([
    ['up', echoes([1, 1, 1])],
    ['lossy', echoes([null, null, 1])],
    ['silent', echoes([null, null, null])],
    ['unresolved', echoes([])],
  ]);

  it('re-probes only hosts that were sent requests and answered none', () => {
    expect(hostsToConfirm(main, SETTINGS.confirm)).toEqual(['silent']);
  });

  it('re-probes nothing when confirmation is off', () => {
    expect(hostsToConfirm(main, { attempts: 0, intervalMs: 1000 })).toEqual([]);
  });
});

describe('confirmationRequest', () => {
  it('sends the configured attempts at the configured interval, each given the probe’s timeout', () => {
    expect(confirmationRequest(SETTINGS)).toEqual({ count: 3, timeoutMs: 500, periodMs: 1000 });
  });
});

describe('icmpResult', () => {
  it('is up with the main round’s figures when a reply came, and no confirmation', () => {
    expect(icmpResult('opd-a', echoes([2, null, 4]), null)).toEqual({
      kind: 'icmp',
      siteId: 'opd-a',
      at: T0,
      sent: 3,
      received: 2,
      lossPct: 33.333,
      rttMinMs: 2,
      rttAvgMs: 3,
      rttMaxMs: 4,
      jitterMs: 2,
      up: true,
      confirmation: null,
    });
  });

  it('is up when only the confirmation got a reply; loss stays the main round’s', () => {
    const result = icmpResult('opd-a', echoes([null, null, null]), echoStats([null, 3, 3]));
    expect(result.up).toBe(true);
    expect(result.lossPct).toBe(100);
    expect(result.received).toBe(0);
    expect(result.rttAvgMs).toBeNull();
    expect(result.confirmation).toEqual({ attempts: 3, received: 2 });
  });

  it('is down when neither round got a reply', () => {
    const result = icmpResult('opd-a', echoes([null, null, null]), echoStats([null, null, null]));
    expect(result.up).toBe(false);
    expect(result.confirmation).toEqual({ attempts: 3, received: 0 });
  });
});

describe('probeWithConfirmation', () => {
  const signal = new AbortController().signal;
  const now = () => T0 - 5;

  it('probes each host once, re-probes the silent ones at once, and gives one result a site', async () => {
    const calls: Call[] = [];
    const round = scriptedRound(
      {
        'h-up': { main: [1, 2, 1] },
        'h-lossy': { main: [null, 5, null] },
        'h-down': { main: [null, null, null], confirm: [null, null, null] },
        'h-back': { main: [null, null, null], confirm: [null, null, 7] },
      },
      calls,
    );
    const results = await probeWithConfirmation(
      [
        { siteId: 'kec-a', host: 'h-up' },
        { siteId: 'desa-a1', host: 'h-up' },
        { siteId: 'kec-b', host: 'h-lossy' },
        { siteId: 'kec-c', host: 'h-down' },
        { siteId: 'desa-c1', host: 'h-down' },
        { siteId: 'kec-d', host: 'h-back' },
      ],
      SETTINGS,
      signal,
      round,
      now,
    );
    expect(calls).toEqual([
      {
        hosts: ['h-up', 'h-lossy', 'h-down', 'h-back'],
        request: { count: 3, timeoutMs: 500, periodMs: null },
      },
      { hosts: ['h-down', 'h-back'], request: { count: 3, timeoutMs: 500, periodMs: 1000 } },
    ]);
    const bySite = new Map(results.map((r) => [r.siteId, r]));
    expect(results.map((r) => r.siteId)).toEqual([
      'kec-a',
      'desa-a1',
      'kec-b',
      'kec-c',
      'desa-c1',
      'kec-d',
    ]);
    expect(bySite.get('kec-a')).toEqual({ ...bySite.get('desa-a1'), siteId: 'kec-a' });
    expect(bySite.get('kec-a')?.up).toBe(true);
    expect(bySite.get('kec-b')).toMatchObject({ up: true, lossPct: 66.667, confirmation: null });
    expect(bySite.get('kec-c')).toMatchObject({
      up: false,
      sent: 3,
      received: 0,
      lossPct: 100,
      confirmation: { attempts: 3, received: 0 },
    });
    expect(bySite.get('desa-c1')?.up).toBe(false);
    expect(bySite.get('kec-d')).toMatchObject({
      up: true,
      received: 0,
      lossPct: 100,
      confirmation: { attempts: 3, received: 1 },
    });
    // `at` is when the main round began for the host, not the confirmation.
    expect(results.every((r) => r.at === T0)).toBe(true);
  });

  it('runs no confirmation round when every host answered', async () => {
    const calls: Call[] = [];
    await probeWithConfirmation(
      [{ siteId: 'a', host: 'h' }],
      SETTINGS,
      signal,
      scriptedRound({ h: { main: [null, null, 1] } }, calls),
      now,
    );
    expect(calls).toHaveLength(1);
  });

  it('runs none when confirmation is off: a silent site is down at once', async () => {
    const calls: Call[] = [];
    const [result] = await probeWithConfirmation(
      [{ siteId: 'a', host: 'h' }],
      { ...SETTINGS, confirm: { attempts: 0, intervalMs: 1000 } },
      signal,
      scriptedRound({ h: { main: [null, null, null] } }, calls),
      now,
    );
    expect(calls).toHaveLength(1);
    expect(result).toMatchObject({ up: false, confirmation: null });
  });

  it('reports a host the round could not probe as down, not re-probed, at the probe’s start', async () => {
    const calls: Call[] = [];
    const [result] = await probeWithConfirmation(
      [{ siteId: 'a', host: 'nowhere.invalid' }],
      SETTINGS,
      signal,
      scriptedRound({}, calls),
      now,
    );
    expect(calls).toHaveLength(1);
    expect(result).toEqual({
      kind: 'icmp',
      siteId: 'a',
      at: T0 - 5,
      ...allLost(0),
      up: false,
      confirmation: null,
    });
  });

  it('records a re-probed host the confirmation round did not report as 0 attempts', async () => {
    const calls: Call[] = [];
    const round: EchoRound = async (hosts, request) => {
      calls.push({ hosts, request });
      return calls.length === 1 ? new Map([['h', echoes([null])]]) : new Map();
    };
    const [result] = await probeWithConfirmation(
      [{ siteId: 'a', host: 'h' }],
      SETTINGS,
      signal,
      round,
      now,
    );
    expect(result?.confirmation).toEqual({ attempts: 0, received: 0 });
    expect(result?.up).toBe(false);
  });

  it('probes nothing for no targets', async () => {
    const calls: Call[] = [];
    expect(
      await probeWithConfirmation([], SETTINGS, signal, scriptedRound({}, calls), now),
    ).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('starts no confirmation round once aborted during the main one', async () => {
    const controller = new AbortController();
    const calls: Call[] = [];
    const round: EchoRound = async (hosts, request) => {
      calls.push({ hosts, request });
      controller.abort(new Error('stopping'));
      return new Map([['h', echoes([null, null, null])]]);
    };
    await expect(
      probeWithConfirmation([{ siteId: 'a', host: 'h' }], SETTINGS, controller.signal, round, now),
    ).rejects.toThrow('stopping');
    expect(calls).toHaveLength(1);
  });

  it('does not start when already aborted, and passes a round’s failure on', async () => {
    const calls: Call[] = [];
    const controller = new AbortController();
    controller.abort(new Error('stopping'));
    await expect(
      probeWithConfirmation(
        [{ siteId: 'a', host: 'h' }],
        SETTINGS,
        controller.signal,
        scriptedRound({ h: { main: [1] } }, calls),
        now,
      ),
    ).rejects.toThrow('stopping');
    expect(calls).toEqual([]);
    const failing: EchoRound = async () => {
      throw new Error('fping a system call failed (exit 4)');
    };
    await expect(
      probeWithConfirmation([{ siteId: 'a', host: 'h' }], SETTINGS, signal, failing, now),
    ).rejects.toThrow('exit 4');
  });
});
