import { type Clock, ZenError } from '@zen-websocket/core';

/** Options of {@link rollingWindow}. */
export interface RollingWindowOptions {
  /** Most tasks started in any window. */
  limit: number;
  /** Window length, ms. */
  windowMs: number;
  clock: Clock;
  /** Most tasks waiting (default 1000); more are refused with an `overflow` error. */
  maxQueue?: number;
}

/** A strict rolling-window limiter. Created by {@link rollingWindow}. */
export interface RollingWindow {
  /** Runs `fn` when the window allows (FIFO); resolves or rejects with what it returns or throws. */
  run<T>(fn: () => T | Promise<T>): Promise<T>;
  /** Milliseconds until a new task could start (0: now). */
  delay(): number;
  /** Tasks waiting for a slot. */
  readonly queued: number;
  /** Rejects every waiting task with `error` and stops the timer. */
  clear(error: unknown): void;
}

/**
 * A strict rolling-window limiter: at most `limit` tasks start in any `windowMs` span, whatever their spacing
 * (no double burst at a window edge, unlike fixed windows or token buckets). Tasks wait in a bounded FIFO queue
 * and start, in order, as soon as the window allows.
 *
 * @example
 * const limiter = rollingWindow({ limit: 4, windowMs: 1100, clock: systemClock });
 * await limiter.run(() => socket.send(message));
 */
export function rollingWindow({ limit, windowMs, clock, maxQueue = 1000 }: RollingWindowOptions): RollingWindow {
  if (!(limit >= 1 && windowMs > 0)) throw new RangeError('limit >= 1, windowMs > 0');
  const starts: number[] = [];
  const queue: Array<[run: () => void, fail: (error: unknown) => void]> = [];
  let timer: unknown;
  const delay = (): number => {
    const now = clock.now();
    while (starts.length > 0 && (starts[0] as number) <= now - windowMs) starts.shift();
    return starts.length < limit ? 0 : (starts[0] as number) + windowMs - now;
  };
  const pump = (): void => {
    while (queue.length > 0 && timer === undefined) {
      const wait = delay();
      if (wait > 0) {
        timer = clock.setTimeout(() => {
          timer = undefined;
          pump();
        }, wait);
        return;
      }
      starts.push(clock.now());
      (queue.shift() as [() => void, unknown])[0]();
    }
  };
  return {
    get queued() {
      return queue.length;
    },
    delay,
    run: (fn) =>
      queue.length >= maxQueue
        ? Promise.reject(new ZenError('overflow', 'Limiter queue full'))
        : new Promise((resolve, reject) => {
            queue.push([
              () => {
                try {
                  resolve(fn());
                } catch (error) {
                  reject(error);
                }
              },
              reject,
            ]);
            pump();
          }),
    clear(error) {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      for (const [, fail] of queue.splice(0)) fail(error);
    },
  };
}
