/**
 * The recorder add-on script (`zen-websocket.recorder.iife.min.js`, `ZenWebsocket.recorder`): the memory and
 * IndexedDB sinks with their redaction, for pages that record. Load it after `zen-websocket.iife.min.js`; then
 * `connect(url, { recordTo: 'name' })` records to IndexedDB.
 */
export { memorySink } from '@zen-websocket/recorder';
export { indexedDbSink } from '@zen-websocket/recorder/indexeddb';
