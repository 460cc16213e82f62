/**
 * What the server does with one inbound data message: JSON-RPC first (when `rpc` is set), then the custom
 * handler, else the default behaviour.
 */
import { invoke } from './invoke.js';
import { answerRpc, parseRpcRequest, rpcAnswers } from './rpc.js';
import type {
  HandlerReply,
  InboundMessage,
  MockConnection,
  MockHandler,
  OutboundMessage,
  RpcMethods,
} from './types.js';

/** The parts of the options that decide replies, plus where errors go. */
export interface DispatchContext {
  readonly rpc: RpcMethods | undefined;
  readonly handler: MockHandler | undefined;
  /** Reports a user-code error; must not throw. */
  readonly report: (error: unknown, connection: MockConnection) => void;
}

/**
 * Answers one message. Never throws: user-code failures go to `context.report`.
 *
 * @example
 * ws.on('message', (data, isBinary) => dispatch(fromFrame(data, isBinary), conn, context));
 */
export function dispatch(message: InboundMessage, connection: MockConnection, context: DispatchContext): void {
  const report = (error: unknown): void => context.report(error, connection);
  const reply = (outbound: OutboundMessage): void => {
    connection.send(outbound);
  };
  const { rpc, handler } = context;
  const request = rpc && typeof message === 'string' ? parseRpcRequest(message) : undefined;
  if (rpc && request && rpcAnswers(request, rpc)) {
    answerRpc(request, rpc, connection, reply, report);
    return;
  }
  if (handler) {
    invoke<HandlerReply>(
      () => handler(message, connection),
      (value) => sendReply(value, reply),
      report,
    );
    return;
  }
  reply(defaultReply(message));
}

/**
 * The default behaviour: "ping" → "pong", other text → "echo: " + text, binary echoed.
 *
 * @example
 * defaultReply('hi'); // 'echo: hi'
 */
export function defaultReply(message: InboundMessage): InboundMessage {
  if (typeof message !== 'string') return message;
  return message === 'ping' ? 'pong' : `echo: ${message}`;
}

function sendReply(value: HandlerReply, reply: (outbound: OutboundMessage) => void): void {
  if (value !== undefined && value !== null) reply(value);
}
