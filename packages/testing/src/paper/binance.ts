/**
 * Binance paper trading: the Binance simulator's exchange (balances, orders, fills, user-data events) running
 * in-process, reading each symbol's touch from the live market instead of the simulated one. The Binance
 * adapter loads this module only when `paper` is on.
 */
import { checkKeys } from '@zen-websocket/core/internal';
import { createExchange, type Exchange } from '../binance/exchange.js';
import { BinanceFault } from '../binance/fault.js';
import type { Market } from '../binance/market.js';
import { cancelReplace } from './binance-replace.js';

/** Options of a Binance paper engine (the adapter's `paper: { … }`, less the feed). */
export interface BinancePaperEngineOptions {
  /** Starting free balance per asset (default the simulator's: 100 BTC, 1000 ETH, 10000 BNB, 1000000 USDT). */
  balances?: Record<string, number> | undefined;
}

/** A refusal, shaped like the `error` member of a Binance reply, with the reply's `status`. */
export interface BinancePaperRefusal {
  code: number;
  msg: string;
  status: number;
  data?: object | undefined;
}

/** A live touch as `<symbol>@bookTicker` sends it (`b`/`a` prices, `u` its update id). */
export interface BinanceTouch {
  u?: number | undefined;
  b: string;
  a: string;
}

/** The engine the adapter drives. */
export interface BinancePaperEngine {
  /** Whether `method` is private (`order.*`, `openOrders.*`, `account.*`, `userDataStream.*`, `session.*`, …). */
  handles(method: string): boolean;
  /** Answers a private method: `{ result }` or `{ error }`, as Binance would (a `v3/` prefix is allowed). */
  request(
    method: string,
    params: Record<string, unknown> | undefined,
  ): { result: unknown } | { error: BinancePaperRefusal };
  /** The symbol whose live touch a request needs before it can be answered (orders), else undefined. */
  symbolOf(method: string, params: Record<string, unknown> | undefined): string | undefined;
  /** Feeds one live touch of `symbol`; resting orders it crosses fill at their price. Older `u`s are ignored. */
  feedTouch(symbol: string, touch: BinanceTouch): void;
  /** Whether a live touch of `symbol` has arrived. */
  hasBook(symbol: string): boolean;
  /** Receives user data as the venue frames it: `{ subscriptionId, event }`. */
  onEvent(handler: (message: { subscriptionId: number; event: object }) => void): void;
  /** Ends every user-data subscription (without `eventStreamTerminated`: the connection is gone). */
  reset(): void;
}

const ACCOUNT = 'paper';
/** Private methods of the Binance Spot WebSocket API (the rest are public and go to the venue). */
const PRIVATE =
  /^(v3\/)?(order\.|orderList\.|sor\.|openOrders?\.|openOrderLists\.|allOrders|allOrderLists|myTrades|myPreventedMatches|myAllocations|account\.|session\.|userDataStream\.)/;

/**
 * Creates a paper engine. Deterministic: the same requests over the same touches give the same orders, ids
 * and fills (timestamps aside); client order ids default to `paper1`, `paper2`…
 *
 * @example
 * const engine = createBinancePaperEngine({ balances: { USDT: 10_000 } });
 * engine.feedTouch('BTCUSDT', { b: '65000.00', a: '65000.01' });
 * engine.request('order.place', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' });
 */
