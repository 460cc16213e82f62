/**
 * The simulated matching of `/v5/trade`: create, amend and cancel with Bybit's reply codes, a per-account order
 * rate limit, fills taken level by level from the symbol's book (a limit order up to its price, the rest resting;
 * a market order's unfilled rest cancelled), resting orders filled at their price when the book crosses them
 * (`match`), and the private `order` / `execution` / `position` / `wallet` updates each change causes. The same
 * code runs the simulator and the in-process paper engine (`@zen-websocket/testing/paper`).
 */
import { BybitLedger, num } from './ledger.js';
import type { BybitSimulatorOrder } from './types.js';

/** Private updates to push: topic → rows. */
export type PrivateUpdates = Array<{ topic: 'order' | 'execution' | 'position' | 'wallet'; data: unknown[] }>;

/** A trade op's outcome: Bybit's retCode/retMsg, its data, and the private updates to push (topic → rows). */
export interface OrderOutcome {
  retCode: number;
  retMsg: string;
  data: Record<string, unknown>;
  updates: PrivateUpdates;
}

/** The book the orders trade against: price levels in integer ticks → size (the simulator's or a live one). */
export interface MatchMarket {
  readonly symbol: string;
  readonly bids: Map<number, number>;
  readonly asks: Map<number, number>;
  ticks(price: string | number): number;
  price(ticks: number): string;
}

const fail = (retCode: number, retMsg: string): OrderOutcome => ({ retCode, retMsg, data: {}, updates: [] });
const OPEN = new Set<string>(['New', 'PartiallyFilled']);
const best = (side: Map<number, number>, high: boolean): number =>
  side.size === 0 ? Number.NaN : high ? Math.max(...side.keys()) : Math.min(...side.keys());

/** The mid of a book (NaN while a side is empty). */
export const midOf = (m: MatchMarket): number =>
  (Number(m.price(best(m.bids, true))) + Number(m.price(best(m.asks, false)))) / 2;

/** Orders of every account, their fills, positions and wallets, and the rate counter. */
export class OrderBookkeeper {
  readonly orders = new Map<string, BybitSimulatorOrder>();
  readonly ledger: BybitLedger;
  readonly #markets: Map<string, MatchMarket>;
  readonly #limit: number;
  readonly #sent = new Map<string, number[]>();
  #ids = 0;
  #execs = 0;

  constructor(markets: Map<string, MatchMarket>, limit: number, ledger = new BybitLedger()) {
    this.#markets = markets;
    this.#limit = limit;
    this.ledger = ledger;
  }

  open(apiKey?: string): BybitSimulatorOrder[] {
    return [...this.orders.values()].filter(
      (o) => (apiKey === undefined || o.apiKey === apiKey) && OPEN.has(o.orderStatus),
    );
  }

  /** The mark of `symbol`: its book's mid. */
  mark(symbol: string): number {
    const m = this.#markets.get(symbol);
    return m ? midOf(m) : Number.NaN;
  }

