// Value scales of the charts: a round top (1, 2, 2.5, 5 × 10^n) and ticks from zero. Pure.

/** The smallest round number (1, 2, 2.5, 5 × a power of ten) at or above `value`; 1 for none. */
export function niceCeil(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * power;
    // Float noise (0.30000000000000004) must not push a round value to the next step.
    if (candidate >= value * (1 - 1e-12)) return candidate;
  }
  return 10 * power;
}

/** Ticks from 0 up to `max` by `incr` (none below zero: the space under it is the loss strip's). */
export function ticksFromZero(max: number, incr: number): number[] {
  if (!(incr > 0) || !Number.isFinite(max)) return [0];
  const ticks: number[] = [];
  for (let i = 0; i * incr <= max * (1 + 1e-9) && i < 1000; i++)
    ticks.push(Number((i * incr).toPrecision(12)));
  return ticks;
}

/** The scale's top for the values: room above the highest, at a round number. */
export function topOf(values: readonly (readonly (number | null)[])[], floor = 0): number {
  let max = floor;
  for (const column of values) for (const v of column) if (v !== null && v > max) max = v;
  return niceCeil(max * 1.05);
}

/** Decimals that tell ticks `incr` apart: 0.005 apart need three, 0.5 one, 5 none. */
export function tickDigits(incr: number): number {
  return incr > 0 && incr < 1 ? Math.min(6, Math.ceil(-Math.log10(incr) - 1e-9)) : 0;
}
