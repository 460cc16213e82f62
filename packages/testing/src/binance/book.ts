/**
 * One symbol's order book as Binance publishes it: price levels with absolute quantities, prices in whole
 * ticks. Every change goes through `set`, which records it in the open change set (what the next diff carries)
 * and in an undo entry (so the book at an earlier update id can be rebuilt).
 */

/** A `[price, quantity]` pair as Binance sends it (both strings). */
export type Level = [string, string];

/** The side of a book. */
export type BookSide = 'bids' | 'asks';

/** Quantity of a removed level on the wire. */
export const ZERO = '0.00000000';

/** Changes of one side: tick → new quantity (`ZERO` removes the level). */
export type SideChanges = Map<number, string>;

/** Changes of both sides. */
export interface Changes {
  readonly bids: SideChanges;
  readonly asks: SideChanges;
}

/** What a set of changes replaced: tick → the earlier quantity (undefined: the level did not exist). */
export interface Undo {
  readonly bids: Map<number, string | undefined>;
  readonly asks: Map<number, string | undefined>;
}

/** A new, empty change set. */
export const noChanges = (): Changes => ({ bids: new Map(), asks: new Map() });

/** A new, empty undo entry. */
export const noUndo = (): Undo => ({ bids: new Map(), asks: new Map() });

/**
 * Price levels of both sides, best first.
 *
 * @example
 * const book = new LevelBook(0.01);
 * book.set('bids', 6_500_000, '1.00000000');
 * book.top('bids', 1); // [['65000.00000000', '1.00000000']]
 */
export class LevelBook {
  readonly tickSize: number;
  #levels = { bids: new Map<number, string>(), asks: new Map<number, string>() };
  /** Ticks best first: bids descending, asks ascending. */
  #order = { bids: [] as number[], asks: [] as number[] };
  /** Where `set` records changes and what they replaced; replaced by the market every round. */
  changes: Changes = noChanges();
  undo: Undo = noUndo();

  constructor(tickSize: number) {
    this.tickSize = tickSize;
  }

  /** The price text of a tick. */
  price(tick: number): string {
    return (tick * this.tickSize).toFixed(8);
  }

  /** Quantity at a tick, or undefined. */
  get(side: BookSide, tick: number): string | undefined {
    return this.#levels[side].get(tick);
  }

  /** Number of levels on a side. */
  size(side: BookSide): number {
    return this.#order[side].length;
  }

  /** The tick of the `index`-th best level (0: best), or undefined. */
  at(side: BookSide, index: number): number | undefined {
    return this.#order[side][index];
  }

  /** Sets a level's absolute quantity; `ZERO` (or undefined) removes it. Recorded as a change. */
  set(side: BookSide, tick: number, qty: string | undefined): void {
    const levels = this.#levels[side];
    const before = levels.get(tick);
    const removing = qty === undefined || qty === ZERO;
    if (removing && before === undefined) return;
    if (!this.undo[side].has(tick)) this.undo[side].set(tick, before);
    this.changes[side].set(tick, removing ? ZERO : qty);
    this.#put(side, tick, removing ? undefined : qty);
  }

  /** Sets a level without recording it (building the book, or rebuilding an earlier one). */
  #put(side: BookSide, tick: number, qty: string | undefined): void {
    const levels = this.#levels[side];
    const order = this.#order[side];
    const had = levels.has(tick);
    if (qty === undefined) {
      if (!had) return;
      levels.delete(tick);
      order.splice(this.#index(side, tick), 1);
      return;
    }
    levels.set(tick, qty);
    if (had) return;
    const worst = order[order.length - 1];
    if (worst === undefined || (side === 'bids' ? tick < worst : tick > worst)) order.push(tick);
    else order.splice(this.#index(side, tick), 0, tick);
  }

  /** Where `tick` is, or would go, in the side's best-first order (binary search). */
  #index(side: BookSide, tick: number): number {
    const order = this.#order[side];
    const before = side === 'bids' ? (a: number) => a > tick : (a: number) => a < tick;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(order[mid] as number)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The best `n` levels of a side as wire pairs. */
  top(side: BookSide, n: number): Level[] {
    return this.#order[side].slice(0, n).map((tick) => [this.price(tick), this.#levels[side].get(tick) as string]);
  }

  /** A copy without history (for rebuilding the book at an earlier update id). */
  clone(): LevelBook {
    const copy = new LevelBook(this.tickSize);
    for (const side of ['bids', 'asks'] as const) {
      copy.#levels[side] = new Map(this.#levels[side]);
      copy.#order[side] = this.#order[side].slice();
    }
    return copy;
  }

  /** Adds a level beyond the worst one of its side without recording it (building a new book). */
  extend(side: BookSide, tick: number, qty: string): void {
    this.#put(side, tick, qty);
  }

  /** Reverts what an undo entry records (newest entry first when reverting several). */
  revert(undo: Undo): void {
    for (const side of ['bids', 'asks'] as const) for (const [tick, qty] of undo[side]) this.#put(side, tick, qty);
  }
}

/**
 * Change entries of one side as wire pairs, best first.
 *
 * @example
 * wireChanges(book, 'bids', changes.bids); // [['64999.99000000', '0.00000000'], …]
 */
export function wireChanges(book: LevelBook, side: BookSide, changes: SideChanges): Level[] {
  const ticks = [...changes.keys()].sort(side === 'bids' ? (a, b) => b - a : (a, b) => a - b);
  return ticks.map((tick) => [book.price(tick), changes.get(tick) as string]);
}
