/**
 * Restart intensity: at most `max` restarts within any `windowMs` (the original's 10 in 60 s). One budget per
 * client, so a client that keeps failing is given up on without costing the others their restarts.
 */
export class RestartBudget {
  readonly max: number;
  readonly windowMs: number;
  readonly #times: number[] = [];

  constructor(max: number, windowMs: number) {
    this.max = max;
    this.windowMs = windowMs;
  }

  /** Records a restart at `now` and returns true, or returns false when the budget is spent. */
  take(now: number): boolean {
    while (this.#times.length > 0 && now - (this.#times[0] as number) >= this.windowMs) this.#times.shift();
    if (this.#times.length >= this.max) return false;
    this.#times.push(now);
    return true;
  }

  /** Whether a restart at `now` would be allowed (nothing is recorded). */
  allows(now: number): boolean {
    let live = 0;
    for (const t of this.#times) if (now - t < this.windowMs) live++;
    return live < this.max;
  }

  /** Restarts within the current window. */
  get used(): number {
    return this.#times.length;
  }
}
