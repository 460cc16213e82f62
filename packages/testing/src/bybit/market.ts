/**
 * One consistent market per symbol: a price-level book (integer ticks → size), trades taken from its best
 * levels, and the views the `orderbook.<depth>.<symbol>` topics publish (each with its own update id `u`).
 */
import { createRandom, deriveSeed, type Random } from '../kit/random.js';

type Side = Map<number, number>;
type Row = [string, string];

/** What one depth topic last published, to compute its next delta. */
interface View {
  u: number;
  /** The next delta skips one id (set by `gap()`). */
  skip?: boolean;
  bids: Map<string, string>;
  asks: Map<string, string>;
}

/** A published book message's `data`. */
export interface BookData {
  s: string;
  b: Row[];
  a: Row[];
  u: number;
  seq: number;
}

/** A public trade as `publicTrade.<symbol>` carries it. */
export interface TradeData {
  T: number;
  s: string;
  S: 'Buy' | 'Sell';
  v: string;
  p: string;
  L: string;
  i: string;
  BT: boolean;
}

const START: Record<string, number> = { BTCUSDT: 60_000, ETHUSDT: 3_000 };

/** The market of one symbol. */
export class SymbolMarket {
  readonly symbol: string;
  readonly bids: Side = new Map();
  readonly asks: Side = new Map();
  readonly #tick: number;
  readonly #decimals: number;
  readonly #random: Random;
  readonly views = new Map<number, View>();
  seq = 1_000;
  #trades = 0;
  last: number;
  /** The first price, and the extremes since: the 24 h figures of the simulator's short day. */
  readonly open: number;
  high: number;
  low: number;
  volume = 0;

  constructor(symbol: string, seed: number) {
    this.symbol = symbol;
    this.#random = createRandom(deriveSeed(seed, symbol));
    const start = START[symbol] ?? 100;
    this.#decimals = start >= 1_000 ? 1 : 2;
    this.#tick = 10 ** -this.#decimals;
    const mid = Math.round(start / this.#tick);
    for (let i = 1; i <= 60; i++) {
      this.bids.set(mid - i, this.#size());
      this.asks.set(mid + i, this.#size());
    }
    this.last = start;
    this.open = this.high = this.low = start;
  }

  price(ticks: number): string {
    return (ticks * this.#tick).toFixed(this.#decimals);
  }

  ticks(price: string | number): number {
    return Math.round(Number(price) / this.#tick);
  }

  bestBid(): number {
    return Math.max(...this.bids.keys());
  }

  bestAsk(): number {
    return Math.min(...this.asks.keys());
  }

  /** Changes a few levels, keeping bids below asks. */
  step(): void {
    this.seq += 1;
    // orders may have taken a whole side: liquidity comes back one tick beyond the other side (or the last price)
    if (this.bids.size === 0)
      this.bids.set((this.asks.size ? this.bestAsk() : this.ticks(this.last)) - 1, this.#size());
    if (this.asks.size === 0)
      this.asks.set((this.bids.size ? this.bestBid() : this.ticks(this.last)) + 1, this.#size());
    for (let n = 0; n < 3; n++) {
      const bid = this.#random() < 0.5;
      const side = bid ? this.bids : this.asks;
      const best = bid ? this.bestBid() : this.bestAsk();
      const at = best + (bid ? -1 : 1) * Math.floor(this.#random() * 8);
      const r = this.#random();
      if (r < 0.2 && side.size > 20) side.delete(at);
      else side.set(at, this.#size());
    }
    const inside = this.#random() < 0.5;
    if (inside && this.bestAsk() - this.bestBid() > 1) this.bids.set(this.bestBid() + 1, this.#size());
  }

  /** A trade against the best level of one side (its size shrinks, the level goes when emptied). */
  trade(now: number): TradeData {
    const buy = this.#random() < 0.5;
    const side = buy ? this.asks : this.bids;
    const at = buy ? this.bestAsk() : this.bestBid();
    const size = side.get(at) ?? 0;
    const qty = Math.min(size, Math.round(this.#random() * 100) / 1000 + 0.001);
    if (size - qty <= 1e-9 && side.size > 20) side.delete(at);
    else side.set(at, Math.round((size - qty) * 1000) / 1000);
    this.last = Number(this.price(at));
    this.high = Math.max(this.high, this.last);
    this.low = Math.min(this.low, this.last);
    this.volume += qty;
    return {
      T: now,
      s: this.symbol,
      S: buy ? 'Buy' : 'Sell',
      v: qty.toFixed(3),
      p: this.price(at),
      L: 'ZeroPlusTick',
      i: `${this.symbol}-${++this.#trades}`,
      BT: false,
    };
  }

  /** The top `depth` levels of each side as strings, best first. */
  top(depth: number): { bids: Row[]; asks: Row[] } {
    const rows = (side: Side, desc: boolean): Row[] =>
      [...side]
        .sort((x, y) => (desc ? y[0] - x[0] : x[0] - y[0]))
        .slice(0, depth)
        .map(([p, s]) => [this.price(p), s.toFixed(3)]);
    return { bids: rows(this.bids, true), asks: rows(this.asks, false) };
  }

  /** The next delta of every depth topic skips one update id (a simulated lost message). */
  gap(): void {
    for (const view of this.views.values()) view.skip = true;
  }

  /** A snapshot for a depth topic; `restart` resets its update id to 1 (Bybit's service-restart rule). */
  snapshot(depth: number, restart = false): BookData {
    const { bids, asks } = this.top(depth);
    const view = this.views.get(depth);
    const u = restart || !view ? 1 : view.u;
    this.views.set(depth, { u, bids: new Map(bids), asks: new Map(asks) });
    return { s: this.symbol, b: bids, a: asks, u, seq: this.seq };
  }

  /** The delta of a depth topic since it last published, or undefined when nothing in its depth changed. */
  delta(depth: number): BookData | undefined {
    const view = this.views.get(depth);
    if (!view) return undefined;
    const { bids, asks } = this.top(depth);
    const b = diff(view.bids, bids);
    const a = diff(view.asks, asks);
    if (b.length === 0 && a.length === 0) return undefined;
    view.u += view.skip ? 2 : 1;
    view.skip = false;
    view.bids = new Map(bids);
    view.asks = new Map(asks);
    return { s: this.symbol, b, a, u: view.u, seq: this.seq };
  }

  #size(): number {
    return Math.round((this.#random() * 5 + 0.001) * 1000) / 1000;
  }
}

/** Levels that changed from `before` to `after` (removed ones with size "0"). */
function diff(before: Map<string, string>, after: Row[]): Row[] {
  const out: Row[] = [];
  const now = new Map(after);
  for (const [p, s] of now) if (before.get(p) !== s) out.push([p, s]);
  for (const p of before.keys()) if (!now.has(p)) out.push([p, '0']);
  return out;
}

/** Markets of every configured symbol. */
export function createMarkets(symbols: readonly string[], seed: number): Map<string, SymbolMarket> {
  return new Map(symbols.map((s) => [s, new SymbolMarket(s, seed)]));
}
