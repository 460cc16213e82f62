/**
 * A small matching engine: limit and market orders in price-time priority, the four times-in-force, post-only,
 * cancels, and the order and trade objects Deribit reports. It changes books and tells the publisher about order
 * and trade updates; callers wrap it in `market.mutate` so the book change is published too.
 */
import type { Side } from './book.js';
import type { SimClock } from './envelope.js';
import { type Instrument, markPrice, priceBand, toTick } from './instrument.js';
import type { Publisher } from './publish.js';
import { DeribitFault } from './rpc-error.js';
import type { SimOrder } from './types.js';

/** Who placed an order: an account, over a connection (for cancel-on-disconnect). */
export interface Owner {
  readonly account: string;
  readonly connection: number;
}

/** A validated order request. */
export interface OrderRequest {
  readonly direction: Side;
  readonly amount: number;
  readonly type: 'limit' | 'market' | 'stop_limit' | 'stop_market';
  readonly price?: number | undefined;
  /** Stop orders: the price that triggers them, and which price it watches. */
  readonly triggerPrice?: number | undefined;
  readonly trigger?: 'last_price' | 'mark_price' | 'index_price' | undefined;
  readonly timeInForce: 'good_til_cancelled' | 'good_til_day' | 'fill_or_kill' | 'immediate_or_cancel';
  readonly postOnly: boolean;
  readonly rejectPostOnly: boolean;
  readonly reduceOnly: boolean;
  readonly label: string;
}

/** A user's order and where it lives. */
export interface OrderEntry {
  readonly order: SimOrder;
  readonly owner: Owner;
  readonly inst: Instrument;
}

export interface Engine {
  /** Places an order (`owner` undefined: simulated market flow). Returns the order and the taker's trades. */
  place(inst: Instrument, owner: Owner | undefined, req: OrderRequest): { order: SimOrder; trades: object[] };
  /** Cancels one open order of `account`; throws 10004 (unknown) or 11044 (not open). */
  cancel(orderId: string, account: string, reason: string): SimOrder;
  /** Changes the amount and/or price of an open (or untriggered) order of `account`; it loses its queue place. */
  edit(
    orderId: string,
    account: string,
    amount: number,
    price: number | undefined,
  ): { order: SimOrder; trades: object[] };
  /** Triggers the stop orders of `inst` whose trigger price the market reached; returns how many. */
  triggerStops(inst: Instrument): number;
  /** Cancels the open orders that match; returns them. */
  cancelWhere(match: (entry: OrderEntry) => boolean, reason: string): SimOrder[];
  /** Every user order, oldest first. */
  entries(): OrderEntry[];
}

const TAKER_FEE = 0.0005;

/** Told about every fill of a user's order (before its order and trade notifications go out). */
export type FillListener = (
  owner: Owner,
  inst: Instrument,
  direction: Side,
  amount: number,
  price: number,
  fee: number,
) => void;

const feeOf = (amount: number, price: number): number => Number(((amount / price) * TAKER_FEE).toFixed(8));
const isStop = (req: OrderRequest): boolean => req.type === 'stop_limit' || req.type === 'stop_market';

/**
 * Creates an engine that reports through `publisher`.
 *
 * @example
 * const engine = createEngine(clock, publisher);
 * market.mutate(inst, () => engine.place(inst, owner, request));
 */
export function createEngine(clock: SimClock, publisher: Publisher, onFill: FillListener = () => {}): Engine {
  return new MatchingEngine(clock, publisher, onFill);
}

type PublicTrade = ReturnType<MatchingEngine['trade']>;

/** The engine's state in plain fields (orders, untriggered stops, sequences); one set of methods for all. */
class MatchingEngine implements Engine {
  readonly #clock: SimClock;
  readonly #publisher: Publisher;
  readonly #onFill: FillListener;
  readonly #orders = new Map<string, OrderEntry>();
  /** Untriggered stop orders and the request that placed them. */
  readonly #stops = new Map<string, { entry: OrderEntry; req: OrderRequest }>();
  #orderSeq = 0;
  #tradeSeq = 0;

