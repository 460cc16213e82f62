/**
 * A rate budget shared by every process that names the same key: a token bucket whose state lives in NATS KV
 * (`zen_budgets`), changed only by compare-and-swap, so N processes on one IP or API key together stay inside
 * the venue's limit. It is a `RateLimiter` (core's interface): pass it as a client's `limiter` option.
 */

import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { RequestError } from '@zen-websocket/core';
import { checkKeys, checkType } from '@zen-websocket/core/internal';
import {
  type AcquireOptions,
  type CostFunction,
  type LimiterStatus,
  pressureLevel,
  type QueueOptions,
  type RateLimiter,
  simpleCost,
} from '@zen-websocket/core/limiter';
import { checkConnection, checkNumber, decodeJson, encodeJson, openBucket } from './shared.js';
import { BUDGET_BUCKET } from './subjects.js';

/** Options of {@link createSharedBudget}. Unknown keys are refused with a TypeError. */
export interface SharedBudgetOptions {
  nats: NatsConnection;
  /** The budget's name: every process using the same key shares one bucket (letters, digits, `-_=./`). */
  key: string;
  /** Bucket size: the largest burst, in cost units (the bucket starts full). */
  capacity: number;
  /** Cost units added every `refillInterval`. */
  refillRate: number;
  /** Milliseconds between refills (default 1000). */
  refillInterval?: number;
  /** Prices each message (default 1 per message). */
  cost?: CostFunction;
  /** The local waiting queue (default `{ maxSize: 100, ttlMs: 10000 }`); `false` for none. */
  queue?: QueueOptions | false;
  /**
   * Tokens this process keeps taken in advance so `tryAcquire` (which cannot wait for NATS) can answer at once
   * (default 0: `tryAcquire` is always false). Reserved tokens are already out of the shared bucket.
   */
  reserve?: number;
}

const OPTIONS = ['nats', 'key', 'capacity', 'refillRate', 'refillInterval', 'cost', 'queue', 'reserve'] as const;

/** The bucket as stored: tokens after the refill computed at wall-clock time `at`. */
interface BucketState {
  tokens: number;
  at: number;
}

