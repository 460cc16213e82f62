/**
 * A small exchange behind the simulated WebSocket API: balances per account, orders that fill against the
 * generated market (at once when they cross the spread, later when the price walks through a resting limit),
 * and the user-data events that go with them (`executionReport`, `outboundAccountPosition`).
 */
import { BinanceFault, mandatory } from './fault.js';
import type { Market } from './market.js';
import type { BinanceSimulatorAccount } from './types.js';

/** An order, as the exchange keeps it. */
interface Order {
  apiKey: string;
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: 'BUY' | 'SELL';
  type: string;
  timeInForce: string;
  price: number;
  origQty: number;
  executedQty: number;
  quote: number;
  status: string;
  time: number;
  updateTime: number;
  fills: Array<{ price: string; qty: string; commission: string; commissionAsset: string; tradeId: number }>;
}

type Params = Record<string, unknown>;
type Listener = (event: object) => void;

/** See the file comment. */
export interface Exchange {
  has(apiKey: string): boolean;
  place(apiKey: string, params: Params, now: number): object;
  cancel(apiKey: string, params: Params, now: number): object;
  status(apiKey: string, params: Params): object;
  openOrders(apiKey: string, params: Params): object[];
  cancelAll(apiKey: string, params: Params, now: number): object[];
  account(apiKey: string, now: number): object;
  /** Every order in any state (of one account when given), as `order.status` shows it. */
  all(apiKey?: string): object[];
  /** Fills resting orders the market has walked through. */
  match(now: number): void;
  /** Receives the account's user-data events; returns the unsubscribe function. */
  listen(apiKey: string, listener: Listener): () => void;
}

const QUOTES = ['USDT', 'USDC', 'FDUSD', 'BTC', 'ETH', 'BNB', 'EUR'];
const DEFAULT_BALANCES: Record<string, number> = { BTC: 100, ETH: 1000, BNB: 10_000, USDT: 1_000_000 };
const fixed = (n: number): string => n.toFixed(8);

/**
 * Creates the exchange.
 *
 * @example
 * const exchange = createExchange(accounts, ['BTCUSDT'], market);
 */
export function createExchange(
  accounts: readonly BinanceSimulatorAccount[],
  symbols: readonly string[],
  market: Market,
): Exchange {
  return new SimExchange(accounts, symbols, market);
}

type Balance = { free: number; locked: number };

/** The exchange's state in plain fields; one set of methods for every simulator. */
class SimExchange implements Exchange {
  readonly #symbols: readonly string[];
  readonly #market: Market;
  readonly #balances = new Map<string, Map<string, Balance>>();
  readonly #orders = new Map<number, Order>();
  readonly #listeners = new Map<string, Set<Listener>>();
  #nextOrderId = 1;
  #nextTradeId = 1;

  constructor(accounts: readonly BinanceSimulatorAccount[], symbols: readonly string[], market: Market) {
    this.#symbols = symbols;
    this.#market = market;
    for (const a of accounts) {
      const entries = Object.entries(a.balances ?? DEFAULT_BALANCES).map(
        ([asset, free]) => [asset, { free, locked: 0 }] as const,
      );
      this.#balances.set(a.apiKey, new Map(entries));
    }
  }

  has(apiKey: string): boolean {
    return this.#balances.has(apiKey);
  }

