/**
 * `@zen-websocket/bybit/safety`: a trading session on a Bybit client — disconnect-cancel (DCP) on the private
 * stream, reconciliation by `orderLinkId` after every reconnect (v5 REST `GET /v5/order/realtime`, signed),
 * `readyToTrade`. Its own entry, so a page or bundle that does not use it never carries it.
 */
import type { Client } from '@zen-websocket/core';
import { hmacSha256Hex } from '@zen-websocket/core/crypto';
import {
  clientOrderIds,
  type LinkEvents,
  type OrderView,
  type TradingSession,
  TradingSessionCore,
  type TradingSessionOptions,
  type VenueLink,
} from '@zen-websocket/core/internal';
import { BybitError } from './errors.js';
import type { BybitClient } from './types.js';

export type {
  KeeperChange,
  KeeperState,
  OrderRequest,
  OrderStatus,
  OrderView,
  PlaceResult,
  Reconciliation,
  SettledOrder,
  TradingSession,
  TradingSessionEvents,
} from '@zen-websocket/core/internal';

/** Options of the Bybit {@link tradingSession}. */
export interface BybitSessionOptions extends TradingSessionOptions {
  /** The keys the client was made with: the order queries are signed v5 REST requests (not needed with `paper`). */
  apiKey?: string;
  apiSecret?: string;
  /** The client's category (default `'linear'`). */
  category?: 'linear' | 'spot';
  /** The account's DCP window, ms (Bybit's default 10000; set on the account, 3–300 s). */
  dcpWindowMs?: number;
  /** REST base (default from the client's URL: `wss://stream.bybit.com` → `https://api.bybit.com`). */
  restUrl?: string;
  /** `X-BAPI-RECV-WINDOW` of the queries, ms (default 5000). */
  recvWindow?: number;
}

interface BybitOrderRow {
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: 'Buy' | 'Sell';
  orderStatus: string;
  qty: string;
  cumExecQty: string;
  price?: string;
}

const STATUS: Record<string, OrderView['status']> = {
  New: 'open',
  PartiallyFilled: 'open',
  Untriggered: 'open',
  Triggered: 'open',
  Filled: 'filled',
  Cancelled: 'cancelled',
  PartiallyFilledCanceled: 'cancelled',
  Deactivated: 'cancelled',
  Rejected: 'rejected',
};

const view = (o: BybitOrderRow): OrderView => ({
  clientOrderId: o.orderLinkId,
  orderId: o.orderId,
  symbol: o.symbol,
  side: o.side === 'Sell' ? 'sell' : 'buy',
  status: STATUS[o.orderStatus] ?? 'open',
  amount: Number(o.qty),
  filled: Number(o.cumExecQty),
  ...(o.price === undefined || Number(o.price) === 0 ? {} : { price: Number(o.price) }),
  raw: o,
});

/** `ws://127.0.0.1:1234/v5/trade` → `http://127.0.0.1:1234`; `wss://stream-testnet.bybit.com/…` → `https://api-testnet.bybit.com`. */
const restBaseOf = (wsUrl: string): string => {
  const u = new URL(wsUrl);
  const host = u.host.replace(/^stream(-[a-z]+)?\./, 'api$1.');
  return `${u.protocol === 'wss:' ? 'https:' : 'http:'}//${host}`;
};

/** Watches one core connection: a drop, and readiness after it. */
const watchClient =
  (c: Client) =>
  (events: LinkEvents): (() => void) => {
    const offState = c.on('state', ({ from, to, reason }) => {
      if (from === 'connected' && to !== 'connected') events.lost(reason);
      if (to === 'disconnected' || to === 'closed') events.ended?.(reason);
    });
    const offReady = c.on('ready', () => events.ready());
    return () => {
      offState();
      offReady();
    };
  };

/** A signed v5 REST GET. */
async function restGet<T>(
  o: Required<Pick<BybitSessionOptions, 'apiKey' | 'apiSecret' | 'restUrl' | 'recvWindow'>>,
  path: string,
  query: Record<string, string>,
  offsetMs: number,
): Promise<T> {
  const qs = new URLSearchParams(query).toString();
  const timestamp = String(Math.round(Date.now() + offsetMs));
  const recv = String(o.recvWindow);
  const sign = await hmacSha256Hex(o.apiSecret, `${timestamp}${o.apiKey}${recv}${qs}`);
  const headers = {
    'X-BAPI-API-KEY': o.apiKey,
    'X-BAPI-TIMESTAMP': timestamp,
    'X-BAPI-RECV-WINDOW': recv,
    'X-BAPI-SIGN': sign,
  };
  const response = await fetch(`${o.restUrl}${path}?${qs}`, { headers });
  const body = (await response.json()) as { retCode: number; retMsg: string; result: T };
  if (body.retCode !== 0) throw new BybitError(body.retCode, body.retMsg, body, path);
  return body.result;
}

/**
 * True for Bybit's cancel op (`order.cancel`): the `priority` of `createReservedLimiter`, so cancels keep
 * their share of the trade connection's budget.
 *
 * @example
 * const limiter = createReservedLimiter(bybitLimits, { share: 0.2, priority: isCancel });
 */
export const isCancel = (message: unknown): boolean => (message as { op?: unknown } | null)?.op === 'order.cancel';

