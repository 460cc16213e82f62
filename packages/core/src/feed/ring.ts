/**
 * A fixed ring of the latest lag samples of one channel: writing costs one store, no allocation; quantiles are
 * computed only when asked (a copy, sorted).
 */
export class LagRing {
  readonly #values: Float64Array;
  #next = 0;
  #count = 0;

  constructor(size: number) {
    this.#values = new Float64Array(size);
  }

  /** Keeps `value`, dropping the oldest sample once the ring is full. */
  push(value: number): void {
    this.#values[this.#next] = value;
    this.#next = this.#next + 1 === this.#values.length ? 0 : this.#next + 1;
    if (this.#count < this.#values.length) this.#count++;
  }

  /** Samples held (at most the ring's size). */
  get size(): number {
    return this.#count;
  }

  /** p50 and p99 of the samples held (nearest rank), or null when there are none. */
  quantiles(): { p50: number; p99: number } | null {
    if (this.#count === 0) return null;
    const sorted = this.#values.slice(0, this.#count).sort();
    const at = (q: number) => sorted[Math.min(this.#count - 1, Math.ceil(q * this.#count) - 1)] as number;
    return { p50: at(0.5), p99: at(0.99) };
  }
}
