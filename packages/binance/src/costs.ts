/**
 * Binance's rate-limit knowledge for the core limiter (`@zen-websocket/core/limiter` keeps the mechanism and the
 * generic costs): request weights and the stream and WebSocket API limits.
 */
import { type CostFunction, methodOf, type RateLimiterOptions } from '@zen-websocket/core/limiter';

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

/**
 * The Binance WebSocket API's documented REQUEST_WEIGHT limit (Binance's documented limits: 6,000 a minute, counted per IP
 * across connections) as a strict rolling minute, weights from {@link binanceCost}. Live limits are in
 * `exchangeInfo`; share one limiter between the connections of one IP.
 *
 * @example
 * const limiter = createRateLimiter(binanceApiLimits());
 */
export function binanceApiLimits(): RateLimiterOptions {
  return {
    capacity: 6_000,
    refillRate: 100,
    refillInterval: 1000,
    window: { limit: 6_000, intervalMs: 60_000 },
    cost: binanceCost,
    name: 'binance_api',
  };
}
