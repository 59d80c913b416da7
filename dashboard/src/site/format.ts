// The site page's figures in the page's language: RTT, bit rates, percentages, months and dates.

import { formatNumber, lang } from '../i18n.js';
import { rttDigits, scaleBps, truncatePct } from './units.js';

export const DASH = '–';

export function formatRtt(ms: number | null): string {
  return ms === null ? DASH : `${formatNumber(ms, rttDigits(ms))} ms`;
}

/** "10,1–20,5 ms": a range of RTTs with one unit. */
export function formatRttRange(low: number | null, high: number | null): string {
  if (low === null || high === null) return DASH;
  return `${formatNumber(low, rttDigits(low))}–${formatNumber(high, rttDigits(high))} ms`;
}

export function formatBps(bps: number | null): string {
  if (bps === null) return DASH;
  const scaled = scaleBps(bps);
  return `${formatNumber(scaled.value, scaled.digits)} ${scaled.unit}`;
}

/** Packet loss: whole percent, or one decimal below 10 %. */
export function formatLoss(pct: number | null): string {
  if (pct === null) return DASH;
  return `${formatNumber(pct, pct > 0 && pct < 10 ? 1 : 0)}%`;
}

/** Availability, cut (never rounded up) to two decimals. */
export function formatAvailability(pct: number | null): string {
  return pct === null ? DASH : `${formatNumber(truncatePct(pct), 2)}%`;
}

/** A share of 0–100 with no decimals, e.g. of the plan's capacity. */
export function formatShare(pct: number): string {
  return `${formatNumber(pct, pct < 10 ? 1 : 0)}%`;
}

const locale = () => (lang.value === 'id' ? 'id-ID' : 'en-GB');

/** "Desember 2026" (or "Des 2026" when `short`) from "2026-12". */
export function formatMonth(month: string, short = false): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale(), {
    month: short ? 'short' : 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(y, m - 1, 15));
}

/** "1 Jan 2026" from "2026-01-01" (a calendar date, no zone). */
export function formatDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale(), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(y, m - 1, d));
}

export function chartLocale(): string {
  return locale();
}

/** A chart's bucket in its two largest units: "10 detik", "15 menit", "12 jam 5 menit". */
export function formatBucket(ms: number): string {
  const id = lang.value === 'id';
  const units: [number, string, string][] = [
    [86_400_000, 'hari', 'd'],
    [3_600_000, 'jam', 'h'],
    [60_000, 'menit', 'min'],
    [1000, 'detik', 's'],
  ];
  const parts: string[] = [];
  let rest = Math.max(1000, Math.round(ms / 1000) * 1000);
  for (const [size, idUnit, enUnit] of units) {
    const n = Math.floor(rest / size);
    if (n === 0) continue;
    parts.push(`${formatNumber(n)} ${id ? idUnit : enUnit}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
