/**
 * `@zen-websocket/binance/safety`: a trading session on a Binance WebSocket API client — reconciliation by
 * `newClientOrderId` after every reconnect and `readyToTrade`. Binance Spot has no dead-man's switch, so the
 * keeper reports `unsupported`. Its own entry, so a page or bundle that does not use it never carries it.
 */
import {
  clientOrderIds,
  type OrderView,
  type TradingSession,
  TradingSessionCore,
  type TradingSessionOptions,
  type VenueLink,
} from '@zen-websocket/core/internal';
import type { BinanceApi, OrderResult } from './api-types.js';
import { BinanceError } from './errors.js';

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

/** Options of the Binance {@link tradingSession}. */
export type BinanceSessionOptions = TradingSessionOptions;

/**
 * Why the keeper is `unsupported`: Binance Spot (REST and WebSocket API) has no countdown cancel-all or
 * cancel-on-disconnect. The countdown (`countdownCancelAll`) exists only on USDⓈ-M and COIN-M futures and on
 * options, which this adapter does not trade.
 */
export const BINANCE_SPOT_NO_SWITCH =
  'Binance Spot has no dead-man\u2019s switch (countdownCancelAll exists only on USD\u24c8-M/COIN-M futures and options)';

const STATUS: Record<string, OrderView['status']> = {
  NEW: 'open',
  PARTIALLY_FILLED: 'open',
  PENDING_NEW: 'open',
  PENDING_CANCEL: 'open',
  FILLED: 'filled',
  CANCELED: 'cancelled',
  EXPIRED: 'cancelled',
  EXPIRED_IN_MATCH: 'cancelled',
  REJECTED: 'rejected',
};

const view = (o: OrderResult): OrderView => ({
  clientOrderId: o.clientOrderId,
  orderId: String(o.orderId),
  symbol: o.symbol,
  side: o.side === 'SELL' ? 'sell' : 'buy',
  status: STATUS[String(o.status)] ?? 'open',
  amount: Number(o.origQty ?? 0),
  filled: Number(o.executedQty ?? 0),
  ...(o.price === undefined || Number(o.price) === 0 ? {} : { price: Number(o.price) }),
  raw: o,
});

/**
 * True for Binance's cancel requests (`order.cancel`, `openOrders.cancelAll`, `orderList.cancel`): the
 * `priority` of `createReservedLimiter`, so cancels keep their share of the request weight.
 *
 * @example
 * const limiter = createReservedLimiter(binanceApiLimits, { share: 0.2, priority: isCancel });
 */
export const isCancel = (message: unknown): boolean =>
  /\.cancel(All)?$/.test(String((message as { method?: unknown } | null)?.method ?? ''));

/** The Binance side of a session: `order.place` with `newClientOrderId`, `order.status`, `openOrders.status`. */
function binanceLink(api: BinanceApi): VenueLink {
  const core = api.client;
  const watch: VenueLink['watchOrders'] = (events) => {
    const offState = core.on('state', ({ from, to, reason }) => {
      if (from === 'connected' && to !== 'connected') events.lost(reason);
      if (to === 'disconnected' || to === 'closed') events.ended?.(reason);
    });
    const offReady = core.on('ready', () => events.ready());
    return () => {
      offState();
      offReady();
    };
  };
  return {
    venue: 'Binance',
    watchOrders: watch,
    async place(o) {
      const limit = o.type === 'limit';
      const result = await api.orderPlace({
        symbol: o.symbol,
        side: o.side === 'buy' ? 'BUY' : 'SELL',
        type: limit ? 'LIMIT' : 'MARKET',
        quantity: String(o.amount),
        ...(limit ? { price: String(o.price), timeInForce: 'GTC' } : {}),
        newClientOrderId: o.clientOrderId,
        newOrderRespType: 'RESULT',
        ...o.params,
      } as never);
      return view(result as OrderResult);
    },
    async cancel(o) {
      await api.orderCancel({ symbol: o.symbol, origClientOrderId: o.clientOrderId } as never);
    },
    openOrders: async () => ((await api.openOrdersStatus({} as never)) as OrderResult[]).map(view),
    async lookup(clientOrderId, symbol) {
      try {
        return view((await api.orderStatus({ symbol, origClientOrderId: clientOrderId } as never)) as OrderResult);
      } catch (error) {
        if (error instanceof BinanceError && error.rpcCode === -2013) return undefined; // Order does not exist.
        throw error;
      }
    },
    account: () => api.accountStatus(),
    mechanism: { kind: 'unsupported', reason: BINANCE_SPOT_NO_SWITCH },
    arm: async () => {},
    newClientOrderId: clientOrderIds(),
  };
}

/**
 * Starts a trading session on a Binance WebSocket API client (with keys) and resolves once it is ready to
 * trade (open orders and balances queried). From a drop until the next connection is logged on and reconciled
 * `readyToTrade` is false; every `place()` cut off by the drop is settled by its `newClientOrderId`
 * (`order.status` with `origClientOrderId`) as filled, open, cancelled or absent, and `reconciled` reports the
 * fills and cancels of the gap. Orders are never replayed. `keeper` is `unsupported`: Binance Spot has no
 * dead-man's switch ({@link BINANCE_SPOT_NO_SWITCH}).
 *
 * @example
 * import { createBinanceApi } from 'zen-websocket/binance';
 * import { tradingSession } from '@zen-websocket/binance/safety';
 *
 * const api = await createBinanceApi({ apiKey, secretKey });
 * const session = await tradingSession(api);
 * const { status } = await session.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.001, price: 30_000 });
 */
export async function tradingSession(api: BinanceApi, options: BinanceSessionOptions = {}): Promise<TradingSession> {
  if (!api?.client || typeof api.orderPlace !== 'function')
    throw new TypeError('tradingSession(api): pass a client made with createBinanceApi');
  const session = new TradingSessionCore(binanceLink(api), options);
  await session.start();
  return session;
}
