// The lab in its own network namespace, checked with the tools an engineer would use: fping,
// Debian's snmpwalk and snmpget, and the host's own view of its links, routes and rules.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { LabSite } from '../../src/lab/index.js';
import { labNetworkLeftovers, labNetworkNames } from '../../src/lab/index.js';
import { ROOT, type RunningLab, runTool, startLab } from '../helpers/lab-process.js';

const DEMO = `${ROOT}config/demo.yaml`;
const NAMESPACE = 'pantau-lab';

interface Snapshot {
  uptimeS: number;
  engineBoots: number;
  sysDescr: string;
  counter64: boolean;
  interfaces: Record<
    'wan' | 'lan',
    {
      ifIndex: number;
      ifName: string;
      operUp: boolean;
      hcInOctets: string;
      inOctets32: number;
      reportedMbps: number;
    }
  >;
}

function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'the lab network tests need root (they create a network namespace); run them as root, as CI does',
    );
  }
}

/** Parses `snmpwalk/snmpget -On -Oe -Ot` output into OID → [type, value]. */
function parseSnmpOutput(text: string): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  for (const line of text.split('\n')) {
    const m = /^\.?([\d.]+) = (?:([A-Za-z0-9]+): )?(.*)$/.exec(line.trim());
    if (!m) continue;
    out.set(m[1] as string, [m[2] ?? '', (m[3] as string).replace(/^"(.*)"$/, '$1')]);
  }
  return out;
}

