/**
 * Stream names the simulator accepts (as Binance documents them): `<symbol>@<kind>` with a lower-case symbol, plus the
 * all-market `!miniTicker@arr`, each with the cadence Binance documents for it, in rounds of 100 ms of venue
 * time (`feedIntervalMs` real milliseconds each). `referencePrice` and `blockTrade` are accepted and quiet.
 */

const KIND =
  /^(trade|aggTrade|bookTicker|depth(?:5|10|20)?(?:@100ms|@1000ms)?|kline_(?:1s|1m|3m|5m|15m|30m|1h|2h|4h|6h|8h|12h|1d|3d|1w|1M)(?:@\+08:00)?|miniTicker|ticker|ticker_(?:1h|4h|1d)|avgPrice|referencePrice|blockTrade)$/;

/** What the feed generates for a stream. */
export type FeedKind =
  | 'trade'
  | 'aggTrade'
  | 'depth'
  | 'partial'
  | 'bookTicker'
  | 'ticker'
  | 'windowTicker'
  | 'miniTicker'
  | 'miniTickerArr'
  | 'kline'
  | 'avgPrice'
  | 'quiet';

/** A parsed stream name. */
export interface StreamName {
  readonly symbol: string;
  readonly kind: FeedKind;
  /** Levels of a partial-depth stream (0 otherwise). */
  readonly levels: number;
  /** Rounds (100 ms each of venue time) between two events; 1: every round (real-time and 100 ms streams). */
  readonly every: number;
  /** Kline interval (`1m`…) or rolling-ticker window (`1h`…); empty otherwise. */
  readonly interval: string;
}

/** Rounds between events of streams that Binance sends every second. */
const SECOND = 10;

/**
 * Parses a stream name; undefined when Binance would answer "invalid stream".
 *
 * @example
 * parseStream('btcusdt@depth@100ms'); // { symbol: 'BTCUSDT', kind: 'depth', levels: 0, every: 1, interval: '' }
 */
export function parseStream(name: unknown): StreamName | undefined {
  if (name === '!miniTicker@arr') return { symbol: '', kind: 'miniTickerArr', levels: 0, every: SECOND, interval: '' };
  if (typeof name !== 'string') return undefined;
  const at = name.indexOf('@');
  const symbol = name.slice(0, at);
  const rest = name.slice(at + 1);
  if (at < 1 || !/^[a-z0-9]{2,20}$/.test(symbol) || !KIND.test(rest)) return undefined;
  const upper = symbol.toUpperCase();
  const depth = /^depth(5|10|20)?(@100ms)?/.exec(rest);
  if (depth) {
    const levels = depth[1] ? Number(depth[1]) : 0;
    return { symbol: upper, kind: levels ? 'partial' : 'depth', levels, every: depth[2] ? 1 : SECOND, interval: '' };
  }
  const kline = /^kline_(\w+)/.exec(rest);
  if (kline) {
    const interval = kline[1] as string;
    return { symbol: upper, kind: 'kline', levels: 0, every: interval === '1s' ? SECOND : 2 * SECOND, interval };
  }
  const windowed = /^ticker_(\w+)$/.exec(rest);
  if (windowed)
    return { symbol: upper, kind: 'windowTicker', levels: 0, every: SECOND, interval: windowed[1] as string };
  const realTime = rest === 'trade' || rest === 'aggTrade' || rest === 'bookTicker';
  const secondly = rest === 'ticker' || rest === 'miniTicker' || rest === 'avgPrice';
  const kind: FeedKind = realTime || secondly ? (rest as FeedKind) : 'quiet';
  return { symbol: upper, kind, levels: 0, every: realTime ? 1 : SECOND, interval: '' };
}
