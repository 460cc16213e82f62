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
type Expected = Parameters<typeof checkType>[3];
/**
 * Every option, in the order an unknown-option message lists them, with the type checked here by name (`''`:
 * checked below, as a number or as `queue`, which may also be `false`).
 */
const SCHEMA: Record<keyof RateLimiterOptions, Expected | ''> = {
  capacity: '',
  refillRate: '',
  refillInterval: '',
  window: 'object',
  cost: 'function',
  queue: '',
  name: 'string',
  clock: 'object',
  telemetry: 'object',
};
const KEYS = Object.keys(SCHEMA);

/** Checks `createRateLimiter` options and fills in defaults; throws a TypeError or RangeError naming the option. */
export function resolveLimiterOptions(options: RateLimiterOptions): LimiterSettings {
  checkKeys(WHERE, options, KEYS);
  for (const [key, type] of Object.entries(SCHEMA))
    if (type) checkType(WHERE, key, options[key as keyof RateLimiterOptions], type);
  const { window, queue = {}, cost = simpleCost, clock = systemClock, name = 'rate_limiter' } = options;
  if (typeof clock.now !== 'function' || typeof clock.setTimeout !== 'function')
    throw new TypeError(`${WHERE}: clock must have now, setTimeout and clearTimeout`);
  if (window) checkKeys(`${WHERE}: window`, window, ['limit', 'intervalMs']);
  if (queue !== false) {
    checkType(WHERE, 'queue', queue, 'object');
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
