/**
 * Candlesticks (`@kline_<interval>`) built from a symbol's trades. A kline starts being tracked when a stream
 * first asks for it; from then on every trade of the symbol folds into the current candle, and a new candle
 * opens when the interval ends. The `@+08:00` variant shares the candle (its day boundary is not modelled).
 */
import type { SymbolMarket } from './symbol-market.js';

const UNIT: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_592_000_000,
};

/** Milliseconds of an interval such as `1s`, `15m`, `1M` (a month counts 30 days). */
export function intervalMs(interval: string): number {
  return Number.parseInt(interval, 10) * (UNIT[interval.slice(-1)] ?? 60_000);
}

interface Candle {
  t: number;
  f: number;
  L: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  q: number;
  n: number;
  /** Taker-buy base and quote volume. */
  V: number;
  Q: number;
}

const fixed = (n: number): string => n.toFixed(8);

/**
 * The tracked candles of every symbol.
 *
 * @example
 * const klines = new Klines();
 * klines.event(btc, '1m', Date.now());
 */
export class Klines {
  readonly #candles = new Map<string, { market: SymbolMarket; interval: string; candle: Candle }>();

  /** Folds each symbol's trade of this round into its tracked candles. */
  fold(now: number): void {
    for (const entry of this.#candles.values()) {
      const { market } = entry;
      const candle = this.#current(entry, now);
      const trade = market.trade;
      if (!trade) continue;
      const price = Number(trade.price);
      const qty = Number(trade.qty);
      if (candle.n === 0) {
        candle.f = trade.id;
        candle.o = price;
        candle.h = price;
        candle.l = price;
      }
      candle.L = trade.id;
      candle.c = price;
      candle.h = Math.max(candle.h, price);
      candle.l = Math.min(candle.l, price);
      candle.v += qty;
      candle.q += qty * price;
      candle.n++;
      if (!trade.buyerMaker) {
        candle.V += qty;
        candle.Q += qty * price;
      }
    }
  }

  /** The `kline` event of a symbol's current candle (tracking starts now if it was not tracked). */
  event(market: SymbolMarket, interval: string, now: number): object {
    const key = `${market.symbol}@${interval}`;
    let entry = this.#candles.get(key);
    if (!entry) {
      entry = { market, interval, candle: open(market, interval, now) };
      this.#candles.set(key, entry);
    }
    const k = this.#current(entry, now);
    const T = k.t + intervalMs(interval) - 1;
    return {
      e: 'kline',
      E: now,
      s: market.symbol,
      k: {
        t: k.t,
        T,
        s: market.symbol,
        i: interval,
        f: k.f,
        L: k.L,
        o: fixed(k.o),
        c: fixed(k.c),
        h: fixed(k.h),
        l: fixed(k.l),
        v: fixed(k.v),
        n: k.n,
        x: false,
        q: fixed(k.q),
        V: fixed(k.V),
        Q: fixed(k.Q),
        B: '0',
      },
    };
  }

  #current(entry: { market: SymbolMarket; interval: string; candle: Candle }, now: number): Candle {
    if (now >= entry.candle.t + intervalMs(entry.interval)) entry.candle = open(entry.market, entry.interval, now);
    return entry.candle;
  }
}

function open(market: SymbolMarket, interval: string, now: number): Candle {
  const span = intervalMs(interval);
  const last = market.stats.last;
  return {
    t: Math.floor(now / span) * span,
    f: -1,
    L: -1,
    o: last,
    h: last,
    l: last,
    c: last,
    v: 0,
    q: 0,
    n: 0,
    V: 0,
    Q: 0,
  };
}