  constructor(clock: SimClock, publisher: Publisher, onFill: FillListener) {
    this.#clock = clock;
    this.#publisher = publisher;
    this.#onFill = onFill;
  }

  place(inst: Instrument, owner: Owner | undefined, req: OrderRequest): { order: SimOrder; trades: object[] } {
    const limit = limitOf(inst, req);
    const order = this.#newOrder(inst, req, limit);
    const entry = owner ? { order, owner, inst } : undefined;
    if (entry) this.#orders.set(order.order_id, entry);
    if (isStop(req)) {
      if (entry) this.#stops.set(order.order_id, { entry, req });
      if (entry) this.#publisher.order(entry.owner.account, inst, order);
      return { order, trades: [] };
    }
    return this.#execute(inst, entry, order, req, limit);
  }

  edit(
    orderId: string,
    account: string,
    amount: number,
    price: number | undefined,
  ): { order: SimOrder; trades: object[] } {
    const entry = this.#orders.get(orderId);
    if (!entry || entry.owner.account !== account) throw new DeribitFault(10004, { order_id: orderId });
    const { order, inst } = entry;
    if (order.order_state !== 'open' && order.order_state !== 'untriggered') {
      throw new DeribitFault(11044, { order_id: orderId });
    }
    if (amount < order.filled_amount)
      throw new DeribitFault(10021, { param: 'amount', reason: 'below the filled amount' });
    order.amount = amount;
    order.max_show = amount;
    if (price !== undefined && order.price !== 'market_price') order.price = price;
    order.replaced = true;
    order.last_update_timestamp = this.#clock.ms();
    const stop = this.#stops.get(orderId);
    if (stop) {
      this.#stops.set(orderId, { entry, req: { ...stop.req, amount, price: price ?? stop.req.price } });
      this.#publisher.order(account, inst, order);
      return { order, trades: [] };
    }
    inst.book.remove(order.direction, orderId);
    const req: OrderRequest = { ...requestOf(order), amount };
    return this.#execute(inst, entry, order, req, typeof order.price === 'number' ? order.price : limitOf(inst, req));
  }

