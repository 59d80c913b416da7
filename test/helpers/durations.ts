// Lengths of time in milliseconds, as the tests and benchmarks write them.

export const SEC = 1_000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
