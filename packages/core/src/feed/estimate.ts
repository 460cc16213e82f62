/**
 * A clock offset estimated from the feed itself, for venues whose streams have no server-time call.
 *
 * Each timed message gives `delay = receivedAt − eventTime` (local clock minus server clock), which is the true
 * one-way latency minus the offset: `delay = latency − offset`. The smallest delay of a window therefore bounds
 * the offset from below: `−min(delay) = offset − min(latency) ≤ offset`. The estimate takes that bound, which
 * assumes the fastest message of the window arrived with no delay at all. Lag corrected with it is the delay of
 * each message beyond the fastest one, never negative: a lower bound of the true lag, short by the fastest
 * one-way latency (the venue's publish time plus the network's). It removes any clock skew, however large.
 *
 * The minimum is kept over two windows (the current one and the last full one), so a slow drift of the clock is
 * followed within two windows and a single fast message ages out. `reset()` (after a reconnect) starts afresh.
 *
 * @example
 * const estimate = new OffsetEstimate(30_000);
 * estimate.observe(Date.now() - eventTime, performance.now());
 * estimate.offset(); // server minus local, ms (undefined before the first sample)
 */
export class OffsetEstimate {
  #current = Number.POSITIVE_INFINITY;
  #previous = Number.POSITIVE_INFINITY;
  #since = Number.NaN;

  /** `windowMs`: how long one window lasts, on the clock `observe` is given. */
  constructor(readonly windowMs: number) {}

  /** One message: `delay` is local receive time minus the venue's event time, `at` a monotonic time, both ms. */
  observe(delay: number, at: number): void {
    if (!(at - this.#since < this.windowMs)) {
      this.#previous = this.#current;
      this.#current = Number.POSITIVE_INFINITY;
      this.#since = at;
    }
    if (delay < this.#current) this.#current = delay;
  }

  /** Server minus local clock, ms: minus the smallest delay of the last two windows; undefined with no sample. */
  offset(): number | undefined {
    const min = Math.min(this.#current, this.#previous);
    return min === Number.POSITIVE_INFINITY ? undefined : -min;
  }

  /** Forgets every sample (a new connection may reach another server, with another clock). */
  reset(): void {
    this.#current = this.#previous = Number.POSITIVE_INFINITY;
    this.#since = Number.NaN;
  }
}
