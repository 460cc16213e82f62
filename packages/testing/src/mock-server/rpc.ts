/**
 * JSON-RPC 2.0 dispatch for the mock server's `rpc` option.
 */
import { invoke } from './invoke.js';
import { RpcFault } from './rpc-fault.js';
import type { MockConnection, RpcMethods } from './types.js';

/** An inbound JSON object with a string `method`. `id` is `undefined` when absent. */
export interface RpcRequest {
  readonly method: string;
  readonly params: unknown;
  readonly id: unknown;
}

/**
 * Parses a text message as a JSON-RPC request; `undefined` when it is not JSON or not an object with a string
 * `method` (`"jsonrpc":"2.0"` is not required).
 *
 * @example
 * parseRpcRequest('{"jsonrpc":"2.0","id":1,"method":"public/test"}'); // { method: 'public/test', params: undefined, id: 1 }
 */
export function parseRpcRequest(text: string): RpcRequest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { method, params, id } = value as { method?: unknown; params?: unknown; id?: unknown };
  return typeof method === 'string' ? { method, params, id } : undefined;
}

/**
 * Whether the `rpc` option answers this request: a known method, or any request with an id (unknown methods
 * get -32601). Notifications of unknown methods are left to the handler.
 *
 * @example
 * if (rpcAnswers(request, rpc)) answerRpc(request, rpc, conn, reply, report);
 */
export function rpcAnswers(request: RpcRequest, methods: RpcMethods): boolean {
  return Object.hasOwn(methods, request.method) || hasId(request);
}

/**
 * Runs the method and replies with its result or error (only for requests with a non-null id). A result that
 * cannot be sent (not JSON-encodable) is answered with -32603. Errors of notifications that are not
 * {@link RpcFault}s go to `report`, since no one else would see them.
 *
 * @example
 * answerRpc(request, rpc, conn, (msg) => conn.send(msg), console.error);
 */
export function answerRpc(
  request: RpcRequest,
  methods: RpcMethods,
  connection: MockConnection,
  reply: (message: object) => void,
  report: (error: unknown) => void,
): void {
  const method = Object.hasOwn(methods, request.method) ? methods[request.method] : undefined;
  const id = request.id;
  if (!method) {
    reply(errorReply(id, -32601, 'Method not found'));
    return;
  }
  invoke(
    () => method(request.params, connection),
    (result) => {
      if (hasId(request)) reply({ jsonrpc: '2.0', id, result: result === undefined ? null : result });
    },
    (error) => {
      if (!hasId(request)) {
        if (!(error instanceof RpcFault)) report(error);
        return;
      }
      try {
        reply(errorFor(id, error));
      } catch (replyError) {
        report(replyError);
      }
    },
  );
}

function hasId(request: RpcRequest): boolean {
  return request.id !== undefined && request.id !== null;
}

function errorFor(id: unknown, error: unknown): object {
  if (!(error instanceof RpcFault)) return errorReply(id, -32603, 'Internal error');
  return errorReply(id, error.code, error.message, error.data);
}

function errorReply(id: unknown, code: number, message: string, data?: unknown): object {
  const error = data === undefined ? { code, message } : { code, message, data };
  return { jsonrpc: '2.0', id, error };
}
