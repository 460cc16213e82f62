import type { Client } from '@zen-websocket/core';
import type { LocalBook } from '@zen-websocket/core/book';
import { checkKeys, lazyBook } from '@zen-websocket/core/internal';

/** Options of `deribit.orderBook(instrument, options)`. */
export interface DeribitBookOptions {
  /** Update interval (default `100ms`; `raw` needs an authenticated connection). */
  interval?: 'raw' | '100ms' | 'agg2';
  /**
   * A grouped book instead: `book.<instrument>.<group>.<depth>.<interval>`, where every message is a complete
   * top-`depth` book (no continuity to check). `group` ∈ none, 1, 2, 5, 10, 25, 100, 250; `depth` ∈ 1, 10, 20.
   */
  grouped?: { group: string; depth: 1 | 10 | 20 };
  /** No notification for this long while synced → `stale` (default 10 000 ms; 0: off). */
  staleAfterMs?: number;
  /** Backoff between resubscriptions in a row, ms (default base 250, cap 10 000). */
  backoff?: { base: number; cap: number };
}

/**
 * A local book of one Deribit instrument: the subscription's snapshot, then `change` notifications chained by
 * `prev_change_id`; a break is a `gap`, and the book resubscribes (through the backoff gate) for a fresh
 * snapshot. Grouped books replace the whole book on every message. Normally reached as
 * `deribit.orderBook(instrument, options)`. The options are checked at once; the book engine is imported when
 * the first book is made (its own chunk for bundlers, so applications without books do not ship it).
 *
 * @example
 * const book = deribit.orderBook('BTC-PERPETUAL');
 * await book.synced();
 * console.log(book.best(), book.changeId);
 */
export function createDeribitBook(core: Client, instrument: string, options: DeribitBookOptions = {}): LocalBook {
  if (typeof instrument !== 'string' || !/^[A-Za-z0-9_-]+$/.test(instrument))
    throw new TypeError(`orderBook: instrument must be a name such as "BTC-PERPETUAL", got ${String(instrument)}`);
  checkKeys('orderBook', options, ['interval', 'grouped', 'staleAfterMs', 'backoff'], true);
  const { grouped, interval = '100ms' } = options;
  const channel = `book.${instrument}${grouped ? `.${grouped.group}.${grouped.depth}` : ''}.${interval}`;
  if (grouped && !/^book\.[^.]+\.(none|1|2|5|10|25|100|250)\.(1|10|20)\.[^.]+$/.test(channel))
    throw new RangeError('orderBook: options.grouped needs group in none,1,2,5,10,25,100,250 and depth 1, 10 or 20');
  return lazyBook(instrument, () =>
    import('./book-engine.js').then((m) => m.startDeribitBook(core, instrument, channel, options)),
  );
}
