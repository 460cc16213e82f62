/**
 * Binance's incoming-message limit on stream connections (Binance's documented limits): every text, ping and pong frame
 * counts, and more than `limit` within any rolling second gets the connection closed with 1008.
 */

/** Counts frames in a rolling window. */
export interface RateCounter {
  /** Records one frame at `now`; false when it is over the limit. */
  hit(now: number): boolean;
  /** Frames recorded since the start. */
  readonly total: number;
}

/**
 * Creates a rolling-window counter.
 *
 * @example
 * const counter = createRateCounter(5, 1000);
 * counter.hit(Date.now()); // true
 */
export function createRateCounter(limit: number, windowMs: number): RateCounter {
  const stamps: number[] = [];
  let total = 0;
  return {
    hit(now) {
      total++;
      while (stamps.length > 0 && (stamps[0] as number) <= now - windowMs) stamps.shift();
      stamps.push(now);
      return stamps.length <= limit;
    },
    get total() {
      return total;
    },
  };
}
