// The lab's address plan: sites live in 198.18.0.0/15 (RFC 2544's range for network test labs);
// the last /30 of it links the host to the lab's namespace.

export const LAB_PREFIX = '198.18.0.0/15';
export const LINK_HOST_ADDRESS = '198.19.255.253';
export const LINK_LAB_ADDRESS = '198.19.255.254';
export const LINK_PREFIX_LENGTH = 30;

/** Dotted quad to a 32-bit unsigned number; null when it is not a dotted-quad IPv4 address. */
export function ipv4ToNumber(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

export function numberToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

const LAB_FIRST = ipv4ToNumber('198.18.0.0') ?? 0;
const LAB_LAST = ipv4ToNumber('198.19.255.255') ?? 0;
const LINK_FIRST = ipv4ToNumber('198.19.255.252') ?? 0;

/** Why a site address cannot be served by the lab, or null when it can. */
export function labAddressProblem(address: string): string | null {
  const n = ipv4ToNumber(address);
  if (n === null)
    return `"${address}" is not an IPv4 address; the lab serves only addresses in ${LAB_PREFIX}`;
  if (n < LAB_FIRST || n > LAB_LAST) {
    return `${address} is outside ${LAB_PREFIX}, the range set aside for test labs; the lab never serves other addresses`;
  }
  if (n >= LINK_FIRST)
    return `${address} is reserved for the link between the host and the lab (198.19.255.252/30)`;
  return null;
}

/** Where a lab site is served when the lab cannot make a namespace: 198.18.a.b → 127.18.a.b. */
export function loopbackAddressFor(address: string): string {
  const n = ipv4ToNumber(address);
  if (n === null) throw new Error(`"${address}" is not an IPv4 address`);
  return numberToIpv4(((127 << 24) >>> 0) + (n & 0x00ffffff));
}

/** The n-th usable lab address (n from 0), skipping .0 and .255 for the sake of tools that dislike them. */
export function nthLabAddress(index: number): string {
  const perBlock = 254;
  const block = Math.floor(index / perBlock);
  const host = (index % perBlock) + 1;
  const n = LAB_FIRST + block * 256 + host;
  if (n >= LINK_FIRST)
    throw new Error(
      `the lab range ${LAB_PREFIX} holds at most ${Math.floor((LINK_FIRST - LAB_FIRST) / 256) * perBlock} sites`,
    );
  return numberToIpv4(n);
}
