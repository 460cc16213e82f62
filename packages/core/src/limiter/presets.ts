import { binanceCost, deribitCost, simpleCost } from './costs.js';
import type { RateLimiterOptions } from './types.js';

/**
 * Deribit's default credit limits (Deribit's documented limits): 50,000 credits, refilled at 10,000 a second (1,000 every
 * 100 ms), 500 credits per request — about 20 requests a second with bursts of 100. Spread your own overrides
 * over it: `createRateLimiter({ ...deribitLimits(), queue: { maxSize: 500 } })`.
 *
 * @example
 * const client = await connect(url, { limiter: createRateLimiter(deribitLimits()) });
 */
export function deribitLimits(): RateLimiterOptions {
  return { capacity: 50_000, refillRate: 1_000, refillInterval: 100, cost: deribitCost, name: 'deribit' };
}

/**
 * Binance market streams (Binance's documented limits): 5 incoming messages a second per connection, ping and pong frames
 * included; going over disconnects. One of the 5 slots is left for the pong that answers the server's ping
 * (the socket sends it by itself, outside the limiter), and the strict window spans 1,100 ms, a margin for
 * network jitter: 4 messages per 1,100 ms.
 *
 * @example
 * const client = await connect(streamUrl, { limiter: createRateLimiter(binanceStreamLimits()) });
 */
export function binanceStreamLimits(): RateLimiterOptions {
  return {
    capacity: 4,
    refillRate: 4,
    refillInterval: 1100,
    window: { limit: 4, intervalMs: 1100 },
    cost: simpleCost,
    name: 'binance_streams',
  };
}

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
