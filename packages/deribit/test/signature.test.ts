// Known-answer tests: Deribit's published client_signature vector, through WebCrypto and through the
// @noble/hashes fallback used where WebCrypto is absent.
import { clientSignature } from '@zen-websocket/deribit';
import { afterEach, describe, expect, it, vi } from 'vitest';

const VECTOR = 'e20c9cd5639d41f8bbc88f4d699c4baf94a4f0ee320e9a116b72743c449eb994';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('clientSignature', () => {
  it('matches the published vector (secret ABCD, 1554883365000, nonce fdbmmz79, empty data)', async () => {
    expect(globalThis.crypto?.subtle).toBeDefined();
    expect(await clientSignature('ABCD', 1_554_883_365_000, 'fdbmmz79')).toBe(VECTOR);
    expect(await clientSignature('ABCD', 1_554_883_365_000, 'fdbmmz79', '')).toBe(VECTOR);
  });

  it('gives the same bytes through @noble/hashes when WebCrypto is absent', async () => {
    vi.stubGlobal('crypto', undefined);
    expect(globalThis.crypto).toBeUndefined();
    expect(await clientSignature('ABCD', 1_554_883_365_000, 'fdbmmz79')).toBe(VECTOR);
  });

  it('signs timestamp\\nnonce\\ndata: the data and the trailing newline matter', async () => {
    const withData = await clientSignature('ABCD', 1_554_883_365_000, 'fdbmmz79', 'x');
    expect(withData).not.toBe(VECTOR);
    expect(withData).toMatch(/^[0-9a-f]{64}$/);
  });
});
