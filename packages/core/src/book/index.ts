/**
 * `@zen-websocket/core/book`: the venue-neutral local order book. Venue packages build on {@link BookEngine};
 * applications read a {@link LocalBook} from `orderBook()` on a venue client.
 */

export { type BookChecksum, type ChecksumView, crc32, krakenChecksum, okxChecksum } from './checksum.js';
export { type Sequence, type Verdict, verdict } from './continuity.js';
export { BookEngine, type BookEngineOptions } from './engine.js';
export { ResyncGate } from './gate.js';
export type { Level, LevelInput } from './side.js';
export type {
  BestLevels,
  BookDiff,
  BookEvents,
  BookGap,
  BookSnapshot,
  BookState,
  BookStateChange,
  BookUpdate,
  LocalBook,
} from './types.js';
