import type { Classifier, Client, RequestOptions, SocketFactory, Unsubscribe, ZenError } from '@zen-websocket/core';
import type { BinancePaperOptions } from './paper-types.js';
import type { BinanceResponse } from './protocol.js';
import type { Ed25519Key } from './sign.js';
import type { HeartbeatSettings, PassThroughOptions } from './types.js';

/** Options of `createBinanceApi`. Unknown keys are rejected with a TypeError naming the nearest valid one. */
export interface BinanceApiOptions {
  /** Default `wss://ws-api.binance.com:443/ws-api/v3`. */
  url?: string | undefined;
  /** Makes each socket (`nodeSocketFactory` from `zen-websocket` on Node; default: the global `WebSocket`). */
  socketFactory?: SocketFactory | undefined;
  apiKey?: string | undefined;
  /** HMAC-SHA256 secret: signed requests carry a hex HMAC of their sorted params. */
  secretKey?: string | undefined;
  /** Ed25519 private key (PKCS#8 PEM, 32-byte seed, or CryptoKey): signatures are base64 Ed25519. */
  privateKey?: Ed25519Key | undefined;
  /** `session.logon` on every connection (Ed25519 keys): later signed requests carry only `timestamp`. */
  logon?: boolean | undefined;
  /** `recvWindow` added to signed requests, ms (Binance's default when absent: 5000; max 60000). */
  recvWindow?: number | undefined;
  /** Measure the clock offset with `time` on every connection, before anything else (default true). */
  syncTime?: boolean | undefined;
  /** Local wall clock in epoch ms (default `Date.now`). */
  now?: (() => number) | undefined;
  /** Deadline of each request, ms (default 10000). */
  requestTimeout?: number | undefined;
  /**
   * Dead-connection detection: silence longer than interval + timeout, ms (default 20000 + 10000). `probe`
   * sends `{"id":null,"method":"ping"}` every interval; `'auto'` (default) only where the socket cannot see
   * ping frames (browsers, Deno, Bun, Node's native socket).
   */
  heartbeat?: HeartbeatSettings | undefined;
  classify?: Classifier | undefined;
  /** Passed to core's `connect`. */
  connect?: PassThroughOptions | undefined;
  /**
   * Paper trading: private methods (`order.*`, `openOrders.*`, `account.status`, user data…) are answered by an
   * in-process matching engine fed by the live touch of each symbol, and never reach the venue; no keys needed.
   * Loads `@zen-websocket/testing/paper` when on. See docs/paper-trading.md.
   */
  paper?: boolean | BinancePaperOptions | undefined;
}

/** Per-call options of `request()`. */
export interface BinanceRequestOptions extends RequestOptions {
  /** Add `apiKey`, `timestamp`, `recvWindow` and `signature` (default: by method, e.g. `order.*`, `account.*`). */
  signed?: boolean | undefined;
}

/** An order's side. */
export type OrderSide = 'BUY' | 'SELL';
/** Binance Spot order types (`order.place` `type`). */
export type OrderType =
  | 'LIMIT'
  | 'MARKET'
  | 'STOP_LOSS'
  | 'STOP_LOSS_LIMIT'
  | 'TAKE_PROFIT'
  | 'TAKE_PROFIT_LIMIT'
  | 'LIMIT_MAKER';

/** `order.place` params (signing params are added for you). */
export interface OrderPlaceParams {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  timeInForce?: 'GTC' | 'IOC' | 'FOK';
  price?: string;
  quantity?: string;
  quoteOrderQty?: string;
  newClientOrderId?: string;
  newOrderRespType?: 'ACK' | 'RESULT' | 'FULL';
  stopPrice?: string;
  [param: string]: unknown;
}

/** Identifies an order for `order.status` / `order.cancel`. */
export interface OrderRef {
  symbol: string;
  orderId?: number;
  origClientOrderId?: string;
  [param: string]: unknown;
}

/** An order as `order.*` methods return it (ACK has only the first five fields). */
export interface OrderResult {
  symbol: string;
  orderId: number;
  orderListId: number;
  clientOrderId: string;
  transactTime?: number;
  price?: string;
  origQty?: string;
  executedQty?: string;
  cummulativeQuoteQty?: string;
  status?: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED' | (string & {});
  timeInForce?: string;
  type?: string;
  side?: OrderSide;
  fills?: Array<{ price: string; qty: string; commission: string; commissionAsset: string; tradeId: number }>;
  [field: string]: unknown;
}

