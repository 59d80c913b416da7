// The encoding of a large answer: what the client accepts, and bodies that decode to the same text.

import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, encodeBody } from '../../../src/api/content-encoding.js';

describe('chooseEncoding', () => {
  it('takes brotli over gzip, gzip over none, as a browser asks', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('deflate')).toBe('identity');
    expect(chooseEncoding(undefined)).toBe('identity');
    expect(chooseEncoding('')).toBe('identity');
  });

  it('follows q-values: 0 refuses, a higher weight wins, * stands for the rest', () => {
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('GZIP;Q=1, br;q=0')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0, identity')).toBe('identity');
    expect(chooseEncoding('gzip;q=0, *;q=0.1')).toBe('br');
  });
});

describe('encodeBody', () => {
  it('gives brotli and gzip bodies that decode to the text, far smaller than it', async () => {
    const text = JSON.stringify(
      Array.from({ length: 2000 }, (_, i) => ({ id: `desa-${i}`, kecamatan: 'Cisoka', up: true })),
    );
    const br = await encodeBody(text, 'br');
    const gz = await encodeBody(text, 'gzip');
    expect(brotliDecompressSync(br).toString()).toBe(text);
    expect(gunzipSync(gz).toString()).toBe(text);
    expect(br.length).toBeLessThan(text.length / 5);
    expect(gz.length).toBeLessThan(text.length / 5);
  });
});
