/**
 * `@zen-websocket/recorder`: the session format (one JSON object per line, interchangeable with the Elixir
 * ZenWebsocket recorder), redaction, the memory sink, `metadata` and `replay`. Runs everywhere; the file sink
 * is `@zen-websocket/recorder/fs`, the IndexedDB sink `@zen-websocket/recorder/indexeddb`. Guide:
 * `docs/recording.md`.
 */
export type { RecordEntry, RecordSink } from '@zen-websocket/core';
export { type BufferOptions, type FormatOptions, formatter, ownedEntry, parseEntry } from './format.js';
export { type MemorySink, memorySink } from './memory.js';
export { type Metadata, metadata, type Pace, type ReplayOptions, replay, type Source, speedOf } from './read.js';
export { bytesRedactor, redactor } from './redact.js';
export { isSecretKey, SECRET_KEYS, secretKeyMatcher } from './secrets.js';
