import type { ZenError } from '../errors.js';
import type { Unsubscribe } from '../events.js';
import type { Level, LevelInput } from './side.js';

/**
 * - `syncing`: building the first book (snapshot not applied yet); nothing to read.
 * - `synced`: every update since the snapshot arrived in order; the book equals the venue's.
 * - `resyncing`: a break was seen (`gap`); the book is being rebuilt and must not be used.
 * - `stale`: in order so far, but nothing arrived for `staleAfterMs` or the connection is down: it may be old.
 */
export type BookState = 'syncing' | 'synced' | 'resyncing' | 'stale';

/** A state change, as emitted on `state`. */
export interface BookStateChange {
  from: BookState;
  to: BookState;
  reason: string;
}

/** The levels one diff changed (size 0: the level was removed), emitted on `update`. */
export interface BookUpdate {
  bids: Level[];
  asks: Level[];
  /** The book's update id after the diff (`lastUpdateId` / `changeId`). */
  id: number;
  /** Venue time of the diff, ms (0 when the venue gives none). */
  timestamp: number;
  /** True when the whole book was replaced (a snapshot): read the book rather than the levels. */
  snapshot: boolean;
}

/** A continuity break, emitted on `gap` before the book resyncs. */
export interface BookGap {
  /** What went wrong: `sequence` (ids do not chain), `checksum`, `overflow` (buffer full), or the venue's reason. */
  reason: string;
  /** The id the next diff had to follow or cover. */
  expected: number;
  /** What arrived instead (the diff's first id or previous id; the checksum for `checksum`). */
  received: number;
}

/** Events of a {@link LocalBook}. */
export type BookEvents = {
  state: BookStateChange;
  update: BookUpdate;
  gap: BookGap;
  /** Failures no promise carries: failed snapshot requests (retried with backoff), throwing handlers. */
  error: ZenError;
};

/** Best bid and ask. */
export interface BestLevels {
  bid: Level | undefined;
  ask: Level | undefined;
}

/** A venue's full book at one id. */
export interface BookSnapshot {
  id: number;
  bids: readonly LevelInput[];
  asks: readonly LevelInput[];
  timestamp?: number | undefined;
}

/** An incremental diff covering ids `first…last` (range) or following `first` (chain); sizes are absolute. */
export interface BookDiff {
  first: number;
  last: number;
  bids: readonly LevelInput[];
  asks: readonly LevelInput[];
  timestamp?: number | undefined;
  /** The venue's checksum of the book after this diff, when it sends one. */
  checksum?: number | undefined;
}

/**
 * A local order book kept equal to a venue's, the same for every venue. Read it only while `state` is
 * `synced`; every break is reported on `gap` and repaired by itself.
 */
export interface LocalBook {
  /** The venue's instrument name. */
  readonly instrument: string;
  readonly state: BookState;
  /** Update id of the last applied diff or snapshot (Binance `lastUpdateId`); -1 before the first. */
  readonly lastUpdateId: number;
  /** The same id by Deribit's name (`change_id`). */
  readonly changeId: number;
  /** Venue time of the last applied diff or snapshot, ms (0 when unknown). */
  readonly timestamp: number;
  /** The best `n` bids (default all), best first. */
  bids(n?: number): Level[];
  /** The best `n` asks (default all), best first. */
  asks(n?: number): Level[];
  best(): BestLevels;
  /** Best ask minus best bid; undefined when a side is empty. */
  spread(): number | undefined;
  /** Size at `price` on either side (0 when no level). */
  depthAt(price: number): number;
  on<K extends keyof BookEvents>(type: K, handler: (payload: BookEvents[K]) => void): Unsubscribe;
  /** Resolves when the book is next `synced` (at once if it is); rejects after `timeoutMs` or on close. */
  synced(timeoutMs?: number): Promise<void>;
  /** Stops the book and its subscription. Idempotent. */
  close(): Promise<void>;
}
