/**
 * Cost functions: what one outbound message costs against a limiter's budget. A cost function receives what
 * the client hands its gate — a JSON object, a string (text that is not a JSON object), binary data, or
 * `{ ping: payload }` for a WebSocket ping frame — and returns a finite number ≥ 0.
 */

/** Prices one outbound message. */
export type CostFunction = (message: unknown) => number;

/** The `method` of a JSON-RPC style message (an object, or text holding one), if it has one. */
export function methodOf(message: unknown): string | undefined {
  let value = message;
  if (typeof value === 'string') {
    if (value.charCodeAt(0) !== 123 /* { */) return undefined;
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const method = (value as { method?: unknown } | null)?.method;
  return typeof method === 'string' ? method : undefined;
}

/** Whether the client is about to send a WebSocket ping frame (`{ ping: payload }`). */
export function isPingFrame(message: unknown): boolean {
  return message !== null && typeof message === 'object' && 'ping' in message && Object.keys(message).length === 1;
}

/**
 * One unit per message, ping frames included: for limits that count messages (Binance market streams: 5
 * incoming messages a second per connection, pings and pongs included).
 *
 * @example
 * createRateLimiter({ capacity: 5, refillRate: 5, refillInterval: 1000, window: { limit: 5, intervalMs: 1100 }, cost: simpleCost });
 */
export const simpleCost: CostFunction = () => 1;