  /** Runs one trade op for `apiKey`. */
  run(apiKey: string, op: string, args: Record<string, unknown>, now: number): OrderOutcome {
    const times = (this.#sent.get(apiKey) ?? []).filter((t) => t > now - 1000);
    if (times.length >= this.#limit) return fail(10006, 'Too many visits. Exceeded the API Rate Limit.');
    times.push(now);
    this.#sent.set(apiKey, times);
    if (op === 'order.create') return this.#create(apiKey, args, now);
    const order = this.#find(apiKey, args);
    if (!order) return fail(110001, 'order not exists or too late to cancel');
    if (op === 'order.cancel') {
      order.orderStatus = 'Cancelled';
      return this.#ok(order, [{ topic: 'order', data: [view(order, now)] }]);
    }
    if (args.qty !== undefined) order.qty = String(args.qty);
    if (args.price !== undefined) order.price = String(args.price);
    const updates: PrivateUpdates = [];
    const market = this.#markets.get(order.symbol);
    if (market) this.#fill(order, market, Number(order.price), now, updates);
    updates.unshift({ topic: 'order', data: [view(order, now)] });
    return this.#ok(order, updates);
  }

  /** Cancels every open order of `apiKey` (disconnect-cancel); returns how many. */
  cancelAll(apiKey: string): number {
    const open = this.open(apiKey);
    for (const o of open) o.orderStatus = 'Cancelled';
    return open.length;
  }

  /**
   * Fills the resting orders of `symbol` its book now crosses, oldest first, at their own price, taking the
   * crossing levels; returns the updates per account.
   */
  match(symbol: string, now: number): Map<string, PrivateUpdates> {
    const market = this.#markets.get(symbol);
    const out = new Map<string, PrivateUpdates>();
    if (!market) return out;
    for (const order of this.open()) {
      if (order.symbol !== symbol) continue;
      const updates: PrivateUpdates = [];
      this.#fill(order, market, Number(order.price), now, updates);
      if (updates.length === 0) continue;
      const all = out.get(order.apiKey) ?? [];
      all.push({ topic: 'order', data: [view(order, now)] }, ...updates);
      out.set(order.apiKey, all);
    }
    return out;
  }

  #create(apiKey: string, a: Record<string, unknown>, now: number): OrderOutcome {
    const market = this.#markets.get(String(a.symbol));
    if (!market) return fail(10001, `params error: symbol invalid`);
    if (a.side !== 'Buy' && a.side !== 'Sell') return fail(10001, 'params error: side invalid');
    if (a.orderType !== 'Limit' && a.orderType !== 'Market') return fail(10001, 'params error: orderType invalid');
    if (!(Number(a.qty) > 0)) return fail(10001, 'params error: qty invalid');
    if (a.orderType === 'Limit' && !(Number(a.price) > 0)) return fail(10001, 'params error: price invalid');
    const link = typeof a.orderLinkId === 'string' ? a.orderLinkId : '';
    if (link && [...this.orders.values()].some((o) => o.apiKey === apiKey && o.orderLinkId === link))
      return fail(110072, 'OrderLinkedID is duplicate');
    const buy = a.side === 'Buy';
    const top = best(buy ? market.asks : market.bids, !buy);
    const order: BybitSimulatorOrder = {
      orderId: `sim-${++this.#ids}`,
      orderLinkId: link,
      apiKey,
      category: String(a.category ?? 'linear'),
      symbol: market.symbol,
      side: a.side,
      orderType: a.orderType,
      price: a.orderType === 'Market' ? (Number.isNaN(top) ? '0' : market.price(top)) : String(a.price),
      qty: String(a.qty),
      cumExecQty: '0',
      avgPrice: '0',
      orderStatus: 'New',
    };
    this.orders.set(order.orderId, order);
    const updates: PrivateUpdates = [];
    const limit = a.orderType === 'Market' ? (buy ? Number.POSITIVE_INFINITY : 0) : Number(a.price);
    this.#fill(order, market, limit, now, updates, true);
    if (a.orderType === 'Market' && OPEN.has(order.orderStatus))
      order.orderStatus = order.cumExecQty === '0' ? 'Cancelled' : 'PartiallyFilledCanceled';
    updates.unshift({ topic: 'order', data: [view(order, now)] });
    return this.#ok(order, updates);
  }

  /**
   * Takes `order`'s open quantity from the contra levels priced at `limit` or better, best first (the taker's
   * fills at each level's price; a resting order's at its own), then books the fills.
   */
  #fill(
    order: BybitSimulatorOrder,
    market: MatchMarket,
    limit: number,
    now: number,
    updates: PrivateUpdates,
    taker = false,
  ): void {
    const buy = order.side === 'Buy';
    const contra = buy ? market.asks : market.bids;
    let left = Number(order.qty) - Number(order.cumExecQty);
    const rows: unknown[] = [];
    while (left > 1e-12 && contra.size > 0) {
      const at = best(contra, !buy);
      const price = Number(market.price(at));
      if (buy ? price > limit : price < limit) break;
      const size = contra.get(at) ?? 0;
      const qty = Math.min(left, size);
      if (size - qty <= 1e-12) contra.delete(at);
      else contra.set(at, Math.round((size - qty) * 1e8) / 1e8);
      left = Math.round((left - qty) * 1e8) / 1e8;
      const execPrice = taker ? price : Number(order.price);
      const before = Number(order.cumExecQty);
      const filled = before + qty;
      order.avgPrice = num((Number(order.avgPrice) * before + execPrice * qty) / filled);
      order.cumExecQty = num(filled);
      rows.push({
        category: order.category,
        symbol: order.symbol,
        orderId: order.orderId,
        orderLinkId: order.orderLinkId,
        side: order.side,
        orderPrice: order.price,
        orderQty: order.qty,
        leavesQty: num(left),
        orderType: order.orderType,
        execId: `exec-${++this.#execs}`,
        execPrice: market.price(market.ticks(execPrice)),
        execQty: num(qty),
        execFee: '0',
        execType: 'Trade',
        isMaker: !taker,
        execTime: String(now),
      });
      const mark = midOf(market);
      const fill = { ...order, qty, price: execPrice, mark: Number.isNaN(mark) ? execPrice : mark, now };
      for (const u of this.ledger.fill(fill)) merge(updates, u);
    }
    if (rows.length === 0) return;
    order.orderStatus = left > 1e-12 ? 'PartiallyFilled' : 'Filled';
    updates.unshift({ topic: 'execution', data: rows });
  }

  #find(apiKey: string, a: Record<string, unknown>): BybitSimulatorOrder | undefined {
    const open = this.open(apiKey);
    if (typeof a.orderId === 'string') return open.find((o) => o.orderId === a.orderId);
    if (typeof a.orderLinkId === 'string') return open.find((o) => o.orderLinkId === a.orderLinkId);
    return undefined;
  }

  #ok(order: BybitSimulatorOrder, updates: PrivateUpdates): OrderOutcome {
    return { retCode: 0, retMsg: 'OK', data: { orderId: order.orderId, orderLinkId: order.orderLinkId }, updates };
  }
}

/** Keeps the last row of a topic (several fills of one order push one position and one wallet row). */
function merge(updates: PrivateUpdates, u: PrivateUpdates[number]): void {
  const i = updates.findIndex((x) => x.topic === u.topic);
  if (i >= 0) updates.splice(i, 1);
  updates.push(u);
}

/** An order as the private `order` topic shows it (no apiKey). */
export function view(o: BybitSimulatorOrder, now: number): Record<string, unknown> {
  const { apiKey: _key, ...rest } = o;
  return {
    ...rest,
    leavesQty: num(OPEN.has(o.orderStatus) ? Number(o.qty) - Number(o.cumExecQty) : 0),
    updatedTime: String(now),
  };
}
