import type { Client } from '@zen-websocket/core';
import { BookEngine, type LevelInput, type LocalBook } from '@zen-websocket/core/book';
import type { DeribitBookOptions } from './book.js';

/** `book.*` notification data. */
interface BookData {
  type?: 'snapshot' | 'change';
  timestamp?: number;
  change_id: number;
  prev_change_id?: number;
  bids: unknown[][];
  asks: unknown[][];
}

/** `[action, price, amount]` (incremental books) or `[price, amount]` (grouped) → `[price, amount]`; delete → 0. */
function levels(entries: unknown[][]): LevelInput[] {
  return entries.map((e) =>
    typeof e[0] === 'string' ? ([e[1], e[0] === 'delete' ? 0 : e[2]] as LevelInput) : ([e[0], e[1]] as LevelInput),
  );
}

/**
 * The engine behind `deribit.orderBook()` (options already checked by `createDeribitBook`, which loads this
 * module when a book is first asked for): the subscription's snapshot, then `change` notifications chained by
 * `prev_change_id`; a break is a `gap`, and the book resubscribes (through the backoff gate) for a fresh
 * snapshot. Grouped books replace the whole book on every message.
 *
 * @example
 * const book = startDeribitBook(core, 'BTC-PERPETUAL', 'book.BTC-PERPETUAL.100ms', {});
 */
export function startDeribitBook(
  core: Client,
  instrument: string,
  channel: string,
  options: DeribitBookOptions,
): LocalBook {
  const { grouped } = options;
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