/** `account.status` result (main fields). */
export interface AccountStatus {
  canTrade: boolean;
  balances: Array<{ asset: string; free: string; locked: string }>;
  [field: string]: unknown;
}

/** `session.logon` / `session.status` result. */
export interface SessionStatus {
  apiKey: string | null;
  authorizedSince: number | null;
  connectedSince: number;
  returnRateLimits: boolean;
  serverTime: number;
  userDataStream?: boolean;
}

/** A user data event (`executionReport`, `outboundAccountPosition`, `balanceUpdate`, `eventStreamTerminated`…). */
export interface UserDataEvent {
  e: string;
  E: number;
  [field: string]: unknown;
}

/** The `result` of each WebSocket API method typed here (a `v3/` prefix gives the same). */
export interface BinanceApiResults {
  ping: Record<string, never>;
  time: { serverTime: number };
  'session.logon': SessionStatus;
  'session.status': SessionStatus;
  'session.logout': SessionStatus;
  'order.place': OrderResult;
  'order.test': Record<string, never>;
  'order.status': OrderResult;
  'order.cancel': OrderResult;
  'openOrders.status': OrderResult[];
  'openOrders.cancelAll': OrderResult[];
  'account.status': AccountStatus;
  'userDataStream.subscribe': { subscriptionId: number };
  'userDataStream.subscribe.signature': { subscriptionId: number };
  'userDataStream.unsubscribe': Record<string, never>;
}

/** The `result` type of `method`: from {@link BinanceApiResults}, `unknown` for methods not listed there. */
export type BinanceApiResult<M extends string> = M extends keyof BinanceApiResults
  ? BinanceApiResults[M]
  : M extends `v3/${infer R}`
    ? R extends keyof BinanceApiResults
      ? BinanceApiResults[R]
      : unknown
    : unknown;

/** Events of a `BinanceApi`. */
export type BinanceApiEvents = {
  /** The server announced a shutdown: reconnect (e.g. `api.client.reconnect()`) when nothing is in flight. */
  serverShutdown: { at: number };
  /** Errors no promise carries: throwing user-data handlers, failed user-data restores. */
  error: ZenError;
};

/** The Binance WebSocket API. Created by `createBinanceApi`. */
export interface BinanceApi {
  /** The core client underneath (state, events, latency, `reconnect()`). */
  readonly client: Client;
  /** Server minus local clock, ms, as last measured (added to every `timestamp`). */
  readonly clockOffset: number;
  /**
   * Any method: resolves with `{status, result, rateLimits}` (`result` typed for the methods of
   * {@link BinanceApiResults}), rejects with a `BinanceError` keeping Binance's `code` (`rpcCode`) and `msg`.
   */
  request<const M extends string>(
    method: M,
    params?: object,
    options?: BinanceRequestOptions,
  ): Promise<BinanceResponse<BinanceApiResult<M>>>;
  /** The same with the result type given explicitly: `request<MyResult>('method')`. */
  request<T>(method: string, params?: object, options?: BinanceRequestOptions): Promise<BinanceResponse<T>>;
  /** Measures the clock offset with `time` (midpoint of the round trip) and returns it. */
  syncTime(): Promise<number>;
  ping(): Promise<Record<string, never>>;
  time(): Promise<{ serverTime: number }>;
  sessionLogon(): Promise<SessionStatus>;
  orderPlace(params: OrderPlaceParams): Promise<OrderResult>;
  orderCancel(params: OrderRef): Promise<OrderResult>;
  orderStatus(params: OrderRef): Promise<OrderResult>;
  openOrdersStatus(params?: { symbol?: string }): Promise<OrderResult[]>;
  openOrdersCancelAll(params: { symbol: string }): Promise<OrderResult[]>;
  accountStatus(params?: { omitZeroBalances?: boolean }): Promise<AccountStatus>;
  /**
   * Subscribes to the account's user data stream (`userDataStream.subscribe.signature`, or
   * `userDataStream.subscribe` after logon) and resolves with the subscription id. Restored after reconnects.
   */
  userDataStreamSubscribe(handler: (event: UserDataEvent) => void): Promise<number>;
  /** Ends one user data subscription, or all of them. */
  userDataStreamUnsubscribe(subscriptionId?: number): Promise<void>;
  on<K extends keyof BinanceApiEvents>(type: K, handler: (payload: BinanceApiEvents[K]) => void): Unsubscribe;
  close(): Promise<void>;
}
