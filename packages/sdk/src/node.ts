/**
 * zen-websocket for Node: the default socket is `ws` (through isomorphic-ws) on every Node version — it
 * sends ping frames, sets upgrade headers, and costs less CPU and memory than Node's native WebSocket.
 * Pass `socketFactory: nativeSocketFactory` to use Node's native one instead (Node ≥ 22; sends headers, no ping frames).
 */
import type { RecordSink, SocketFactory } from '@zen-websocket/core';
import { fileSink } from '@zen-websocket/recorder/fs';
import WebSocket from 'isomorphic-ws';
import { connectWith } from './with-factory.js';

export * from './common.js';
export { nativeSocketFactory, webSocketFactory } from './web-factory.js';

/**
 * Sockets from `ws`: ping frames, custom headers, and `maxPayload` enforced at the socket. The protocols and
 * headers are handed over as they are: `ws` copies both and changes neither.
 */
export const nodeSocketFactory: SocketFactory = /* @__PURE__ */ Object.assign(
  (url: string, init: Parameters<SocketFactory>[1]) =>
    new WebSocket(url, init.protocols as string[], {
      headers: init.headers as Record<string, string>,
      maxPayload: init.maxMessageSize,
    }) as never,
  { capabilities: { ping: true, headers: true } },
);

/**
 * This runtime's recording sink for a name: a JSONL file at that path. What `connect` does with a `recordTo`
 * string; pass it yourself where an API takes only sinks, e.g. the venue clients.
 *
 * @example
 * const deribit = await createDeribitClient({ socketFactory: defaultSocketFactory, recordTo: openRecordSink('deribit.jsonl') });
 */
export function openRecordSink(path: string): RecordSink {
  return fileSink(path);
}

/**
 * Connects and resolves with a client once the first connection is open. See the README for options; a
 * string `recordTo` is a file path (JSONL, see docs/recording.md).
 *
 * @example
 * import { connect } from 'zen-websocket';
 * const client = await connect('wss://test.deribit.com/ws/api/v2', { heartbeat: { type: 'custom', interval: 15000, message: { method: 'public/test' } } });
 * const recorded = await connect(url, { recordTo: 'session.jsonl' });
 */
export const connect = /* @__PURE__ */ connectWith(nodeSocketFactory, undefined, openRecordSink);

/** The socket factory `connect` uses by default in this runtime. */
export const defaultSocketFactory: SocketFactory = nodeSocketFactory;
