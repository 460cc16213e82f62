/**
 * Generated market data: a seeded random walk per symbol, with trade/aggTrade ids, a diff-depth update id that
 * every depth event continues (`U` = previous `u` + 1, unless a gap is injected), partial books and book
 * tickers, and REST snapshots consistent with the diff stream.
 */
import type { StreamName } from './stream-names.js';

type Level = [string, string];

/** One symbol's state. */
interface SymbolState {
  mid: number;
  tradeId: number;
  aggId: number;
  updateId: number;
  gap: number;
}

/** See the file comment. */
export interface Market {
  /** Moves every price one step and starts a new round (events are shared by all subscribers of a round). */
  nextRound(): void;
  /** This round's event for a stream, or undefined for quiet streams. */
  event(name: StreamName, now: number): object | undefined;
  /** A REST depth snapshot whose `lastUpdateId` is the diff stream's latest `u`. */
  snapshot(symbol: string, limit: number): { lastUpdateId: number; bids: Level[]; asks: Level[] };
  /** Best bid and ask now. */
  best(symbol: string): { bid: number; ask: number };
  /** The next diff-depth event of `symbol` skips update ids. */
  injectGap(symbol: string): void;
}

const START: Record<string, number> = { BTC: 65_000, ETH: 3_500, BNB: 600 };
const TICK = 0.01;

/**
 * Creates a market from a seed (mulberry32), so runs are reproducible.
 *
 * @example
 * const market = createMarket(1);
 * market.nextRound();
 * market.event({ symbol: 'BTCUSDT', kind: 'trade', levels: 0 }, Date.now());
 */
export function createMarket(seed: number): Market {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const symbols = new Map<string, SymbolState>();
  let round = new Map<string, object>();
  const of = (symbol: string): SymbolState => {
    let s = symbols.get(symbol);
    if (!s) {
      const base = Object.entries(START).find(([asset]) => symbol.startsWith(asset))?.[1] ?? 100;
      s = { mid: base, tradeId: 1000, aggId: 500, updateId: 10_000, gap: 0 };
      symbols.set(symbol, s);
    }
    return s;
  };
  const qty = (): string => (0.001 + random() * 2).toFixed(8);
  const px = (n: number): string => n.toFixed(2);
  const levels = (s: SymbolState, side: 1 | -1, count: number): Level[] =>
    Array.from({ length: count }, (_, i): Level => [px(s.mid + side * TICK * (i + 1)), qty()]);

  const depthUpdate = (symbol: string, s: SymbolState, now: number): object => {
    const first = s.updateId + 1 + s.gap;
    s.gap = 0;
    s.updateId = first + Math.floor(random() * 3);
    return { e: 'depthUpdate', E: now, s: symbol, U: first, u: s.updateId, b: levels(s, -1, 2), a: levels(s, 1, 2) };
  };

  const make = (name: StreamName, now: number): object | undefined => {
    const { symbol } = name;
    const s = of(symbol);
    const side = random() < 0.5;
    switch (name.kind) {
      case 'trade':
        return { e: 'trade', E: now, s: symbol, t: ++s.tradeId, p: px(s.mid), q: qty(), T: now, m: side, M: true };
      case 'aggTrade': {
        const f = s.tradeId + 1;
        s.tradeId += 2;
        return {
          e: 'aggTrade',
          E: now,
          s: symbol,
          a: ++s.aggId,
          p: px(s.mid),
          q: qty(),
          f,
          l: s.tradeId,
          T: now,
          m: side,
          M: true,
        };
      }
      case 'depth':
        return depthUpdate(symbol, s, now);
      case 'partial':
        return { lastUpdateId: s.updateId, bids: levels(s, -1, name.levels), asks: levels(s, 1, name.levels) };
      case 'bookTicker':
        return { u: s.updateId, s: symbol, b: px(s.mid - TICK), B: qty(), a: px(s.mid + TICK), A: qty() };
      default:
        return undefined;
    }
  };

  return {
    nextRound() {
      round = new Map();
      for (const s of symbols.values())
        s.mid = Math.max(TICK * 10, Math.round(s.mid * (1 + (random() - 0.5) * 4e-4) * 100) / 100);
    },
    event(name, now) {
      const key = name.kind === 'depth' ? `${name.symbol}@depth` : `${name.symbol}@${name.kind}@${name.levels}`;
      if (!round.has(key)) {
        const made = make(name, now);
        if (made === undefined) return undefined;
        round.set(key, made);
      }
      return round.get(key);
    },
    snapshot(symbol, limit) {
      const s = of(symbol);
      const n = Math.max(1, Math.min(limit, 5000, 100));
      return { lastUpdateId: s.updateId, bids: levels(s, -1, n), asks: levels(s, 1, n) };
    },
    best(symbol) {
      const s = of(symbol);
      return { bid: Math.round((s.mid - TICK) * 100) / 100, ask: Math.round((s.mid + TICK) * 100) / 100 };
    },
    injectGap(symbol) {
      of(symbol).gap = 5;
    },
  };
}
