import type { Clock } from '@zen-websocket/core';

/** A {@link Clock} whose time moves only when a test says so. */
export interface FakeClock extends Clock {
  /** Current fake time, ms. */
  readonly time: number;
  /** Timers still scheduled. */
  readonly pending: number;
  /**
   * Moves time forward by `ms`, firing every timer that falls due, in order, and letting promise
   * callbacks run after each one (so code awaiting inside a timer completes before the next fires).
   */
  advance(ms: number): Promise<void>;
  /** Fires the next timer, whenever it is due; false when none is left. */
  next(): Promise<boolean>;
  /** Lets pending promise callbacks and I/O callbacks run without moving time. */
  flush(): Promise<void>;
  /**
   * Moves time forward WITHOUT firing timers, as when a laptop sleeps or a background tab's timers are
   * throttled; the overdue timers fire, late, at the next `advance()`.
   */
  jump(ms: number): void;
}

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * A fake clock for unit tests: pass it as the `clock` option and drive time with `advance()`. No real time
 * passes, so tests of backoff, heartbeats and deadlines are instant and deterministic.
 *
 * @example
 * const clock = createFakeClock();
 * const client = connect(url, { clock, socketFactory });
 * await clock.advance(30_000); // the heartbeat fires
 */
export function createFakeClock(start = 0): FakeClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, Timer>();
  const due = (limit: number) => {
    let first: Timer | undefined;
    for (const t of timers.values())
      if (t.at <= limit && (!first || t.at < first.at || (t.at === first.at && t.id < first.id))) first = t;
    return first;
  };
  const flush = () => new Promise<void>((resolve) => globalThis.setTimeout(resolve, 0));
  const fire = async (t: Timer) => {
    timers.delete(t.id);
    now = Math.max(now, t.at);
    t.fn();
    await flush();
  };
  return {
    get time() {
      return now;
    },
    get pending() {
      return timers.size;
    },
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { id, at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const target = now + ms;
      await flush();
      for (let t = due(target); t; t = due(target)) await fire(t);
      now = target;
    },
    async next() {
      await flush();
      const t = due(Number.POSITIVE_INFINITY);
      if (!t) return false;
      await fire(t);
      return true;
    },
    flush,
    jump(ms) {
      now += ms;
    },
  };
}