interface Waiter {
  message: unknown;
  cost: number;
  owner: object | undefined;
  resolve: () => void;
  reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A {@link RateLimiter} whose tokens live in NATS KV, from {@link createSharedBudget}. */
export interface SharedBudget extends RateLimiter {
  /** The shared bucket's tokens now, read from NATS. */
  tokens(): Promise<number>;
}

/**
 * Creates a shared budget: a token bucket in KV `zen_budgets` under `key`. Every message waits its turn in a
 * local FIFO queue, then takes its cost from the shared bucket by compare-and-swap (retrying on conflict, waiting
 * for the next refill when empty), so the processes together never spend more than `capacity` plus the refills.
 * Refills are computed from wall-clock time: the processes' clocks must agree to well within `refillInterval`.
 *
 * @example
 * ```ts
 * import { connect } from '@nats-io/transport-node';
 * const nats = await connect({ servers: 'nats://127.0.0.1:4222' });
 * const budget = await createSharedBudget({ nats, key: 'deribit-ip-1', capacity: 20, refillRate: 20 });
 * const deribit = await createDeribitClient({ limiter: budget }); // and the same key in every other process
 * ```
 */
export async function createSharedBudget(options: SharedBudgetOptions): Promise<SharedBudget> {
  checkKeys('createSharedBudget', options, OPTIONS);
  checkConnection('createSharedBudget', options.nats);
  if (typeof options.key !== 'string' || !/^[-/_=.a-zA-Z0-9]+$/.test(options.key) || /^\.|\.$/.test(options.key))
    throw new TypeError(
      `createSharedBudget: options.key must be a KV key (letters, digits, -_=./), got ${JSON.stringify(options.key)}`,
    );
  checkNumber('createSharedBudget', 'capacity', options.capacity, 1);
  checkNumber('createSharedBudget', 'refillRate', options.refillRate, 0);
  checkNumber('createSharedBudget', 'refillInterval', options.refillInterval, 1);
  checkNumber('createSharedBudget', 'reserve', options.reserve, 0);
  if (options.capacity === undefined || options.refillRate === undefined)
    throw new TypeError('createSharedBudget: options.capacity and options.refillRate are required');
  checkType('createSharedBudget', 'cost', options.cost, 'function');
  if (options.queue !== undefined && options.queue !== false) {
    checkKeys('createSharedBudget: options.queue', options.queue, ['maxSize', 'ttlMs']);
    checkNumber('createSharedBudget', 'queue.maxSize', options.queue.maxSize, 0);
    checkNumber('createSharedBudget', 'queue.ttlMs', options.queue.ttlMs, 1);
  }
  const kv = await openBucket(options.nats, BUDGET_BUCKET);
  return new Budget(kv, options);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class Budget implements SharedBudget {
  readonly #kv: KV;
  readonly #key: string;
  readonly #capacity: number;
  readonly #rate: number;
  readonly #interval: number;
  readonly #cost: CostFunction;
  readonly #maxQueue: number;
  readonly #ttl: number;
  readonly #reserveTarget: number;
  readonly #queue: Waiter[] = [];
  #reserve = 0;
  #lastTokens: number;
  #pumping = false;
  #refilling = false;
  #closed = false;

  constructor(kv: KV, o: SharedBudgetOptions) {
    this.#kv = kv;
    this.#key = o.key;
    this.#capacity = o.capacity;
    this.#rate = o.refillRate;
    this.#interval = o.refillInterval ?? 1000;
    this.#cost = o.cost ?? simpleCost;
    this.#maxQueue = o.queue === false ? 0 : (o.queue?.maxSize ?? 100);
    this.#ttl = o.queue === false ? 0 : (o.queue?.ttlMs ?? 10_000);
    this.#reserveTarget = o.reserve ?? 0;
    this.#lastTokens = o.capacity;
    if (this.#reserveTarget > 0) this.#topUp();
  }

  /** The bucket at wall-clock `now`, from its stored state. */
  #refilled(state: BucketState | undefined, now: number): BucketState {
    if (!state) return { tokens: this.#capacity, at: now };
    if (this.#rate === 0) return state;
    const steps = Math.floor(Math.max(0, now - state.at) / this.#interval);
    const tokens = Math.min(this.#capacity, state.tokens + steps * this.#rate);
    return { tokens, at: tokens >= this.#capacity ? now : state.at + steps * this.#interval };
  }

  /** One compare-and-swap attempt to take `cost`: true when taken, else ms until enough may be there (or -1: conflict). */
  async #takeShared(cost: number): Promise<number | true> {
    const entry = await this.#kv.get(this.#key);
    const stored = entry && entry.operation === 'PUT' ? (decodeJson(entry.value) as BucketState) : undefined;
    const now = Date.now();
    const state = this.#refilled(stored, now);
    this.#lastTokens = state.tokens;
    if (state.tokens < cost) {
      if (this.#rate === 0) return this.#interval;
      const steps = Math.ceil((cost - state.tokens) / this.#rate);
      return Math.max(1, state.at + steps * this.#interval - now);
    }
    const next = encodeJson({ tokens: state.tokens - cost, at: state.at } satisfies BucketState);
    try {
      if (entry && entry.operation === 'PUT') await this.#kv.update(this.#key, next, entry.revision);
      else await this.#kv.create(this.#key, next);
    } catch {
      return -1;
    }
    this.#lastTokens = state.tokens - cost;
    return true;
  }

  async #takeUntilDone(cost: number, stillWanted: () => boolean): Promise<boolean> {
    for (let conflicts = 0; stillWanted(); ) {
      const r = await this.#takeShared(cost);
      if (r === true) return true;
      if (r === -1) {
        conflicts++;
        await sleep(Math.random() * Math.min(50, 2 * conflicts)); // spread the contenders
      } else {
        await sleep(Math.min(r, 1000));
      }
    }
    return false;
  }

  take(message: unknown, owner?: object): Promise<void> | undefined {
    return this.#enqueue(message, owner, undefined);
  }

  acquire(message: unknown, options: AcquireOptions = {}): Promise<void> {
    checkKeys('acquire', options, ['signal', 'ttlMs'], true);
    return this.#enqueue(message, undefined, options);
  }

  #enqueue(message: unknown, owner: object | undefined, options: AcquireOptions | undefined): Promise<void> {
    if (this.#closed)
      return Promise.reject(
        new RequestError('closed', 'The shared budget is closed; nothing was sent', { sent: false }),
      );
    const cost = this.#cost(message);
    if (cost > this.#capacity)
      return Promise.reject(
        new RequestError('overflow', `A message costing ${cost} can never fit a budget of ${this.#capacity}`, {
          sent: false,
        }),
      );
    if (this.#queue.length === 0 && this.#reserve >= cost) {
      this.#reserve -= cost;
      this.#topUp();
      return Promise.resolve();
    }
    if (this.#queue.length >= Math.max(1, this.#maxQueue))
      return Promise.reject(
        new RequestError('overflow', `The shared budget's queue is full (${this.#maxQueue}); nothing was sent`, {
          sent: false,
        }),
      );
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { message, cost, owner, resolve, reject, timer: undefined };
      const drop = (error: RequestError): void => {
        const i = this.#queue.indexOf(waiter);
        if (i < 0) return;
        this.#queue.splice(i, 1);
        clearTimeout(waiter.timer);
        reject(error);
      };
      const ttl = options?.ttlMs ?? (this.#ttl || 10_000);
      waiter.timer = setTimeout(
        () =>
          drop(
            new RequestError('request_timeout', `Waited ${ttl} ms for the shared budget; nothing was sent`, {
              sent: false,
            }),
          ),
        ttl,
      );
      const signal = options?.signal;
      if (signal?.aborted) return reject(new RequestError('aborted', 'Aborted before sending', { sent: false }));
      signal?.addEventListener(
        'abort',
        () => drop(new RequestError('aborted', 'Aborted before sending', { sent: false })),
        {
          once: true,
        },
      );
      this.#queue.push(waiter);
      void this.#pump();
    });
  }

  /** Serves the queue head first, one at a time, so the order is kept. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const head = this.#queue[0] as Waiter;
        if (this.#reserve >= head.cost) {
          this.#reserve -= head.cost;
        } else {
          const taken = await this.#takeUntilDone(head.cost, () => this.#queue[0] === head && !this.#closed).catch(
            (error: unknown) => {
              this.#queue.shift();
              clearTimeout(head.timer);
              head.reject(
                new RequestError(
                  'connection_error',
                  `The shared budget could not reach NATS: ${(error as Error)?.message}`,
                  { sent: false, cause: error },
                ),
              );
              return false;
            },
          );
          if (!taken) continue;
          if (this.#queue[0] !== head) {
            // it timed out or was withdrawn just as its tokens were taken: keep them for the next one
            this.#reserve += head.cost;
            continue;
          }
        }
        this.#queue.shift();
        clearTimeout(head.timer);
        head.resolve();
      }
    } finally {
      this.#pumping = false;
    }
    this.#topUp();
  }

  /** Takes tokens for the local reserve in the background, up to `reserve`. */
  #topUp(): void {
    if (this.#refilling || this.#closed || this.#reserve >= this.#reserveTarget || this.#queue.length > 0) return;
    this.#refilling = true;
    void (async () => {
      try {
        while (!this.#closed && this.#reserve < this.#reserveTarget && this.#queue.length === 0) {
          const r = await this.#takeShared(1);
          if (r === true) this.#reserve++;
          else if (r === -1) await sleep(Math.random() * 10);
          else break;
        }
      } catch {
        // NATS unavailable: tryAcquire answers false meanwhile
      } finally {
        this.#refilling = false;
      }
    })();
  }

  tryAcquire(message: unknown): boolean {
    if (this.#closed || this.#queue.length > 0) return false;
    const cost = this.#cost(message);
    if (this.#reserve < cost) {
      this.#topUp();
      return false;
    }
    this.#reserve -= cost;
    this.#topUp();
    return true;
  }

  withdraw(owner: object): void {
    for (const waiter of [...this.#queue]) {
      if (waiter.owner !== owner) continue;
      this.#queue.splice(this.#queue.indexOf(waiter), 1);
      clearTimeout(waiter.timer);
      waiter.reject(
        new RequestError('disconnected', 'The connection ended while waiting for budget; not sent', { sent: false }),
      );
    }
  }

  async tokens(): Promise<number> {
    const entry = await this.#kv.get(this.#key);
    const stored = entry && entry.operation === 'PUT' ? (decodeJson(entry.value) as BucketState) : undefined;
    this.#lastTokens = this.#refilled(stored, Date.now()).tokens;
    return this.#lastTokens;
  }

  status(): LimiterStatus {
    const queued = this.#queue.length;
    const used = 1 - this.#lastTokens / this.#capacity;
    const perMs = this.#rate / this.#interval;
    const need = this.#queue.reduce((sum, w) => sum + w.cost, 0) + 1 - this.#lastTokens;
    return {
      tokens: this.#lastTokens,
      capacity: this.#capacity,
      windowUsed: 0,
      windowLimit: Number.POSITIVE_INFINITY,
      queueSize: queued,
      pressureLevel: pressureLevel(used, queued, Math.max(1, this.#maxQueue)),
      suggestedDelayMs: need <= 0 ? 0 : perMs > 0 ? Math.ceil(need / perMs) : Number.POSITIVE_INFINITY,
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const waiter of this.#queue.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new RequestError('closed', 'The shared budget was closed; not sent', { sent: false }));
    }
  }
}
