import type { Clock } from '../clock.js';

/**
 * Re-measures a venue's clock offset every `intervalMs` until the returned function is called: the refresh the
 * venue feed entries share. A failed measurement (the connection is down) is ignored; the next one retries, and
 * the venue entries also measure again after each reconnect. Runs `measure` once at once.
 *
 * @example
 * const stop = refreshEvery(systemClock, 60_000, () => api.syncTime());
 * stop(); // on close
 */
export function refreshEvery(clock: Clock, intervalMs: number, measure: () => Promise<unknown>): () => void {
  let timer: unknown;
  let stopped = false;
  const run = (): void => {
    measure().catch(() => {});
    if (!stopped) timer = clock.setTimeout(run, intervalMs);
  };
  run();
  return () => {
    stopped = true;
    clock.clearTimeout(timer);
  };
}

/**
 * Checks the `timeRefreshMs` option of a venue feed entry: a positive number of ms; returns it or the default.
 *
 * @example
 * refreshInterval(undefined); // 60000
 */
export function refreshInterval(ms: unknown, fallback = 60_000): number {
  if (ms === undefined) return fallback;
  if (typeof ms === 'number' && ms > 0 && Number.isFinite(ms)) return ms;
  throw new RangeError(`feeds.timeRefreshMs must be a positive number of milliseconds, got ${String(ms)}`);
}
