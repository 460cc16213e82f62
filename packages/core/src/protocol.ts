import { idOf } from './encode.js';
import { RpcError } from './errors.js';
import { checkKeys, checkType } from './strict.js';

/** A decoded JSON object. */
export type JsonObject = Record<string, unknown>;

/** The outcome of a reply, as a protocol reads it. */
export type Settlement = { ok: true; value: unknown } | { ok: false; error: RpcError };

/**
 * A wire dialect: how requests and subscriptions are written and how replies are read. The client is
 * dialect-free; JSON-RPC 2.0 ({@link jsonRpc}) is the default and venue adapters bring their own.
 */
export interface Protocol {
  readonly name: string;
  /** The message for `request(method, params)` with the id the client allocated. */
  request(method: string, params: unknown, id: number): JsonObject;
  /** Reads a reply (an inbound object whose id matched a pending request). */
  settle(reply: JsonObject, method?: string): Settlement;
  /** The message that subscribes `channels`, correlated by `id`. */
  subscribe(channels: readonly string[], id: number): JsonObject;
  /** The message that unsubscribes `channels`, correlated by `id`. */
  unsubscribe(channels: readonly string[], id: number): JsonObject;
  /** The channels a subscribe reply confirms; the requested ones when the reply does not list them. */
  confirmed(result: unknown, requested: readonly string[]): readonly string[];
  /** Recognises a subscribe/unsubscribe the user sent by hand through `sendMessage`, to track it. */
  outboundSubscription(message: JsonObject): { op: 'subscribe' | 'unsubscribe'; channels: string[] } | undefined;
  /** How many channels one restore message may carry after a reconnect. */
  readonly restoreBatchSize: number;
  /**
   * The id of the request an inbound object answers, if it is a reply (default: its `id` when that is a string
   * or a number). Replies go to the pending table; everything else is a message.
   */
  idOf?(message: JsonObject): string | number | undefined;
  /**
   * The kind of a server heartbeat (e.g. `'test_request'`), or undefined when `message` is not one. Heartbeats
   * are consumed by the heartbeat layer, never emitted as messages.
   */
  heartbeatKind?(message: JsonObject): string | undefined;
  /**
   * The dialect's own liveness, used by `heartbeat: { type: 'protocol' }`: the `probe` sent each interval, and
   * the `reply` to a server heartbeat of a given kind (undefined: nothing to answer). Venue adapters supply it
   * (the Deribit adapter: `public/test`, answering `test_request`); the core knows no venue's messages.
   */
  readonly heartbeat?: {
    readonly probe?: JsonObject;
    reply?(kind: string): JsonObject | undefined;
  };
}

/** Options of {@link jsonRpc}. */
export interface JsonRpcOptions {
  subscribeMethod?: string;
  unsubscribeMethod?: string;
  /** Channels per restore message (default 100). */
  restoreBatchSize?: number;
}

/**
 * JSON-RPC 2.0 in the Deribit style: `{"jsonrpc":"2.0","id":n,"method":m,"params":p}`, subscriptions through
 * `public/subscribe` / `public/unsubscribe` with `params.channels`, replies recognised by `id`, server
 * heartbeats by `method: "heartbeat"` (kind in `params.type`). It has no heartbeat probe of its own.
 *
 * @example
 * connect(url, { protocol: jsonRpc({ subscribeMethod: 'private/subscribe' }) })
 */
export function jsonRpc(options: JsonRpcOptions = {}): Protocol {
  checkKeys('jsonRpc', options, ['subscribeMethod', 'unsubscribeMethod', 'restoreBatchSize']);
  checkType('jsonRpc', 'subscribeMethod', options.subscribeMethod, 'string');
  checkType('jsonRpc', 'unsubscribeMethod', options.unsubscribeMethod, 'string');
  checkType('jsonRpc', 'restoreBatchSize', options.restoreBatchSize, 'number');
  const sub = options.subscribeMethod ?? 'public/subscribe';
  const unsub = options.unsubscribeMethod ?? 'public/unsubscribe';
  const request = (method: string, params: unknown, id: number): JsonObject =>
    params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
  return {
    name: 'json-rpc',
    restoreBatchSize: options.restoreBatchSize ?? 100,
    request,
    settle: settleJsonRpc,
    subscribe: (channels, id) => request(sub, { channels: [...channels] }, id),
    unsubscribe: (channels, id) => request(unsub, { channels: [...channels] }, id),
    idOf,
    heartbeatKind: (message) => {
      if (message.method !== 'heartbeat') return undefined;
      const kind = (message.params as { type?: unknown } | undefined)?.type;
      return typeof kind === 'string' ? kind : '';
    },
    confirmed: (result, requested) =>
      Array.isArray(result) ? result.filter((c): c is string => typeof c === 'string') : requested,
    outboundSubscription(message) {
      const op = message.method === sub ? 'subscribe' : message.method === unsub ? 'unsubscribe' : undefined;
      const channels = (message.params as { channels?: unknown } | undefined)?.channels;
      if (!op || !Array.isArray(channels)) return undefined;
      return { op, channels: channels.filter((c): c is string => typeof c === 'string') };
    },
  };
}

/** Reads a JSON-RPC 2.0 reply: `result` (checked first, null allowed) or `error: {code, message, data}`. */
export function settleJsonRpc(reply: JsonObject, method?: string): Settlement {
  if ('result' in reply) return { ok: true, value: reply.result };
  const error = reply.error as { code?: unknown; message?: unknown; data?: unknown } | undefined;
  if (error && typeof error === 'object') {
    const code = typeof error.code === 'number' ? error.code : 0;
    const message = typeof error.message === 'string' ? error.message : 'Unknown error';
    return { ok: false, error: new RpcError(code, message, error.data, method) };
  }
  return { ok: false, error: new RpcError(-32600, 'Reply has neither result nor error', reply, method) };
}