  triggerStops(inst: Instrument): number {
    let count = 0;
    for (const [id, { entry, req }] of this.#stops) {
      if (entry.inst !== inst || entry.order.order_state !== 'untriggered') continue;
      const watched = req.trigger === 'last_price' || req.trigger === undefined ? inst.last : markPrice(inst);
      const reached =
        req.direction === 'buy' ? watched >= (req.triggerPrice as number) : watched <= (req.triggerPrice as number);
      if (!reached) continue;
      this.#stops.delete(id);
      entry.order.order_state = 'open';
      entry.order.triggered = true;
      entry.order.last_update_timestamp = this.#clock.ms();
      const ioc = {
        ...req,
        timeInForce: req.type === 'stop_market' ? 'immediate_or_cancel' : req.timeInForce,
      } as const;
      this.#execute(
        inst,
        entry,
        entry.order,
        ioc,
        limitOf(inst, { ...ioc, type: req.type === 'stop_market' ? 'market' : 'limit' }),
      );
      count++;
    }
    return count;
  }

  cancel(orderId: string, account: string, reason: string): SimOrder {
    const entry = this.#orders.get(orderId);
    if (!entry || entry.owner.account !== account) throw new DeribitFault(10004, { order_id: orderId });
    const state = entry.order.order_state;
    if (state !== 'open' && state !== 'untriggered') throw new DeribitFault(11044, { order_id: orderId });
    return this.#close(entry, reason);
  }

  cancelWhere(matches: (entry: OrderEntry) => boolean, reason: string): SimOrder[] {
    const live = (e: OrderEntry) => e.order.order_state === 'open' || e.order.order_state === 'untriggered';
    const open = [...this.#orders.values()].filter((e) => live(e) && matches(e));
    return open.map((e) => this.#close(e, reason));
  }

  entries(): OrderEntry[] {
    return [...this.#orders.values()];
  }

  /** A public trade at `price` (moves the instrument's last, high, low, volume and tick direction). */
  trade(inst: Instrument, price: number, amount: number, takerSide: Side) {
    inst.tickDirection = tickOf(inst, price);
    inst.last = price;
    inst.high = Math.max(inst.high, price);
    inst.low = Math.min(inst.low, price);
    inst.volume += amount;
    return {
      trade_seq: ++inst.tradeSeq,
      trade_id: String(++this.#tradeSeq + 200_000_000),
      timestamp: this.#clock.ms(),
      tick_direction: inst.tickDirection,
      price,
      mark_price: price,
      index_price: price,
      instrument_name: inst.name,
      direction: takerSide,
      amount,
    };
  }

  #newOrder(inst: Instrument, req: OrderRequest, price: number): SimOrder {
    const now = this.#clock.ms();
    return {
      order_id: `${inst.currency}-${++this.#orderSeq + 100_000_000}`,
      order_state: 'open',
      order_type: req.type,
      direction: req.direction,
      amount: req.amount,
      filled_amount: 0,
      price: req.type === 'market' || req.type === 'stop_market' ? 'market_price' : price,
      average_price: 0,
      time_in_force: req.timeInForce,
      post_only: req.postOnly,
      reduce_only: req.reduceOnly,
      label: req.label,
      instrument_name: inst.name,
      creation_timestamp: now,
      last_update_timestamp: now,
      max_show: req.amount,
      api: true,
      web: false,
      replaced: false,
      is_liquidation: false,
      is_rebalance: false,
      ...(isStop(req) && {
        order_state: 'untriggered' as const,
        trigger_price: req.triggerPrice,
        trigger: req.trigger ?? 'last_price',
        triggered: false,
      }),
    };
  }

  #fill(order: SimOrder, amount: number, price: number): void {
    const filled = order.filled_amount + amount;
    order.average_price = Number(((order.average_price * order.filled_amount + price * amount) / filled).toFixed(8));
    order.filled_amount = filled;
    order.last_update_timestamp = this.#clock.ms();
    if (filled >= order.amount) order.order_state = 'filled';
  }

  #match(inst: Instrument, req: OrderRequest, limit: number, takerEntry: OrderEntry | undefined) {
    const taker = takerEntry?.order;
    const contra = req.direction === 'buy' ? inst.book.asks : inst.book.bids;
    const publicTrades: PublicTrade[] = [];
    const takerTrades: object[] = [];
    let remaining = req.amount - (taker?.filled_amount ?? 0);
    while (
      remaining > 0 &&
      contra[0] &&
      (req.direction === 'buy' ? contra[0].price <= limit : contra[0].price >= limit)
    ) {
      const maker = contra[0];
      const amount = Math.min(remaining, maker.amount);
      maker.amount -= amount;
      remaining -= amount;
      if (maker.amount === 0) contra.shift();
      const pub = this.trade(inst, maker.price, amount, req.direction);
      publicTrades.push(pub);
      if (taker && takerEntry) {
        this.#fill(taker, amount, maker.price);
        this.#onFill(takerEntry.owner, inst, req.direction, amount, maker.price, feeOf(amount, maker.price));
        takerTrades.push(userTrade(pub, taker, 'T'));
      }
      const made = this.#orders.get(maker.id);
      if (made) {
        this.#fill(made.order, amount, maker.price);
        this.#onFill(made.owner, inst, made.order.direction, amount, maker.price, 0);
        this.#publisher.order(made.owner.account, inst, made.order);
        this.#publisher.userTrades(made.owner.account, inst, [userTrade(pub, made.order, 'M')]);
      }
    }
    if (publicTrades.length > 0) this.#publisher.trades(inst, publicTrades);
    return { remaining, takerTrades };
  }

  #close(entry: OrderEntry, reason: string): SimOrder {
    const { order, inst } = entry;
    inst.book.remove(order.direction, order.order_id);
    this.#stops.delete(order.order_id);
    order.order_state = 'cancelled';
    order.cancel_reason = reason;
    order.last_update_timestamp = this.#clock.ms();
    this.#publisher.order(entry.owner.account, inst, order);
    return order;
  }

  /** Matches an order (new, edited or triggered) and rests what is left, as its time in force says. */
  #execute(
    inst: Instrument,
    entry: OrderEntry | undefined,
    order: SimOrder,
    req: OrderRequest,
    limit: number,
  ): { order: SimOrder; trades: object[] } {
    const ioc = req.type === 'market' || req.type === 'stop_market' || req.timeInForce === 'immediate_or_cancel';
    if (
      req.timeInForce === 'fill_or_kill' &&
      available(inst, req.direction, limit) < req.amount - order.filled_amount
    ) {
      order.order_state = 'cancelled';
      order.cancel_reason = 'fok';
      if (entry) this.#publisher.order(entry.owner.account, inst, order);
      return { order, trades: [] };
    }
    const { remaining, takerTrades } = this.#match(inst, req, limit, entry);
    if (remaining > 0 && !ioc) inst.book.add(req.direction, { id: order.order_id, price: limit, amount: remaining });
    else if (remaining > 0) {
      order.order_state = 'cancelled';
      order.cancel_reason = 'immediate_or_cancel';
    }
    if (entry) {
      this.#publisher.order(entry.owner.account, inst, order);
      if (takerTrades.length > 0) this.#publisher.userTrades(entry.owner.account, inst, takerTrades);
    }
    return { order, trades: takerTrades };
  }
}

