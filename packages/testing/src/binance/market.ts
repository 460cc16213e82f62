/**
 * The generated market: one `SymbolMarket` (book, trades, statistics) per symbol, advanced one round (100 ms
 * of venue time) at a time, and the events each stream is due this round at its documented cadence. Events
 * are built once per round and shared by every subscriber. Snapshots read the book and draw no random numbers.
 */

import type { Level } from './book.js';
import {
  aggTradeEvent,
  avgPriceEvent,
  bookTickerEvent,
  depthEvent,
  miniTickerEvent,
  partialEvent,
  tickerEvent,
  tradeEvent,
} from './events.js';
import { Klines } from './klines.js';
import type { StreamName } from './stream-names.js';
import { SymbolMarket } from './symbol-market.js';

/** A depth snapshot (REST `/api/v3/depth`, WS-API `depth`, `sim.orderBook()`). */
export interface DepthSnapshot {
  lastUpdateId: number;
  bids: Level[];
  asks: Level[];
}

/** Rounds per second of venue time. */
const SECOND = 10;

/** See the file comment. */
export interface Market {
  /** Advances every symbol one round (symbols named so far, or first named now). */
  nextRound(now: number): void;
  /** This round's event of a stream; undefined when the stream is quiet or not due this round. */
  event(name: StreamName, now: number): object | undefined;
  /** The top `limit` levels of the book at its latest update id. */
  snapshot(symbol: string, limit: number): DepthSnapshot;
  /** The top `limit` levels of the book as it was at update id `id` (undefined: older than the kept history). */
  snapshotAt(symbol: string, id: number, limit: number): DepthSnapshot | undefined;
  /** Best bid and ask now. */
  best(symbol: string): { bid: number; ask: number };
  /** The next diff of `symbol` skips update ids. */
  injectGap(symbol: string): void;
}

/**
 * Creates a market from a seed, so runs are reproducible. A symbol's book is built when it is first named;
 * `symbols` also start with the first round (building a 5,000-level book takes a moment).
 *
 * @example
 * const market = createMarket(1, ['BTCUSDT'], Date.now());
 * market.nextRound(Date.now());
 * market.event(parseStream('btcusdt@depth@100ms'), Date.now()); // { e: 'depthUpdate', U, u, b, a, … }
 */
export function createMarket(seed: number, symbols: readonly string[], start: number): Market {
  const markets = new Map<string, SymbolMarket>();
  const klines = new Klines();
  let round = 0;
  let cache = new Map<string, object | undefined>();
  const of = (symbol: string): SymbolMarket => {
    let m = markets.get(symbol);
    if (!m) {
      m = new SymbolMarket(symbol, seed, start);
      markets.set(symbol, m);
    }
    return m;
  };

  const make = (name: StreamName, now: number): object | undefined => {
    if (name.kind === 'miniTickerArr') return [...markets.values()].map((m) => miniTickerEvent(m, now));
    const m = of(name.symbol);
    switch (name.kind) {
      case 'depth': {
        const diff = name.every === 1 ? m.round : m.second;
        return diff && depthEvent(m, diff, now);
      }
      case 'partial':
        return partialEvent(m, name.levels);
      case 'bookTicker':
        return bookTickerEvent(m);
      case 'trade':
        return tradeEvent(m, now);
      case 'aggTrade':
        return aggTradeEvent(m, now);
      case 'ticker':
        return tickerEvent(m, now);
      case 'windowTicker':
        return tickerEvent(m, now, name.interval);
      case 'miniTicker':
        return miniTickerEvent(m, now);
      case 'avgPrice':
        return avgPriceEvent(m, now);
      case 'kline':
        return klines.event(m, name.interval, now);
      default:
        return undefined;
    }
  };
  const top = (book: SymbolMarket['book'], id: number, limit: number): DepthSnapshot => ({
    lastUpdateId: id,
    bids: book.top('bids', limit),
    asks: book.top('asks', limit),
  });

  return {
    nextRound(now) {
      if (round === 0) for (const s of symbols) of(s);
      round++;
      cache = new Map();
      for (const m of markets.values()) m.step(now, round % SECOND === 0);
      klines.fold(now);
    },
    event(name, now) {
      if (round % name.every !== 0) return undefined;
      const key = `${name.symbol}@${name.kind}@${name.levels}@${name.every}@${name.interval}`;
      if (!cache.has(key)) cache.set(key, make(name, now));
      return cache.get(key);
    },
    snapshot(symbol, limit) {
      const m = of(symbol);
      return top(m.book, m.updateId, limit);
    },
    snapshotAt(symbol, id, limit) {
      const state = of(symbol).bookAt(id);
      return state && top(state.book, state.u, limit);
    },
    best(symbol) {
      const m = of(symbol);
      return { bid: Number(m.book.price(m.bestBid)), ask: Number(m.book.price(m.bestAsk)) };
    },
    injectGap(symbol) {
      of(symbol).injectGap();
    },
  };
}
