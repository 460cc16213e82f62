/**
 * Deribit's rate-limit knowledge for the core limiter (`@zen-websocket/core/limiter` keeps the mechanism and
 * the generic costs): the credit price of a message and the default credit bucket.
 */
import type { CostFunction, RateLimiterOptions } from '@zen-websocket/core/limiter';

/**
 * A ping frame as the client hands it to its limiter (`{ ping: payload }`; core's `isPingFrame`). Written here
 * rather than imported so the Deribit script-tag add-on does not need the limiter add-on loaded.
 */
const isPingFrame = (m: unknown): boolean =>
  m !== null && typeof m === 'object' && 'ping' in m && Object.keys(m).length === 1;

/** Deribit's credit cost of a request that does not go to the matching engine (Deribit's documented credit limits). */
export const DERIBIT_REQUEST_CREDITS = 500;

/**
 * Deribit credits (Deribit's documented credit limits): every JSON-RPC request — heartbeat replies (`public/test`)
 * and subscriptions included — costs 500 credits; ping frames cost nothing (they are not requests). Pair it with
 * a bucket of 50,000 credits refilled at 10,000 a second ({@link deribitLimits}).
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
 * Deribit's default credit limits (Deribit's documented limits): 50,000 credits, refilled at 10,000 a second
 * (1,000 every 100 ms), 500 credits per request — about 20 requests a second with bursts of 100. Spread your own
 * overrides over it: `createRateLimiter({ ...deribitLimits(), queue: { maxSize: 500 } })`.
 *
 * @example
 * const client = await connect(url, { limiter: createRateLimiter(deribitLimits()) });
 */
export function deribitLimits(): RateLimiterOptions {
  return { capacity: 50_000, refillRate: 1_000, refillInterval: 100, cost: deribitCost, name: 'deribit' };
}
