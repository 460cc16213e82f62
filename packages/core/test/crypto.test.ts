import { describe, expect, it } from 'vitest';
import { hmacSha256, hmacSha256Hex, toHex } from '../src/crypto.js';

// Deribit's published client_signature vector (secret "ABCD", timestamp 1554883365000, nonce fdbmmz79, empty data).
const DERIBIT = {
  secret: 'ABCD',
  payload: '1554883365000\nfdbmmz79\n',
  signature: 'e20c9cd5639d41f8bbc88f4d699c4baf94a4f0ee320e9a116b72743c449eb994',
};
// RFC 4231 test case 2.
const RFC4231 = {
  key: 'Jefe',
  data: 'what do ya want for nothing?',
  mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
};

describe('hmacSha256', () => {
  it.each(['auto', 'webcrypto', 'noble'] as const)('matches the Deribit vector and RFC 4231 with %s', async (impl) => {
    expect(await hmacSha256Hex(DERIBIT.secret, DERIBIT.payload, impl)).toBe(DERIBIT.signature);
    expect(await hmacSha256Hex(RFC4231.key, RFC4231.data, impl)).toBe(RFC4231.mac);
  });

  it('falls back to @noble/hashes where crypto.subtle is missing (a non-secure browser context)', async () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
    try {
      expect(await hmacSha256Hex(DERIBIT.secret, DERIBIT.payload)).toBe(DERIBIT.signature);
      await expect(hmacSha256('k', 'm', 'webcrypto')).rejects.toBeInstanceOf(TypeError);
    } finally {
      if (original) Object.defineProperty(globalThis, 'crypto', original);
    }
  });

  it('accepts bytes as well as strings, and toHex pads', async () => {
    const key = new TextEncoder().encode(DERIBIT.secret);
    expect(toHex(await hmacSha256(key, new TextEncoder().encode(DERIBIT.payload)))).toBe(DERIBIT.signature);
    expect(toHex(new Uint8Array([0, 1, 255]))).toBe('0001ff');
  });
});
