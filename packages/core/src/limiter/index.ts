/**
 * `@zen-websocket/core/limiter`: outbound rate limiting — a token bucket, a strict rolling window, per-venue
 * cost functions, a bounded queue with time to live, and real status. Guide: `docs/limits-and-pools.md`.
 */

export {
  binanceCost,
  type CostFunction,
  DERIBIT_REQUEST_CREDITS,
  deribitCost,
  isPingFrame,
  methodOf,
  simpleCost,
} from './costs.js';
export { createRateLimiter } from './limiter.js';
export { binanceApiLimits, binanceStreamLimits, deribitLimits } from './presets.js';
export { type PressureLevel, pressureLevel } from './pressure.js';
export type {
  AcquireOptions,
  LimiterStatus,
  QueueOptions,
  RateLimiter,
  RateLimiterOptions,
  WindowOptions,
} from './types.js';
