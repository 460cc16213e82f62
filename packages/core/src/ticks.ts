import type { Clock } from './clock.js';

/**
 * Something ticked every interval by a {@link Ticker}: its due time is its own field (the heartbeat's, in the
 * session; the connect deadline's, in the attempt), so a ticking client carries no timer object of its own.
 */
export interface TickEntry {
  /** When the next tick is due (clock ms, whole: a small integer, not a boxed double). */
  tickDue: number;
  tick(): void;
}

/** Each clock's timer and tickers (an empty ticker is kept: one small object per interval a process uses). */
const timers = new WeakMap<Clock, ClockTimer>();

/** The ticker of `clock` for `interval`, made on first use. */
export function tickerFor(clock: Clock, interval: number): Ticker {
  let timer = timers.get(clock);
  if (!timer) {
    timer = new ClockTimer(clock);
    timers.set(clock, timer);
  }
  let ticker = timer.tickers.get(interval);
  if (!ticker) {
    ticker = new Ticker(timer, interval);
    timer.tickers.set(interval, ticker);
  }
  return ticker;
}

/**
 * One timer per clock, for every interval ticked on it: armed for the earliest entry due; cleared when the last
 * entry of every interval goes, so a closed client leaves no timer behind. The connect deadline and the heartbeat
 * of the connection after it share it: one timer made and cleared per connection instead of two
 * (bench/README.md, setup).
 */
export class ClockTimer {
  readonly tickers = new Map<number, Ticker>();
  readonly #clock: Clock;
  #timer: unknown;
  /** When the armed timer fires (clock ms). */
  #due = 0;
  /** True while {@link ClockTimer.#fire} runs: the timer is armed once, after it. */
  #firing = false;
  /** Entries on every ticker of this clock. */
  size = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  now(): number {
    return this.#clock.now();
  }

  /** An entry due at `due` joined: the timer fires by then. */
  want(due: number): void {
    this.size++;
    if (this.#firing) return;
    if (this.#timer !== undefined) {
      if (this.#due <= due) return;
      this.#clock.clearTimeout(this.#timer);
    }
    this.#arm(due);
  }

  /** An entry left: the timer goes with the last one (an earlier due time is left to fire early and re-arm). */
  release(): void {
    if (--this.size > 0 || this.#timer === undefined || this.#firing) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(due: number): void {
    this.#due = due;
    this.#timer = this.#clock.setTimeout(() => this.#fire(), due - this.#clock.now());
  }

  /**
   * Ticks every interval's entries that are due, then arms the timer for the earliest left, even if a tick threw,
   * so one client's failure never stops the others' heartbeats.
   */
  #fire(): void {
    this.#timer = undefined;
    this.#firing = true;
    const now = this.#clock.now();
    try {
      for (const ticker of this.tickers.values()) ticker.run(now);
    } finally {
      this.#firing = false;
      let first = Number.POSITIVE_INFINITY;
      for (const ticker of this.tickers.values()) first = Math.min(first, ticker.firstDue());
      if (first !== Number.POSITIVE_INFINITY) this.#arm(first);
    }
  }
}

/**
 * Every entry ticking at one interval on one clock. Entries are kept in the order they were scheduled (a `Set`:
 * removal without a search, and no object per entry), which is due order; the clock's timer ticks every entry
 * due, in order, each as its own timer would have.
 */
export class Ticker {
  readonly #entries = new Set<TickEntry>();
  readonly #timer: ClockTimer;
  readonly #interval: number;

  constructor(timer: ClockTimer, interval: number) {
    this.#timer = timer;
    this.#interval = interval;
  }

  /** Schedules `e` one interval from now (rounded up to a whole ms). */
  add(e: TickEntry): void {
    if (this.#entries.has(e)) this.remove(e);
    e.tickDue = Math.ceil(this.#timer.now()) + this.#interval;
    this.#entries.add(e);
    this.#timer.want(e.tickDue);
  }

  /** Unschedules `e`. */
  remove(e: TickEntry): void {
    if (this.#entries.delete(e)) this.#timer.release();
  }

  /** The first entry's due time (Infinity when there is none). */
  firstDue(): number {
    const first = this.#entries.values().next().value as TickEntry | undefined;
    return first ? first.tickDue : Number.POSITIVE_INFINITY;
  }

  /**
   * Ticks the entries due at `now`, first first. An entry's tick schedules it again (at the end, an interval
   * later: the loop stops there); one stopped by an earlier tick is no longer in the set.
   */
  run(now: number): void {
    for (const e of this.#entries) {
      if (e.tickDue > now) break;
      this.remove(e);
      e.tick();
    }
  }
}
