/** Bybit's WebSocket authentication signature, and the constant-time comparison the simulator checks it with. */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature Bybit expects in `{"op":"auth","args":[apiKey, expires, signature]}`: lower-case hex
 * HMAC-SHA256 of `GET/realtime` + expires under the API secret.
 *
 * @example
 * bybitAuthSignature('sim-secret', 1700000000000); // 64 hex characters
 */
export function bybitAuthSignature(apiSecret: string, expires: number | string): string {
  return createHmac('sha256', apiSecret).update(`GET/realtime${expires}`).digest('hex');
}

/** Whether two strings are equal, in time that does not depend on where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