  place(apiKey: string, params: Params, now: number): object {
    const symbol = params.symbol;
    if (typeof symbol !== 'string') throw mandatory('symbol');
    if (!this.#symbols.includes(symbol)) throw new BinanceFault(-1121, 'Invalid symbol.');
    const side = params.side;
    if (side !== 'BUY' && side !== 'SELL') throw mandatory('side');
    const type = params.type;
    if (type !== 'LIMIT' && type !== 'MARKET' && type !== 'LIMIT_MAKER') {
      throw new BinanceFault(-1116, 'Invalid orderType.');
    }
    const best = this.#market.best(symbol);
    const touch = side === 'BUY' ? best.ask : best.bid;
    const limit = type === 'MARKET' ? touch : positive(params, 'price');
    const tif = type === 'LIMIT' ? String(params.timeInForce ?? '') : 'GTC';
    if (type === 'LIMIT' && !['GTC', 'IOC', 'FOK'].includes(tif)) throw mandatory('timeInForce');
    const qty =
      type === 'MARKET' && params.quantity === undefined
        ? positive(params, 'quoteOrderQty') / touch
        : positive(params, 'quantity');
    const crosses = side === 'BUY' ? touch <= limit : touch >= limit;
    if (type === 'LIMIT_MAKER' && crosses) throw new BinanceFault(-2010, 'Order would immediately match and take.');
    const [base, quote] = assets(symbol);
    const funds = side === 'BUY' ? this.#wallet(apiKey, quote) : this.#wallet(apiKey, base);
    const need = side === 'BUY' ? limit * qty : qty;
    if (funds.free < need) throw new BinanceFault(-2010, 'Account has insufficient balance for requested action.');
    funds.free -= need;
    funds.locked += need;
    const o: Order = {
      apiKey,
      symbol,
      orderId: this.#nextOrderId++,
      clientOrderId: String(params.newClientOrderId ?? `sim${Math.random().toString(36).slice(2, 14)}`),
      side,
      type,
      timeInForce: tif,
      price: limit,
      origQty: qty,
      executedQty: 0,
      quote: 0,
      status: 'NEW',
      time: now,
      updateTime: now,
      fills: [],
    };
    this.#orders.set(o.orderId, o);
    this.#report(o, 'NEW', now);
    if (crosses) this.#fill(o, touch, now);
    else if (tif !== 'GTC') {
      this.#release(o);
      o.status = 'EXPIRED';
      this.#report(o, 'EXPIRED', now);
    }
    const resp = params.newOrderRespType ?? (type === 'LIMIT_MAKER' ? 'ACK' : 'FULL');
    if (resp === 'ACK') return view(o, false);
    return resp === 'RESULT' ? view(o) : { ...view(o), fills: o.fills };
  }

  cancel(apiKey: string, params: Params, now: number): object {
    return this.#cancelOne(this.#find(apiKey, params), now);
  }

  status(apiKey: string, params: Params): object {
    const o = this.#find(apiKey, params);
    const { transactTime, ...rest } = view(o);
    return { ...rest, time: o.time, updateTime: o.updateTime, isWorking: o.status === 'NEW' };
  }

  openOrders(apiKey: string, params: Params): object[] {
    return [...this.#orders.values()]
      .filter(
        (o) => o.apiKey === apiKey && o.status === 'NEW' && (params.symbol === undefined || o.symbol === params.symbol),
      )
      .map((o) => view(o));
  }

  cancelAll(apiKey: string, params: Params, now: number): object[] {
    if (typeof params.symbol !== 'string') throw mandatory('symbol');
    const open = [...this.#orders.values()].filter(
      (o) => o.apiKey === apiKey && o.status === 'NEW' && o.symbol === params.symbol,
    );
    if (open.length === 0) throw new BinanceFault(-2011, 'Unknown order sent.');
    return open.map((o) => this.#cancelOne(o, now));
  }

  account(apiKey: string, now: number): object {
    const w = this.#balances.get(apiKey) as Map<string, Balance>;
    return {
      makerCommission: 0,
      takerCommission: 0,
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      updateTime: now,
      accountType: 'SPOT',
      balances: [...w].map(([asset, b]) => ({ asset, free: fixed(b.free), locked: fixed(b.locked) })),
      permissions: ['SPOT'],
    };
  }

  all(apiKey?: string): object[] {
    return [...this.#orders.values()]
      .filter((o) => !apiKey || o.apiKey === apiKey)
      .map((o) => ({ ...view(o), updateTime: o.updateTime }));
  }

  match(now: number): void {
    for (const o of this.#orders.values()) {
      if (o.status !== 'NEW') continue;
      const best = this.#market.best(o.symbol);
      if (o.side === 'BUY' ? best.ask <= o.price : best.bid >= o.price) this.#fill(o, o.price, now);
    }
  }

  listen(apiKey: string, listener: Listener): () => void {
    const set = this.#listeners.get(apiKey) ?? new Set();
    this.#listeners.set(apiKey, set.add(listener));
    return () => set.delete(listener);
  }

  #wallet(apiKey: string, asset: string): Balance {
    const w = this.#balances.get(apiKey) as Map<string, Balance>;
    const b = w.get(asset) ?? { free: 0, locked: 0 };
    w.set(asset, b);
    return b;
  }

  #emit(apiKey: string, event: object): void {
    for (const l of this.#listeners.get(apiKey) ?? []) l(event);
  }

  #report(o: Order, x: string, now: number, last?: Trade): void {
    this.#emit(o.apiKey, executionReport(o, x, now, last));
  }

  #position(apiKey: string, symbol: string, now: number): void {
    this.#emit(apiKey, {
      e: 'outboundAccountPosition',
      E: now,
      u: now,
      B: assets(symbol).map((a) => {
        const b = this.#wallet(apiKey, a);
        return { a, f: fixed(b.free), l: fixed(b.locked) };
      }),
    });
  }

  #fill(o: Order, price: number, now: number): void {
    const [base, quote] = assets(o.symbol);
    const qty = o.origQty - o.executedQty;
    if (o.side === 'BUY') {
      const q = this.#wallet(o.apiKey, quote);
      q.locked -= o.price * qty;
      q.free += (o.price - price) * qty;
      this.#wallet(o.apiKey, base).free += qty;
    } else {
      this.#wallet(o.apiKey, base).locked -= qty;
      this.#wallet(o.apiKey, quote).free += price * qty;
    }
    const tradeId = this.#nextTradeId++;
    o.executedQty = o.origQty;
    o.quote += price * qty;
    o.status = 'FILLED';
    o.updateTime = now;
    o.fills.push({
      price: fixed(price),
      qty: fixed(qty),
      commission: fixed(0),
      commissionAsset: o.side === 'BUY' ? base : quote,
      tradeId,
    });
    this.#report(o, 'TRADE', now, { qty, price, tradeId });
    this.#position(o.apiKey, o.symbol, now);
  }

  #release(o: Order): void {
    const [base, quote] = assets(o.symbol);
    const left = o.origQty - o.executedQty;
    const b = o.side === 'BUY' ? this.#wallet(o.apiKey, quote) : this.#wallet(o.apiKey, base);
    const amount = o.side === 'BUY' ? left * o.price : left;
    b.locked -= amount;
    b.free += amount;
  }

  #find(apiKey: string, params: Params): Order {
    if (typeof params.symbol !== 'string') throw mandatory('symbol');
    const byId = params.orderId === undefined ? undefined : this.#orders.get(Number(params.orderId));
    const o =
      byId ??
      [...this.#orders.values()].find(
        (x) => params.origClientOrderId !== undefined && x.clientOrderId === params.origClientOrderId,
      );
    if (params.orderId === undefined && params.origClientOrderId === undefined) throw mandatory('orderId');
    if (!o || o.apiKey !== apiKey || o.symbol !== params.symbol) throw new BinanceFault(-2013, 'Order does not exist.');
    return o;
  }

  #cancelOne(o: Order, now: number): object {
    if (o.status !== 'NEW') throw new BinanceFault(-2011, 'Unknown order sent.');
    this.#release(o);
    o.status = 'CANCELED';
    o.updateTime = now;
    this.#report(o, 'CANCELED', now);
    this.#position(o.apiKey, o.symbol, now);
    return { origClientOrderId: o.clientOrderId, ...view(o) };
  }
}

