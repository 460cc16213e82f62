/**
 * An error reply of the simulated WebSocket API: Binance's negative `code`, its `msg`, the HTTP-like
 * `status`, and optional `data` (e.g. `retryAfter`).
 */
export class BinanceFault extends Error {
  readonly code: number;
  readonly status: number;
  readonly data: object | undefined;

  constructor(code: number, msg: string, status = 400, data?: object) {
    super(msg);
    this.code = code;
    this.status = status;
    this.data = data;
  }

  /** The `error` member of a reply. */
  toJSON(): object {
    return this.data === undefined
      ? { code: this.code, msg: this.message }
      : { code: this.code, msg: this.message, data: this.data };
  }
}

/**
 * -1102 for a missing or malformed mandatory parameter.
 *
 * @example
 * throw mandatory('symbol');
 */
export function mandatory(name: string): BinanceFault {
  return new BinanceFault(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
}
