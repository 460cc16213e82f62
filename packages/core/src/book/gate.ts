import { type BackoffPolicy, equalJitterDelay } from '../backoff.js';
import type { Clock } from '../clock.js';

/**
 * Paces resyncs: the first after a calm period goes at once, each further one within `cap` ms of the last
 * waits longer (exponential with jitter, capped), so a venue that keeps sending bad data costs at most one
 * snapshot per `cap` ms: no storm, no ban.
 */
export class ResyncGate {
  readonly #clock: Clock;
  readonly #policy: BackoffPolicy;
  readonly #random: () => number;
  #attempt = 0;
  #last = Number.NEGATIVE_INFINITY;
  #timer: unknown;

  constructor(clock: Clock, policy: BackoffPolicy, random: () => number) {
    this.#clock = clock;
    this.#policy = policy;
    this.#random = random;
  }

  /** Whether a resync is scheduled and not started yet. */
  get pending(): boolean {
    return this.#timer !== undefined;
  }

  /** Runs `run` after the current backoff (replacing a scheduled run); returns the delay in ms. */
  schedule(run: () => void): number {
    const now = this.#clock.now();
    if (now - this.#last >= this.#policy.cap) this.#attempt = 0;
    const delay = this.#attempt === 0 ? 0 : equalJitterDelay(this.#attempt - 1, this.#policy, this.#random());
    this.#attempt++;
    this.#last = now + delay;
    this.cancel();
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      run();
    }, delay);
    return delay;
  }

  /** Drops a scheduled run. */
  cancel(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
