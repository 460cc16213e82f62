import { ZenError } from '../errors.js';

/** The two ways `sendBalanced` can fail as a pool (rather than with a client's own error). */
export type PoolErrorCode = 'no_connections' | 'max_attempts_exceeded';

/**
 * `no_connections`: no connected client to send through. `max_attempts_exceeded`: `maxAttempts` clients
 * failed in turn; `errors` holds each failure (oldest first) and `cause` the last.
 */
export class PoolError extends ZenError {
  declare readonly code: PoolErrorCode;
  /** Sends tried before giving up. */
  readonly attempts: number;
  /** Each attempt's failure, oldest first. */
  readonly errors: readonly unknown[];
  constructor(code: PoolErrorCode, message: string, errors: readonly unknown[] = []) {
    super(code, message, errors.length > 0 ? { cause: errors[errors.length - 1] } : {});
    this.attempts = errors.length;
    this.errors = errors;
  }
  override get name(): string {
    return 'PoolError';
  }
}
