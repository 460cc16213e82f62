/**
 * Payloads of Binance Spot market streams (as Binance documents them), and {@link StreamPayload}, which maps a stream name to
 * its payload so `subscribe('btcusdt@trade', (t) => t.p)` is typed. Prices and quantities are strings.
 */

/** `<symbol>@trade`. */
export interface TradeEvent {
  e: 'trade';
  E: number;
  s: string;
  t: number;
  p: string;
  q: string;
  T: number;
  m: boolean;
  M: boolean;
}

/** `<symbol>@aggTrade`. */
export interface AggTradeEvent {
  e: 'aggTrade';
  E: number;
  s: string;
  a: number;
  p: string;
  q: string;
  f: number;
  l: number;
  T: number;
  m: boolean;
  M: boolean;
}

/** `<symbol>@depth` / `@depth@100ms`: `U` first and `u` final update id. */
export interface DepthUpdateEvent {
  e: 'depthUpdate';
  E: number;
  s: string;
  U: number;
  u: number;
  b: [string, string][];
  a: [string, string][];
}

/** `<symbol>@depth<5|10|20>`. */
export interface PartialDepthEvent {
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

/** `<symbol>@bookTicker` (no `e`/`E`). */
export interface BookTickerEvent {
  u: number;
  s: string;
  b: string;
  B: string;
  a: string;
  A: string;
}

/** Kline intervals of `<symbol>@kline_<interval>`. */
export type KlineInterval =
  | '1s'
  | '1m'
  | '3m'
  | '5m'
  | '15m'
  | '30m'
  | '1h'
  | '2h'
  | '4h'
  | '6h'
  | '8h'
  | '12h'
  | '1d'
  | '3d'
  | '1w'
  | '1M';

/** `<symbol>@kline_<interval>`: `k.x` is true once the kline has closed. */
export interface KlineEvent {
  e: 'kline';
  E: number;
  s: string;
  k: {
    /** Open and close time. */
    t: number;
    T: number;
    s: string;
    i: KlineInterval;
    /** First and last trade id. */
    f: number;
    L: number;
    o: string;
    c: string;
    h: string;
    l: string;
    /** Base and quote volume. */
    v: string;
    q: string;
    /** Number of trades. */
    n: number;
    x: boolean;
    /** Taker buy base and quote volume. */
    V: string;
    Q: string;
    B: string;
  };
}

/** `<symbol>@miniTicker` (and each entry of `!miniTicker@arr`). */
export interface MiniTickerEvent {
  e: '24hrMiniTicker';
  E: number;
  s: string;
  c: string;
  o: string;
  h: string;
  l: string;
  v: string;
  q: string;
}

/** `<symbol>@ticker`: rolling 24-hour statistics. */
export interface TickerEvent {
  e: '24hrTicker';
  E: number;
  s: string;
  /** Price change and percent. */
  p: string;
  P: string;
  /** Weighted average price. */
  w: string;
  /** First trade before the window. */
  x: string;
  /** Last price and quantity. */
  c: string;
  Q: string;
  /** Best bid price and quantity, best ask price and quantity. */
  b: string;
  B: string;
  a: string;
  A: string;
  o: string;
  h: string;
  l: string;
  v: string;
  q: string;
  /** Statistics open and close time. */
  O: number;
  C: number;
  /** First and last trade id, trade count. */
  F: number;
  L: number;
  n: number;
}

/** `<symbol>@ticker_<1h|4h|1d>`: rolling-window statistics. */
export interface WindowTickerEvent {
  e: '1hTicker' | '4hTicker' | '1dTicker';
  E: number;
  s: string;
  p: string;
  P: string;
  o: string;
  h: string;
  l: string;
  c: string;
  w: string;
  v: string;
  q: string;
  O: number;
  C: number;
  F: number;
  L: number;
  n: number;
}

/** `<symbol>@avgPrice`. */
export interface AvgPriceEvent {
  e: 'avgPrice';
  E: number;
  s: string;
  /** Average price interval, e.g. `5m`. */
  i: string;
  /** Average price and last trade time. */
  w: string;
  T: number;
}

/**
 * The payload type of a stream name: `StreamPayload<'btcusdt@trade'>` is {@link TradeEvent},
 * `'btcusdt@depth@100ms'` a {@link DepthUpdateEvent}, `'btcusdt@depth5'` a {@link PartialDepthEvent}; names it
 * does not know give `unknown`.
 *
 * @example
 * await streams.subscribe('btcusdt@kline_1m', (k) => console.log(k.k.c)); // k: KlineEvent
 */
export type StreamPayload<S extends string> = S extends `${string}@trade`
  ? TradeEvent
  : S extends `${string}@aggTrade`
    ? AggTradeEvent
    : S extends `${string}@depth${5 | 10 | 20}` | `${string}@depth${5 | 10 | 20}@${string}`
      ? PartialDepthEvent
      : S extends `${string}@depth` | `${string}@depth@${string}`
        ? DepthUpdateEvent
        : S extends `${string}@bookTicker`
          ? BookTickerEvent
          : S extends `${string}@kline_${string}`
            ? KlineEvent
            : S extends '!miniTicker@arr'
              ? MiniTickerEvent[]
              : S extends `${string}@miniTicker`
                ? MiniTickerEvent
                : S extends `${string}@ticker`
                  ? TickerEvent
                  : S extends `${string}@ticker_${string}`
                    ? WindowTickerEvent
                    : S extends `${string}@avgPrice`
                      ? AvgPriceEvent
                      : unknown;
