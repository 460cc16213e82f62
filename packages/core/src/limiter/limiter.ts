import { RequestError } from '../errors.js';
import { resolveLimiterOptions } from './options.js';
import { type PressureLevel, pressureLevel } from './pressure.js';
import type { RateLimiter, RateLimiterOptions } from './types.js';
import type { RollingWindow } from './window.js';

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
  const { capacity, refillRate, refillInterval, window, maxQueue, ttlMs, name, clock, telemetry } = settings;
  const windowLimit = window?.limit ?? Number.POSITIVE_INFINITY;
  /** The FIFO of waiting messages. */
  const queue: Waiting[] = [];
  let tokens = capacity; // the bucket starts full
  /** When the last whole refill step was counted; steps are counted from here. */
  let anchor = clock.now();
  let timer: unknown;
  let closed = false;
  let level: PressureLevel = 'low';

  /** Adds the whole refill steps elapsed by `now`; a full bucket restarts its count, so being full banks nothing. */
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
  /** The message's cost, checked against what can ever fit. */
  const price = (message: unknown) => checkedCost(settings.cost(message), name, capacity, window);
  /** Takes `cost` and returns true when it fits the bucket and the window now; false (nothing taken) otherwise. */
  const spend = (cost: number): boolean => {
    const now = clock.now();
    refill(now);
    if (tokens < cost || used(now) + cost > windowLimit) return false;
    tokens -= cost;
    window?.add(cost, now);
    if (telemetry.wants('rate_limiter.consume'))
      telemetry.emit('rate_limiter.consume', { tokensRemaining: tokens, cost, name });
    return true;
  };
  /** Sends a message of `cost` now if nothing waits before it and it fits; false otherwise. */
  const go = (cost: number): boolean => {
    if (closed || queue.length || !spend(cost)) return false;
    pressure();
    return true;
  };
  /** Milliseconds from `now` until `cost` fits the bucket and the window, assuming nothing else is taken. */
  const waitFor = (cost: number, now: number): number =>
    Math.max(
      cost > tokens ? anchor + Math.ceil((cost - tokens) / refillRate) * refillInterval - now : 0,
      window?.waitFor(cost, now) ?? 0,
    );
  const pressure = (): void => {
    const previous = level;
    level = pressureLevel(Math.max(1 - tokens / capacity, used(clock.now()) / windowLimit), queue.length, maxQueue);
    if (level !== previous)
      telemetry.emit('rate_limiter.pressure', { level, previous, queueSize: queue.length, tokens, name });
  };
  const enqueue = (cost: number, ttl: number, signal?: AbortSignal, owner?: object): Promise<void> => {
    if (closed) return Promise.reject(refused('closed', CLOSED));
    if (queue.length >= maxQueue) {
      telemetry.emit('rate_limiter.queue_full', { queueSize: queue.length, maxQueue, cost, name });
      return Promise.reject(overflow(name, maxQueue));
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
    for (let head = queue[0]; head && spend(head.cost); head = queue[0]) {
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
    const wait = Math.max(1, Math.min(waitFor(head.cost, now), expiry - now));
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
      const cost = price(message);
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
      const cost = price(message);
      return go(cost) ? Promise.resolve() : enqueue(cost, ttl, signal);
    },
    tryAcquire: (message) => go(price(message)),
    status() {
      const now = clock.now();
      refill(now);
      let queued = 1; // a new message costing 1, behind everything queued
      for (const item of queue) queued += item.cost;
      const suggestedDelayMs = Math.ceil(waitFor(queued, now));
      pressure();
      const windowUsed = used(now);
      const queueSize = queue.length;
      return { tokens, capacity, windowUsed, windowLimit, queueSize, pressureLevel: level, suggestedDelayMs };
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

/** `cost` when it is a finite number >= 0 that fits the bucket and the window; a RangeError otherwise. */
function checkedCost(cost: unknown, name: string, capacity: number, window: RollingWindow | undefined): number {
  if (typeof cost !== 'number' || !(cost >= 0) || cost === Number.POSITIVE_INFINITY)
    throw new RangeError(`Rate limiter "${name}": cost must be a finite number >= 0, got ${String(cost)}`);
  if (cost > Math.min(capacity, window?.limit ?? capacity))
    throw new RangeError(
      `Rate limiter "${name}": a message costing ${cost} can never be sent (capacity ${capacity}${window ? `, window limit ${window.limit}` : ''}); raise them or fix the cost function`,
    );
  return cost;
}

/** The refusal of a message that finds the queue full (or no queue). */
function overflow(name: string, maxQueue: number) {
  return refused(
    'overflow',
    maxQueue
      ? `Rate limiter "${name}" queue is full (${maxQueue} waiting)`
      : `Rate limited (limiter "${name}" has no queue)`,
  );
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
