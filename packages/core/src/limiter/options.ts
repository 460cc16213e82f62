import { type Clock, systemClock } from '../clock.js';
import { checkKeys, checkType } from '../strict.js';
import { type Telemetry, telemetry } from '../telemetry.js';
import { type CostFunction, simpleCost } from './costs.js';
import type { RateLimiterOptions, WindowOptions } from './types.js';

/** Limiter options after defaults and checks. */
export interface LimiterSettings {
  capacity: number;
  refillRate: number;
  refillInterval: number;
  window: WindowOptions | undefined;
  cost: CostFunction;
  maxQueue: number;
  ttlMs: number;
  name: string;
  clock: Clock;
  telemetry: Telemetry;
}

const KEYS = ['capacity', 'refillRate', 'refillInterval', 'window', 'cost', 'queue', 'name', 'clock', 'telemetry'];

/** Checks `createRateLimiter` options and fills in defaults; throws a TypeError or RangeError naming the option. */
export function resolveLimiterOptions(options: RateLimiterOptions): LimiterSettings {
  checkKeys('createRateLimiter', options, KEYS);
  checkType('createRateLimiter', 'name', options.name, 'string');
  checkType('createRateLimiter', 'telemetry', options.telemetry, 'object');
  if (options.window) checkKeys('createRateLimiter: window', options.window, ['limit', 'intervalMs']);
  if (options.queue) checkKeys('createRateLimiter: queue', options.queue, ['maxSize', 'ttlMs']);
  const { window, queue = {}, cost = simpleCost, clock = systemClock } = options;
  if (typeof cost !== 'function') throw new TypeError('createRateLimiter: cost must be a function (message) => number');
  if (typeof clock?.now !== 'function' || typeof clock.setTimeout !== 'function')
    throw new TypeError('createRateLimiter: clock must have now, setTimeout and clearTimeout');
  if (window !== undefined && (window === null || typeof window !== 'object'))
    throw new TypeError('createRateLimiter: window must be { limit, intervalMs }');
  if (queue !== false && (queue === null || typeof queue !== 'object'))
    throw new TypeError('createRateLimiter: queue must be { maxSize?, ttlMs? } or false');
  const q = queue === false ? { maxSize: 0 } : queue;
  return {
    capacity: positive('capacity', options.capacity),
    refillRate: positive('refillRate', options.refillRate),
    refillInterval: positive('refillInterval', options.refillInterval ?? 1000),
    window: window && {
      limit: positive('window.limit', window.limit),
      intervalMs: positive('window.intervalMs', window.intervalMs),
    },
    cost,
    maxQueue: count('queue.maxSize', q.maxSize ?? 100),
    ttlMs: positive('queue.ttlMs', q.ttlMs ?? 10_000),
    name: typeof options.name === 'string' ? options.name : 'rate_limiter',
    clock,
    telemetry: options.telemetry ?? telemetry,
  };
}

function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0) || value === Number.POSITIVE_INFINITY)
    throw new RangeError(`createRateLimiter: ${name} must be a finite number > 0, got ${String(value)}`);
  return value;
}

function count(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new RangeError(`createRateLimiter: ${name} must be an integer >= 0, got ${String(value)}`);
  return value;
}
