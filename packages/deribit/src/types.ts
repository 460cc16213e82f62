/**
 * Public types of the Deribit adapter: options, the client, the typed helpers and the shapes Deribit returns.
 * Types only; nothing here ships as code.
 */

import type {
  Classifier,
  Client,
  ClientEvents,
  ConnectOptions,
  RequestOptions,
  Unsubscribe,
} from '@zen-websocket/core';
import type { LocalBook } from '@zen-websocket/core/book';
import type { DeribitBookOptions } from './book.js';
import type { ChannelData } from './channel-data.js';
import type { DeribitPaperOptions } from './paper-types.js';
import type { DeribitResult, OrderWithTrades } from './results.js';

/** An API key pair. The secret stays on this machine with `client_signature` (the default). */
export interface DeribitCredentials {
  clientId: string;
  clientSecret: string;
}

/** Options of `createDeribitClient`: Deribit's own, plus every core option except `heartbeat` and `protocol`. */
export interface DeribitOptions extends Omit<ConnectOptions<Client>, 'heartbeat' | 'protocol' | 'classify'> {
  /** Default: testnet, `wss://test.deribit.com/ws/api/v2`. Production is `wss://www.deribit.com/ws/api/v2`. */
  url?: string | URL | undefined;
  /** Leave both unset (or undefined, e.g. `process.env.X` when unset) for a public-only client. */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Instead of `clientId`/`clientSecret`: called for every full authentication (lets you rotate keys). */
  credentials?: (() => DeribitCredentials | Promise<DeribitCredentials>) | undefined;
  /**
   * `client_signature` (default): an HMAC-SHA256 signature is sent, the secret never leaves the machine.
   * `client_credentials`: the secret itself is sent (over TLS).
   */
  auth?: 'client_signature' | 'client_credentials';
  /** `scope` for `public/auth`, e.g. `session:bot` (default: Deribit's, a connection-scoped token). */
  scope?: string | undefined;
  /** Seconds between Deribit heartbeats (`public/set_heartbeat`); at least 10, default 30. */
  heartbeatInterval?: number;
  /** Enable cancel-on-disconnect (connection scope) on every connection, after authenticating. Needs credentials. */
  cancelOnDisconnect?: boolean;
  /** Refines the retry/fatal decision after the adapter's own (see docs/venues/deribit.md). */
  classify?: Classifier;
  /**
   * Paper trading: private requests and `user.*` channels go to an in-process matching engine fed by this
   * connection's live public book; nothing private reaches the venue. Needs `@zen-websocket/testing` installed
   * (loaded only when on). See docs/paper-trading.md.
   */
  paper?: boolean | DeribitPaperOptions;
}

export type { DeribitPaperOptions };

/** What a successful authentication reports. Tokens are kept inside the client and never exposed. */
export interface AuthInfo {
  /** Token lifetime in seconds, as Deribit reported it. */
  expiresIn: number;
  scope: string;
}

/**
 * Receives the `data` of each notification on a channel. `subscribe` types it from the channel name (see
 * `ChannelData`); for other channels name the shape with the type parameter, e.g. `subscribe<MyShape>(…)`.
 */
export type ChannelHandler<T = unknown> = (data: T, channel: string) => void;

/** `book.{instrument}.{interval}` data: a snapshot first, then changes chained by `prev_change_id`. */
export interface BookUpdate {
  type: 'snapshot' | 'change';
  timestamp: number;
  instrument_name: string;
  change_id: number;
  /** On changes: the `change_id` of the previous notification (the adapter checks it). */
  prev_change_id?: number;
  bids: Array<[action: 'new' | 'change' | 'delete', price: number, amount: number]>;
  asks: Array<[action: 'new' | 'change' | 'delete', price: number, amount: number]>;
}

/** A book channel lost continuity: `prev_change_id` did not match. The adapter resubscribes for a fresh snapshot. */
export interface BookGap {
  channel: string;
  /** The last `change_id` seen. */
  expected: number;
  /** The `prev_change_id` that arrived. */
  received: number;
}

/** Every event of a Deribit client: the core client's, plus `gap`. */
export type DeribitEvents = ClientEvents & { gap: BookGap };

/** Named request parameters. */
export type Params = Record<string, unknown>;

/** An order as Deribit reports it. */
export interface Order {
  order_id: string;
  order_state: 'open' | 'filled' | 'rejected' | 'cancelled' | 'untriggered' | 'triggered';
  order_type: string;
  direction: 'buy' | 'sell';
  instrument_name: string;
  amount: number;
  filled_amount: number;
  price: number | 'market_price';
  average_price: number;
  label: string;
  time_in_force: string;
  post_only: boolean;
  reduce_only: boolean;
  creation_timestamp: number;
  last_update_timestamp: number;
  cancel_reason?: string;
  [field: string]: unknown;
}

/** A user trade as Deribit reports it. */
export interface Trade {
  trade_id: string;
  trade_seq: number;
  order_id: string;
  instrument_name: string;
  direction: 'buy' | 'sell';
  price: number;
  amount: number;
  fee: number;
  fee_currency: string;
  liquidity: 'M' | 'T';
  timestamp: number;
  [field: string]: unknown;
}

/** `public/ticker` and `ticker.*` data. */
export interface Ticker {
  instrument_name: string;
  timestamp: number;
  best_bid_price: number | null;
  best_bid_amount: number;
  best_ask_price: number | null;
  best_ask_amount: number;
  last_price: number | null;
  mark_price: number;
  index_price: number;
  [field: string]: unknown;
}

