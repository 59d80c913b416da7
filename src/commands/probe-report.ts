// The human-readable report of `pantau probe`: what an engineer would read off fping and snmpget.

import type { Plan, Site } from '../inventory/index.js';
import type { IcmpProbeResult, SnmpProbeResult } from '../probe/index.js';

const ms = (v: number | null): string => (v === null ? '-' : v < 10 ? v.toFixed(3) : v.toFixed(1));

function bps(v: number): string {
  if (v >= 1e9) return `${(v / 1e9).toFixed(2)} Gbps`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} Mbps`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)} kbps`;
  return `${v.toFixed(0)} bps`;
}

/** Seconds as "24 days 08:30:00". */
export function uptimeText(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const rest = seconds % 86_400;
  const hms = [Math.floor(rest / 3600), Math.floor((rest % 3600) / 60), rest % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return days > 0 ? `${days} day${days === 1 ? '' : 's'} ${hms}` : hms;
}

export function icmpLine(result: IcmpProbeResult, backend: string): string {
  const head = `ICMP (${backend})`.padEnd(14);
  if (result.received > 0) {
    return (
      `${head}${result.received}/${result.sent} replies, loss ${result.lossPct.toFixed(0)} %, ` +
      `rtt min/avg/max ${ms(result.rttMinMs)}/${ms(result.rttAvgMs)}/${ms(result.rttMaxMs)} ms` +
      (result.jitterMs === null ? '' : `, jitter ${ms(result.jitterMs)} ms`)
    );
  }
  const c = result.confirmation;
  if (c && c.received > 0) {
    return `${head}no reply to ${result.sent} requests, but ${c.received}/${c.attempts} confirmation replies: up, losing packets`;
  }
  return `${head}no reply to ${result.sent} requests${c ? ` nor to ${c.attempts} confirmation requests` : ''}: DOWN`;
}

export function snmpLines(
  version: string,
  first: SnmpProbeResult,
  second: SnmpProbeResult | null,
): string[] {
  const head = `SNMP v${version}`.padEnd(14);
  const last = second ?? first;
  if (!last.ok) return [`${head}${last.failure}: ${last.message}`];
  const lines = [`${head}answered in ${last.pollMs.toFixed(0)} ms; up ${uptimeText(last.uptimeS)}`];
  for (const iface of last.interfaces) {
    const status = iface.operUp === null ? 'status unknown' : iface.operUp ? 'up' : 'DOWN';
    const speed = iface.speedMbps === null ? '' : `, reported speed ${iface.speedMbps} Mbps`;
    lines.push(
      `  ${iface.role.toUpperCase()} ${iface.name} (ifIndex ${iface.ifIndex}): ${status}${speed}`,
    );
    for (const rate of iface.rates) {
      lines.push(
        `    over ${(rate.intervalMs / 1000).toFixed(1)} s: in ${bps(rate.inBps)}, out ${bps(rate.outBps)} (${rate.source === 'counter64' ? 'Counter64' : 'Counter32'})`,
      );
    }
    if (iface.rates.length === 0 && second !== null)
      lines.push(`    no rate: ${iface.noRate ?? 'unknown reason'}`);
    const errors = [
      iface.inErrors === null ? null : `in errors ${iface.inErrors}`,
      iface.outErrors === null ? null : `out errors ${iface.outErrors}`,
      iface.inDiscards === null ? null : `in discards ${iface.inDiscards}`,
    ].filter((e): e is string => e !== null);
    if (errors.length > 0) lines.push(`    counters: ${errors.join(', ')}`);
    for (const warning of iface.warnings) lines.push(`    warning: ${warning}`);
  }
  return lines;
}

export function siteLine(site: Site, plan: Plan | undefined): string {
  const where =
    site.kind === 'kecamatan' ? `Kec. ${site.kecamatan}` : `${site.kind}, Kec. ${site.kecamatan}`;
  const link = plan ? `plan ${plan.id} (${plan.mbps} Mbps)` : `plan ${site.planId}`;
  const parent = site.parentId ? `, behind ${site.parentId}` : ', own ISP link';
  return `${site.id}: ${site.name} (${where}) at ${site.router.host}, ${link}${parent}`;
}
