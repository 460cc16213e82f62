import { RequestError } from '../errors.js';
import { budget } from './bucket.js';
import { resolveLimiterOptions } from './options.js';
import { type PressureLevel, pressureLevel } from './pressure.js';
import type { RateLimiter, RateLimiterOptions } from './types.js';

/** One message waiting for budget. */
interface Waiting {
  readonly cost: number;
  /** Its time to live in the queue, ms. */
  readonly ttlMs: number;
  /** Clock time after which it is refused. */
  readonly expiresAt: number;
  resolve(): void;
  reject(error: unknown): void;
  /** Removes its abort listener, if any. */
  detach(): void;
  /** Whose message it is (a client's connection), for `withdraw`. */
  readonly owner: object | undefined;
}

/**
 * Creates a rate limiter: a token bucket (`capacity`, `refillRate` every `refillInterval` ms), optionally a
 * strict rolling window on top, a cost per message, and a bounded FIFO queue whose messages expire. Give it to
 * a client as `limiter` and every outbound message — requests, subscriptions, restores after a reconnect,
 * heartbeat probes and ping frames — waits its turn.
 *
 * Tokens are counted from the clock when needed, never by a background timer: a timer runs only while
 * messages wait, so an idle limiter keeps nothing alive.
 *
 * @example
 * const limiter = createRateLimiter({ capacity: 20, refillRate: 10, refillInterval: 1000, cost: simpleCost });
 * const client = await connect(url, { limiter });
 * limiter.status(); // { tokens, capacity, queueSize, pressureLevel, suggestedDelayMs, … }
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const settings = resolveLimiterOptions(options);
  const { capacity, maxQueue, ttlMs, name, clock, telemetry } = settings;
  const b = budget(settings);
  /** The FIFO of waiting messages. */
  const queue: Waiting[] = [];
  let timer: unknown;
  let closed = false;
  let level: PressureLevel = 'low';

  /** Sends a message of `cost` now if nothing waits before it and it fits; false otherwise. */
  const go = (cost: number): boolean => {
    if (closed || queue.length || !b.spend(cost)) return false;
    pressure();
    return true;
  };
  const pressure = (): void => {
    const previous = level;
    level = pressureLevel(b.usage(clock.now()), queue.length, maxQueue);
    if (level !== previous)
      telemetry.emit('rate_limiter.pressure', { level, previous, queueSize: queue.length, tokens: b.tokens, name });
  };
  const enqueue = (cost: number, ttl: number, signal?: AbortSignal, owner?: object): Promise<void> => {
    if (closed) return Promise.reject(refused('closed', CLOSED));
    if (queue.length >= maxQueue) {
      telemetry.emit('rate_limiter.queue_full', { queueSize: queue.length, maxQueue, cost, name });
      return Promise.reject(
        refused(
          'overflow',
          maxQueue
            ? `Rate limiter "${name}" queue is full (${maxQueue} waiting)`
            : `Rate limited (limiter "${name}" has no queue)`,
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        if (!takeOut(queue, (other) => other !== item).length) return; // it had already left
        reject(refused('aborted', ABORTED, signal?.reason));
        pump();
      };
      const detach = () => signal?.removeEventListener('abort', onAbort);
      const item: Waiting = { cost, ttlMs: ttl, expiresAt: clock.now() + ttl, resolve, reject, detach, owner };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(item);
      pressure();
      schedule();
    });
  };
  /** Refuses what has expired, releases what fits in arrival order, and sets the timer for the rest. */
  const pump = (): void => {
    const now = clock.now();
    for (const item of takeOut(queue, (item) => item.expiresAt > now))
      item.reject(refused('request_timeout', `Waited ${item.ttlMs} ms for the rate limiter (its time to live)`));
    for (let head = queue[0]; head && b.spend(head.cost); head = queue[0]) {
      queue.shift();
      head.detach();
      pressure();
      head.resolve();
    }
    pressure();
    schedule();
  };
  const schedule = (): void => {
    unschedule();
    const head = queue[0];
    if (!head || closed) return;
    const now = clock.now();
    let expiry = Number.POSITIVE_INFINITY;
    for (const item of queue) expiry = Math.min(expiry, item.expiresAt);
    const wait = Math.max(1, Math.min(b.waitFor(head.cost, now), expiry - now));
    timer = clock.setTimeout(() => {
      timer = undefined;
      pump();
    }, wait);
  };
  const unschedule = (): void => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };

  return {
    take(message, owner) {
      const cost = b.price(message);
      return go(cost) ? undefined : enqueue(cost, ttlMs, undefined, owner);
    },
    withdraw(owner) {
      const gone = takeOut(queue, (item) => item.owner !== owner);
      for (const item of gone) item.reject(refused('disconnected', 'The connection ended while the message waited'));
      if (gone.length) pump();
    },
    acquire(message, { signal, ttlMs: ttl = ttlMs } = {}) {
      if (!(ttl > 0)) return Promise.reject(new RangeError(`acquire: ttlMs must be > 0, got ${String(ttl)}`));
      if (signal?.aborted) return Promise.reject(refused('aborted', ABORTED, signal.reason));
      const cost = b.price(message);
      return go(cost) ? Promise.resolve() : enqueue(cost, ttl, signal);
    },
    tryAcquire: (message) => go(b.price(message)),
    status() {
      const now = clock.now();
      const counts = b.read(now);
      let queued = 1; // a new message costing 1, behind everything queued
      for (const item of queue) queued += item.cost;
      const suggestedDelayMs = Math.ceil(b.waitFor(queued, now));
      pressure();
      return { ...counts, capacity, queueSize: queue.length, pressureLevel: level, suggestedDelayMs };
    },
    close() {
      if (closed) return;
      closed = true;
      unschedule();
      for (const item of takeOut(queue, () => false)) item.reject(refused('closed', CLOSED));
    },
  };
}

/** Takes out of `queue` (in order) and returns every waiting message that `stays` refuses. */
function takeOut(queue: Waiting[], stays: (item: Waiting) => boolean): Waiting[] {
  const gone: Waiting[] = [];
  let kept = 0;
  for (const item of queue)
    if (stays(item)) queue[kept++] = item;
    else {
      gone.push(item);
      item.detach();
    }
  queue.length = kept;
  return gone;
}

const CLOSED = 'The rate limiter is closed';
const ABORTED = 'The wait was aborted';

/** A refusal (`why`, then "; nothing was sent"): nothing was sent, so retrying (or failing over) is safe. */
function refused(
  code: 'overflow' | 'request_timeout' | 'aborted' | 'closed' | 'disconnected',
  why: string,
  cause?: unknown,
) {
  return new RequestError(
    code,
    `${why}; nothing was sent`,
    cause === undefined ? { sent: false } : { sent: false, cause },
  );
}
