/**
 * zen-websocket for Bun: the web build, with Bun's own WebSocket given `{ protocols, headers }`; Bun's sockets
 * also send ping frames and report pongs, so `ping_pong` heartbeats use real ping frames.
 */
import type { RecordSink, SocketFactory } from '@zen-websocket/core';
import { fileSink } from '@zen-websocket/recorder/fs';
import { bunSocketFactory, nativeSocketFactory } from './web-factory.js';
import { connectWith } from './with-factory.js';

export { memorySink } from '@zen-websocket/recorder';
export { indexedDbSink } from '@zen-websocket/recorder/indexeddb';
export * from './web.js';

/** This runtime's recording sink for a name: a JSONL file at that path (see `connect`'s `recordTo`). */
export function openRecordSink(path: string): RecordSink {
  return fileSink(path);
}
export { bunSocketFactory, nativeSocketFactory };

/** Connects with Bun's WebSocket (headers and ping frames supported). */
export const connect = /* @__PURE__ */ connectWith(bunSocketFactory, undefined, openRecordSink);

/** The socket factory `connect` uses by default in this runtime. */
export const defaultSocketFactory: SocketFactory = bunSocketFactory;
