import type { LimiterSettings } from './options.js';
import type { LimiterStatus } from './types.js';

/** A limiter's budget: its token bucket and, when set, its rolling window; prices and takes each message. */
export interface Budget {
  /** Tokens in the bucket (as last counted). */
  readonly tokens: number;
  /** The message's cost, checked: a cost that can never fit is a configuration mistake (RangeError). */
  price(message: unknown): number;
  /** Takes `cost` and returns true when it fits the bucket and the window now; false (nothing taken) otherwise. */
  spend(cost: number): boolean;
  /** Milliseconds from `now` until `cost` fits the bucket and the window, assuming nothing else is taken. */
  waitFor(cost: number, now: number): number;
  /** The share of the budget in use at `now` (0–1): the bucket's spent share or the window's used share. */
  usage(now: number): number;
  /** Counts the refill steps due by `now` and reads the bucket and the window. */
  read(now: number): Pick<LimiterStatus, 'tokens' | 'windowUsed' | 'windowLimit'>;
}

/**
 * The token bucket (`refillRate` tokens every `refillInterval` ms, computed from the clock when read: no timer
 * keeps it topped up, so an idle bucket costs nothing) and the rolling window of `settings`. The bucket starts
 * full.
 */
export function budget(settings: LimiterSettings): Budget {
  const { capacity, refillRate, refillInterval, window, name, clock, telemetry } = settings;
  const limit = window?.limit ?? Number.POSITIVE_INFINITY;
  let tokens = capacity;
  /** When the last whole refill step was counted; steps are counted from here. */
  let anchor = clock.now();
  /** A full bucket restarts its step count at `now`, so time spent full never banks extra tokens. */
  const refill = (now: number): void => {
    const steps = Math.floor((now - anchor) / refillInterval);
    if (tokens >= capacity) anchor = now;
    else if (steps > 0) {
      const tokensBefore = tokens;
      tokens = Math.min(capacity, tokens + steps * refillRate);
      anchor = tokens >= capacity ? now : anchor + steps * refillInterval;
      if (telemetry.wants('rate_limiter.refill'))
        telemetry.emit('rate_limiter.refill', { tokensBefore, tokensAfter: tokens, refillRate, name });
    }
  };
  const used = (now: number) => window?.used(now) ?? 0;
  return {
    get tokens() {
      return tokens;
    },
    price(message) {
      const cost = settings.cost(message);
      if (typeof cost !== 'number' || !(cost >= 0) || cost === Number.POSITIVE_INFINITY)
        throw new RangeError(`Rate limiter "${name}": cost must be a finite number >= 0, got ${String(cost)}`);
      if (cost > Math.min(capacity, limit))
        throw new RangeError(
          `Rate limiter "${name}": a message costing ${cost} can never be sent (capacity ${capacity}${window ? `, window limit ${limit}` : ''}); raise them or fix the cost function`,
        );
      return cost;
    },
    spend(cost) {
      const now = clock.now();
      refill(now);
      if (tokens < cost || used(now) + cost > limit) return false;
      tokens -= cost;
      window?.add(cost, now);
      if (telemetry.wants('rate_limiter.consume'))
        telemetry.emit('rate_limiter.consume', { tokensRemaining: tokens, cost, name });
      return true;
    },
    waitFor: (cost, now) =>
      Math.max(
        cost > tokens ? anchor + Math.ceil((cost - tokens) / refillRate) * refillInterval - now : 0,
        window?.waitFor(cost, now) ?? 0,
      ),
    usage: (now) => Math.max(1 - tokens / capacity, used(now) / limit),
    read(now) {
      refill(now);
      return { tokens, windowUsed: used(now), windowLimit: limit };
    },
  };
}
