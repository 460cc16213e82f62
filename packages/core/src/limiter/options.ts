import { type Clock, systemClock } from '../clock.js';
import { checkKeys, checkType } from '../strict.js';
import { type Telemetry, telemetry } from '../telemetry.js';
import { type CostFunction, simpleCost } from './costs.js';
import type { RateLimiterOptions } from './types.js';
import { type RollingWindow, rollingWindow } from './window.js';

/** Limiter options after defaults and checks. */
export interface LimiterSettings {
  capacity: number;
  refillRate: number;
  refillInterval: number;
  window: RollingWindow | undefined;
  cost: CostFunction;
  maxQueue: number;
  ttlMs: number;
  name: string;
  clock: Clock;
  telemetry: Telemetry;
}

const WHERE = 'createRateLimiter';
const KEYS = ['capacity', 'refillRate', 'refillInterval', 'window', 'cost', 'queue', 'name', 'clock', 'telemetry'];

/** Checks `createRateLimiter` options and fills in defaults; throws a TypeError or RangeError naming the option. */
export function resolveLimiterOptions(options: RateLimiterOptions): LimiterSettings {
  checkKeys(WHERE, options, KEYS);
  checkType(WHERE, 'name', options.name, 'string');
  checkType(WHERE, 'telemetry', options.telemetry, 'object');
  const { window, queue = {}, cost = simpleCost, clock = systemClock, name = 'rate_limiter' } = options;
  const fail = (what: string): never => {
    throw new TypeError(`${WHERE}: ${what}`);
  };
  if (typeof cost !== 'function') fail('cost must be a function (message) => number');
  if (typeof clock?.now !== 'function' || typeof clock.setTimeout !== 'function')
    fail('clock must have now, setTimeout and clearTimeout');
  if (window !== undefined) {
    if (window === null || typeof window !== 'object') fail('window must be { limit, intervalMs }');
    checkKeys(`${WHERE}: window`, window, ['limit', 'intervalMs']);
  }
  if (queue !== false) {
    if (queue === null || typeof queue !== 'object') fail('queue must be { maxSize?, ttlMs? } or false');
    checkKeys(`${WHERE}: queue`, queue, ['maxSize', 'ttlMs']);
  }
  const q = queue || { maxSize: 0 };
  return {
    capacity: number('capacity', options.capacity),
    refillRate: number('refillRate', options.refillRate),
    refillInterval: number('refillInterval', options.refillInterval ?? 1000),
    window:
      window && rollingWindow(number('window.limit', window.limit), number('window.intervalMs', window.intervalMs)),
    cost,
    maxQueue: number('queue.maxSize', q.maxSize ?? 100, true),
    ttlMs: number('queue.ttlMs', q.ttlMs ?? 10_000),
    name,
    clock,
    telemetry: options.telemetry ?? telemetry,
  };
}

/** `value` when it is a finite number > 0 (`count`: an integer >= 0), else a RangeError naming the option. */
function number(name: string, value: unknown, count = false): number {
  if (
    typeof value === 'number' &&
    (count ? Number.isInteger(value) && value >= 0 : value > 0 && value < Number.POSITIVE_INFINITY)
  )
    return value;
  throw new RangeError(
    `${WHERE}: ${name} must be ${count ? 'an integer >= 0' : 'a finite number > 0'}, got ${String(value)}`,
  );
}