async function fpingAll(addresses: readonly string[]): Promise<Set<string>> {
  // -a: print the reachable ones; 2 tries each, 300 ms apiece.
  const result = await runTool('fping', ['-a', '-r', '1', '-t', '300', ...addresses], 60_000);
  return new Set(
    result.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

function snmpget(
  address: string,
  oids: readonly string[],
  extra: readonly string[] = ['-v2c', '-c', 'public'],
) {
  return runTool('snmpget', [
    ...extra,
    '-On',
    '-Oe',
    '-Ot',
    '-t',
    '0.5',
    '-r',
    '1',
    address,
    ...oids,
  ]);
}

const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
const SYS_DESCR = '1.3.6.1.2.1.1.1.0';

describe('the lab in its network namespace', () => {
  let lab: RunningLab;
  let sites: LabSite[];
  let byId: Map<string, LabSite>;
  let v3: { user: string; authKey: string; privKey: string };

  beforeAll(async () => {
    requireRoot();
    const config = await loadConfig(DEMO, { ...process.env, SNMP_COMMUNITY: 'public' });
    v3 = config.lab.v3User;
    lab = await startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']);
    sites = (await lab.get('/sites')) as LabSite[];
    byId = new Map(sites.map((s) => [s.id, s]));
  });

  afterAll(async () => {
    await lab?.stop();
  });

  const snapshot = async (id: string): Promise<Snapshot> =>
    ((await lab.get(`/sites/${id}`)) as { now: Snapshot }).now;
  const site = (id: string): LabSite => {
    const s = byId.get(id);
    if (!s) throw new Error(`no site ${id} in the lab`);
    return s;
  };
  const fault = async (
    body: Record<string, unknown>,
  ): Promise<{ id: string; affected: string[] }> => {
    const { status, body: result } = await lab.post('/faults', body);
    expect(status, JSON.stringify(result)).toBe(201);
    return result as { id: string; affected: string[] };
  };
  const healAll = () => lab.post('/heal', {});

  it('serves every site of the sample inventory, and fping reaches every one', async () => {
    expect(sites).toHaveLength(342);
    expect(sites.every((s) => s.servedAt.address === s.address && s.servedAt.port === 161)).toBe(
      true,
    );
    const alive = await fpingAll(sites.map((s) => s.address));
    expect(sites.filter((s) => !alive.has(s.address)).map((s) => s.id)).toEqual([]);
  });

  it('answers snmpwalk -v2c with exactly the values it says it serves', async () => {
    for (const id of [
      'opd-bappeda',
      'dc-puspem',
      sites.find((s) => s.planId === 'bakti-vsat-4')?.id ?? '',
    ]) {
      const before = await snapshot(id);
      const walk = await runTool('snmpwalk', [
        '-v2c',
        '-c',
        'public',
        '-On',
        '-Oe',
        '-Ot',
        '-t',
        '1',
        site(id).address,
        '1.3.6.1.2.1',
      ]);
      const after = await snapshot(id);
      expect(walk.code, walk.stderr).toBe(0);
      const values = parseSnmpOutput(walk.stdout);
      expect(values.get(SYS_DESCR)?.[1]).toBe(before.sysDescr);
      expect(values.get('1.3.6.1.2.1.1.5.0')?.[1]).toBe(id);
      expect(values.get('1.3.6.1.2.1.2.1.0')).toEqual(['INTEGER', '2']);
      const uptime = Number(values.get(SYS_UPTIME)?.[1]);
      expect(uptime).toBeGreaterThanOrEqual(before.uptimeS * 100);
      expect(uptime).toBeLessThanOrEqual((after.uptimeS + 1) * 100);
      for (const role of ['wan', 'lan'] as const) {
        const i = before.interfaces[role].ifIndex;
        expect(values.get(`1.3.6.1.2.1.2.2.1.1.${i}`)).toEqual(['INTEGER', String(i)]);
        expect(values.get(`1.3.6.1.2.1.2.2.1.8.${i}`)).toEqual(['INTEGER', '1']);
        expect(values.get(`1.3.6.1.2.1.2.2.1.5.${i}`)).toEqual([
          'Gauge32',
          String(before.interfaces[role].reportedMbps * 1e6),
        ]);
        const in32 = Number(values.get(`1.3.6.1.2.1.2.2.1.10.${i}`)?.[1]);
        expect(values.get(`1.3.6.1.2.1.2.2.1.10.${i}`)?.[0]).toBe('Counter32');
        expect(in32).toBeGreaterThanOrEqual(before.interfaces[role].inOctets32);
        expect(in32).toBeLessThanOrEqual(after.interfaces[role].inOctets32);
        if (before.counter64) {
          expect(values.get(`1.3.6.1.2.1.31.1.1.1.1.${i}`)?.[1]).toBe(
            before.interfaces[role].ifName,
          );
          const hc = BigInt(values.get(`1.3.6.1.2.1.31.1.1.1.6.${i}`)?.[1] ?? '-1');
          expect(values.get(`1.3.6.1.2.1.31.1.1.1.6.${i}`)?.[0]).toBe('Counter64');
          expect(
            hc >= BigInt(before.interfaces[role].hcInOctets) &&
              hc <= BigInt(after.interfaces[role].hcInOctets),
          ).toBe(true);
        } else {
          // A Counter32-only CPE: no ifXTable at all; the WAN is found by ifDescr.
          expect([...values.keys()].some((oid) => oid.startsWith('1.3.6.1.2.1.31.'))).toBe(false);
          if (role === 'wan') {
            expect(values.get(`1.3.6.1.2.1.2.2.1.2.${i}`)?.[1]).toBe(before.interfaces.wan.ifName);
          }
        }
      }
    }
  });

  it('answers snmpget -v3 -l authPriv (SHA/AES) with the same values', async () => {
    const id = 'kec-cisoka';
    const before = await snapshot(id);
    const wan = before.interfaces.wan.ifIndex;
    const v3args = [
      '-v3',
      '-l',
      'authPriv',
      '-u',
      v3.user,
      '-a',
      'SHA',
      '-A',
      v3.authKey,
      '-x',
      'AES',
      '-X',
      v3.privKey,
    ];
    const result = await snmpget(
      site(id).address,
      [SYS_DESCR, `1.3.6.1.2.1.31.1.1.1.1.${wan}`, `1.3.6.1.2.1.31.1.1.1.6.${wan}`],
      v3args,
    );
    const after = await snapshot(id);
    expect(result.code, result.stderr).toBe(0);
    const values = parseSnmpOutput(result.stdout);
    expect(values.get(SYS_DESCR)?.[1]).toBe(before.sysDescr);
    expect(values.get(`1.3.6.1.2.1.31.1.1.1.1.${wan}`)?.[1]).toBe(before.interfaces.wan.ifName);
    const hc = BigInt(values.get(`1.3.6.1.2.1.31.1.1.1.6.${wan}`)?.[1] ?? '-1');
    expect(
      hc >= BigInt(before.interfaces.wan.hcInOctets) &&
        hc <= BigInt(after.interfaces.wan.hcInOctets),
    ).toBe(true);
    const wrong = await snmpget(
      site(id).address,
      [SYS_DESCR],
      [...v3args.slice(0, 6), 'not-the-key', ...v3args.slice(7)],
    );
    expect(wrong.code).not.toBe(0);
  });

  it('takes one site down, fping and snmpget fail for it and only it, and heal brings it back', async () => {
    const leaf = sites.find(
      (s) => s.kind === 'desa' && s.parentId !== null && !sites.some((c) => c.parentId === s.id),
    );
    if (!leaf) throw new Error('no leaf desa in the sample');
    const f = await fault({ kind: 'down', site: leaf.id });
    expect(f.affected).toEqual([leaf.id]);
    const alive = await fpingAll(sites.map((s) => s.address));
    expect(sites.filter((s) => !alive.has(s.address)).map((s) => s.id)).toEqual([leaf.id]);
    expect((await snmpget(leaf.address, [SYS_UPTIME])).code).not.toBe(0);
    const sibling = sites.find((s) => s.parentId === leaf.parentId && s.id !== leaf.id) as LabSite;
    expect((await snmpget(sibling.address, [SYS_UPTIME])).code).toBe(0);
    await healAll();
    expect((await fpingAll([leaf.address])).has(leaf.address)).toBe(true);
    expect((await snmpget(leaf.address, [SYS_UPTIME])).code).toBe(0);
  });

  it('takes a kecamatan office down with exactly the sites behind it', async () => {
    const office = site('kec-cisoka');
    const behind = sites.filter((s) => s.parentId === office.id).map((s) => s.id);
    expect(behind.length).toBeGreaterThan(0);
    const f = await fault({ kind: 'down', site: office.id, for: '5m' });
    expect(new Set(f.affected)).toEqual(new Set([office.id, ...behind]));
    const alive = await fpingAll(sites.map((s) => s.address));
    const dead = sites.filter((s) => !alive.has(s.address)).map((s) => s.id);
    expect(new Set(dead)).toEqual(new Set([office.id, ...behind]));
    // A desa of the same kecamatan on its own ISP link stays up.
    const independent = sites.find((s) => s.kecamatan === office.kecamatan && s.parentId === null);
    if (independent) expect(alive.has(independent.address)).toBe(true);
    await healAll();
    const back = await fpingAll([office.address, ...behind.map((id) => site(id).address)]);
    expect(back.size).toBe(behind.length + 1);
  });

  it('drops about the asked share of packets under a loss fault', async () => {
    const target = site('opd-bappeda');
    await fault({ kind: 'loss', site: target.id, lossPct: 30 });
    const result = await runTool(
      'fping',
      ['-q', '-c', '400', '-p', '5', '-t', '200', target.address],
      60_000,
    );
    await healAll();
    const m = /xmt\/rcv\/%loss = (\d+)\/(\d+)\/(\d+)%/.exec(result.stderr);
    const loss = Number(m?.[3]);
    // 400 pings at p = 0.3: 3.6 standard deviations either side is 30 % ± 8 %.
    expect(loss).toBeGreaterThanOrEqual(22);
    expect(loss).toBeLessThanOrEqual(38);
  });

  it('keeps ping answering while SNMP is silent', async () => {
    const target = site('opd-bapenda');
    await fault({ kind: 'snmp-silent', site: target.id });
    expect((await fpingAll([target.address])).has(target.address)).toBe(true);
    expect((await snmpget(target.address, [SYS_UPTIME])).code).not.toBe(0);
    await healAll();
    expect((await snmpget(target.address, [SYS_UPTIME])).code).toBe(0);
  });

  it('reboots a router: unreachable for a moment, then uptime and counters from zero', async () => {
    const target = site('opd-inspektorat');
    const before = await snapshot(target.id);
    await fault({ kind: 'reboot', site: target.id, downFor: '2s' });
    expect((await snmpget(target.address, [SYS_UPTIME])).code).not.toBe(0);
    await new Promise((r) => setTimeout(r, 2500));
    const result = await snmpget(target.address, [
      SYS_UPTIME,
      `1.3.6.1.2.1.31.1.1.1.6.${before.interfaces.wan.ifIndex}`,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const values = parseSnmpOutput(result.stdout);
    expect(Number(values.get(SYS_UPTIME)?.[1])).toBeLessThan(1000);
    expect(
      BigInt(values.get(`1.3.6.1.2.1.31.1.1.1.6.${before.interfaces.wan.ifIndex}`)?.[1] ?? '-1'),
    ).toBeLessThan(BigInt(before.interfaces.wan.hcInOctets));
    expect((await snapshot(target.id)).engineBoots).toBe(before.engineBoots + 1);
  });

  it('brings a Counter32 wrap near on request', async () => {
    const target = site('opd-bpkad');
    await fault({ kind: 'counter32-wrap', site: target.id, in: '3s' });
    const s = await snapshot(target.id);
    expect(s.interfaces.wan.inOctets32).toBeGreaterThan(2 ** 32 - 2 ** 28);
    await new Promise((r) => setTimeout(r, 4000));
    expect((await snapshot(target.id)).interfaces.wan.inOctets32).toBeLessThan(
      s.interfaces.wan.inOctets32,
    );
  });

  it('reports the octets a site served, matching what its counters advanced by', async () => {
    const target = site('opd-dinas-kesehatan');
    const oid = (s: Snapshot) => `1.3.6.1.2.1.31.1.1.1.6.${s.interfaces.wan.ifIndex}`;
    const s = await snapshot(target.id);
    const read = async (): Promise<{ at: number; value: bigint }> => {
      const t0 = Date.now();
      const r = await snmpget(target.address, [oid(s)]);
      const t1 = Date.now();
      return {
        at: (t0 + t1) / 2,
        value: BigInt(parseSnmpOutput(r.stdout).get(oid(s))?.[1] ?? '0'),
      };
    };
    const first = await read();
    await new Promise((r) => setTimeout(r, 5000));
    const second = await read();
    const served = (await lab.get(
      `/sites/${target.id}/octets?from=${Math.round(first.at)}&to=${Math.round(second.at)}`,
    )) as {
      octets: { wan: { in: number } };
    };
    const counted = Number(second.value - first.value);
    expect(counted).toBeGreaterThan(0);
    expect(Math.abs(counted - served.octets.wan.in) / served.octets.wan.in).toBeLessThan(0.01);
  });

  it('rejects bad faults with a clear message', async () => {
    expect(await lab.post('/faults', { kind: 'down', site: 'desa-atlantis' })).toEqual({
      status: 404,
      body: { error: 'unknown site "desa-atlantis"' },
    });
    const bad = await lab.post('/faults', { kind: 'loss', site: 'kec-cisoka', lossPct: 0 });
    expect(bad).toEqual({ status: 400, body: { error: 'lossPct: must be above 0' } });
  });
});

describe('the lab cleans up after itself', () => {
  const names = labNetworkNames(NAMESPACE);

  it('leaves no namespace, veth, route or iptables rule when it stops', async () => {
    requireRoot();
    const hostRulesBefore = (await runTool('iptables-save', [])).stdout;
    const lab = await startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']);
    expect(await labNetworkLeftovers(names)).toHaveLength(3);
    await lab.post('/faults', { kind: 'down', site: 'kec-cisoka' });
    expect(await lab.stop()).toBe(0);
    expect(await labNetworkLeftovers(names)).toEqual([]);
    expect((await runTool('ip', ['link', 'show'])).stdout).not.toContain(names.hostLink);
    expect((await runTool('ip', ['route', 'show'])).stdout).not.toContain('198.18.');
    expect((await runTool('iptables-save', [])).stdout.replace(/^#.*$/gm, '')).toBe(
      hostRulesBefore.replace(/^#.*$/gm, ''),
    );
  });

  it('refuses to start a second lab beside a running one, and leaves the first untouched', async () => {
    requireRoot();
    const first = await startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']);
    try {
      await expect(
        startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']),
      ).rejects.toThrow(
        `another lab (pid ${first.process.pid}) is running with namespace ${NAMESPACE}`,
      );
      expect((await fpingAll(['198.18.0.2'])).has('198.18.0.2')).toBe(true);
    } finally {
      await first.stop();
    }
  });

  it('removes a stale network left by a killed lab at the next start', async () => {
    requireRoot();
    const first = await startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']);
    first.process.kill('SIGKILL');
    await new Promise((r) => first.process.once('exit', r));
    expect((await labNetworkLeftovers(names)).length).toBeGreaterThan(0);
    const second = await startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']);
    expect(second.output()).toContain('removing a stale lab network');
    expect(await second.stop()).toBe(0);
    expect(await labNetworkLeftovers(names)).toEqual([]);
  });
});

describe('the lab without a namespace (loopback)', () => {
  it('serves on 127.x, keeps ping answering, and simulates outages as SNMP silence', async () => {
    const lab = await startLab(['--config', DEMO, '--no-scenario', '--network', 'loopback']);
    try {
      expect(lab.output()).toContain('outages are SNMP-only');
      expect(await labNetworkLeftovers(labNetworkNames(NAMESPACE))).toEqual([]);
      const sites = (await lab.get('/sites')) as LabSite[];
      const core = sites.find((s) => s.id === 'dc-puspem') as LabSite;
      expect(core.servedAt).toEqual({ address: '127.18.0.2', port: 1161 });
      const target = `${core.servedAt.address}:${core.servedAt.port}`;
      const up = await snmpget(target, ['1.3.6.1.2.1.1.5.0']);
      expect(up.code, up.stderr).toBe(0);
      expect(parseSnmpOutput(up.stdout).get('1.3.6.1.2.1.1.5.0')?.[1]).toBe('dc-puspem');
      const { status } = await lab.post('/faults', { kind: 'down', site: 'dc-puspem' });
      expect(status).toBe(201);
      expect((await snmpget(target, ['1.3.6.1.2.1.1.5.0'])).code).not.toBe(0);
      expect((await fpingAll([core.servedAt.address])).has(core.servedAt.address)).toBe(true);
      expect(await lab.post('/faults', { kind: 'loss', site: 'dc-puspem', lossPct: 5 })).toEqual({
        status: 409,
        body: { error: 'packet loss needs the lab namespace: run `pantau lab` as root' },
      });
      await lab.post('/heal', {});
      expect((await snmpget(target, ['1.3.6.1.2.1.1.5.0'])).code).toBe(0);
    } finally {
      expect(await lab.stop()).toBe(0);
    }
  });
});
