/**
 * A reserved share of one rate budget for messages that must never wait behind other traffic (a trading
 * session's cancels): the budget is split into two limiters whose sum is the venue's limit, so the reserve
 * costs no extra allowance, and other traffic can never take what it keeps.
 */
import { checkKeys } from '../strict.js';
import { createRateLimiter } from './limiter.js';
import type { PressureLevel } from './pressure.js';
import type { AcquireOptions, LimiterStatus, RateLimiter, RateLimiterOptions } from './types.js';

/** What to keep back, and for which messages. */
export interface ReserveOptions {
  /** Share of the bucket (and of the rolling window) kept for priority messages, between 0 and 1 (e.g. 0.2). */
  share: number;
  /** True for a message that may use the reserve (e.g. a cancel). */
  priority(message: unknown): boolean;
}

const LEVELS: PressureLevel[] = ['low', 'medium', 'high', 'critical'];
const part = (n: number, share: number): number => Math.max(1, Math.round(n * share));

/**
 * A {@link RateLimiter} over `options`' budget that keeps `share` of it for `priority` messages. Priority
 * messages go at once from the reserve, or from the rest of the budget when nothing waits there, and
 * otherwise wait only behind other priority messages; everything else uses the rest of the budget alone.
 *
 * @example
 * import { createReservedLimiter } from 'zen-websocket/limiter';
 * import { deribitLimits } from 'zen-websocket/deribit';
 *
 * const isCancel = (m) => /cancel/.test(m?.method ?? '');
 * const limiter = createReservedLimiter(deribitLimits, { share: 0.2, priority: isCancel });
 * // createDeribitClient({ limiter, … }): cancels keep a fifth of the credits, whatever else is queued
 */
export function createReservedLimiter(options: RateLimiterOptions, reserve: ReserveOptions): RateLimiter {
  checkKeys('createReservedLimiter', reserve, ['share', 'priority']);
  const { share, priority } = reserve;
  if (!(typeof share === 'number' && share > 0 && share < 1))
    throw new RangeError(
      `createReservedLimiter: share must be a number between 0 and 1 (e.g. 0.2), got ${String(share)}`,
    );
  if (typeof priority !== 'function')
    throw new TypeError(
      'createReservedLimiter: pass priority(message) => boolean, e.g. (m) => /cancel/.test(m.method)',
    );
  const kept = { capacity: part(options.capacity, share), refillRate: options.refillRate * share };
  const window = options.window;
  const split = (keep: boolean): RateLimiterOptions => ({
    ...options,
    capacity: keep ? kept.capacity : Math.max(1, options.capacity - kept.capacity),
    refillRate: keep ? kept.refillRate : options.refillRate - kept.refillRate,
    ...(window && {
      window: {
        ...window,
        limit: keep ? part(window.limit, share) : Math.max(1, window.limit - part(window.limit, share)),
      },
    }),
    name: `${options.name ?? 'rate_limiter'}${keep ? '_reserve' : ''}`,
  });
  const general = createRateLimiter(split(false));
  const reserved = createRateLimiter(split(true));
  const route = (message: unknown): RateLimiter => (priority(message) ? reserved : general);

  return {
    take(message, owner) {
      if (!priority(message)) return general.take(message, owner);
      if (reserved.status().queueSize === 0 && (reserved.tryAcquire(message) || general.tryAcquire(message)))
        return undefined;
      return reserved.take(message, owner);
    },
    withdraw(owner) {
      general.withdraw(owner);
      reserved.withdraw(owner);
    },
    acquire: (message: unknown, o?: AcquireOptions) => route(message).acquire(message, o),
    tryAcquire: (message) => route(message).tryAcquire(message),
    status(): LimiterStatus {
      const g = general.status();
      const r = reserved.status();
      const tokens = g.tokens + r.tokens;
      const capacity = g.capacity + r.capacity;
      const windowUsed = g.windowUsed + r.windowUsed;
      const windowLimit = g.windowLimit + r.windowLimit;
      const queueSize = g.queueSize + r.queueSize;
      const pressure = LEVELS[Math.max(LEVELS.indexOf(g.pressureLevel), LEVELS.indexOf(r.pressureLevel))] ?? 'low';
      return {
        tokens,
        capacity,
        windowUsed,
        windowLimit,
        queueSize,
        pressureLevel: pressure,
        suggestedDelayMs: g.suggestedDelayMs,
      };
    },
    close() {
      general.close();
      reserved.close();
    },
  };
}
