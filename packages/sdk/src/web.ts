/**
 * zen-websocket for browsers, Deno and Bun (and any runtime with a global WebSocket): the default socket is
 * the runtime's own. The recorder is not in this entry: `recordTo: 'name'` loads the IndexedDB sink when a
 * client first records (a separate chunk for bundlers), and `memorySink`/`indexedDbSink` come from
 * `zen-websocket/recorder`, so pages that never record do not ship it.
 */
import type { RecordSink, SocketFactory } from '@zen-websocket/core';
import { lazySink } from './lazy-sink.js';
import { webSocketFactory } from './web-factory.js';
import { browserLifecycle } from './web-lifecycle.js';
import { connectWith } from './with-factory.js';

export type { FormatOptions, MemorySink, RecordEntry, RecordSink } from '@zen-websocket/recorder';
export type { IndexedDbSink, IndexedDbSinkOptions } from '@zen-websocket/recorder/indexeddb';
export * from './common-core.js';
export type { ConnectOptions, OpenRecordSink } from './with-factory.js';
export { browserLifecycle, webSocketFactory };

/**
 * This runtime's recording sink for a name: an IndexedDB database of that name. What `connect` does with a
 * `recordTo` string; pass it yourself where an API takes only sinks, e.g. the venue clients. The IndexedDB sink
 * is imported when this is first called; frames recorded meanwhile are handed to it in order, and a database
 * that cannot be opened (no IndexedDB here) is reported by the sink's next `record`.
 */
export function openRecordSink(name: string): RecordSink {
  return lazySink(loadSink(name));
}

/** The IndexedDB sink for a name, imported on first use (`connect` waits for it: no stand-in sink needed). */
const loadSink = (name: string) => import('@zen-websocket/recorder/indexeddb').then((m) => m.indexedDbSink(name));

/**
 * Connects and resolves with a client once the first connection is open. See the README for options; a
 * string `recordTo` is an IndexedDB database name (see docs/recording.md).
 *
 * @example
 * import { connect } from 'zen-websocket';
 * const client = await connect('wss://test.deribit.com/ws/api/v2');
 * const recorded = await connect(url, { recordTo: 'trading-session' });
 */
export const connect = /* @__PURE__ */ connectWith(webSocketFactory, browserLifecycle, loadSink);

/** The socket factory `connect` uses by default in this runtime. */
export const defaultSocketFactory: SocketFactory = webSocketFactory;
