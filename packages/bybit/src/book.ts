import { BookEngine, type LocalBook } from '@zen-websocket/core/book';
import { checkKeys } from '@zen-websocket/core/internal';
import type { BybitBookData, BybitBookOptions, BybitHandler } from './types.js';

/** What a Bybit book needs from its client. */
export interface BookHost {
  subscribe(topic: string, handler: BybitHandler<BybitBookData>): Promise<unknown>;
  unsubscribe(topic: string): Promise<void>;
  /** Calls `handler` with each public-connection state; returns its unsubscribe. */
  onState(handler: (to: string) => void): () => void;
}

const DEPTHS = new Set([1, 50, 200, 500, 1000]);

/**
 * A local book of one symbol from `orderbook.<depth>.<symbol>`: a `snapshot` replaces the book (including
 * Bybit's `u = 1` snapshot after a service restart), each `delta` must carry the next `u`; a skipped `u` is a
 * `gap`, repaired by resubscribing (Bybit sends a fresh snapshot on subscribe). Reached as
 * `client.orderBook(symbol, options)`.
 *
 * @example
 * const book = bybit.orderBook('BTCUSDT', { depth: 50 });
 * await book.synced();
 * console.log(book.best());
 */
export function createBybitBook(host: BookHost, symbol: string, options: BybitBookOptions = {}): LocalBook {
  checkKeys('orderBook', options, ['depth', 'staleAfterMs']);
  if (typeof symbol !== 'string' || !/^[A-Z0-9]+$/.test(symbol))
    throw new TypeError(
      `orderBook: symbol must be an upper-case Bybit symbol such as "BTCUSDT", got ${String(symbol)}`,
    );
  const depth = options.depth ?? 50;
  if (!DEPTHS.has(depth))
    throw new RangeError(`orderBook: options.depth must be 1, 50, 200, 500 or 1000, got ${String(depth)}`);
  const topic = `orderbook.${depth}.${symbol}`;
  let subscribed = false;
  const handler: BybitHandler<BybitBookData> = (d, m) => {
    if (m.type === 'snapshot')
      book.load({ id: d.u, bids: d.b, asks: d.a, ...(m.ts === undefined ? {} : { timestamp: m.ts }) });
    else book.apply({ first: d.u, last: d.u, bids: d.b, asks: d.a, timestamp: m.ts });
  };
  const book: BookEngine = new BookEngine({
    instrument: symbol,
    sequence: 'range',
    // a (re)subscribe makes Bybit send a snapshot, which arrives through `load`
    async resync() {
      if (subscribed) await host.unsubscribe(topic).catch(() => {});
      await host.subscribe(topic, handler);
      subscribed = true;
      return undefined;
    },
    staleAfterMs: options.staleAfterMs ?? 0,
    async stop() {
      off();
      if (subscribed) await host.unsubscribe(topic).catch(() => {});
    },
  });
  const off = host.onState((to) => {
    if (to !== 'connected') book.markStale(`connection ${to}`);
  });
  book.start();
  return book;
}
