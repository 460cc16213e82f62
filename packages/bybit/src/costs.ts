/**
 * Bybit's rate-limit knowledge for the core limiter (`@zen-websocket/core/limiter` keeps the mechanism).
 */
import type { CostFunction, RateLimiterOptions } from '@zen-websocket/core/limiter';

const ORDER_OPS = new Set(['order.create', 'order.amend', 'order.cancel']);

/**
 * The price of a message to Bybit: 1 for each trade op (`order.create`, `order.amend`, `order.cancel`, which
 * Bybit counts against the account's per-second order limits), 0 for everything else (`ping`, `auth`,
 * `subscribe`; Bybit publishes no per-message limit for those, only connection limits).
 *
 * @example
 * bybitCost({ op: 'order.create', args: [{}] }) // 1
 * bybitCost({ op: 'ping' })                     // 0
 */
export const bybitCost: CostFunction = (message) => {
  const op = (message as { op?: unknown } | null)?.op;
  return typeof op === 'string' && ORDER_OPS.has(op) ? 1 : 0;
};

/**
 * A limiter for the trade connection: 10 order ops a second (Bybit's lowest per-symbol order limit; raise it to
 * your account's), priced by {@link bybitCost}.
 *
 * @example
 * const limiter = createRateLimiter(bybitLimits());
 */
export function bybitLimits(perSecond = 10): RateLimiterOptions {
  return { capacity: perSecond, refillRate: perSecond, refillInterval: 1000, cost: bybitCost, name: 'bybit' };
}
