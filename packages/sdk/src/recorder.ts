/**
 * `zen-websocket/recorder`: the recording sinks and tools in every runtime — `memorySink`, `indexedDbSink`
 * (browsers, or any runtime given an `indexedDB`), `metadata`, `replay` and the JSONL format (docs/recording.md).
 * A facade over `@zen-websocket/recorder`; a separate entry so pages that never record do not ship it (the
 * browser build of `zen-websocket` does not re-export the sinks). `fileSink` is in the Node, Deno and Bun builds
 * of `zen-websocket` and in `@zen-websocket/recorder/fs`.
 */
export * from '@zen-websocket/recorder';
export {
  type IndexedDbFactory,
  type IndexedDbSink,
  type IndexedDbSinkOptions,
  indexedDbSink,
} from '@zen-websocket/recorder/indexeddb';
