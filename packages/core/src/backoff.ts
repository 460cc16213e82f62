/** Backoff settings, all in milliseconds. */
export interface BackoffPolicy {
  /** Base delay of the first retry (`retryDelay`). */
  base: number;
  /** Upper bound of any delay (`maxBackoff`). */
  cap: number;
}

/**
 * The ceiling of the `attempt`-th delay (attempt 0 is the first retry): `min(cap, base × 2^attempt)`.
 * This is the original library's whole formula; we draw a random delay below it.
 */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  if (!(attempt >= 0)) return 0;
  // 2^attempt overflows to Infinity long before it matters; min() keeps the cap.
  return Math.min(policy.cap, policy.base * 2 ** attempt);
}

/**
 * Exponential backoff with full jitter: a delay drawn uniformly from `[0, ceiling)`, rounded to whole ms.
 * Pure: `random` is a number in `[0, 1)` supplied by the caller, so tests can pin it.
 *
 * @example
 * backoffDelay(3, { base: 1000, cap: 30000 }, Math.random()) // somewhere in [0, 8000)
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: number): number {
  const r = random >= 0 && random < 1 ? random : 0;
  return Math.floor(backoffCeiling(attempt, policy) * r);
}

/**
 * Exponential backoff with equal jitter: a delay drawn from `[ceiling / 2, ceiling)`. Used when the server
 * asked us to slow down (close 1008/1013, HTTP 429/5xx), so a retry never comes within milliseconds.
 */
export function equalJitterDelay(attempt: number, policy: BackoffPolicy, random: number): number {
  const ceiling = backoffCeiling(attempt, policy);
  return Math.floor(ceiling / 2 + backoffDelay(attempt, { base: policy.base / 2, cap: policy.cap / 2 }, random));
}
