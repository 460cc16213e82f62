import type { Client, ConnectOptions, StateChange, Unsubscribe, ZenError } from '@zen-websocket/core';
import type { LocalBook } from '@zen-websocket/core/book';
import type { BybitPaperOptions, BybitPaperRest } from './paper-types.js';

/** A price level as Bybit sends it: `[price, size]`, both strings. */
export type BybitLevel = [price: string, size: string];

/** `orderbook.<depth>.<symbol>` data: a `snapshot` replaces the book, a `delta` changes levels (size "0": gone). */
export interface BybitBookData {
  s: string;
  b: BybitLevel[];
  a: BybitLevel[];
  /** Update id: +1 per delta; `1` on a snapshot after a Bybit service restart (overwrite the book). */
  u: number;
  seq: number;
}

/** One `publicTrade.<symbol>` trade. */
export interface BybitPublicTrade {
  T: number;
  s: string;
  S: 'Buy' | 'Sell';
  v: string;
  p: string;
  L?: string;
  i: string;
  BT: boolean;
}

/** `tickers.<symbol>` data (the fields every category shares; more arrive by category). */
export interface BybitTicker {
  symbol: string;
  lastPrice?: string;
  bid1Price?: string;
  ask1Price?: string;
  [field: string]: unknown;
}

/** One `kline.<interval>.<symbol>` bar. */
export interface BybitKline {
  start: number;
  end: number;
  interval: string;
  open: string;
  close: string;
  high: string;
  low: string;
  volume: string;
  turnover: string;
  confirm: boolean;
  timestamp: number;
}

/** A row of the private `order` topic (the main fields; Bybit sends more). */
export interface BybitOrderUpdate {
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: 'Buy' | 'Sell';
  orderStatus: string;
  price: string;
  qty: string;
  [field: string]: unknown;
}

/** The `data` of a topic, from its name. */
export type BybitTopicData<T extends string> = T extends `orderbook.${string}`
  ? BybitBookData
  : T extends `publicTrade.${string}`
    ? BybitPublicTrade[]
    : T extends `tickers.${string}`
      ? BybitTicker
      : T extends `kline.${string}`
        ? BybitKline[]
        : T extends 'order' | `order.${string}`
          ? BybitOrderUpdate[]
          : unknown;

/** A topic message as Bybit sends it. */
export interface BybitMessage<D = unknown> {
  topic: string;
  /** Public topics: `snapshot` or `delta`. */
  type?: 'snapshot' | 'delta';
  /** Public topics: venue time, ms. */
  ts?: number;
  /** Private topics: venue time, ms. */
  creationTime?: number;
  data: D;
}

/** A topic handler: the message's `data` and the whole message. */
export type BybitHandler<D = unknown> = (data: D, message: BybitMessage<D>) => void;

/** Parameters of `createOrder` (Bybit's `order.create` args; any other documented field passes through). */
export interface BybitOrderParams {
  category?: 'spot' | 'linear' | 'inverse' | 'option';
  symbol: string;
  side: 'Buy' | 'Sell';
  orderType: 'Limit' | 'Market';
  qty: string;
  price?: string;
  orderLinkId?: string;
  timeInForce?: 'GTC' | 'IOC' | 'FOK' | 'PostOnly';
  [field: string]: unknown;
}

/** Parameters of `amendOrder` / `cancelOrder`: the order by `orderId` or `orderLinkId`. */
export interface BybitOrderRef {
  category?: 'spot' | 'linear' | 'inverse' | 'option';
  symbol: string;
  orderId?: string;
  orderLinkId?: string;
  [field: string]: unknown;
}

/** What a trade op resolves with. */
export interface BybitOrderResult {
  orderId: string;
  orderLinkId: string;
}

/** The core options the adapter passes to every connection it opens. */
export type BybitCoreOptions = Pick<
  ConnectOptions<Client>,
  | 'socketFactory'
  | 'timeout'
  | 'headers'
  | 'debug'
  | 'retryCount'
  | 'retryDelay'
  | 'maxBackoff'
  | 'firstRetrySpread'
  | 'reconnectOnError'
  | 'requestTimeout'
  | 'latencyBufferSize'
  | 'clock'
  | 'signal'
  | 'healthyUptime'
  | 'maxMessageSize'
  | 'telemetry'
  | 'lifecycle'
  | 'limiter'
  | 'recordTo'
  | 'random'
  | 'classify'
>;

