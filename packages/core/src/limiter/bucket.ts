/**
 * A token bucket refilled in whole steps (`rate` tokens every `interval` ms), computed from the clock when read:
 * no timer keeps it topped up, so an idle bucket costs nothing and refills can never race with consumers.
 */
export class TokenBucket {
  readonly capacity: number;
  readonly rate: number;
  readonly interval: number;
  #tokens: number;
  /** When the last whole refill step was counted; steps are counted from here. */
  #anchor: number;

  constructor(capacity: number, rate: number, interval: number, now: number) {
    this.capacity = capacity;
    this.rate = rate;
    this.interval = interval;
    this.#tokens = capacity;
    this.#anchor = now;
  }

  /**
   * Adds the whole steps elapsed since the last count, capped at capacity; returns `[before, after]` when tokens
   * were added. A full bucket restarts its step count at `now`, so time spent full never banks extra tokens.
   */
  refill(now: number): [before: number, after: number] | undefined {
    if (this.#tokens >= this.capacity) {
      this.#anchor = now;
      return undefined;
    }
    const steps = Math.floor((now - this.#anchor) / this.interval);
    if (steps <= 0) return undefined;
    const before = this.#tokens;
    this.#tokens = Math.min(this.capacity, before + steps * this.rate);
    this.#anchor = this.#tokens >= this.capacity ? now : this.#anchor + steps * this.interval;
    return [before, this.#tokens];
  }

  get tokens(): number {
    return this.#tokens;
  }

  /** Takes `cost` tokens; the caller has checked {@link TokenBucket.has}. */
  take(cost: number): void {
    this.#tokens -= cost;
  }

  has(cost: number): boolean {
    return this.#tokens >= cost;
  }

  /** Milliseconds from `now` until `cost` tokens are there (0 when they are), assuming nothing else is taken. */
  waitFor(cost: number, now: number): number {
    const missing = cost - this.#tokens;
    if (missing <= 0) return 0;
    const steps = Math.ceil(missing / this.rate);
    return Math.max(0, this.#anchor + steps * this.interval - now);
  }
}
