/**
 * Throw an `RpcFault` from a method in the mock server's `rpc` option to answer with a JSON-RPC error:
 * `{"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…,"data":…}}` (`data` only when given).
 * Any other thrown error is answered with -32603 "Internal error".
 *
 * @example
 * const server = await startMockServer({
 *   rpc: {
 *     'private/buy': () => {
 *       throw new RpcFault(13009, 'unauthorized', { reason: 'invalid_token' });
 *     },
 *   },
 * });
 */
export class RpcFault extends Error {
  /** The JSON-RPC error code, e.g. -32602 or a venue's own code. */
  readonly code: number;
  /** Optional `data` member of the error object; omitted from the reply when `undefined`. */
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    if (!Number.isInteger(code)) {
      throw new TypeError(`RpcFault code must be an integer (JSON-RPC error codes are integers), got ${code}`);
    }
    this.code = code;
    this.data = data;
  }

  override get name(): string {
    return 'RpcFault';
  }
}