/** Options of `createBybitClient`. Unknown keys throw a `TypeError` naming the nearest valid one. */
export interface BybitOptions extends BybitCoreOptions {
  /** Host, without path (default `wss://stream.bybit.com`; testnet `wss://stream-testnet.bybit.com`). */
  url?: string;
  /** Public category: `linear` (default) or `spot`; picks `/v5/public/<category>` and the orders' default. */
  category?: 'linear' | 'spot';
  /** API key; with `apiSecret`, opens `/v5/private` and `/v5/trade` too. */
  apiKey?: string;
  apiSecret?: string;
  /** `X-BAPI-RECV-WINDOW` of trade ops, ms (default 5000, at most 60 000). */
  recvWindow?: number;
  /**
   * Sign with the server's clock (default true): with keys, the offset (server minus local, ms) is measured with
   * a ping on the first private/trade connection before it authenticates (the pong carries the server time), and
   * again after an auth refused for its expiry (which is then retried once) or a `10002` timestamp refusal (the
   * order is never resent). `false`: sign with the local clock.
   */
  syncTime?: boolean;
  /** Pin the signing clock offset, ms (server minus local, ±86 400 000): never measured. Needs keys; not with `syncTime: true`. */
  clockOffsetMs?: number;
  /** Subscribe the private `dcp` topic so Bybit's disconnect-cancel window applies (default false). */
  dcp?: boolean;
  /** Ms between `{"op":"ping"}` probes (default 20 000, Bybit's advice). */
  pingInterval?: number;
  /** Topics per subscribe request (default 10, Bybit's spot limit). */
  argsLimit?: number;
  /**
   * Paper trading: trade ops, private topics and a trading session's REST reads are answered in-process by the
   * simulator's order code (`@zen-websocket/testing/paper`, loaded only then), matched against the live public
   * `orderbook.<depth>.<symbol>` of this client's public connection. Nothing private is sent and no keys are
   * needed (keys given are not used). Limits: docs/paper-trading.md.
   */
  paper?: boolean | BybitPaperOptions;
}

/** Events of a {@link BybitClient}. */
export type BybitEvents = {
  /** Every topic message from any connection. */
  message: BybitMessage;
  /** A connection changed state. */
  state: StateChange & { endpoint: 'public' | 'private' | 'trade' };
  /** Failures no promise carries (a throwing handler, a failed book resubscribe). */
  error: ZenError;
};

/** Options of `orderBook(symbol, options)`. */
export interface BybitBookOptions {
  /** Book depth topic: 1, 50, 200, 500 (linear) or 1000 (spot). Default 50. */
  depth?: number;
  /** No update for this long while synced → `stale` (default 0: off; a quiet book sends nothing). */
  staleAfterMs?: number;
}

/** A Bybit v5 client: public streams, and with keys private streams and the trade API. */
export interface BybitClient {
  /** The public-stream connection (`/v5/public/<category>`). */
  readonly public: Client;
  /** The private-stream connection (`/v5/private`), when keys were given (never with `paper`). */
  readonly private: Client | undefined;
  /** The trade connection (`/v5/trade`), when keys were given (never with `paper`). */
  readonly trade: Client | undefined;
  /** With `paper`: the engine's v5 REST reads (open orders, positions, wallet), which a trading session uses. */
  readonly paper?: BybitPaperRest;
  /**
   * Subscribes topics (public ones on the public connection, `order`/`execution`/`position`/`wallet`/`dcp…` on
   * the private one), at most `argsLimit` per request; resolves once Bybit confirms every batch, rejects with a
   * `BybitError` carrying Bybit's `ret_msg`. Topics are restored after every reconnect (after auth).
   */
  subscribe<const T extends string>(
    topics: T | readonly T[],
    handler?: BybitHandler<BybitTopicData<T>>,
  ): Promise<string[]>;
  /** Stops topics and their handlers. */
  unsubscribe(topics: string | readonly string[]): Promise<void>;
  /**
   * `order.create`. Never replayed: if the connection drops before the reply, it rejects with a `RequestError`
   * whose `outcome` is `'unknown'` — check with the private `order` topic before sending again.
   */
  createOrder(params: BybitOrderParams): Promise<BybitOrderResult>;
  /** `order.amend` (same no-replay rule). */
  amendOrder(params: BybitOrderRef & { qty?: string; price?: string }): Promise<BybitOrderResult>;
  /** `order.cancel` (same no-replay rule). */
  cancelOrder(params: BybitOrderRef): Promise<BybitOrderResult>;
  /** A local order book of `symbol` from `orderbook.<depth>.<symbol>` (snapshot/delta, `u` continuity, `u = 1` reset). */
  orderBook(symbol: string, options?: BybitBookOptions): LocalBook;
  /** The offset auth `expires` and `X-BAPI-TIMESTAMP` are signed with (server minus local clock, ms; 0 unmeasured). */
  readonly clockOffsetMs: number;
  /**
   * Measures the signing offset now (a ping on the private connection) and resolves with it; later signatures
   * use it, even when `clockOffsetMs` pinned one. Rejects with a `TypeError` without keys or with `paper`.
   */
  syncTime(): Promise<number>;
  on<K extends keyof BybitEvents>(type: K, handler: (payload: BybitEvents[K]) => void): Unsubscribe;
  /** Closes every connection and book. */
  close(): Promise<void>;
}
