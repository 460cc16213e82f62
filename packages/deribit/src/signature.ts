/**
 * Deribit's `client_signature`: lower-case hex HMAC-SHA256 of `timestamp\nnonce\ndata` under the client secret
 * (WebCrypto where available, `@noble/hashes` elsewhere). The hashing code is imported on first use, so pages
 * that never sign (public data only) do not load it.
 *
 * @example
 * await clientSignature('ABCD', 1554883365000, 'fdbmmz79') // 'e20c9cd5…' (Deribit's published vector)
 */
export async function clientSignature(secret: string, timestamp: number, nonce: string, data = ''): Promise<string> {
  const { hmacSha256Hex } = await import('@zen-websocket/core/crypto');
  return hmacSha256Hex(secret, `${timestamp}\n${nonce}\n${data}`);
}