/** Deribit's tick direction of a trade at `price`: 0 plus, 1 zero-plus, 2 minus, 3 zero-minus. */
function tickOf(inst: Instrument, price: number): 0 | 1 | 2 | 3 {
  if (price > inst.last) return 0;
  if (price < inst.last) return 2;
  return inst.tickDirection === 0 || inst.tickDirection === 1 ? 1 : 3;
}

/** A public trade as the user's own trade (`M` maker, `T` taker, who pays the fee). */
function userTrade(pub: Record<string, unknown>, order: SimOrder, liquidity: 'M' | 'T') {
  return {
    ...pub,
    direction: order.direction,
    state: order.order_state,
    order_id: order.order_id,
    order_type: order.order_type,
    fee: liquidity === 'T' ? feeOf(pub.amount as number, pub.price as number) : 0,
    fee_currency: order.instrument_name.split(/[-_]/)[0],
    liquidity,
    label: order.label,
    matching_id: null,
    post_only: order.post_only,
    reduce_only: order.reduce_only,
    api: true,
  };
}

/** Limit price of the order as it enters the book (market orders: the edge of the price band). */
function limitOf(inst: Instrument, req: OrderRequest): number {
  const band = priceBand(inst);
  if (req.type === 'market' || req.type === 'stop_market') return req.direction === 'buy' ? band.max : band.min;
  const price = req.price as number;
  const best = (req.direction === 'buy' ? inst.book.asks : inst.book.bids)[0]?.price;
  const crosses = best !== undefined && (req.direction === 'buy' ? price >= best : price <= best);
  if (!req.postOnly || !crosses) return price;
  if (req.rejectPostOnly) throw new DeribitFault(11054);
  return toTick(inst, req.direction === 'buy' ? best - inst.spec.tickSize : best + inst.spec.tickSize);
}

/** How much the book offers against `side` up to `limit` (for fill-or-kill). */
function available(inst: Instrument, side: Side, limit: number): number {
  const contra = side === 'buy' ? inst.book.asks : inst.book.bids;
  return contra
    .filter((o) => (side === 'buy' ? o.price <= limit : o.price >= limit))
    .reduce((sum, o) => sum + o.amount, 0);
}

/** The request an existing order stands for (to match it again after an edit). */
function requestOf(order: SimOrder): OrderRequest {
  return {
    direction: order.direction,
    amount: order.amount,
    type: order.price === 'market_price' ? 'market' : 'limit',
    price: typeof order.price === 'number' ? order.price : undefined,
    timeInForce: order.time_in_force as OrderRequest['timeInForce'],
    postOnly: order.post_only,
    rejectPostOnly: false,
    reduceOnly: order.reduce_only,
    label: order.label,
  };
}
