import { hmacSha256Hex } from '@zen-websocket/core/crypto';

/**
 * The arguments of Bybit's WebSocket `{"op":"auth","args":[apiKey, expires, signature]}`: `signature` is the
 * lower-case hex HMAC-SHA256 of `"GET/realtime" + expires` under the API secret (WebCrypto, `@noble/hashes`
 * where WebCrypto is absent). `expires` is a ms timestamp in the future.
 *
 * @example
 * await bybitAuthArgs('key', 'secret', 1700000000000); // ['key', 1700000000000, '<64 hex>']
 */
export async function bybitAuthArgs(
  apiKey: string,
  apiSecret: string,
  expires: number,
): Promise<[string, number, string]> {
  return [apiKey, expires, await hmacSha256Hex(apiSecret, `GET/realtime${expires}`)];
}