/** The Bybit side of a session: `order.create` with `orderLinkId`, REST queries, DCP on the private stream. */
function bybitLink(client: BybitClient, options: BybitSessionOptions): VenueLink {
  const { paper } = client;
  // paper: the public connection carries the live book the engine matches against; no DCP at the venue
  const trade = client.trade ?? (paper && client.public);
  const priv = client.private ?? (paper && client.public);
  if (!trade || !priv) throw new TypeError('tradingSession: the Bybit client needs apiKey and apiSecret');
  const category = options.category ?? 'linear';
  const keys = {
    apiKey: options.apiKey as string,
    apiSecret: options.apiSecret as string,
    restUrl: options.restUrl ?? restBaseOf(trade.url),
    recvWindow: options.recvWindow ?? 5000,
  };
  const get = <T>(path: string, query: Record<string, string>): Promise<T> =>
    // signed on the client's clock (server minus local offset, as its trade API signs)
    paper ? paper.get<T>(path, query) : restGet<T>(keys, path, query, client.clockOffsetMs ?? 0);
  const orders = async (query: Record<string, string>): Promise<OrderView[]> =>
    (await get<{ list: BybitOrderRow[] }>('/v5/order/realtime', { category, ...query })).list.map(view);
  const lookup = async (orderLinkId: string): Promise<OrderView | undefined> =>
    (await orders({ orderLinkId }))[0] ?? (await orders({ orderLinkId, openOnly: '1' }))[0];
  return {
    venue: 'Bybit',
    watchOrders: watchClient(trade),
    watchGuard: watchClient(priv),
    watchHealth(healthy) {
      // a probe sent while the last went unanswered: the venue may be counting down; any answer: it is not
      return priv.on('heartbeat', ({ kind }) =>
        healthy(kind !== 'probe' || priv.getHeartbeatHealth().failureCount === 0),
      );
    },
    async place(o) {
      await client.createOrder({
        symbol: o.symbol,
        side: o.side === 'buy' ? 'Buy' : 'Sell',
        orderType: o.type === 'limit' ? 'Limit' : 'Market',
        qty: String(o.amount),
        ...(o.price === undefined ? {} : { price: String(o.price) }),
        orderLinkId: o.clientOrderId,
        ...o.params,
      });
      const found = await lookup(o.clientOrderId); // the trade reply carries ids only, not the order's state
      if (!found) throw new BybitError(110001, 'order accepted but not found by orderLinkId', {}, 'order.create');
      return found;
    },
    async cancel(o) {
      await client.cancelOrder({ symbol: o.symbol, orderLinkId: o.clientOrderId });
    },
    openOrders: () => orders(category === 'linear' ? { settleCoin: 'USDT' } : {}), // linear needs a filter
    lookup: (orderLinkId) => lookup(orderLinkId),
    // linear: the USDT-settled positions; spot (no positions): the unified account's coin balances
    account: async () =>
      category === 'linear'
        ? (await get<{ list: unknown[] }>('/v5/position/list', { category, settleCoin: 'USDT' })).list
        : (await get<{ list: unknown[] }>('/v5/account/wallet-balance', { accountType: 'UNIFIED' })).list,
    mechanism: paper
      ? { kind: 'unsupported', reason: 'paper trading: no order is at the venue, so no disconnect-cancel' }
      : { kind: 'window', windowMs: options.dcpWindowMs ?? 10_000 },
    async arm() {
      // the dcp topic is restored with the private stream's subscriptions after every reconnect
      if (!priv.getSubscriptions().some((s) => s.channel === 'dcp')) await client.subscribe('dcp');
    },
    newClientOrderId: clientOrderIds(),
  };
}

/**
 * Starts a trading session on a Bybit client (with keys) and resolves once it is ready to trade: disconnect-cancel
 * armed (the private `dcp` topic; the window is the account's DCP setting, `POST /v5/order/disconnected-cancel-all`),
 * open orders queried. From a drop of the trade connection until it is back and reconciled `readyToTrade` is
 * false; every `place()` cut off by the drop is settled by its `orderLinkId` (`GET /v5/order/realtime`, open and
 * then recently closed) as filled, open, cancelled or absent. Orders are never replayed. `keeper` is `expiring`
 * while the private stream is down (the venue's window runs) and `fired` when it ran out.
 *
 * @example
 * import { createBybitClient } from 'zen-websocket/bybit';
 * import { tradingSession } from '@zen-websocket/bybit/safety';
 *
 * const bybit = await createBybitClient({ apiKey, apiSecret });
 * const session = await tradingSession(bybit, { apiKey, apiSecret });
 * const { status } = await session.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.001, price: 30_000 });
 */
export async function tradingSession(client: BybitClient, options: BybitSessionOptions): Promise<TradingSession> {
  if (typeof client?.createOrder !== 'function')
    throw new TypeError('tradingSession(client, options): pass a client made with createBybitClient');
  if (!client?.paper && (typeof options?.apiKey !== 'string' || typeof options.apiSecret !== 'string'))
    throw new TypeError('tradingSession(client, { apiKey, apiSecret }): pass the keys the Bybit client was made with');
  const own = ['apiKey', 'apiSecret', 'category', 'dcpWindowMs', 'restUrl', 'recvWindow'];
  const session = new TradingSessionCore(bybitLink(client, options), options, 'tradingSession', own);
  await session.start();
  return session;
}
