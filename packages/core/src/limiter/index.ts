/**
 * `@zen-websocket/core/limiter`: outbound rate limiting — a token bucket, a strict rolling window, cost
 * functions (generic here; the venues' costs and presets are in `@zen-websocket/deribit` and
 * `@zen-websocket/binance`), a bounded queue with time to live, and real status. Guide: `docs/limits-and-pools.md`.
 */

export { type CostFunction, isPingFrame, methodOf, simpleCost } from './costs.js';
export { createRateLimiter } from './limiter.js';
export { type PressureLevel, pressureLevel } from './pressure.js';
export { createReservedLimiter, type ReserveOptions } from './reserved.js';
export type {
  AcquireOptions,
  LimiterStatus,
  QueueOptions,
  RateLimiter,
  RateLimiterOptions,
  WindowOptions,
} from './types.js';
