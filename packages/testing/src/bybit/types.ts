/**
 * Public types of the Bybit v5 simulator. Behaviour lives in the sibling files; this file only names shapes.
 */

/** An account the simulated private and trade endpoints know (HMAC key pair). */
export interface BybitSimulatorAccount {
  apiKey: string;
  apiSecret: string;
}

/**
 * Options of `startBybitSimulator`. Every interval and limit is configurable so tests can make them short.
 *
 * @example
 * const sim = await startBybitSimulator({ feedIntervalMs: 10, dcpWindowMs: 200 });
 */
export interface BybitSimulatorOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number | undefined;
  /** Symbols with a market (default BTCUSDT, ETHUSDT). */
  symbols?: readonly string[] | undefined;
  /** Real milliseconds between market steps (default 100; 0: only `tick()`). */
  feedIntervalMs?: number | undefined;
  /** Topics allowed in one subscribe request on `/v5/public/spot` (default 10, Bybit's documented limit). */
  spotArgsLimit?: number | undefined;
  /** Accounts of `/v5/private` and `/v5/trade` (default one: apiKey `sim-key`, apiSecret `sim-secret`). */
  accounts?: readonly BybitSimulatorAccount[] | undefined;
  /** Orders (create/amend/cancel) allowed per second per account (default 10); above: retCode 10006. */
  orderRateLimit?: number | undefined;
  /**
   * Disconnect-cancel window, ms (default 10 000, Bybit's default): when every private connection of an account
   * that subscribed `dcp` is gone for this long, its open orders are cancelled.
   */
  dcpWindowMs?: number | undefined;
  /** Seed of the generated market (default 1). */
  seed?: number | undefined;
  /** Starting coin balances of every account (default `{ USDT: 100000, USDC: 100000, BTC: 1, ETH: 10 }`). */
  balances?: Readonly<Record<string, number>> | undefined;
  /** Server clock minus the real clock, ms (default 0): every timestamp the simulator sends or checks uses it. */
  clockSkewMs?: number | undefined;
}

/** One accepted connection. */
export interface BybitSimulatorConnection {
  /** 1, 2, 3… in accept order. */
  readonly id: number;
  /** Which endpoint: `spot`, `linear` (public), `private` or `trade`. */
  readonly kind: 'spot' | 'linear' | 'private' | 'trade';
  /** The apiKey it authenticated with, once it has. */
  readonly apiKey: string | undefined;
  /** Topics it is subscribed to. */
  readonly topics: readonly string[];
}

/** One frame a client sent, as the simulator logged it. */
export interface BybitInbound {
  /** The connection it came on. */
  readonly connection: number;
  readonly kind: BybitSimulatorConnection['kind'];
  /** The decoded frame (undefined when it was not JSON). */
  readonly data: Record<string, unknown> | undefined;
}

/** An order the simulated matching engine keeps. */
export interface BybitSimulatorOrder {
  orderId: string;
  orderLinkId: string;
  apiKey: string;
  category: string;
  symbol: string;
  side: 'Buy' | 'Sell';
  orderType: 'Limit' | 'Market';
  price: string;
  qty: string;
  cumExecQty: string;
  /** Average fill price ('0' before the first fill). */
  avgPrice: string;
  /** `PartiallyFilledCanceled`: a market order the book could not fill whole (its rest cancelled). */
  orderStatus: 'New' | 'PartiallyFilled' | 'Filled' | 'Cancelled' | 'PartiallyFilledCanceled';
}

/**
 * A running Bybit v5 simulator: public (`/v5/public/spot`, `/v5/public/linear`), private (`/v5/private`) and
 * trade (`/v5/trade`) endpoints over one consistent book per symbol, plus the kit's fault verbs.
 */
export interface BybitSimulator {
  /** `ws://127.0.0.1:<port>`: append `/v5/public/linear`, `/v5/private`, `/v5/trade`. */
  readonly url: string;
  readonly port: number;
  /** Open connections. */
  connections(): BybitSimulatorConnection[];
  /** Every frame received so far, oldest first. */
  received(): BybitInbound[];
  /** Resolves with the first received frame (earlier or later) that `match` accepts; rejects after `timeoutMs`. */
  waitForMessage(match: (m: BybitInbound) => boolean, timeoutMs?: number): Promise<BybitInbound>;
  /** Resolves once `n` connections are open; rejects after `timeoutMs`. */
  waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  /** `http://127.0.0.1:<port>`: the REST base (`GET /v5/order/realtime`, signed as Bybit documents). */
  readonly restUrl: string;
  /** Open orders (of one account when given). */
  openOrders(apiKey?: string): BybitSimulatorOrder[];
  /** Open linear positions of an account (default `sim-key`), as `GET /v5/position/list` rows. */
  positions(apiKey?: string): Array<Record<string, unknown>>;
  /** Every order in any state (of one account when given). */
  orders(apiKey?: string): BybitSimulatorOrder[];
  /**
   * The next `order.create` is run (`processed: true`: filled or resting, as its price says) or ignored
   * (`false`: never processed), then its `/v5/trade` connection is cut before the reply.
   */
  cutNextOrder(processed: boolean): void;
  /**
   * Resolves when disconnect-cancel (DCP) first fires: a private connection subscribed to `dcp` closed and
   * none came back within `dcpWindowMs`; with the account and how many orders it cancelled.
   */
  dcpFired(timeoutMs?: number): Promise<{ apiKey: string; cancelled: number }>;
  /** One market step now (book deltas, a trade, tickers, klines to subscribers). */
  tick(): void;
  /** A service restart of `symbol`'s book feed: every book topic of it sends a snapshot with `u = 1`. */
  restartBook(symbol: string): void;
  /** Skips one update id on every book topic of `symbol` (the next delta does not follow the last). */
  gap(symbol: string): void;
  /** While on, trade requests are accepted and logged but never answered (to test outcome-unknown drops). */
  holdTrade(on: boolean): void;
  /** Moves the simulator's clock: server minus real time, ms, from now on (pong `args`, `ts`, auth, trade and REST checks). */
  setClockSkew(ms: number): void;
  /** Ends every connection: a close code, or `'abnormal'` (TCP dropped). */
  drop(code?: number | 'abnormal'): Promise<void>;
  /** Half-open: connections read and send nothing until `resume()`. */
  stall(): void;
  resume(): void;
  /** Refuses upgrades with an HTTP status (`null`: accept again). */
  reject(status: number | null): void;
  /** Closes everything; idempotent. */
  stop(): Promise<void>;
}
