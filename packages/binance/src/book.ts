import type { LocalBook } from '@zen-websocket/core/book';
import { checkKeys, lazyBook } from '@zen-websocket/core/internal';
import type { BinanceApi } from './api-types.js';
import type { BinanceStreams } from './streams.js';

/** Options of `streams.orderBook(symbol, options)`. */
export interface BinanceBookOptions {
  /** Snapshot depth, levels per side: 5 … 5000 (default 1000). Levels deeper than this are not known. */
  depth?: number;
  /** Diff stream speed (default `100ms`). */
  speed?: '100ms' | '1000ms';
  /**
   * A WebSocket API client: snapshots then come from its `depth` method (through its limiter; no CORS in
   * browsers). Without one, from REST `GET /api/v3/depth`.
   */
  api?: BinanceApi;
  /** REST origin for snapshots (default: derived from the streams' URL, `https://api.binance.com` for Binance). */
  restUrl?: string;
  /** `fetch` for REST snapshots (default the global one). */
  fetch?: typeof globalThis.fetch;
  /** No diff for this long while synced → `stale` (default 10 000 ms; 0: off). */
  staleAfterMs?: number;
  /** Backoff between resyncs in a row, ms (default base 250, cap 10 000). */
  backoff?: { base: number; cap: number };
}

/** Depth limits Binance accepts for snapshots. */
const DEPTH = { min: 5, max: 5000 };

/**
 * A local book of one Binance symbol, kept by Binance's documented procedure: diffs are buffered, a snapshot is
 * fetched, diffs with `u` ≤ `lastUpdateId` are dropped, the first applied must straddle `lastUpdateId + 1`, then
 * every `U` must be the previous `u + 1`; anything else is a `gap` and a resync (backed off). Normally reached
 * as `streams.orderBook(symbol, options)`. The options are checked at once; the book engine is imported when the
 * first book is made (its own chunk for bundlers, so applications without books do not ship it). `streamBase` is
 * the streams' URL, for the default REST origin ({@link restOrigin}).
 *
 * @example
 * const book = streams.orderBook('BTCUSDT', { depth: 1000 });
 * await book.synced();
 * console.log(book.best());
 */
export function createBinanceBook(
  streams: BinanceStreams,
  symbol: string,
  options: BinanceBookOptions = {},
  streamBase = 'wss://stream.binance.com',
): LocalBook {
  if (typeof symbol !== 'string' || !/^[A-Za-z0-9]+$/.test(symbol))
    throw new TypeError(`orderBook: symbol must be a symbol such as "BTCUSDT", got ${String(symbol)}`);
  checkKeys('orderBook', options, ['depth', 'speed', 'api', 'restUrl', 'fetch', 'staleAfterMs', 'backoff'], true);
  const depth = options.depth ?? 1000;
  if (!Number.isInteger(depth) || depth < DEPTH.min || depth > DEPTH.max)
    throw new RangeError(`orderBook: options.depth must be a whole number from 5 to 5000, got ${String(depth)}`);
  const upper = symbol.toUpperCase();
  return lazyBook(upper, () =>
    import('./book-engine.js').then((m) => m.startBinanceBook(streams, symbol, depth, options, restOrigin(streamBase))),
  );
}

/**
 * The REST origin that serves snapshots for a streams URL: Binance's own hosts map to `api.binance.com` (or the
 * testnet's), any other host (a simulator, a proxy) to itself over http(s).
 *
 * @example
 * restOrigin('wss://stream.binance.com:9443'); // 'https://api.binance.com'
 * restOrigin('ws://127.0.0.1:4000'); // 'http://127.0.0.1:4000'
 */
export function restOrigin(streamBase: string): string {
  const url = new URL(streamBase);
  if (/(^|\.)stream\.binance\.com$|^data-stream\.binance\.vision$/.test(url.hostname)) return 'https://api.binance.com';
  if (url.hostname === 'stream.testnet.binance.vision') return 'https://testnet.binance.vision';
  return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
}
