import type { Client } from '@zen-websocket/core';
import { BookEngine, type LevelInput, type LocalBook } from '@zen-websocket/core/book';
import { checkKeys } from '@zen-websocket/core/internal';

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

/** `book.*` notification data. */
interface BookData {
  type?: 'snapshot' | 'change';
  timestamp?: number;
  change_id: number;
  prev_change_id?: number;
  bids: unknown[][];
  asks: unknown[][];
}

const GROUPS = new Set(['none', '1', '2', '5', '10', '25', '100', '250']);

/** `[action, price, amount]` (incremental books) or `[price, amount]` (grouped) → `[price, amount]`; delete → 0. */
function levels(entries: unknown[][]): LevelInput[] {
  return entries.map((e) =>
    typeof e[0] === 'string' ? ([e[1], e[0] === 'delete' ? 0 : e[2]] as LevelInput) : ([e[0], e[1]] as LevelInput),
  );
}

/**
 * A local book of one Deribit instrument: the subscription's snapshot, then `change` notifications chained by
 * `prev_change_id`; a break is a `gap`, and the book resubscribes (through the backoff gate) for a fresh
 * snapshot. Grouped books replace the whole book on every message. Normally reached as
 * `deribit.orderBook(instrument, options)`.
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
  const interval = options.interval ?? '100ms';
  const { grouped } = options;
  if (grouped && (!GROUPS.has(String(grouped.group)) || ![1, 10, 20].includes(grouped.depth)))
    throw new RangeError('orderBook: options.grouped needs group in none,1,2,5,10,25,100,250 and depth 1, 10 or 20');
  const channel = grouped
    ? `book.${instrument}.${grouped.group}.${grouped.depth}.${interval}`
    : `book.${instrument}.${interval}`;
  const offs: Array<() => void> = [];
  let subscribed = false;
  /** A snapshot nobody asked for (not the first, not a resync) that does not continue the book. */
  const unexpected = (id: number): boolean =>
    book.changeId >= 0 && (book.state === 'synced' || book.state === 'stale') && id !== book.changeId;
  const book: BookEngine = new BookEngine({
    instrument,
    sequence: 'chain',
    ...(options.backoff ? { backoff: options.backoff } : {}),
    staleAfterMs: options.staleAfterMs ?? 10_000,
    // the snapshot arrives as the (re)subscription's first notification
    async resync() {
      if (subscribed) await core.unsubscribe(channel).catch(() => {});
      subscribed = true;
      await core.subscribe(channel);
      return undefined;
    },
    async stop() {
      for (const off of offs) off();
      if (subscribed) await core.unsubscribe(channel).catch(() => {});
    },
  });
  offs.push(
    core.on('message', (message) => {
      const m = message as { method?: unknown; params?: { channel?: unknown; data?: BookData } };
      if (m.method !== 'subscription' || m.params?.channel !== channel || !m.params.data) return;
      const d = m.params.data;
      const common = { bids: levels(d.bids), asks: levels(d.asks), timestamp: d.timestamp };
      if (!grouped && d.type === 'snapshot' && unexpected(d.change_id)) {
        // a subscription restored after a reconnect: the changes in between were missed
        book.gap('reconnected', book.changeId, d.change_id);
      }
      if (grouped || d.type === 'snapshot') book.load({ id: d.change_id, ...common });
      else book.apply({ first: d.prev_change_id ?? Number.NaN, last: d.change_id, ...common });
    }),
    core.on('state', ({ to }) => {
      if (to !== 'connected') book.markStale(`connection ${to}`);
    }),
  );
  book.start();
  return book;
}
