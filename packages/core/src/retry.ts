import { backoffDelay, equalJitterDelay } from './backoff.js';
import type { Decision } from './classify.js';

/** What the retry policy needs to know about the client's settings. */
export interface RetrySettings {
  reconnectOnError: boolean;
  retryCount: number;
  retryDelay: number;
  maxBackoff: number;
  firstRetrySpread: number;
}

/** What happened: the failure's decision, whether an open connection was lost, and the failures so far. */
export interface RetryHistory {
  decision: Decision;
  wasOpen: boolean;
  /** Consecutive failed attempts before this one (the retry counter). */
  failures: number;
}

/** Retry after `delay` ms as attempt `attempt`, or give up (`exhausted`: the budget ran out; `fatal`: no retry helps). */
export type RetryPlan = { retry: true; attempt: number; delay: number } | { retry: false; exhausted: boolean };

/**
 * The retry policy, pure (`random` is drawn once, only for a retry): `(decision, history) → retry in n ms |
 * give up`. A `fatal` decision, `reconnectOnError`
 * off or a spent budget gives up; otherwise the delay is drawn with full jitter below the ladder's ceiling (equal
 * jitter after a `backoff` decision), except the first retry after an open connection was lost with the counter
 * at zero, which comes within `firstRetrySpread` ms.
 *
 * @example
 * planRetry({ decision: 'retry', wasOpen: true, failures: 0 }, settings, () => 0.3) // { retry: true, attempt: 1, delay: 300 }
 */
export function planRetry(history: RetryHistory, settings: RetrySettings, random: () => number): RetryPlan {
  const { decision, wasOpen, failures } = history;
  const allowed = decision !== 'fatal' && settings.reconnectOnError;
  if (!allowed || failures >= settings.retryCount)
    return { retry: false, exhausted: allowed && settings.retryCount > 0 };
  const attempt = failures + 1;
  const draw = random();
  const r = draw >= 0 && draw < 1 ? draw : 0;
  if (wasOpen && attempt === 1 && decision === 'retry')
    return { retry: true, attempt, delay: Math.floor(settings.firstRetrySpread * r) };
  const policy = { base: settings.retryDelay, cap: settings.maxBackoff };
  const jitter = decision === 'backoff' ? equalJitterDelay : backoffDelay;
  return { retry: true, attempt, delay: jitter(failures, policy, r) };
}
