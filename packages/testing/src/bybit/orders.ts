/**
 * The simulated matching of `/v5/trade`: create, amend and cancel with Bybit's reply codes, a per-account order
 * rate limit, and the private `order` / `execution` / `position` / `wallet` updates each change causes.
 */
import type { SymbolMarket } from './market.js';
import type { BybitSimulatorOrder } from './types.js';

/** A trade op's outcome: Bybit's retCode/retMsg, its data, and the private updates to push (topic → rows). */
export interface OrderOutcome {
  retCode: number;
  retMsg: string;
  data: Record<string, unknown>;
  updates: Array<{ topic: 'order' | 'execution' | 'position' | 'wallet'; data: unknown[] }>;
}

const fail = (retCode: number, retMsg: string): OrderOutcome => ({ retCode, retMsg, data: {}, updates: [] });

/** Orders of every account, and the rate counter. */
export class OrderBookkeeper {
  readonly orders = new Map<string, BybitSimulatorOrder>();
  readonly #markets: Map<string, SymbolMarket>;
  readonly #limit: number;
  readonly #sent = new Map<string, number[]>();
  #ids = 0;

  constructor(markets: Map<string, SymbolMarket>, limit: number) {
    this.#markets = markets;
    this.#limit = limit;
  }

  open(apiKey?: string): BybitSimulatorOrder[] {
    return [...this.orders.values()].filter(
      (o) =>
        (apiKey === undefined || o.apiKey === apiKey) &&
        (o.orderStatus === 'New' || o.orderStatus === 'PartiallyFilled'),
    );
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
    return this.#ok(order, [{ topic: 'order', data: [view(order, now)] }]);
  }

  /** Cancels every open order of `apiKey` (disconnect-cancel); returns how many. */
  cancelAll(apiKey: string): number {
    const open = this.open(apiKey);
    for (const o of open) o.orderStatus = 'Cancelled';
    return open.length;
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
    const best = a.side === 'Buy' ? market.bestAsk() : market.bestBid();
    const crosses =
      a.orderType === 'Market' ||
      (a.side === 'Buy' ? market.ticks(String(a.price)) >= best : market.ticks(String(a.price)) <= best);
    const order: BybitSimulatorOrder = {
      orderId: `sim-${++this.#ids}`,
      orderLinkId: link,
      apiKey,
      category: String(a.category ?? 'linear'),
      symbol: market.symbol,
      side: a.side,
      orderType: a.orderType,
      price: a.orderType === 'Market' ? market.price(best) : String(a.price),
      qty: String(a.qty),
      cumExecQty: crosses ? String(a.qty) : '0',
      orderStatus: crosses ? 'Filled' : 'New',
    };
    this.orders.set(order.orderId, order);
    const updates: OrderOutcome['updates'] = [{ topic: 'order', data: [view(order, now)] }];
    if (crosses) {
      const fill = { symbol: order.symbol, orderId: order.orderId, orderLinkId: link, side: order.side };
      updates.push({
        topic: 'execution',
        data: [{ ...fill, execPrice: order.price, execQty: order.qty, execTime: String(now) }],
      });
      updates.push({
        topic: 'position',
        data: [{ symbol: order.symbol, side: order.side, size: order.qty, updatedTime: String(now) }],
      });
      updates.push({ topic: 'wallet', data: [{ accountType: 'UNIFIED', updatedTime: String(now) }] });
    }
    return this.#ok(order, updates);
  }

  #find(apiKey: string, a: Record<string, unknown>): BybitSimulatorOrder | undefined {
    const open = this.open(apiKey);
    if (typeof a.orderId === 'string') return open.find((o) => o.orderId === a.orderId);
    if (typeof a.orderLinkId === 'string') return open.find((o) => o.orderLinkId === a.orderLinkId);
    return undefined;
  }

  #ok(order: BybitSimulatorOrder, updates: OrderOutcome['updates']): OrderOutcome {
    return { retCode: 0, retMsg: 'OK', data: { orderId: order.orderId, orderLinkId: order.orderLinkId }, updates };
  }
}

/** An order as the private `order` topic shows it (no apiKey). */
function view(o: BybitSimulatorOrder, now: number): Record<string, unknown> {
  const { apiKey: _key, ...rest } = o;
  return { ...rest, updatedTime: String(now) };
}
