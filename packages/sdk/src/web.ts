/**
 * zen-websocket for browsers, Deno and Bun (and any runtime with a global WebSocket): the default socket is
 * the runtime's own.
 */
import type { RecordSink, SocketFactory } from '@zen-websocket/core';
import { indexedDbSink } from '@zen-websocket/recorder/indexeddb';
import { webSocketFactory } from './web-factory.js';
import { browserLifecycle } from './web-lifecycle.js';
import { connectWith } from './with-factory.js';

export {
  type IndexedDbSink,
  type IndexedDbSinkOptions,
  indexedDbSink,
} from '@zen-websocket/recorder/indexeddb';
export * from './common.js';
export { browserLifecycle, webSocketFactory };

/**
 * This runtime's recording sink for a name: an IndexedDB database of that name. What `connect` does with a
 * `recordTo` string; pass it yourself where an API takes only sinks, e.g. the venue clients.
 */
export function openRecordSink(name: string): RecordSink {
  return indexedDbSink(name);
}

/**
 * Connects and resolves with a client once the first connection is open. See the README for options; a
 * string `recordTo` is an IndexedDB database name (see docs/recording.md).
 *
 * @example
 * import { connect } from 'zen-websocket';
 * const client = await connect('wss://test.deribit.com/ws/api/v2');
 * const recorded = await connect(url, { recordTo: 'trading-session' });
 */
export const connect = /* @__PURE__ */ connectWith(webSocketFactory, browserLifecycle, openRecordSink);

/** The socket factory `connect` uses by default in this runtime. */
export const defaultSocketFactory: SocketFactory = webSocketFactory;
