// The lab's traffic model: realistic, deterministic per site, and integrable in O(1), so counters
// at any instant and the octets served over any interval come from one closed-form function.
//
// A site's download rate is peakBytesPerS × shape(local minute of week), where shape ∈ (0, 1] is one
// of a few shared weekly curves (office hours, a hospital's 24 h day, the data centre's aggregate)
// with noise from one of a few shared textures. Shapes are constant within a minute, so their
// running integral is a prefix sum over the week, computed once per (curve, texture) and shared.

import { hash32 } from '../stable-hash.js';

const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const SECONDS_PER_WEEK = MINUTES_PER_WEEK * 60;
// Monday 2024-01-01 00:00 UTC: weeks are counted from a Monday so day 0 of the week is Monday.
const WEEK_ORIGIN_S = Date.UTC(2024, 0, 1) / 1000;
/** No shape value is smaller: a router always sees some traffic (ARP, NTP, monitoring). */
const SHAPE_FLOOR = 0.01;

export const TRAFFIC_CURVES = ['office', 'hospital', 'datacentre'] as const;
export type TrafficCurve = (typeof TRAFFIC_CURVES)[number];
export const TEXTURE_COUNT = 16;

/** A number in [0, 1) from a site id and a purpose, stable across runs. */
export function unitHash(id: string, purpose: string): number {
  return hash32(`${purpose}:${id}`) / 2 ** 32;
}

/** Mulberry32: a small seeded generator for the shared noise textures. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A smooth step from 0 to 1 as `minute` goes from `from` to `to`. */
function ramp(minute: number, from: number, to: number): number {
  if (minute <= from) return 0;
  if (minute >= to) return 1;
  return (1 - Math.cos((Math.PI * (minute - from)) / (to - from))) / 2;
}

const hm = (h: number, m = 0): number => h * 60 + m;

/** Government offices: Mon–Thu 07:30–16:00 WIB busy, Friday prayer dip and early close, quiet weekends. */
function officeCurve(day: number, minute: number): number {
  const night = 0.04;
  if (day === 5)
    return night + 0.08 * ramp(minute, hm(8), hm(9)) * (1 - ramp(minute, hm(12), hm(13)));
  if (day === 6) return night;
  const friday = day === 4;
  const close = friday ? hm(16, 30) : hm(16);
  const open = ramp(minute, hm(6, 30), hm(8));
  const shut = ramp(minute, close - 30, close + 60);
  let level = 0.9 * open * (1 - shut);
  // Lunch (istirahat) and, on Friday, Jumatan.
  const dipFrom = friday ? hm(11, 15) : hm(12);
  const dipTo = friday ? hm(13, 30) : hm(13);
  const dip = ramp(minute, dipFrom, dipFrom + 20) * (1 - ramp(minute, dipTo - 20, dipTo));
  level *= 1 - (friday ? 0.6 : 0.3) * dip;
  const evening = 0.06 * ramp(minute, hm(16), hm(17)) * (1 - ramp(minute, hm(21), hm(22, 30)));
  return night + level + evening;
}

/** A hospital (RSUD): open all day, busiest in the morning clinics, still busy at night. */
function hospitalCurve(day: number, minute: number): number {
  const weekend = day >= 5;
  const day_ = ramp(minute, hm(6), hm(8)) * (1 - ramp(minute, hm(20), hm(23)));
  const clinics = weekend ? 0 : ramp(minute, hm(7, 30), hm(9)) * (1 - ramp(minute, hm(13), hm(15)));
  return 0.3 + 0.35 * day_ + 0.3 * clinics;
}

/** The data centre carries everyone's traffic plus its own services and backups at night. */
function datacentreCurve(day: number, minute: number): number {
  const weekend = day >= 5;
  const office = ramp(minute, hm(7), hm(8, 30)) * (1 - ramp(minute, hm(16), hm(18)));
  const backup = ramp(minute, hm(1), hm(1, 30)) * (1 - ramp(minute, hm(3), hm(3, 30)));
  return 0.2 + (weekend ? 0.15 : 0.6) * office + 0.25 * backup;
}

