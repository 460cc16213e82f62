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

/** Deribit's credit cost of a request that does not go to the matching engine (Deribit's documented credit limits). */
export const DERIBIT_REQUEST_CREDITS = 500;

/**
 * Deribit credits (Deribit's documented credit limits): every JSON-RPC request — heartbeat replies (`public/test`) and subscriptions
 * included — costs 500 credits; ping frames cost nothing (they are not requests). Pair it with a bucket of
 * 50,000 credits refilled at 10,000 a second ({@link deribitLimits}).
 *
 * Matching-engine requests (`private/buy`, `sell`, `edit`, `cancel*`, `close_position`…) have their own tiered
 * limit on Deribit; here they are priced like every other request, so one limiter keeps all traffic within the
 * general limit (20 requests a second sustained, bursts of 100) — safe, and at most twice as strict as needed.
 *
 * @example
 * deribitCost({ method: 'public/get_time' }) // 500
 * deribitCost({ ping: '' })                  // 0
 */
export const deribitCost: CostFunction = (message) => (isPingFrame(message) ? 0 : DERIBIT_REQUEST_CREDITS);

/**
 * Request weights of the Binance Spot WebSocket API (Binance's documented limits; the rest from Binance's published weights —
 * live values are in `exchangeInfo`). Methods not listed cost 1.
 */
const BINANCE_WEIGHTS: Readonly<Record<string, number>> = {
  ping: 1,
  time: 1,
  exchangeInfo: 20,
  'session.logon': 2,
  'session.status': 2,
  'session.logout': 2,
  'userDataStream.subscribe': 2,
  'userDataStream.subscribe.signature': 2,
  'userDataStream.unsubscribe': 2,
  'userDataStream.start': 2,
  'userDataStream.ping': 2,
  'userDataStream.stop': 2,
  klines: 2,
  uiKlines: 2,
  avgPrice: 2,
  'trades.aggregate': 2,
  'trades.recent': 25,
  'trades.historical': 25,
  'order.place': 1,
  'order.test': 1,
  'order.cancel': 1,
  'order.cancelReplace': 1,
  'order.status': 4,
  'openOrders.status': 6,
  'openOrders.cancelAll': 1,
  allOrders: 20,
  'account.status': 20,
  myTrades: 20,
};

/** `depth` is priced by its `limit` parameter (default 100). */
function depthWeight(message: unknown): number {
  const limit = (message as { params?: { limit?: unknown } }).params?.limit;
  const n = typeof limit === 'number' ? limit : 100;
  return n <= 100 ? 5 : n <= 500 ? 25 : n <= 1000 ? 50 : 250;
}

/**
 * Binance request weight: the WebSocket API's per-method weights (a `v3/` style version prefix is ignored),
 * `depth` by its `limit`, and 1 for everything else — stream control messages (`SUBSCRIBE`, `UNSUBSCRIBE`,
 * `LIST_SUBSCRIPTIONS`), text, binary and ping frames (Binance counts those against the 5-messages-a-second
 * stream limit). Use it with a window of the REQUEST_WEIGHT limit ({@link binanceApiLimits}).
 *
 * @example
 * binanceCost({ method: 'klines', params: { symbol: 'BTCUSDT', interval: '1m' } }) // 2
 * binanceCost({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 })          // 1
 */
export const binanceCost: CostFunction = (message) => {
  const method = methodOf(message)?.replace(/^v\d+\//, '');
  if (method === undefined) return 1;
  if (method === 'depth') return depthWeight(typeof message === 'string' ? JSON.parse(message) : message);
  return Object.hasOwn(BINANCE_WEIGHTS, method) ? (BINANCE_WEIGHTS[method] as number) : 1;
};
