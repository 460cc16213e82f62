/**
 * Deribit's error codes as the simulator answers them: `{code, message, data?}`, messages copied exactly from
 * the venue's table (docs/venues/deribit.md and Deribit's documented error codes).
 */

/** The messages of the codes the simulator uses. */
export const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  [-32700]: 'Parse error',
  [-32600]: 'request entity too large',
  [-32601]: 'Method not found',
  [-32602]: 'Invalid params',
  [-32000]: 'Missing params',
  10004: 'order_not_found',
  10009: 'not_enough_funds',
  10020: 'invalid_or_unsupported_instrument',
  10028: 'too_many_requests',
  10043: 'price_wrong_tick',
  11044: 'not_open_order',
  11051: 'system_maintenance',
  11054: 'post_only_reject',
  11094: 'internal_server_error',
  13004: 'invalid_credentials',
  13009: 'unauthorized',
  13778: 'raw_subscriptions_not_available_for_unauthorized',
};

/** A JSON-RPC error the simulator answers with. Throw it from a method handler. */
export class DeribitFault extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(code: number, data?: unknown, message = ERROR_MESSAGES[code] ?? 'error') {
    super(message);
    this.code = code;
    this.data = data;
  }

  /** The `error` member of the reply. */
  toJSON(): { code: number; message: string; data?: unknown } {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/**
 * `-32602 Invalid params` with Deribit's `data: {param, reason}`.
 *
 * @example
 * throw invalidParam('interval', 'must be >= 10');
 */
export function invalidParam(param: string, reason: string): DeribitFault {
  return new DeribitFault(-32602, { param, reason });
}

/** `-32000 Missing params` for a required parameter. */
export function missingParam(param: string): DeribitFault {
  return new DeribitFault(-32000, { param, reason: 'required' });
}
