/**
 * Event-driven waiting with a deadline, cancellable all at once when the server stops (so no timer outlives
 * `stop()`).
 */

import { matches } from '../mock-server/matchers.js';
import type { InboundMessage, MessageMatcher } from '../mock-server/types.js';
import type { BoundedLog } from './bounded-log.js';

/** How a wait ended. */
export type WaitOutcome<T> = { readonly found: T } | { readonly missed: 'timeout' | 'stopped' };

/** Cancel functions of the waits in progress; the server calls them all on `stop()`. */
export type PendingWaits = Set<() => void>;

const MAX_TIMER_DELAY = 2_147_483_647;

/**
 * Throws a `RangeError` unless `timeoutMs` is a usable timer delay.
 *
 * @example
 * checkTimeout(1000, 'waitForMessage');
 */
export function checkTimeout(timeoutMs: number, method: string): void {
  if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0 && timeoutMs <= MAX_TIMER_DELAY)) {
    throw new RangeError(
      `${method}: timeoutMs must be a number of milliseconds from 0 to ${MAX_TIMER_DELAY}, got ${timeoutMs}`,
    );
  }
}

/**
 * Waits until `subscribe` reports a value, the deadline passes, or the server stops.
 * `subscribe` registers a listener for future values and returns its unsubscribe function.
 *
 * @example
 * const outcome = await waitUntil((found) => log.listen(found), 1000, pending);
 */
export function waitUntil<T>(
  subscribe: (found: (value: T) => void) => () => void,
  timeoutMs: number,
  pending: PendingWaits,
): Promise<WaitOutcome<T>> {
  return new Promise((resolve) => {
    let unsubscribe: () => void = () => {};
    const finish = (outcome: WaitOutcome<T>): void => {
      if (!pending.delete(cancel)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(outcome);
    };
    const cancel = (): void => finish({ missed: 'stopped' });
    const timer = setTimeout(() => finish({ missed: 'timeout' }), timeoutMs);
    pending.add(cancel);
    unsubscribe = subscribe((value) => finish({ found: value }));
  });
}

/**
 * Finds the first captured message that matches, or waits for one.
 *
 * @example
 * const outcome = await waitForMatch(log, 'ping', 1000, pending, false);
 */
export function waitForMatch(
  log: BoundedLog<InboundMessage>,
  matcher: MessageMatcher,
  timeoutMs: number,
  pending: PendingWaits,
  stopped: boolean,
): Promise<WaitOutcome<InboundMessage>> {
  const earlier = log.items().find((message) => matches(matcher, message));
  if (earlier !== undefined) return Promise.resolve({ found: earlier });
  if (stopped) return Promise.resolve({ missed: 'stopped' });
  return waitUntil<InboundMessage>(
    (found) => log.listen((message) => matches(matcher, message) && found(message)),
    timeoutMs,
    pending,
  );
}
