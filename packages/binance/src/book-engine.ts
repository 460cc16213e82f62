import { BookEngine, type BookSnapshot, type LocalBook } from '@zen-websocket/core/book';
import { describeValue } from '@zen-websocket/core/internal';
import type { BinanceBookOptions } from './book.js';
import type { DepthUpdateEvent } from './payloads.js';
import type { BinanceStreams } from './streams.js';

/**
 * The engine behind `streams.orderBook()` (options already checked by `createBinanceBook`, which loads this
 * module when a book is first asked for): diffs are buffered, a snapshot is fetched, diffs with `u` ≤
 * `lastUpdateId` are dropped, the first applied must straddle `lastUpdateId + 1`, then every `U` must be the
 * previous `u + 1`; anything else is a `gap` and a resync (backed off).
 *
 * @example
 * const book = startBinanceBook(streams, 'BTCUSDT', 1000, {}, 'https://api.binance.com');
 */
export function startBinanceBook(
  streams: BinanceStreams,
  symbol: string,
  depth: number,
  options: BinanceBookOptions,
  defaultRest: string,
): LocalBook {
  const upper = symbol.toUpperCase();
  const stream = `${symbol.toLowerCase()}@depth${options.speed === '1000ms' ? '' : '@100ms'}`;
  const snapshot = snapshotSource(upper, depth, options, defaultRest);
  const offs: Array<() => void> = [];
  let subscribed: Promise<unknown> | undefined;
  const handler = (d: DepthUpdateEvent): void => {
    book.apply({ first: d.U, last: d.u, bids: d.b, asks: d.a, timestamp: d.E });
  };
  const book: BookEngine = new BookEngine({
    instrument: upper,
    sequence: 'range',
    // the snapshot is requested only once the diffs are being buffered (Binance's step 1 before step 2)
    async resync() {
      subscribed ??= streams.subscribe<DepthUpdateEvent>(stream, handler).catch((error: unknown) => {
        subscribed = undefined;
        throw error;
      });
      await subscribed;
      return snapshot();
    },
    staleAfterMs: options.staleAfterMs ?? 10_000,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    async stop() {
      for (const off of offs) off();
      await streams.unsubscribe(stream).catch(() => {});
    },
  });
  offs.push(
    streams.on('state', ({ to }) => {
      if (to !== 'connected') book.markStale(`connection ${to}`);
    }),
  );
  book.start();
  return book;
}

/** Where snapshots come from: the WebSocket API `depth` method, or REST. */
function snapshotSource(
  symbol: string,
  limit: number,
  options: BinanceBookOptions,
  defaultRest: string,
): () => Promise<BookSnapshot> {
  type Depth = { lastUpdateId: number; bids: Array<[string, string]>; asks: Array<[string, string]> };
  const toSnapshot = (d: Depth): BookSnapshot => ({ id: d.lastUpdateId, bids: d.bids, asks: d.asks });
  const { api } = options;
  if (api) return async () => toSnapshot((await api.request<Depth>('depth', { symbol, limit })).result);
  const base = (options.restUrl ?? defaultRest).replace(/\/+$/, '');
  return async () => {
    const fetcher = options.fetch ?? globalThis.fetch;
    const url = `${base}/api/v3/depth?symbol=${symbol}&limit=${limit}`;
    // a page reads another origin's reply only where that host allows it (CORS): the WebSocket API needs no such leave
    const response = await fetcher(url).catch((cause: unknown) => {
      throw new Error(
        `GET ${url} failed (${describeValue(cause)}); in a page, pass api (createBinanceApi) to take snapshots over the WebSocket API`,
        { cause },
      );
    });
    if (!response.ok) throw new Error(`GET /api/v3/depth answered HTTP ${response.status}`);
    return toSnapshot((await response.json()) as Depth);
  };
}
