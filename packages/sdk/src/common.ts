/**
 * What every build of zen-websocket exports: core's API (common-core.ts) and the recording basics.
 */

// Recording: the memory sink and the types; `metadata`, `replay` and the format functions are in
// `@zen-websocket/recorder` (kept out of here so the script-tag bundle stays small).
export {
  type FormatOptions,
  type MemorySink,
  memorySink,
  type RecordEntry,
  type RecordSink,
} from '@zen-websocket/recorder';
export * from './common-core.js';
export type { ConnectOptions, OpenRecordSink } from './with-factory.js';