type Trade = { qty: number; price: number; tradeId: number };

/** Base and quote asset of a symbol (`BTCUSDT` → `BTC`, `USDT`). */
function assets(symbol: string): [string, string] {
  const quote = QUOTES.find((q) => symbol.endsWith(q) && symbol.length > q.length) ?? 'USDT';
  return [symbol.slice(0, -quote.length), quote];
}

/** A required number parameter > 0, else Binance's mandatory-parameter fault. */
function positive(params: Params, name: string): number {
  const n = Number(params[name]);
  if (params[name] === undefined || !(n > 0)) throw mandatory(name);
  return n;
}

/** An order as the API shows it (`full: false` is the ACK response). */
function view(o: Order, full = true): Record<string, unknown> {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    transactTime: o.updateTime,
    ...(full && {
      price: fixed(o.price),
      origQty: fixed(o.origQty),
      executedQty: fixed(o.executedQty),
      origQuoteOrderQty: fixed(0),
      cummulativeQuoteQty: fixed(o.quote),
      status: o.status,
      timeInForce: o.timeInForce,
      type: o.type,
      side: o.side,
      workingTime: o.time,
      selfTradePreventionMode: 'EXPIRE_MAKER',
    }),
  };
}

/** The user-data `executionReport` event for an order's change `x` (with the trade, for `TRADE`). */
function executionReport(o: Order, x: string, now: number, last: Trade | undefined): object {
  return {
    e: 'executionReport',
    E: now,
    s: o.symbol,
    c: o.clientOrderId,
    S: o.side,
    o: o.type,
    f: o.timeInForce,
    q: fixed(o.origQty),
    p: fixed(o.price),
    P: fixed(0),
    F: fixed(0),
    g: -1,
    C: '',
    x,
    X: o.status,
    r: 'NONE',
    i: o.orderId,
    l: fixed(last?.qty ?? 0),
    z: fixed(o.executedQty),
    L: fixed(last?.price ?? 0),
    n: '0',
    N: null,
    T: now,
    t: last?.tradeId ?? -1,
    I: o.orderId * 2,
    w: o.status === 'NEW',
    m: false,
    M: last !== undefined,
    O: o.time,
    Z: fixed(o.quote),
    Y: fixed((last?.qty ?? 0) * (last?.price ?? 0)),
    Q: fixed(0),
    W: o.time,
    V: 'EXPIRE_MAKER',
  };
}
