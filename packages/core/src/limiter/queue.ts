/** One message waiting for budget. */
export interface Waiting {
  readonly cost: number;
  /** Its time to live in the queue, ms. */
  readonly ttlMs: number;
  /** Clock time after which it is refused. */
  readonly expiresAt: number;
  resolve(): void;
  reject(error: unknown): void;
  /** Removes its abort listener, if any. */
  detach(): void;
  /** Whose message it is (a client's connection), for {@link WaitQueue.withdraw}. */
  readonly owner: object | undefined;
}

/** The limiter's FIFO of waiting messages. Bounded by the limiter; this only keeps order. */
export class WaitQueue {
  readonly #items: Waiting[] = [];

  get size(): number {
    return this.#items.length;
  }

  get head(): Waiting | undefined {
    return this.#items[0];
  }

  /** Total cost waiting. */
  get cost(): number {
    let sum = 0;
    for (const item of this.#items) sum += item.cost;
    return sum;
  }

  push(item: Waiting): void {
    this.#items.push(item);
  }

  shift(): Waiting | undefined {
    const item = this.#items.shift();
    item?.detach();
    return item;
  }

  /** Takes `item` out (it was aborted); false when it had already left. */
  remove(item: Waiting): boolean {
    const at = this.#items.indexOf(item);
    if (at === -1) return false;
    this.#items.splice(at, 1);
    item.detach();
    return true;
  }

  /** Takes out and returns every item whose time to live has passed at `now`. */
  expire(now: number): Waiting[] {
    const expired = this.#items.filter((item) => item.expiresAt <= now);
    for (const item of expired) this.remove(item);
    return expired;
  }

  /** The earliest expiry time (Infinity when empty). */
  nextExpiry(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const item of this.#items) next = Math.min(next, item.expiresAt);
    return next;
  }

  /** Takes out and returns every item of `owner`. */
  withdraw(owner: object): Waiting[] {
    const mine = this.#items.filter((item) => item.owner === owner);
    for (const item of mine) this.remove(item);
    return mine;
  }

  /** Takes out every item. */
  drain(): Waiting[] {
    const all = this.#items.splice(0);
    for (const item of all) item.detach();
    return all;
  }
}
