/** The market streams' limits as core limiter options (no import of the limiter's code: see `cost`). */
import type { RateLimiterOptions } from '@zen-websocket/core/limiter';

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
    cost: () => 1, // core's simpleCost, written here: the streams script needs no limiter script
    name: 'binance_streams',
  };
}
