/**
 * The script-tag build: the web build on one global `ZenWebsocket`, plus `__internal` (what the add-on scripts
 * take from core; see iife-internal.ts). Recording lives in its own add-on, `zen-websocket.recorder.iife.min.js`
 * (`ZenWebsocket.recorder`: `memorySink`, `indexedDbSink`), so pages that never record do not load it; a
 * `recordTo` sink object works without it. `explain()` with its table and `client.messages()` are the extras
 * add-on, `zen-websocket.extras.iife.min.js` (`ZenWebsocket.extras`); without it they throw a TypeError naming it
 * (iife-stand-ins.ts).
 */
import type { Client, RecordSink, SocketFactory, UrlSource } from '@zen-websocket/core';
import { webSocketFactory } from './web-factory.js';
import { browserLifecycle } from './web-lifecycle.js';
import { type ConnectOptions, connectWith } from './with-factory.js';

export * from './common-core.js';
export * as __internal from './iife-internal.js';
export { explain } from './iife-stand-ins.js';
export { browserLifecycle, webSocketFactory };

const NEEDS_RECORDER =
  'recordTo: a database name needs zen-websocket.recorder.iife.min.js (same version): load it after zen-websocket.iife.min.js, or pass a sink';

/** The recorder add-on's namespace, when its script is loaded. */
function recorderAddOn(): { indexedDbSink(name: string): RecordSink } | undefined {
  return (globalThis as { ZenWebsocket?: { recorder?: { indexedDbSink(name: string): RecordSink } } }).ZenWebsocket
    ?.recorder;
}

/**
 * This runtime's recording sink for a name: an IndexedDB database of that name, from the recorder add-on
 * (`zen-websocket.recorder.iife.min.js`). Throws a TypeError naming that script when it is not loaded.
 */
export function openRecordSink(name: string): RecordSink {
  const addOn = recorderAddOn();
  if (!addOn) throw new TypeError(NEEDS_RECORDER);
  return addOn.indexedDbSink(name);
}

const connectWithDefaults = /* @__PURE__ */ connectWith(webSocketFactory, browserLifecycle, openRecordSink);

/**
 * Connects and resolves with a client once the first connection is open. A string `recordTo` is an IndexedDB
 * database name and needs the recorder add-on script; without it `connect` rejects with a TypeError naming it.
 */
export function connect(url: UrlSource, options: ConnectOptions<Client> = {}): Promise<Client> {
  if (typeof options?.recordTo === 'string' && !recorderAddOn()) return Promise.reject(new TypeError(NEEDS_RECORDER));
  return connectWithDefaults(url, options);
}

/** The socket factory `connect` uses by default in this runtime. */
export const defaultSocketFactory: SocketFactory = webSocketFactory;
