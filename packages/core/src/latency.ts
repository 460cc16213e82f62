/** p50/p99 of recent round trips, in ms. */
export interface LatencyStats {
  p50: number;
  p99: number;
  /** The most recent sample. */
  last: number;
  /** Samples held (at most the buffer size), not a lifetime total. */
  count: number;
}

/**
 * A fixed-size ring of round-trip samples. Percentiles use the original's rule: sort, then take index
 * `round(p/100 × (count − 1))`, rounding half up ([10, 20, 30, 40] → p50 = 30).
 */
export class LatencyBuffer {
  readonly #samples: number[] = [];
  readonly #size: number;
  #next = 0;
  #last = 0;

  constructor(size: number) {
    this.#size = size;
  }

  /** Adds a sample (negative or non-finite values are ignored); evicts the oldest at capacity. */
  add(ms: number): void {
    if (!(ms >= 0) || ms === Number.POSITIVE_INFINITY) return;
    if (this.#samples.length < this.#size) this.#samples.push(ms);
    else this.#samples[this.#next] = ms;
    this.#next = (this.#next + 1) % this.#size;
    this.#last = ms;
  }

  /** `{p50, p99, last, count}`, or null before the first sample. */
  summary(): LatencyStats | null {
    if (this.#samples.length === 0) return null;
    const sorted = this.#sorted();
    return { p50: pick(sorted, 50), p99: pick(sorted, 99), last: this.#last, count: sorted.length };
  }

  #sorted(): number[] {
    return [...this.#samples].sort((a, b) => a - b);
  }
}

function pick(sorted: readonly number[], p: number): number {
  return sorted[Math.floor((p / 100) * (sorted.length - 1) + 0.5)] as number;
}
