import { AuthError, type Decision, RequestError, RpcError, type ZenError } from '@zen-websocket/core';

/** What a Deribit error asks of the client. */
export type DeribitErrorKind = 'backoff' | 'reauthenticate' | 'fatal';

/** Slow down: rate limits (10028, 10066), busy engine (10040, 10041, 10047), maintenance (11051, 13028). */
const BACKOFF = new Set([10028, 10040, 10041, 10047, 10066, 11051, 13028]);

/**
 * Classifies a Deribit error: 10028 too_many_requests and the other "busy" codes → `backoff`; 13009
 * unauthorized (expired or foreign token) → `reauthenticate`; 13004 invalid_credentials (or an `AuthError`)
 * → `fatal`. Anything else → undefined (an ordinary error for the caller).
 *
 * @example
 * deribitErrorKind(new RpcError(10028, 'too_many_requests')) // 'backoff'
 */
export function deribitErrorKind(error: unknown): DeribitErrorKind | undefined {
  const code = error instanceof RpcError ? error.rpcCode : undefined;
  if (error instanceof AuthError || code === 13004) return 'fatal';
  if (code === 13009) return 'reauthenticate';
  return code !== undefined && BACKOFF.has(code) ? 'backoff' : undefined;
}

/**
 * The adapter's retry/fatal decision for a dropped connection or a failed `prepare`: auth refusals stop the
 * client, Deribit errors (or a drop right after one that asked to slow down) back off, unanswered requests retry.
 */
export function decide(error: ZenError, decision: Decision, slowDown: boolean): Decision {
  if (error instanceof AuthError) return 'fatal';
  if (slowDown || error instanceof RpcError) return 'backoff';
  return error instanceof RequestError ? 'retry' : decision;
}

/**
 * Deribit's own explanation in an error's `data`: `{param, reason}` as `"amount must be …"`, `{reason}` alone,
 * or a string. Undefined when `data` holds none.
 */
export function venueReason(data: unknown): string | undefined {
  if (typeof data === 'string') return data || undefined;
  const { param, reason } = (data ?? {}) as { param?: unknown; reason?: unknown };
  if (typeof reason !== 'string' || !reason) return undefined;
  return typeof param === 'string' && param && !reason.startsWith(param) ? `${param} ${reason}` : reason;
}

/**
 * Puts Deribit's reason from `data` into the message of an error reply, e.g. "private/buy failed: Invalid
 * params (code -32602): amount must be a positive multiple of the contract size 10". `rpcCode`, `rpcMessage`
 * and `data` stay as Deribit sent them.
 */
export function withReason(error: RpcError): RpcError {
  const reason = venueReason(error.data);
  if (reason !== undefined) error.message = `${error.message}: ${reason}`;
  return error;
}
