import type { Clock } from '../clock.js';
import type { OutboundGate } from '../options.js';
import type { Telemetry } from '../telemetry.js';
import type { CostFunction } from './costs.js';
import type { PressureLevel } from './pressure.js';

/** A strict rolling window: at most `limit` cost units in any span of `intervalMs` milliseconds. */
export interface WindowOptions {
  limit: number;
  intervalMs: number;
}

/** The bounded queue of messages waiting for budget. */
export interface QueueOptions {
  /** Most messages waiting (default 100; 0 = no queue: what cannot go at once is refused). */
  maxSize?: number;
  /** How long a message may wait before it is refused with `request_timeout`, ms (default 10000). */
  ttlMs?: number;
}

/** Options of {@link createRateLimiter}. Unknown keys are rejected with a TypeError. */
export interface RateLimiterOptions {
  /** Bucket size: the largest burst, in cost units. The bucket starts full. */
  capacity: number;
  /** Cost units added every `refillInterval`. */
  refillRate: number;
  /** Milliseconds between refills (default 1000). */
  refillInterval?: number;
  /** A strict rolling window on top of the bucket, for venues that count every message in any span. */
  window?: WindowOptions;
  /** Prices each message (default {@link simpleCost}: 1 per message). */
  cost?: CostFunction;
  /** The waiting queue (default `{ maxSize: 100, ttlMs: 10000 }`); `false` for none. */
  queue?: QueueOptions | false;
  /** Name reported in telemetry (default `'rate_limiter'`). */
  name?: string;
  /** Time source (default the system clock; tests pass a fake one). */
  clock?: Clock;
  /** Telemetry bus (default the shared `telemetry`). */
  telemetry?: Telemetry;
}

/** A snapshot of a limiter, from {@link RateLimiter.status}. */
export interface LimiterStatus {
  /** Tokens in the bucket now. */
  tokens: number;
  capacity: number;
  /** Cost sent within the rolling window now (0 without a window). */
  windowUsed: number;
  /** The window's limit (`Infinity` without a window). */
  windowLimit: number;
  /** Messages waiting. */
  queueSize: number;
  /** See {@link pressureLevel}. */
  pressureLevel: PressureLevel;
  /** How long a new message costing 1 would wait, ms, behind everything already queued (0: it goes now). */
  suggestedDelayMs: number;
}

/** Per-call options of {@link RateLimiter.acquire}. */
export interface AcquireOptions {
  /** Aborting it takes the message out of the queue and rejects with `aborted`. */
  signal?: AbortSignal;
  /** This message's time to live in the queue, ms (default the queue's `ttlMs`). */
  ttlMs?: number;
}

/**
 * A token bucket with an optional strict rolling window, a bounded FIFO queue, and real status. Pass it as a
 * client's `limiter` option (every outbound message then passes it) or use it on its own.
 *
 * Refused messages reject with a {@link RequestError} whose `sent` is `false`: `overflow` (queue full),
 * `request_timeout` (waited longer than its time to live), `aborted` (its signal fired) or `closed`.
 */
export interface RateLimiter extends OutboundGate {
  /**
   * The client's gate: `undefined` when the message may go now (its cost already taken; no promise is made),
   * else a promise that resolves when it may go, in the order messages arrived.
   */
  take(message: unknown, owner?: object): Promise<void> | undefined;
  /**
   * Takes every message `owner` has waiting out of the queue, rejecting each with `disconnected`, `sent: false`:
   * a client calls it when the connection those messages were meant for ends, so none is written later.
   */
  withdraw(owner: object): void;
  /** Resolves when `message` may go (at once when it may go now); rejects when it never will. */
  acquire(message: unknown, options?: AcquireOptions): Promise<void>;
  /** Takes the cost and returns true when `message` may go now (and nothing is queued ahead of it); never waits. */
  tryAcquire(message: unknown): boolean;
  status(): LimiterStatus;
  /** Rejects everything queued with `closed` and clears the timer; later calls are refused. Idempotent. */
  close(): void;
}
