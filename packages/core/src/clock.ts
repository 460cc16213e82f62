/**
 * The time source every timer in the client goes through. Tests inject a fake one and drive time by hand;
 * production uses {@link systemClock}.
 */
export interface Clock {
  /** Monotonic milliseconds (arbitrary origin). */
  now(): number;
  /** Schedule `fn` after `ms`; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Largest delay `setTimeout` honours everywhere (2^31 − 1 ms); longer delays fire at once in most runtimes. */
export const MAX_TIMER_DELAY = 2_147_483_647;

/**
 * The real clock: `performance.now()` and the global timers, looked up when called (never at import).
 * Delays are clamped to {@link MAX_TIMER_DELAY}.
 */
export const systemClock: Clock = {
  now: () => globalThis.performance.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_DELAY)),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
