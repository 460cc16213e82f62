/**
 * zen-websocket for Deno: the web build, with Deno's own WebSocket given `{ protocols, headers }` so upgrade
 * headers are sent.
 */
import type { RecordSink, SocketFactory } from '@zen-websocket/core';
import { fileSink } from '@zen-websocket/recorder/fs';
import { nativeSocketFactory } from './web-factory.js';
import { connectWith } from './with-factory.js';

export { memorySink } from '@zen-websocket/recorder';
export { indexedDbSink } from '@zen-websocket/recorder/indexeddb';
export * from './web.js';

/** This runtime's recording sink for a name: a JSONL file at that path (see `connect`'s `recordTo`). */
export function openRecordSink(path: string): RecordSink {
  return fileSink(path);
}
export { nativeSocketFactory };

/** Connects with Deno's WebSocket (headers supported, no ping frames). */
export const connect = /* @__PURE__ */ connectWith(nativeSocketFactory, undefined, openRecordSink);

/** The socket factory `connect` uses by default in this runtime. */
export const defaultSocketFactory: SocketFactory = nativeSocketFactory;
