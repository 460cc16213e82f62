/**
 * A strict rolling window: the costs sent in any span of `span` ms (ends included) never add up to more than
 * `limit`. Unlike a fixed window or a bucket there is no burst at a window edge: every instant looks back over
 * the whole span.
 */
export class RollingWindow {
  readonly limit: number;
  readonly span: number;
  /** Send times and costs, oldest first; `#head` skips entries that have left the window. */
  readonly #times: number[] = [];
  readonly #costs: number[] = [];
  #head = 0;
  #used = 0;

  constructor(limit: number, span: number) {
    this.limit = limit;
    this.span = span;
  }

  /** Cost sent within the span ending at `now`. */
  used(now: number): number {
    this.#expire(now);
    return this.#used;
  }

  has(cost: number, now: number): boolean {
    return this.used(now) + cost <= this.limit;
  }

  add(cost: number, now: number): void {
    if (cost <= 0) return;
    this.#times.push(now);
    this.#costs.push(cost);
    this.#used += cost;
  }

  /**
   * Milliseconds from `now` until `cost` more fits (0 when it does), assuming nothing else is sent. An entry
   * leaves the window strictly after `span` ms, hence the extra millisecond.
   */
  waitFor(cost: number, now: number): number {
    let excess = this.used(now) + cost - this.limit;
    for (let i = this.#head; excess > 0 && i < this.#times.length; i++) {
      excess -= this.#costs[i] as number;
      if (excess <= 0) return Math.max(1, Math.floor((this.#times[i] as number) + this.span - now) + 1);
    }
    return 0;
  }

  #expire(now: number): void {
    const times = this.#times;
    while (this.#head < times.length && now - (times[this.#head] as number) > this.span) {
      this.#used -= this.#costs[this.#head] as number;
      this.#head++;
    }
    if (this.#head === times.length) {
      times.length = 0;
      this.#costs.length = 0;
      this.#head = 0;
      this.#used = 0;
    } else if (this.#head > 64 && this.#head * 2 > times.length) {
      times.splice(0, this.#head);
      this.#costs.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