/** `public/get_order_book`. */
export interface OrderBook extends Ticker {
  change_id: number;
  bids: Array<[price: number, amount: number]>;
  asks: Array<[price: number, amount: number]>;
}

/** A `public/get_instruments` entry. */
export interface Instrument {
  instrument_name: string;
  kind: string;
  base_currency: string;
  quote_currency: string;
  tick_size: number;
  contract_size: number;
  min_trade_amount: number;
  is_active: boolean;
  [field: string]: unknown;
}

/** `private/buy` / `private/sell` parameters (`instrument_name` and `amount` or `contracts` are required). */
export interface OrderParams extends Params {
  instrument_name: string;
  amount?: number;
  contracts?: number;
  type?:
    | 'limit'
    | 'market'
    | 'stop_limit'
    | 'stop_market'
    | 'take_limit'
    | 'take_market'
    | 'market_limit'
    | 'trailing_stop';
  price?: number;
  label?: string;
  time_in_force?: 'good_til_cancelled' | 'good_til_day' | 'fill_or_kill' | 'immediate_or_cancel';
  post_only?: boolean;
  reject_post_only?: boolean;
  reduce_only?: boolean;
}

/**
 * Typed helpers for the common methods: each is `request(method, params)`, with the main parameter allowed
 * positionally (`ticker('BTC-PERPETUAL')` is `ticker({ instrument_name: 'BTC-PERPETUAL' })`).
 */
export interface DeribitMethods {
  test(): Promise<{ version: string }>;
  getTime(): Promise<number>;
  ticker(instrument: string | Params): Promise<Ticker>;
  getOrderBook(instrument: string | Params, more?: { depth?: number }): Promise<OrderBook>;
  getInstruments(currency: string | Params, more?: { kind?: string; expired?: boolean }): Promise<Instrument[]>;
  buy(params: OrderParams): Promise<OrderWithTrades>;
  sell(params: OrderParams): Promise<OrderWithTrades>;
  cancel(orderId: string | Params): Promise<Order>;
  /** Resolves with the number of orders cancelled. */
  cancelAll(params?: Params): Promise<number>;
  getOpenOrders(params?: Params): Promise<Order[]>;
  getOrderState(orderId: string | Params): Promise<Order>;
  enableCancelOnDisconnect(scope?: 'connection' | 'account' | Params): Promise<'ok'>;
  disableCancelOnDisconnect(scope?: 'connection' | 'account' | Params): Promise<'ok'>;
  getCancelOnDisconnect(scope?: 'connection' | 'account' | Params): Promise<{ scope: string; enabled: boolean }>;
}

/** A connected Deribit client. Created by `createDeribitClient`. */
export interface DeribitClient extends Omit<Client, 'subscribe' | 'unsubscribe' | 'request' | 'on'>, DeribitMethods {
  /** The core client underneath (escape hatch). */
  readonly core: Client;
  /**
   * True when made with `paper`: private methods and `user.*` channels are answered by the in-process engine, so
   * nothing private (orders, cancel-on-disconnect) is at the venue.
   */
  readonly paper: boolean;
  /** Authenticates the current connection now (it happens by itself on every connection when credentials are set). */
  authenticate(): Promise<AuthInfo>;
  /**
   * JSON-RPC request. Resolves with the method's `result`, typed for the methods in `DeribitResults`
   * (`request('public/get_time')` is a `Promise<number>`), `unknown` for others unless you name the type:
   * `request<MyResult>('public/get_foo')`. An error reply is an `RpcError` keeping Deribit's `rpcCode`,
   * `rpcMessage` and `data`, with Deribit's reason (`data.reason`) in its message. A private call refused with
   * 13009 (token expired) is re-authenticated and sent once more: the server refused it, so it did not run.
   */
  request<T = never, M extends string = string>(
    method: M,
    params?: Params,
    options?: RequestOptions,
  ): Promise<[T] extends [never] ? DeribitResult<M> : T>;
  /**
   * Subscribes (through `private/subscribe` when any channel is private) and routes each notification's `data`
   * to `handler` by channel, typed from the channel name (`ticker.*` → `Ticker`, see `ChannelData`) unless
   * you name the type: `subscribe<MyShape>(channel, handler)`. Book channels are checked for `change_id`
   * continuity. Restored after reconnects.
   */
  subscribe<T = never, C extends string = string>(
    channels: C | readonly C[],
    handler?: (data: [T] extends [never] ? ChannelData<C> : T, channel: C) => void,
    options?: { timeout?: number },
  ): Promise<string[]>;
  /** Unsubscribes and drops the channels' handlers. */
  unsubscribe(channels: string | readonly string[]): Promise<void>;
  on<K extends keyof DeribitEvents>(type: K, handler: (payload: DeribitEvents[K]) => void): Unsubscribe;
  /** Server clock minus local clock, ms, estimated from `usIn`/`usOut` (0 before the first reply). */
  getClockOffset(): number;
  /**
   * A local order book of `instrument`: the book channel's snapshot, then changes checked by `prev_change_id`;
   * a gap resubscribes (with backoff) and rebuilds. See `docs/order-books.md`.
   */
  orderBook(instrument: string, options?: DeribitBookOptions): LocalBook;
}
