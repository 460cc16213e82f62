import { AuthError, type Classifier, RpcError } from '@zen-websocket/core';

/**
 * An error reply from Bybit. `retCode` is Bybit's code (trade API and private auth: e.g. 10006 rate limit,
 * 110001 order not found; undefined for stream replies, which carry only `success: false`), `retMsg` its message
 * as sent (`ret_msg` on streams). `rpcCode` is `retCode` or 0; `code` is zen-websocket's `'rpc_error'`. The
 * whole reply is in `data`.
 */
export class BybitError extends RpcError {
  readonly retCode: number | undefined;
  readonly retMsg: string;

  constructor(retCode: number | undefined, retMsg: string, reply: Record<string, unknown>, op?: string) {
    super(retCode ?? 0, retMsg || 'Bybit refused the request', reply, op);
    this.retCode = retCode;
    this.retMsg = retMsg;
  }

  override get name(): string {
    return 'BybitError';
  }
}

/** Bybit codes that ask the client to slow down: 10006 rate limit, 10018 IP rate limit, 10016 server busy. */
const BACKOFF = new Set([10006, 10016, 10018]);

/**
 * The adapter's retry/fatal decision: an `AuthError` (a refused auth) stops the client; a drop after a Bybit
 * rate-limit or busy reply backs off; a setup request cut by a drop retries; otherwise core's decision.
 *
 * @example
 * connect(url, { classify: bybitClassify });
 */
export const bybitClassify: Classifier = (error, decision) => {
  if (error instanceof AuthError) return 'fatal';
  if (error instanceof BybitError && error.retCode !== undefined && BACKOFF.has(error.retCode)) return 'backoff';
  return error.code === 'request_timeout' || error.code === 'disconnected' ? 'retry' : decision;
};

/** Turns a refused `auth` into an `AuthError` naming Bybit's reason (never the secret). */
export function authFailure(error: unknown): unknown {
  if (!(error instanceof BybitError)) return error;
  return new AuthError(
    'invalid_credentials',
    `Bybit refused the API key: ${error.retMsg}${error.retCode === undefined ? '' : ` (${error.retCode})`}; check apiKey, apiSecret and the clock`,
    { cause: error },
  );
}
