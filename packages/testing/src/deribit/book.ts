/**
 * One instrument's order book: resting orders in price-time priority, aggregated price levels, and the
 * difference between two moments as Deribit's `[action, price, amount]` change entries.
 */

export type Side = 'buy' | 'sell';

/** An order resting on the book (a user's, or the simulated market maker's). */
export interface Resting {
  readonly id: string;
  readonly price: number;
  /** Amount still open. */
  amount: number;
}

/** Aggregated levels of both sides at one moment: price → amount. */
export interface LevelMarks {
  readonly bids: ReadonlyMap<number, number>;
  readonly asks: ReadonlyMap<number, number>;
}

/** One change entry: `['new' | 'change' | 'delete', price, amount]` (`delete` carries 0). */
export type LevelChange = ['new' | 'change' | 'delete', number, number];

/** A book. `bids` best (highest) first, `asks` best (lowest) first; equal prices keep arrival order. */
export interface Book {
  readonly bids: Resting[];
  readonly asks: Resting[];
  add(side: Side, order: Resting): void;
  remove(side: Side, id: string): Resting | undefined;
  /** Aggregated `[price, amount]` levels, best first, at most `depth`. */
  levels(side: Side, depth?: number): Array<[number, number]>;
  mark(): LevelMarks;
  /** What changed since `before`; undefined when nothing did. */
  diff(before: LevelMarks): { bids: LevelChange[]; asks: LevelChange[] } | undefined;
}

/**
 * Creates an empty book.
 *
 * @example
 * const book = createBook();
 * book.add('buy', { id: 'a', price: 100, amount: 10 });
 * book.levels('buy'); // [[100, 10]]
 */
export function createBook(): Book {
  const bids: Resting[] = [];
  const asks: Resting[] = [];
  const sideOf = (side: Side) => (side === 'buy' ? bids : asks);
  const better = (side: Side, a: number, b: number) => (side === 'buy' ? a > b : a < b);

  const aggregate = (side: Side): Map<number, number> => {
    const levels = new Map<number, number>();
    for (const o of sideOf(side)) levels.set(o.price, (levels.get(o.price) ?? 0) + o.amount);
    return levels;
  };

  const changes = (side: Side, before: ReadonlyMap<number, number>): LevelChange[] => {
    const after = aggregate(side);
    const out: LevelChange[] = [];
    for (const [price, amount] of after) {
      const was = before.get(price);
      if (was === undefined) out.push(['new', price, amount]);
      else if (was !== amount) out.push(['change', price, amount]);
    }
    for (const price of before.keys()) if (!after.has(price)) out.push(['delete', price, 0]);
    return out.sort((a, b) => (better(side, a[1], b[1]) ? -1 : 1));
  };

  return {
    bids,
    asks,
    add(side, order) {
      const list = sideOf(side);
      const at = list.findIndex((o) => better(side, order.price, o.price));
      if (at === -1) list.push(order);
      else list.splice(at, 0, order);
    },
    remove(side, id) {
      const list = sideOf(side);
      const at = list.findIndex((o) => o.id === id);
      return at === -1 ? undefined : list.splice(at, 1)[0];
    },
    levels(side, depth = Number.POSITIVE_INFINITY) {
      return [...aggregate(side)].slice(0, depth);
    },
    mark: () => ({ bids: aggregate('buy'), asks: aggregate('sell') }),
    diff(before) {
      const result = { bids: changes('buy', before.bids), asks: changes('sell', before.asks) };
      return result.bids.length + result.asks.length === 0 ? undefined : result;
    },
  };
}
