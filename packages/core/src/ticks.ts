import type { Clock } from './clock.js';

/**
 * Something ticked every interval by a {@link Ticker}: its due time is its own field (the heartbeat's, in the
 * session), so a ticking client carries no timer object of its own.
 */
export interface TickEntry {
  /** When the next tick is due (clock ms, whole: a small integer, not a boxed double). */
  tickDue: number;
  tick(): void;
}

/** Tickers by clock, then by interval (an empty one is kept: one small object per interval a process uses). */
const tickers = new WeakMap<Clock, Map<number, Ticker>>();

/** The ticker of `clock` for `interval`, made on first use. */
export function tickerFor(clock: Clock, interval: number): Ticker {
  let byInterval = tickers.get(clock);
  if (!byInterval) {
    byInterval = new Map();
    tickers.set(clock, byInterval);
  }
  let ticker = byInterval.get(interval);
  if (!ticker) {
    ticker = new Ticker(clock, interval);
    byInterval.set(interval, ticker);
  }
  return ticker;
}

/**
 * Every entry ticking at one interval on one clock, on one timer. Entries are kept in the order they were
 * scheduled (a `Set`: removal without a search, and no object per entry), which is due order; the timer is armed
 * for the first and, when it fires, ticks every entry due, in order, each as its own timer would have.
 */
export class Ticker {
  readonly #entries = new Set<TickEntry>();
  #timer: unknown;
  /** True while {@link Ticker.#fire} runs: entries it schedules are armed for once, after the loop. */
  #firing = false;
  readonly #clock: Clock;
  readonly #interval: number;

  constructor(clock: Clock, interval: number) {
    this.#clock = clock;
    this.#interval = interval;
  }

  /** Schedules `e` one interval from `now` (the clock's, read here unless given; rounded up to a whole ms). */
  add(e: TickEntry, now: number = this.#clock.now()): void {
    e.tickDue = Math.ceil(now) + this.#interval;
    this.#entries.add(e);
    if (this.#timer === undefined && !this.#firing) this.#arm(now);
  }

  /** Unschedules `e`; the timer goes with the last entry. */
  remove(e: TickEntry): void {
    if (!this.#entries.delete(e) || this.#entries.size > 0 || this.#timer === undefined) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Arms the timer for the first entry. */
  #arm(now: number = this.#clock.now()): void {
    const first = this.#entries.values().next().value as TickEntry;
    this.#timer = this.#clock.setTimeout(() => this.#fire(), first.tickDue - now);
  }

  /**
   * Ticks the entries due, first first. An entry's tick schedules it again (at the end, an interval later: the
   * loop stops there); one stopped by an earlier tick is no longer in the set. The timer is armed again after the
   * loop, even if a tick threw, so one client's failure never stops the others' heartbeats.
   */
  #fire(): void {
    this.#firing = true;
    const now = this.#clock.now();
    try {
      for (const e of this.#entries) {
        if (e.tickDue > now) break;
        this.#entries.delete(e);
        e.tick();
      }
    } finally {
      this.#firing = false;
      this.#timer = undefined;
      if (this.#entries.size > 0) this.#arm();
    }
  }
}