export function createBinancePaperEngine(options: BinancePaperEngineOptions = {}): BinancePaperEngine {
  checkKeys('paper', options, ['balances']);
  const touches = new Map<string, { bid: number; ask: number; u: number }>();
  const symbols: string[] = []; // the exchange trades what has a live touch
  const market = {
    best(symbol: string) {
      const t = touches.get(symbol);
      if (!t) throw new BinanceFault(-1121, 'Invalid symbol.');
      return t;
    },
  } as unknown as Market; // the exchange reads only best()
  const exchange: Exchange = createExchange([{ apiKey: ACCOUNT, balances: options.balances }], symbols, market);
  let deliver: (message: { subscriptionId: number; event: object }) => void = () => {};
  const subscriptions = new Map<number, () => void>();
  let nextSubscription = 0;
  let nextClientId = 1;
  let sessionSince: number | null = null;

  const session = (now: number) => ({
    apiKey: sessionSince === null ? null : ACCOUNT,
    authorizedSince: sessionSince,
    connectedSince: now,
    returnRateLimits: false,
    serverTime: now,
    userDataStream: subscriptions.size > 0,
  });
  const place = (params: Record<string, unknown>, now: number) =>
    exchange.place(ACCOUNT, { ...params, newClientOrderId: params.newClientOrderId ?? `paper${nextClientId++}` }, now);

  const run = (method: string, params: Record<string, unknown>, now: number): unknown => {
    switch (method) {
      case 'order.place':
        return place(params, now);
      case 'order.cancel':
        return exchange.cancel(ACCOUNT, params, now);
      case 'order.status':
        return exchange.status(ACCOUNT, params);
      case 'order.cancelReplace':
        return cancelReplace(params, {
          cancel: () => exchange.cancel(ACCOUNT, cancelRef(params), now),
          place: () => place(newOrder(params), now),
        });
      case 'openOrders.status':
        return exchange.openOrders(ACCOUNT, params);
      case 'openOrders.cancelAll':
        return exchange.cancelAll(ACCOUNT, params, now);
      case 'account.status': {
        const account = exchange.account(ACCOUNT, now) as { balances: Array<{ free: string; locked: string }> };
        if (params.omitZeroBalances !== true) return account;
        return { ...account, balances: account.balances.filter((b) => Number(b.free) + Number(b.locked) > 0) };
      }
      case 'userDataStream.subscribe':
      case 'userDataStream.subscribe.signature': {
        const subscriptionId = nextSubscription++;
        subscriptions.set(
          subscriptionId,
          exchange.listen(ACCOUNT, (event) => deliver({ subscriptionId, event })),
        );
        return { subscriptionId };
      }
      case 'userDataStream.unsubscribe': {
        const ids = params.subscriptionId === undefined ? [...subscriptions.keys()] : [Number(params.subscriptionId)];
        for (const id of ids) {
          const stop = subscriptions.get(id);
          if (!stop) throw new BinanceFault(-2036, 'User Data Stream subscription not active.');
          stop();
          subscriptions.delete(id);
          deliver({ subscriptionId: id, event: { e: 'eventStreamTerminated', E: now } });
        }
        return {};
      }
      case 'session.logon':
        sessionSince = now;
        return session(now);
      case 'session.logout':
        sessionSince = null;
        return session(now);
      case 'session.status':
        return session(now);
      default:
        throw new BinanceFault(-1000, `Paper trading does not simulate ${method}.`);
    }
  };

  return {
    handles: (method) => PRIVATE.test(method),
    request(method, params = {}) {
      try {
        return { result: run(method.replace(/^v3\//, ''), params, Date.now()) };
      } catch (error) {
        if (!(error instanceof BinanceFault)) throw error;
        return { error: { ...(error.toJSON() as { code: number; msg: string }), status: error.status } };
      }
    },
    symbolOf(method, params) {
      const name = method.replace(/^v3\//, '');
      return (name === 'order.place' || name === 'order.cancelReplace') && typeof params?.symbol === 'string'
        ? params.symbol
        : undefined;
    },
    feedTouch(symbol, touch) {
      const u = touch.u ?? 0;
      if ((touches.get(symbol)?.u ?? -1) > u) return;
      const bid = Number(touch.b);
      const ask = Number(touch.a);
      if (!(bid > 0 && ask > 0)) return; // an empty side: keep the last touch
      touches.set(symbol, { bid, ask, u });
      if (!symbols.includes(symbol)) symbols.push(symbol);
      exchange.match(Date.now());
    },
    hasBook: (symbol) => touches.has(symbol),
    onEvent(handler) {
      deliver = handler;
    },
    reset() {
      for (const stop of subscriptions.values()) stop();
      subscriptions.clear();
    },
  };
}

/** The order `order.cancelReplace` cancels, as `order.cancel` params. */
function cancelRef(p: Record<string, unknown>): Record<string, unknown> {
  return { symbol: p.symbol, orderId: p.cancelOrderId, origClientOrderId: p.cancelOrigClientOrderId };
}

/** The order `order.cancelReplace` places, as `order.place` params. */
function newOrder(p: Record<string, unknown>): Record<string, unknown> {
  const { cancelReplaceMode, cancelOrderId, cancelOrigClientOrderId, cancelNewClientOrderId, ...rest } = p;
  return rest;
}
