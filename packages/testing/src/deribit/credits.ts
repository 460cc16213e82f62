/**
 * Deribit's credit-based rate limit: a leaky bucket per connection for ordinary requests and one for
 * matching-engine requests. When a bucket cannot pay, the request gets 10028 and the session is closed.
 */
import type { Bucket } from './options.js';

/** The requests that go through the matching engine and use its bucket. */
export const MATCHING_ENGINE_METHODS: ReadonlySet<string> = new Set([
  'private/buy',
  'private/sell',
  'private/edit',
  'private/cancel',
  'private/cancel_all',
  'private/cancel_all_by_instrument',
  'private/cancel_all_by_currency',
  'private/close_position',
  'private/cancel_by_label',
]);

/** A credit bucket that starts full. */
export interface CreditBucket {
  /** Pays for one request at host time `nowMs`; false when there are not enough credits. */
  take(nowMs: number): boolean;
}

/**
 * Creates a full bucket.
 *
 * @example
 * const bucket = createCreditBucket({ cost: 500, cap: 1000, refillPerSecond: 1 });
 * bucket.take(0); bucket.take(0); bucket.take(0); // true, true, false
 */
export function createCreditBucket(settings: Bucket): CreditBucket {
  let credits = settings.cap;
  let at: number | undefined;
  return {
    take(nowMs) {
      if (at !== undefined)
        credits = Math.min(settings.cap, credits + ((nowMs - at) / 1000) * settings.refillPerSecond);
      at = nowMs;
      if (credits < settings.cost) return false;
      credits -= settings.cost;
      return true;
    },
  };
}
