/**
 * Stream names the simulator accepts (venues.md B2): `<symbol>@<kind>` with a lower-case symbol, plus the
 * all-market `!miniTicker@arr`. Only trade, aggTrade, diff depth, partial depth and bookTicker carry
 * generated data; the other valid names are accepted and stay quiet.
 */

const KIND =
  /^(trade|aggTrade|bookTicker|depth(?:5|10|20)?(?:@100ms|@1000ms)?|kline_(?:1s|1m|3m|5m|15m|30m|1h|2h|4h|6h|8h|12h|1d|3d|1w|1M)(?:@\+08:00)?|miniTicker|ticker|ticker_(?:1h|4h|1d)|avgPrice|referencePrice|blockTrade)$/;

/** What the feed generates for a stream. */
export type FeedKind = 'trade' | 'aggTrade' | 'depth' | 'partial' | 'bookTicker' | 'quiet';

/** A parsed stream name. */
export interface StreamName {
  readonly symbol: string;
  readonly kind: FeedKind;
  /** Levels of a partial-depth stream. */
  readonly levels: number;
}

/**
 * Parses a stream name; undefined when Binance would answer "invalid stream".
 *
 * @example
 * parseStream('btcusdt@depth@100ms'); // { symbol: 'BTCUSDT', kind: 'depth', levels: 0 }
 */
export function parseStream(name: unknown): StreamName | undefined {
  if (name === '!miniTicker@arr') return { symbol: '', kind: 'quiet', levels: 0 };
  if (typeof name !== 'string') return undefined;
  const at = name.indexOf('@');
  const symbol = name.slice(0, at);
  const rest = name.slice(at + 1);
  if (at < 1 || !/^[a-z0-9]{2,20}$/.test(symbol) || !KIND.test(rest)) return undefined;
  const partial = /^depth(5|10|20)/.exec(rest);
  const kind: FeedKind = partial
    ? 'partial'
    : rest.startsWith('depth')
      ? 'depth'
      : rest === 'trade' || rest === 'aggTrade' || rest === 'bookTicker'
        ? rest
        : 'quiet';
  return { symbol: symbol.toUpperCase(), kind, levels: partial ? Number(partial[1]) : 0 };
}
