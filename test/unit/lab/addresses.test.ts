import { describe, expect, it } from 'vitest';
import {
  labAddressProblem,
  loopbackAddressFor,
  nthLabAddress,
} from '../../../src/lab/addresses.js';

describe('lab addresses', () => {
  it('accepts 198.18.0.0/15 and nothing else', () => {
    expect(labAddressProblem('198.18.0.2')).toBeNull();
    expect(labAddressProblem('198.19.200.7')).toBeNull();
    expect(labAddressProblem('10.1.1.1')).toBe(
      '10.1.1.1 is outside 198.18.0.0/15, the range set aside for test labs; the lab never serves other addresses',
    );
    expect(labAddressProblem('198.20.0.1')).toMatch(/outside 198\.18\.0\.0\/15/);
    expect(labAddressProblem('router.example')).toBe(
      '"router.example" is not an IPv4 address; the lab serves only addresses in 198.18.0.0/15',
    );
    expect(labAddressProblem('198.19.255.254')).toMatch(/reserved for the link/);
  });

  it('maps a lab address to loopback by its last three octets', () => {
    expect(loopbackAddressFor('198.18.0.2')).toBe('127.18.0.2');
    expect(loopbackAddressFor('198.19.1.250')).toBe('127.19.1.250');
  });

  it('numbers addresses without .0 or .255 and without reaching the link', () => {
    expect(nthLabAddress(0)).toBe('198.18.0.1');
    expect(nthLabAddress(253)).toBe('198.18.0.254');
    expect(nthLabAddress(254)).toBe('198.18.1.1');
    expect(nthLabAddress(99_999)).toBe('198.19.137.178');
    expect(() => nthLabAddress(200_000)).toThrow(/at most/);
  });
});
