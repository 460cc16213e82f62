import type { PoolMember } from './types.js';

/** What a client's health is computed from. */
export interface HealthInputs {
  /** Requests awaiting a reply. */
  pending: number;
  /** Round-trip latency p50, ms (0 when unknown). */
  latencyMs: number;
  /** Recent send failures (decayed). */
  errors: number;
}

/**
 * The original library's health score, 0–100 (higher is healthier):
 * `100 − min(pending × 10, 40) − min(⌊latency ÷ 25⌋, 30) − min(errors × 15, 20)`, never below 0. Latency is the
 * p50 round trip (the original used p99, which one slow reply can dominate).
 *
 * @example
 * healthScore({ pending: 0, latencyMs: 0, errors: 1 })  // 85
 * healthScore({ pending: 8, latencyMs: 50, errors: 0 }) // 58
 */
export function healthScore({ pending, latencyMs, errors }: HealthInputs): number {
  const score = 100 - Math.min(pending * 10, 40) - Math.min(Math.floor(latencyMs / 25), 30) - Math.min(errors * 15, 20);
  return Math.max(0, score);
}

/**
 * A member's pending requests and p50 latency, read through its optional metrics methods. A member without
 * them, or whose methods throw, counts as idle and fast (the original's optimistic fallback).
 */
export function measure(member: PoolMember): { pending: number; latencyMs: number } {
  let pending = 0;
  let latencyMs = 0;
  try {
    pending = finite(member.getStateMetrics?.().pendingRequestsSize);
  } catch {
    // optimistic: unknown = idle
  }
  try {
    latencyMs = finite(member.getLatencyStats?.()?.p50);
  } catch {
    // optimistic: unknown = fast
  }
  return { pending, latencyMs };
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Recent send failures per member. The count decays all at once: `decayMs` after the LAST failure it is
 * forgotten (the original's rule). Weakly held, so forgotten members cost nothing.
 */
export class ErrorBook {
  readonly #decayMs: number;
  readonly #entries = new WeakMap<object, { count: number; last: number }>();

  constructor(decayMs: number) {
    this.#decayMs = decayMs;
  }

  record(member: object, now: number): void {
    const entry = this.#entries.get(member);
    const count = entry && now - entry.last < this.#decayMs ? entry.count + 1 : 1;
    this.#entries.set(member, { count, last: now });
  }

  clear(member: object): void {
    this.#entries.delete(member);
  }

  count(member: object, now: number): number {
    const entry = this.#entries.get(member);
    if (!entry) return 0;
    if (now - entry.last < this.#decayMs) return entry.count;
    this.#entries.delete(member);
    return 0;
  }
}
