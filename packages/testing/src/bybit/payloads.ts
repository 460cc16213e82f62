/** Payloads of the Bybit simulator's generated public topics: `tickers.<symbol>` and `kline.<interval>.<symbol>`. */
import type { SymbolMarket } from './market.js';
import type { BybitSimulatorConnection } from './types.js';

type Json = Record<string, unknown>;

/**
 * A `tickers.<symbol>` payload with the fields Bybit's v5 docs list for the connection's category: spot carries
 * the 24 h figures and `usdIndexPrice`; linear adds mark/index prices, open interest (`openInterestValue` is
 * how clients such as ccxt tell a contract ticker from a spot one) and funding.
 */
export function ticker(m: SymbolMarket, kind: BybitSimulatorConnection['kind'], now: number): Json {
  const last = String(m.last);
  const common = {
    symbol: m.symbol,
    lastPrice: last,
    highPrice24h: String(m.high),
    lowPrice24h: String(m.low),
    prevPrice24h: String(m.open),
    price24hPcnt: ((m.last - m.open) / m.open).toFixed(4),
    volume24h: m.volume.toFixed(3),
    turnover24h: (m.volume * m.last).toFixed(2),
    bid1Price: m.price(m.bestBid()),
    bid1Size: (m.bids.get(m.bestBid()) ?? 0).toFixed(3),
    ask1Price: m.price(m.bestAsk()),
    ask1Size: (m.asks.get(m.bestAsk()) ?? 0).toFixed(3),
  };
  if (kind === 'spot') return { ...common, usdIndexPrice: last };
  const openInterest = 5_000 + m.volume;
  return {
    ...common,
    tickDirection: 'ZeroPlusTick',
    prevPrice1h: String(m.open),
    markPrice: last,
    indexPrice: last,
    openInterest: openInterest.toFixed(3),
    openInterestValue: (openInterest * m.last).toFixed(2),
    fundingRate: '0.0001',
    nextFundingTime: String(Math.ceil(now / 28_800_000) * 28_800_000),
  };
}

const SPAN: Record<string, number> = { D: 86_400_000, W: 604_800_000, M: 2_592_000_000 };

/** A `kline.<interval>.<symbol>` bar at `now` (the current price for open, high, low and close). */
export function kline(m: SymbolMarket, interval: string, now: number): Json {
  const span = SPAN[interval] ?? Number(interval) * 60_000;
  const start = Math.floor(now / span) * span;
  const p = String(m.last);
  return {
    start,
    end: start + span - 1,
    interval,
    open: p,
    close: p,
    high: p,
    low: p,
    volume: m.volume.toFixed(3),
    turnover: (m.volume * m.last).toFixed(2),
    confirm: false,
    timestamp: now,
  };
}
