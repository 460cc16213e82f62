/**
 * `@zen-websocket/deribit/safety`: a trading session on a Deribit client — cancel-on-disconnect armed on every
 * connection, reconciliation by `label` after every reconnect, `readyToTrade`. Its own entry, so a page or
 * bundle that does not use it never carries it.
 */
import {
  clientOrderIds,
  type OrderView,
  type TradingSession,
  TradingSessionCore,
  type TradingSessionOptions,
  type VenueLink,
} from '@zen-websocket/core/internal';
import type { DeribitClient, Order } from './types.js';

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

/** Options of the Deribit {@link tradingSession}. */
export interface DeribitSessionOptions extends TradingSessionOptions {
  /** Cancel-on-disconnect scope: the connection's orders (default) or, as the account default, all of them. */
  scope?: 'connection' | 'account';
}

const STATUS: Record<string, OrderView['status']> = {
  open: 'open',
  untriggered: 'open',
  triggered: 'open',
  filled: 'filled',
  cancelled: 'cancelled',
  rejected: 'rejected',
};

const view = (o: Order): OrderView => ({
  clientOrderId: o.label ?? '',
  orderId: o.order_id,
  symbol: o.instrument_name,
  side: o.direction,
  status: STATUS[o.order_state] ?? 'open',
  amount: o.amount,
  filled: o.filled_amount,
  ...(typeof o.price === 'number' ? { price: o.price } : {}),
  raw: o,
});

/** The currency Deribit files an instrument under: `BTC-PERPETUAL` → BTC, `BTC_USDC-PERPETUAL` → USDC. */
const currencyOf = (instrument: string): string => {
  const [head = instrument] = instrument.split('-');
  const [base = head, quote] = head.split('_');
  return quote ?? base;
};

/**
 * True for Deribit's cancel requests (`private/cancel`, `cancel_all`, `cancel_by_label`…): the `priority` of
 * `createReservedLimiter`, so cancels keep their share of the credits whatever else is queued.
 *
 * @example
 * const limiter = createReservedLimiter(deribitLimits, { share: 0.2, priority: isCancel });
 */
export const isCancel = (message: unknown): boolean =>
  /^private\/cancel/.test(String((message as { method?: unknown } | null)?.method ?? ''));

/** The Deribit side of a session: `private/buy|sell` with `label`, queries, cancel-on-disconnect. */
function deribitLink(client: DeribitClient, scope: 'connection' | 'account'): VenueLink {
  const core = client.core;
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
    venue: 'Deribit',
    watchOrders: watch,
    async place(o) {
      const params = {
        instrument_name: o.symbol,
        amount: o.amount,
        type: o.type,
        ...(o.price === undefined ? {} : { price: o.price }),
        label: o.clientOrderId,
        ...o.params,
      };
      const { order } = await client.request<{ order: Order }>(`private/${o.side}`, params);
      return view(order);
    },
    async cancel(o) {
      await client.request('private/cancel', { order_id: o.orderId });
    },
    openOrders: async () => (await client.request<Order[]>('private/get_open_orders', {})).map(view),
    async lookup(label, symbol) {
      const found = await client.request<Order[]>('private/get_order_state_by_label', {
        currency: currencyOf(symbol),
        label,
      });
      const last = found.filter((o) => o.label === label).at(-1);
      return last && view(last);
    },
    account: () => client.request('private/get_positions', { currency: 'any' }),
    // paper: the orders live in the in-process engine, so no venue mechanism can cancel them
    mechanism: client.paper
      ? { kind: 'unsupported', reason: 'paper trading: no order is at the venue, so no cancel-on-disconnect' }
      : { kind: 'on_disconnect' },
    async arm() {
      await client.request('private/enable_cancel_on_disconnect', { scope });
    },
    newClientOrderId: clientOrderIds(),
  };
}

/**
 * Starts a trading session on a Deribit client (with credentials) and resolves once it is ready to trade:
 * cancel-on-disconnect enabled (`private/enable_cancel_on_disconnect`, on every connection), open orders and
 * positions queried. From a drop until the next connection is armed and reconciled `readyToTrade` is false;
 * every `place()` cut off by the drop is settled by its `label` (`private/get_order_state_by_label`) as filled,
 * open, cancelled or absent, and `reconciled` reports the fills and cancels of the gap. Orders are never replayed.
 *
 * @example
 * import { createDeribitClient } from 'zen-websocket/deribit';
 * import { tradingSession } from '@zen-websocket/deribit/safety';
 *
 * const deribit = await createDeribitClient({ clientId, clientSecret });
 * const session = await tradingSession(deribit);
 * session.on('reconciled', (r) => console.log(r.settled, r.filled, r.cancelled));
 * const { status } = await session.place({ symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', amount: 10, price: 50_000 });
 */
export async function tradingSession(
  client: DeribitClient,
  options: DeribitSessionOptions = {},
): Promise<TradingSession> {
  if (!client?.core) throw new TypeError('tradingSession(client): pass a client made with createDeribitClient');
  const { scope = 'connection', ...rest } = options;
  if (scope !== 'connection' && scope !== 'account')
    throw new TypeError(`tradingSession: scope must be 'connection' or 'account', got ${String(scope)}`);
  const session = new TradingSessionCore(deribitLink(client, scope), rest, 'tradingSession', ['scope']);
  await session.start();
  return session;
}
