/**
 * One symbol's market: one order book that moves every round (a 100 ms step of venue time) and one trade per
 * round against its best level. Each round removes the levels the move leaves on the wrong side (quantity
 * `0.00000000`), sets a few levels to new absolute quantities, takes the traded quantity off the touched level,
 * and keeps the depth of each side; exactly those changes form the round's diff, under update ids `U…u`.
 * The symbol draws from a random generator of its own, so subscriptions and snapshots never shift it.
 */
import { between, createRandom, deriveSeed, type Random } from '../kit/random.js';
import { type BookSide, type Changes, LevelBook, noChanges, noUndo, type Undo } from './book.js';

/** Levels kept on each side (REST snapshots go to 5,000). */
export const DEPTH = 5_100;
/** Rounds of history kept to rebuild the book at an earlier update id (a minute of venue time). */
const HISTORY = 600;
/** Trades kept for the 5-minute average price. */
const AVG_TRADES = 3_000;
const AVG_WINDOW = 300_000;

/** One trade of a round. */
export interface Trade {
  readonly id: number;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  /** Whether the buyer was the maker (the trade hit the bid). */
  readonly buyerMaker: boolean;
}

/** A diff covering update ids `U…u`. */
export interface Diff {
  readonly U: number;
  readonly u: number;
  readonly changes: Changes;
}

/** Running 24-hour statistics (the simulator's day starts when the symbol is first seen). */
export interface Stats {
  open: number;
  high: number;
  low: number;
  last: number;
  lastQty: string;
  volume: number;
  quote: number;
  count: number;
  firstId: number;
  openTime: number;
}

const START: Record<string, number> = { BTC: 65_000, ETH: 3_500, BNB: 600 };

/**
 * See the file comment.
 *
 * @example
 * const btc = new SymbolMarket('BTCUSDT', 1, Date.now());
 * btc.step(Date.now(), false);
 * btc.round.U; // btc.lastRoundU … btc.updateId
 */
export class SymbolMarket {
  readonly symbol: string;
  readonly book: LevelBook;
  readonly stats: Stats;
  readonly #random: Random;
  /** The last update id of the book. */
  updateId = 10_000;
  tradeId = 1_000;
  aggId = 500;
  /** This round's diff and trade. */
  round: Diff;
  trade: Trade | undefined;
  /** The changes since the last second boundary, flushed into `second` every ten rounds. */
  #window: { U: number; changes: Changes } | undefined;
  /** The 1000 ms diff due this round, if this round ends a second. */
  second: Diff | undefined;
  readonly #history: Array<{ u: number; undo: Undo }> = [];
  readonly #recent: Array<{ time: number; price: number; qty: number }> = [];
  #gap = 0;

