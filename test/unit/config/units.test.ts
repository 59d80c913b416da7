import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize } from '../../../src/config/index.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['35d', 35 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['3y', 3 * 365 * 86_400_000],
    ['1.5s', 1_500],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['30', '30x', 's', '', '-5s', '5 m', '1h 30m', '5M'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('parseSize', () => {
  it.each([
    ['512MiB', 512 * 2 ** 20],
    ['1GiB', 2 ** 30],
    ['500MB', 500e6],
    ['1gib', 2 ** 30],
    ['10 KiB', 10_240],
    ['42', 42],
    ['42B', 42],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['1 gigabyte', 'GiB', '', '-1MiB', '1XB'])('%j is not a size', (text) => {
    expect(parseSize(text)).toBeNull();
  });
});
