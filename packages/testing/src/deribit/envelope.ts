/**
 * The simulator's clock and Deribit's message envelope: every response carries `usIn`, `usOut`, `usDiff`
 * (microseconds, as integers) and `testnet`; notifications are `{method: 'subscription', params: {channel, data}}`.
 */
import type { DeribitFault } from './rpc-error.js';

/** Server time, possibly skewed from the host's by `clockOffsetMs`. */
export interface SimClock {
  /** Milliseconds since the epoch. */
  ms(): number;
  /** Microseconds since the epoch, as an integer. */
  us(): number;
}

/**
 * A clock running `offsetMs` ahead of the host.
 *
 * @example
 * createSimClock(0).ms(); // ≈ Date.now()
 */
export function createSimClock(offsetMs: number): SimClock {
  const us = () => Math.round((performance.timeOrigin + performance.now() + offsetMs) * 1000);
  return { us, ms: () => Math.floor(us() / 1000) };
}

/** A success or error response to a request that arrived at `usIn`. */
export function response(
  clock: SimClock,
  testnet: boolean,
  id: unknown,
  usIn: number,
  outcome: { result: unknown } | { error: DeribitFault },
): Record<string, unknown> {
  const usOut = Math.max(usIn, clock.us());
  const body = 'result' in outcome ? { result: outcome.result } : { error: outcome.error.toJSON() };
  return { jsonrpc: '2.0', id, ...body, usIn, usOut, usDiff: usOut - usIn, testnet };
}

/** A subscription notification. */
export function notification(channel: string, data: unknown): Record<string, unknown> {
  return { jsonrpc: '2.0', method: 'subscription', params: { channel, data } };
}

/** A heartbeat notification (`heartbeat` or `test_request`). */
export function heartbeat(type: 'heartbeat' | 'test_request'): Record<string, unknown> {
  return { jsonrpc: '2.0', method: 'heartbeat', params: { type } };
}
