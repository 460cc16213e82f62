import { RequestError } from '../errors.js';
import { TokenBucket } from './bucket.js';
import { type LimiterSettings, resolveLimiterOptions } from './options.js';
import { type PressureLevel, pressureLevel } from './pressure.js';
import { type Waiting, WaitQueue } from './queue.js';
import type { AcquireOptions, LimiterStatus, RateLimiter, RateLimiterOptions } from './types.js';
import { RollingWindow } from './window.js';

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
  return new Limiter(resolveLimiterOptions(options));
}

class Limiter implements RateLimiter {
  readonly #o: LimiterSettings;
  readonly #bucket: TokenBucket;
  readonly #window: RollingWindow | undefined;
  readonly #queue = new WaitQueue();
  #timer: unknown;
  #closed = false;
  #level: PressureLevel = 'low';

  constructor(settings: LimiterSettings) {
    this.#o = settings;
    this.#bucket = new TokenBucket(
      settings.capacity,
      settings.refillRate,
      settings.refillInterval,
      settings.clock.now(),
    );
    this.#window = settings.window && new RollingWindow(settings.window.limit, settings.window.intervalMs);
  }

  take(message: unknown, owner?: object): Promise<void> | undefined {
    const cost = this.#price(message);
    return this.#go(cost) ? undefined : this.#enqueue(cost, this.#o.ttlMs, undefined, owner);
  }

  withdraw(owner: object): void {
    const gone = this.#queue.withdraw(owner);
    if (gone.length === 0) return;
    for (const item of gone) item.reject(refused('disconnected', 'The connection ended while the message waited'));
    this.#pump();
  }

  acquire(message: unknown, options: AcquireOptions = {}): Promise<void> {
    const { signal, ttlMs = this.#o.ttlMs } = options;
    if (!(ttlMs > 0)) return Promise.reject(new RangeError(`acquire: ttlMs must be > 0, got ${String(ttlMs)}`));
    if (signal?.aborted) return Promise.reject(refused('aborted', 'The wait was aborted', signal.reason));
    const cost = this.#price(message);
    return this.#go(cost) ? Promise.resolve() : this.#enqueue(cost, ttlMs, signal);
  }

  tryAcquire(message: unknown): boolean {
    return this.#go(this.#price(message));
  }

  status(): LimiterStatus {
    const now = this.#now();
    this.#refill(now);
    const queued = this.#queue.cost;
    const bucketWait = this.#bucket.waitFor(queued + 1, now);
    const windowWait = this.#window ? this.#windowWait(queued + 1, now) : 0;
    this.#pressure();
    return {
      tokens: this.#bucket.tokens,
      capacity: this.#o.capacity,
      windowUsed: this.#window?.used(now) ?? 0,
      windowLimit: this.#window?.limit ?? Number.POSITIVE_INFINITY,
      queueSize: this.#queue.size,
      pressureLevel: this.#level,
      suggestedDelayMs: Math.ceil(Math.max(bucketWait, windowWait)),
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unschedule();
    for (const item of this.#queue.drain()) item.reject(refused('closed', CLOSED));
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────

  #now(): number {
    return this.#o.clock.now();
  }

  /** The message's cost, checked: a cost that can never fit is a configuration mistake. */
  #price(message: unknown): number {
    const cost = this.#o.cost(message);
    if (typeof cost !== 'number' || !(cost >= 0) || cost === Number.POSITIVE_INFINITY)
      throw new RangeError(`Rate limiter "${this.#o.name}": cost must be a finite number >= 0, got ${String(cost)}`);
    const ceiling = Math.min(this.#o.capacity, this.#window?.limit ?? Number.POSITIVE_INFINITY);
    if (cost > ceiling)
      throw new RangeError(
        `Rate limiter "${this.#o.name}": a message costing ${cost} can never be sent (capacity ${this.#o.capacity}${this.#window ? `, window limit ${this.#window.limit}` : ''}); raise them or fix the cost function`,
      );
    return cost;
  }

  /** Sends a message of `cost` now if nothing waits before it and it fits; false otherwise. */
  #go(cost: number): boolean {
    if (this.#closed || this.#queue.size > 0 || !this.#fits(cost)) return false;
    this.#consume(cost);
    return true;
  }

  #fits(cost: number): boolean {
    const now = this.#now();
    this.#refill(now);
    return this.#bucket.has(cost) && (this.#window === undefined || this.#window.has(cost, now));
  }

  #refill(now: number): void {
    const added = this.#bucket.refill(now);
    if (added && this.#o.telemetry.wants('rate_limiter.refill')) {
      const [tokensBefore, tokensAfter] = added;
      const { refillRate, name } = this.#o;
      this.#o.telemetry.emit('rate_limiter.refill', { tokensBefore, tokensAfter, refillRate, name });
    }
  }

  #consume(cost: number): void {
    this.#bucket.take(cost);
    this.#window?.add(cost, this.#now());
    const { telemetry, name } = this.#o;
    if (telemetry.wants('rate_limiter.consume'))
      telemetry.emit('rate_limiter.consume', { tokensRemaining: this.#bucket.tokens, cost, name });
    this.#pressure();
  }

  #enqueue(cost: number, ttlMs: number, signal: AbortSignal | undefined, owner?: object): Promise<void> {
    const { telemetry, name, maxQueue } = this.#o;
    if (this.#closed) return Promise.reject(refused('closed', CLOSED));
    if (this.#queue.size >= maxQueue) {
      telemetry.emit('rate_limiter.queue_full', { queueSize: this.#queue.size, maxQueue, cost, name });
      return Promise.reject(
        refused(
          'overflow',
          maxQueue === 0
            ? `Rate limited (limiter "${name}" has no queue)`
            : `Rate limiter "${name}" queue is full (${maxQueue} waiting)`,
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        if (!this.#queue.remove(item)) return;
        reject(refused('aborted', 'The wait was aborted', signal?.reason));
        this.#pump();
      };
      const item: Waiting = {
        cost,
        ttlMs,
        expiresAt: this.#now() + ttlMs,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
        owner,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(item);
      this.#pressure();
      this.#schedule();
    });
  }

  /** Refuses what has expired, releases what fits in arrival order, and sets the timer for the rest. */
  #pump(): void {
    const now = this.#now();
    for (const item of this.#queue.expire(now))
      item.reject(refused('request_timeout', `Waited ${item.ttlMs} ms for the rate limiter (its time to live)`));
    for (let head = this.#queue.head; head && this.#fits(head.cost); head = this.#queue.head) {
      this.#queue.shift();
      this.#consume(head.cost);
      head.resolve();
    }
    this.#pressure();
    this.#schedule();
  }

  #schedule(): void {
    this.#unschedule();
    const head = this.#queue.head;
    if (!head || this.#closed) return;
    const now = this.#now();
    const release = Math.max(this.#bucket.waitFor(head.cost, now), this.#window?.waitFor(head.cost, now) ?? 0);
    const wait = Math.max(1, Math.min(release, this.#queue.nextExpiry() - now));
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, wait);
  }

  #unschedule(): void {
    if (this.#timer === undefined) return;
    this.#o.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Time until `cost` more fits the window after the queue goes (a suggestion, not a promise): what the window
   * frees as its entries age, plus one whole span for each further `limit` of demand.
   */
  #windowWait(cost: number, now: number): number {
    const window = this.#window as RollingWindow;
    const extraSpans = Math.max(0, Math.ceil(cost / window.limit) - 1);
    const rest = cost - extraSpans * window.limit;
    return window.waitFor(rest, now) + extraSpans * (window.span + 1);
  }

  #pressure(): void {
    const now = this.#now();
    const spent = 1 - this.#bucket.tokens / this.#o.capacity;
    const used = this.#window ? this.#window.used(now) / this.#window.limit : 0;
    const level = pressureLevel(Math.max(spent, used), this.#queue.size, this.#o.maxQueue);
    if (level === this.#level) return;
    const previous = this.#level;
    this.#level = level;
    const { telemetry, name } = this.#o;
    telemetry.emit('rate_limiter.pressure', {
      level,
      previous,
      queueSize: this.#queue.size,
      tokens: this.#bucket.tokens,
      name,
    });
  }
}

const CLOSED = 'The rate limiter is closed';

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