const CURVES: Record<TrafficCurve, (day: number, minute: number) => number> = {
  office: officeCurve,
  hospital: hospitalCurve,
  datacentre: datacentreCurve,
};

/** One weekly shape with its running integral, in shape-seconds. */
interface WeeklyShape {
  /** shape per minute of the week, Monday 00:00 first */
  readonly values: Float64Array;
  /** prefix[i] = ∫ shape over the first i minutes, in shape-seconds */
  readonly prefix: Float64Array;
}

function buildShape(curve: TrafficCurve, texture: number): WeeklyShape {
  const random = seededRandom(hash32(`${curve}/${texture}`));
  const values = new Float64Array(MINUTES_PER_WEEK);
  const prefix = new Float64Array(MINUTES_PER_WEEK + 1);
  // Noise: a mean-reverting walk (minutes-long swings) plus per-minute jitter.
  let walk = 0;
  const f = CURVES[curve];
  for (let i = 0; i < MINUTES_PER_WEEK; i++) {
    walk = 0.9 * walk + 0.1 * (random() * 2 - 1) * 2.5;
    const jitter = (random() * 2 - 1) * 0.08;
    const base = f(Math.floor(i / MINUTES_PER_DAY), i % MINUTES_PER_DAY);
    const value = Math.min(1, Math.max(SHAPE_FLOOR, base * (1 + 0.18 * walk + jitter)));
    values[i] = value;
    prefix[i + 1] = (prefix[i] ?? 0) + value * 60;
  }
  return { values, prefix };
}

const shapes = new Map<string, WeeklyShape>();

function shapeOf(curve: TrafficCurve, texture: number): WeeklyShape {
  const key = `${curve}/${texture}`;
  let shape = shapes.get(key);
  if (!shape) {
    shape = buildShape(curve, texture);
    shapes.set(key, shape);
  }
  return shape;
}

/** What makes one site's traffic its own. */
export interface TrafficProfile {
  readonly curve: TrafficCurve;
  readonly texture: number;
  /** Local time offset from UTC, in minutes (WIB +420), plus a per-site shift of the day. */
  readonly offsetMinutes: number;
  /** Download rate at shape 1, in bytes per second. */
  readonly peakInBytesPerS: number;
  /** Upload rate relative to download. */
  readonly outRatio: number;
}

/** The week position of an instant, in local seconds since the Monday origin. */
function localSeconds(profile: TrafficProfile, tMs: number): number {
  return tMs / 1000 - WEEK_ORIGIN_S + profile.offsetMinutes * 60;
}

/**
 * ∫ shape dt from the origin to `tMs`, in shape-seconds. Monotonic in `tMs`: the floor keeps every
 * minute's contribution positive, so later instants never give a smaller value.
 */
export function shapeIntegral(profile: TrafficProfile, tMs: number): number {
  const { values, prefix } = shapeOf(profile.curve, profile.texture);
  const s = localSeconds(profile, tMs);
  const weeks = Math.floor(s / SECONDS_PER_WEEK);
  const within = s - weeks * SECONDS_PER_WEEK;
  const minute = Math.min(MINUTES_PER_WEEK - 1, Math.floor(within / 60));
  const weekTotal = prefix[MINUTES_PER_WEEK] ?? 0;
  return weeks * weekTotal + (prefix[minute] ?? 0) + (within - minute * 60) * (values[minute] ?? 0);
}

/** The shape's value at an instant, in (0, 1]. */
export function shapeAt(profile: TrafficProfile, tMs: number): number {
  const { values } = shapeOf(profile.curve, profile.texture);
  const s = localSeconds(profile, tMs);
  const within = s - Math.floor(s / SECONDS_PER_WEEK) * SECONDS_PER_WEEK;
  return values[Math.min(MINUTES_PER_WEEK - 1, Math.floor(within / 60))] ?? SHAPE_FLOOR;
}