  constructor(symbol: string, seed: number, now: number) {
    this.symbol = symbol;
    this.#random = createRandom(deriveSeed(seed, symbol));
    const base = Object.entries(START).find(([asset]) => symbol.startsWith(asset))?.[1] ?? 100;
    this.book = new LevelBook(base >= 500 ? 0.01 : 0.0001);
    const mid = Math.round(base / this.book.tickSize);
    for (const [side, sign] of [
      ['bids', -1],
      ['asks', 1],
    ] as const) {
      let tick = mid;
      for (let n = 0; n < DEPTH && tick + sign > 0; n++) {
        tick += sign * between(this.#random, 1, 3);
        this.book.extend(side, tick, this.#qty());
      }
    }
    this.round = { U: this.updateId, u: this.updateId, changes: noChanges() };
    const price = (mid * this.book.tickSize) as number;
    this.stats = {
      open: price,
      high: price,
      low: price,
      last: price,
      lastQty: '0.00000000',
      volume: 0,
      quote: 0,
      count: 0,
      firstId: this.tradeId + 1,
      openTime: now,
    };
  }

  /** Best bid and ask ticks. */
  get bestBid(): number {
    return this.book.at('bids', 0) as number;
  }
  get bestAsk(): number {
    return this.book.at('asks', 0) as number;
  }

  /** Advances one round; `endsSecond` closes the 1000 ms diff window. */
  step(now: number, endsSecond: boolean): void {
    this.book.changes = noChanges();
    this.book.undo = noUndo();
    this.#move();
    this.#refresh();
    this.trade = this.#trade(now);
    this.#keepDepth();
    const U = this.updateId + 1 + this.#gap;
    this.updateId = U + between(this.#random, 0, 2);
    this.round = { U, u: this.updateId, changes: this.book.changes };
    this.#history.push({ u: this.updateId, undo: this.book.undo });
    if (this.#history.length > HISTORY) this.#history.shift();
    this.#collect(this.#gap > 0);
    this.#gap = 0;
    this.second = endsSecond ? this.#flush() : undefined;
  }

  /** The next round's diff skips update ids (a gap a local book must detect). */
  injectGap(): void {
    this.#gap = 5;
  }

  /** The book at update id `id`: the state after the last round whose `u` ≤ `id`; undefined when too old. */
  bookAt(id: number): { book: LevelBook; u: number } | undefined {
    if (id >= this.updateId) return { book: this.book, u: this.updateId };
    const oldest = this.#history[0];
    if (!oldest || id < oldest.u) return undefined;
    const book = this.book.clone();
    let u = this.updateId;
    for (let i = this.#history.length - 1; i >= 0; i--) {
      const entry = this.#history[i] as { u: number; undo: Undo };
      if (entry.u <= id) {
        u = entry.u;
        break;
      }
      book.revert(entry.undo);
    }
    return { book, u };
  }

  /** Volume-weighted price of the last five minutes' trades (the last price when there were none). */
  averagePrice(now: number): number {
    let qty = 0;
    let quote = 0;
    for (const t of this.#recent) {
      if (t.time < now - AVG_WINDOW) continue;
      qty += t.qty;
      quote += t.qty * t.price;
    }
    return qty > 0 ? quote / qty : this.stats.last;
  }

  #qty(): string {
    return (0.001 + this.#random() * 2).toFixed(8);
  }

  /** The top moves by up to three ticks; levels left on the wrong side go, the new touch is quoted. */
  #move(): void {
    const bid = Math.max(10, this.bestBid + between(this.#random, -3, 3));
    const ask = bid + between(this.#random, 1, 3);
    while (this.bestBid > bid) this.book.set('bids', this.bestBid, undefined);
    while (this.bestAsk < ask) this.book.set('asks', this.bestAsk, undefined);
    for (let tick = this.bestBid + 1; tick < bid; tick++)
      if (this.#random() < 0.5) this.book.set('bids', tick, this.#qty());
    for (let tick = this.bestAsk - 1; tick > ask; tick--)
      if (this.#random() < 0.5) this.book.set('asks', tick, this.#qty());
    if (this.book.get('bids', bid) === undefined) this.book.set('bids', bid, this.#qty());
    if (this.book.get('asks', ask) === undefined) this.book.set('asks', ask, this.#qty());
  }

  /** A few levels near the top get new absolute quantities. */
  #refresh(): void {
    for (const side of ['bids', 'asks'] as const) {
      for (let n = between(this.#random, 1, 2); n > 0; n--) {
        const tick = this.book.at(side, between(this.#random, 0, 19));
        if (tick !== undefined) this.book.set(side, tick, this.#qty());
      }
    }
  }

  /** One trade against the best bid or ask, taking its quantity off that level. */
  #trade(now: number): Trade {
    const buyerMaker = this.#random() < 0.5;
    const side: BookSide = buyerMaker ? 'bids' : 'asks';
    const tick = buyerMaker ? this.bestBid : this.bestAsk;
    const resting = Number(this.book.get(side, tick));
    const qty = Math.max(0.00000001, Math.min(resting / 2, this.#random() * 0.5));
    this.book.set(side, tick, (resting - Number(qty.toFixed(8))).toFixed(8));
    const price = tick * this.book.tickSize;
    const trade = { id: ++this.tradeId, price: this.book.price(tick), qty: qty.toFixed(8), time: now, buyerMaker };
    this.aggId++;
    const s = this.stats;
    s.last = price;
    s.lastQty = trade.qty;
    s.high = Math.max(s.high, price);
    s.low = Math.min(s.low, price);
    s.volume += qty;
    s.quote += qty * price;
    s.count++;
    this.#recent.push({ time: now, price, qty });
    if (this.#recent.length > AVG_TRADES) this.#recent.shift();
    return trade;
  }

  /** Each side keeps DEPTH levels: levels are added beyond the worst one, or the worst ones removed. */
  #keepDepth(): void {
    for (const side of ['bids', 'asks'] as const) {
      const sign = side === 'bids' ? -1 : 1;
      while (this.book.size(side) < DEPTH) {
        const worst = this.book.at(side, this.book.size(side) - 1) as number;
        const tick = worst + sign * between(this.#random, 1, 3);
        if (tick <= 0) break;
        this.book.set(side, tick, this.#qty());
      }
      while (this.book.size(side) > DEPTH + 20) {
        this.book.set(side, this.book.at(side, this.book.size(side) - 1) as number, undefined);
      }
    }
  }

  /** Adds this round's changes to the 1000 ms window (a gap restarts the window's first id). */
  #collect(gapped: boolean): void {
    const { U, changes } = this.round;
    if (!this.#window || gapped) this.#window = { U, changes: noChanges() };
    for (const side of ['bids', 'asks'] as const) {
      for (const [tick, qty] of changes[side]) this.#window.changes[side].set(tick, qty);
    }
  }

  #flush(): Diff | undefined {
    const window = this.#window;
    this.#window = undefined;
    return window && { U: window.U, u: this.updateId, changes: window.changes };
  }
}
