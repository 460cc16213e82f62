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
  const balances = new Map<string, Map<string, { free: number; locked: number }>>();
  for (const a of accounts) {
    const entries = Object.entries(a.balances ?? DEFAULT_BALANCES).map(
      ([asset, free]) => [asset, { free, locked: 0 }] as const,
    );
    balances.set(a.apiKey, new Map(entries));
  }
  const orders = new Map<number, Order>();
  const listeners = new Map<string, Set<Listener>>();
  let nextOrderId = 1;
  let nextTradeId = 1;

  const assets = (symbol: string): [string, string] => {
    const quote = QUOTES.find((q) => symbol.endsWith(q) && symbol.length > q.length) ?? 'USDT';
    return [symbol.slice(0, -quote.length), quote];
  };
  const wallet = (apiKey: string, asset: string) => {
    const w = balances.get(apiKey) as Map<string, { free: number; locked: number }>;
    const b = w.get(asset) ?? { free: 0, locked: 0 };
    w.set(asset, b);
    return b;
  };
  const emit = (apiKey: string, event: object): void => {
    for (const l of listeners.get(apiKey) ?? []) l(event);
  };
  const view = (o: Order, full = true): Record<string, unknown> => ({
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
  });
  const report = (o: Order, x: string, now: number, last?: { qty: number; price: number; tradeId: number }): void => {
    emit(o.apiKey, {
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
    });
  };
  const position = (apiKey: string, symbol: string, now: number): void => {
    emit(apiKey, {
      e: 'outboundAccountPosition',
      E: now,
      u: now,
      B: assets(symbol).map((a) => ({ a, f: fixed(wallet(apiKey, a).free), l: fixed(wallet(apiKey, a).locked) })),
    });
  };
  const fill = (o: Order, price: number, now: number): void => {
    const [base, quote] = assets(o.symbol);
    const qty = o.origQty - o.executedQty;
    if (o.side === 'BUY') {
      const q = wallet(o.apiKey, quote);
      q.locked -= o.price * qty;
      q.free += (o.price - price) * qty;
      wallet(o.apiKey, base).free += qty;
    } else {
      wallet(o.apiKey, base).locked -= qty;
      wallet(o.apiKey, quote).free += price * qty;
    }
    const tradeId = nextTradeId++;
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
    report(o, 'TRADE', now, { qty, price, tradeId });
    position(o.apiKey, o.symbol, now);
  };
  const release = (o: Order): void => {
    const [base, quote] = assets(o.symbol);
    const left = o.origQty - o.executedQty;
    const b = o.side === 'BUY' ? wallet(o.apiKey, quote) : wallet(o.apiKey, base);
    const amount = o.side === 'BUY' ? left * o.price : left;
    b.locked -= amount;
    b.free += amount;
  };
  const find = (apiKey: string, params: Params): Order => {
    if (typeof params.symbol !== 'string') throw mandatory('symbol');
    const byId = params.orderId === undefined ? undefined : orders.get(Number(params.orderId));
    const o =
      byId ??
      [...orders.values()].find(
        (x) => params.origClientOrderId !== undefined && x.clientOrderId === params.origClientOrderId,
      );
    if (params.orderId === undefined && params.origClientOrderId === undefined) throw mandatory('orderId');
    if (!o || o.apiKey !== apiKey || o.symbol !== params.symbol) throw new BinanceFault(-2013, 'Order does not exist.');
    return o;
  };
  const number = (params: Params, name: string): number => {
    const n = Number(params[name]);
    if (params[name] === undefined || !(n > 0)) throw mandatory(name);
    return n;
  };
  const cancelOne = (o: Order, now: number): object => {
    if (o.status !== 'NEW') throw new BinanceFault(-2011, 'Unknown order sent.');
    release(o);
    o.status = 'CANCELED';
    o.updateTime = now;
    report(o, 'CANCELED', now);
    position(o.apiKey, o.symbol, now);
    return { origClientOrderId: o.clientOrderId, ...view(o) };
  };

  return {
    has: (apiKey) => balances.has(apiKey),
    place(apiKey, params, now) {
      const symbol = params.symbol;
      if (typeof symbol !== 'string') throw mandatory('symbol');
      if (!symbols.includes(symbol)) throw new BinanceFault(-1121, 'Invalid symbol.');
      const side = params.side;
      if (side !== 'BUY' && side !== 'SELL') throw mandatory('side');
      const type = params.type;
      if (type !== 'LIMIT' && type !== 'MARKET' && type !== 'LIMIT_MAKER') {
        throw new BinanceFault(-1116, 'Invalid orderType.');
      }
      const best = market.best(symbol);
      const touch = side === 'BUY' ? best.ask : best.bid;
      const limit = type === 'MARKET' ? touch : number(params, 'price');
      const tif = type === 'LIMIT' ? String(params.timeInForce ?? '') : 'GTC';
      if (type === 'LIMIT' && !['GTC', 'IOC', 'FOK'].includes(tif)) throw mandatory('timeInForce');
      const qty =
        type === 'MARKET' && params.quantity === undefined
          ? number(params, 'quoteOrderQty') / touch
          : number(params, 'quantity');
      const crosses = side === 'BUY' ? touch <= limit : touch >= limit;
      if (type === 'LIMIT_MAKER' && crosses) throw new BinanceFault(-2010, 'Order would immediately match and take.');
      const [base, quote] = assets(symbol);
      const funds = side === 'BUY' ? wallet(apiKey, quote) : wallet(apiKey, base);
      const need = side === 'BUY' ? limit * qty : qty;
      if (funds.free < need) throw new BinanceFault(-2010, 'Account has insufficient balance for requested action.');
      funds.free -= need;
      funds.locked += need;
      const o: Order = {
        apiKey,
        symbol,
        orderId: nextOrderId++,
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
      orders.set(o.orderId, o);
      report(o, 'NEW', now);
      if (crosses) fill(o, touch, now);
      else if (tif !== 'GTC') {
        release(o);
        o.status = 'EXPIRED';
        report(o, 'EXPIRED', now);
      }
      const resp = params.newOrderRespType ?? (type === 'LIMIT_MAKER' ? 'ACK' : 'FULL');
      if (resp === 'ACK') return view(o, false);
      return resp === 'RESULT' ? view(o) : { ...view(o), fills: o.fills };
    },
    cancel: (apiKey, params, now) => cancelOne(find(apiKey, params), now),
    status(apiKey, params) {
      const o = find(apiKey, params);
      const { transactTime, ...rest } = view(o);
      return { ...rest, time: o.time, updateTime: o.updateTime, isWorking: o.status === 'NEW' };
    },
    openOrders(apiKey, params) {
      return [...orders.values()]
        .filter(
          (o) =>
            o.apiKey === apiKey && o.status === 'NEW' && (params.symbol === undefined || o.symbol === params.symbol),
        )
        .map((o) => view(o));
    },
    cancelAll(apiKey, params, now) {
      if (typeof params.symbol !== 'string') throw mandatory('symbol');
      const open = [...orders.values()].filter(
        (o) => o.apiKey === apiKey && o.status === 'NEW' && o.symbol === params.symbol,
      );
      if (open.length === 0) throw new BinanceFault(-2011, 'Unknown order sent.');
      return open.map((o) => cancelOne(o, now));
    },
    account(apiKey, now) {
      const w = balances.get(apiKey) as Map<string, { free: number; locked: number }>;
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
    },
    all: (apiKey) =>
      [...orders.values()]
        .filter((o) => !apiKey || o.apiKey === apiKey)
        .map((o) => ({ ...view(o), updateTime: o.updateTime })),
    match(now) {
      for (const o of orders.values()) {
        if (o.status !== 'NEW') continue;
        const best = market.best(o.symbol);
        if (o.side === 'BUY' ? best.ask <= o.price : best.bid >= o.price) fill(o, o.price, now);
      }
    },
    listen(apiKey, listener) {
      const set = listeners.get(apiKey) ?? new Set();
      listeners.set(apiKey, set.add(listener));
      return () => set.delete(listener);
    },
  };
}
