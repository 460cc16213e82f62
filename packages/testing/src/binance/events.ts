/**
 * Wire payloads of the market streams (as Binance documents them), built from a symbol's market: diffs, partial books and
 * book tickers from its one book; trades from its trades; 24-hour, rolling-window and mini tickers, klines and
 * the average price from its running statistics. Every payload uses Binance's field names.
 */
import { type BookSide, wireChanges } from './book.js';
import type { Diff, SymbolMarket } from './symbol-market.js';

const fixed = (n: number): string => n.toFixed(8);
const DAY = 86_400_000;

/** `depthUpdate` for a diff. */
export function depthEvent(m: SymbolMarket, diff: Diff, now: number): object {
  const side = (s: BookSide) => wireChanges(m.book, s, diff.changes[s]);
  return { e: 'depthUpdate', E: now, s: m.symbol, U: diff.U, u: diff.u, b: side('bids'), a: side('asks') };
}

/** A partial book (`@depth5/10/20`): the top `levels` of the book, no `e`/`s`. */
export function partialEvent(m: SymbolMarket, levels: number): object {
  return { lastUpdateId: m.updateId, bids: m.book.top('bids', levels), asks: m.book.top('asks', levels) };
}

/** `@bookTicker`: the best bid and ask of the book, no `e`/`E`. */
export function bookTickerEvent(m: SymbolMarket): object {
  const [[b, B] = ['', ''], [a, A] = ['', '']] = [m.book.top('bids', 1)[0], m.book.top('asks', 1)[0]];
  return { u: m.updateId, s: m.symbol, b, B, a, A };
}

/** `@trade` for this round's trade. */
export function tradeEvent(m: SymbolMarket, now: number): object | undefined {
  const t = m.trade;
  return t && { e: 'trade', E: now, s: m.symbol, t: t.id, p: t.price, q: t.qty, T: t.time, m: t.buyerMaker, M: true };
}

/** `@aggTrade` for this round's trade (one trade per aggregate). */
export function aggTradeEvent(m: SymbolMarket, now: number): object | undefined {
  const t = m.trade;
  return (
    t && {
      e: 'aggTrade',
      E: now,
      s: m.symbol,
      a: m.aggId,
      p: t.price,
      q: t.qty,
      f: t.id,
      l: t.id,
      T: t.time,
      m: t.buyerMaker,
      M: true,
    }
  );
}

/** `24hrMiniTicker`. */
export function miniTickerEvent(m: SymbolMarket, now: number): object {
  const s = m.stats;
  return {
    e: '24hrMiniTicker',
    E: now,
    s: m.symbol,
    c: fixed(s.last),
    o: fixed(s.open),
    h: fixed(s.high),
    l: fixed(s.low),
    v: fixed(s.volume),
    q: fixed(s.quote),
  };
}

/** `24hrTicker`, or a rolling-window ticker (`1hTicker`, `4hTicker`, `1dTicker`) when `window` is given. */
export function tickerEvent(m: SymbolMarket, now: number, window?: string): object {
  const s = m.stats;
  const [[b, B] = ['', ''], [a, A] = ['', '']] = [m.book.top('bids', 1)[0], m.book.top('asks', 1)[0]];
  const change = {
    p: fixed(s.last - s.open),
    P: ((100 * (s.last - s.open)) / s.open).toFixed(3),
    w: fixed(s.volume > 0 ? s.quote / s.volume : s.last),
  };
  const range = { O: Math.max(s.openTime, now - DAY), C: now, F: s.firstId, L: m.tradeId, n: s.count };
  const ohlcv = { o: fixed(s.open), h: fixed(s.high), l: fixed(s.low), c: fixed(s.last) };
  const volume = { v: fixed(s.volume), q: fixed(s.quote) };
  if (window) return { e: `${window}Ticker`, E: now, s: m.symbol, ...change, ...ohlcv, ...volume, ...range };
  return {
    e: '24hrTicker',
    E: now,
    s: m.symbol,
    ...change,
    x: fixed(s.open),
    c: ohlcv.c,
    Q: s.lastQty,
    b,
    B,
    a,
    A,
    o: ohlcv.o,
    h: ohlcv.h,
    l: ohlcv.l,
    ...volume,
    ...range,
  };
}

/** `avgPrice`: the 5-minute average price. */
export function avgPriceEvent(m: SymbolMarket, now: number): object {
  return { e: 'avgPrice', E: now, s: m.symbol, i: '5m', w: fixed(m.averagePrice(now)), T: now };
}
