/**
 * Public types of the Deribit simulator. Behaviour lives in the sibling files; this file only names shapes.
 */

/** An API key the simulator accepts. */
export interface DeribitAccount {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * A leaky credit bucket (Deribit's rate limit): each request costs `cost`, the bucket holds at most `cap`
 * and refills continuously at `refillPerSecond`.
 */
export interface CreditBucketOptions {
  cost?: number;
  cap?: number;
  refillPerSecond?: number;
}

/** A tradable instrument (perpetuals by default). */
export interface SimInstrumentSpec {
  /** e.g. `BTC-PERPETUAL`. The currency is the part before the first `-` or `_`. */
  name: string;
  /** Starting mid price. */
  price: number;
  tickSize: number;
  /** Amounts must be multiples of it (USD for inverse perpetuals). */
  contractSize: number;
}

/**
 * Options of `startDeribitSimulator`. Every duration a test may want short is an option, so tests never sleep.
 *
 * @example
 * const sim = await startDeribitSimulator({ tokenLifetimeMs: 300, heartbeatUnitMs: 10, feedIntervalMs: 0 });
 */
export interface DeribitSimulatorOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Accepted API keys (default one: `sim-client` / `sim-secret`). */
  accounts?: readonly DeribitAccount[];
  /** Lifetime of issued access tokens, ms (default 900 000). `expires_in` reports it in seconds (may be fractional). */
  tokenLifetimeMs?: number;
  /** How old (or how far ahead) a `client_signature` timestamp may be, ms (default 60 000). */
  signatureWindowMs?: number;
  /** Milliseconds per second of `set_heartbeat` interval (default 1000; tests use e.g. 10 so 10 s → 100 ms). */
  heartbeatUnitMs?: number;
  /** Smallest interval `public/set_heartbeat` accepts, in seconds (default 10, as on Deribit). */
  minHeartbeatInterval?: number;
  /** The server clock runs this many ms ahead of the host clock (negative: behind). Default 0. */
  clockOffsetMs?: number;
  /** Non-matching-engine requests (default cost 500, cap 50 000, refill 10 000/s). */
  credits?: CreditBucketOptions;
  /** Matching-engine requests: buy, sell, edit, cancel… (default cost 500, cap 25 000, refill 10 000/s). */
  matchingCredits?: CreditBucketOptions;
  /** Largest request frame in bytes; larger ones get -32600 (default 32 768). */
  maxFrameBytes?: number;
  /** Open connections allowed; the next upgrade gets HTTP 429 (default 32). */
  maxConnections?: number;
  /** Market feed period, ms (default 100). 0: no timer, advance the market with `tick()`. */
  feedIntervalMs?: number;
  /** Seed of the market's random walk (default 1): the same seed gives the same market. */
  seed?: number;
  /** Instruments (default `BTC-PERPETUAL` and `ETH-PERPETUAL`). */
  instruments?: readonly SimInstrumentSpec[];
  /** The `testnet` flag on every response (default true). */
  testnet?: boolean;
  /** Starting balance of every account per currency (default `{ BTC: 10, ETH: 100, USDC: 100000 }`). */
  balances?: Readonly<Record<string, number>>;
  /**
   * A connection that sends nothing for this long while no heartbeat is set is closed, as Deribit does after
   * 10 minutes, ms (default 600 000).
   */
  idleTimeoutMs?: number;
}

/** What happened inside the simulator, in order. Tests wait on these instead of sleeping. */
export type DeribitSimEvent =
  | { readonly type: 'connection'; readonly connection: number }
  | {
      readonly type: 'request';
      readonly connection: number;
      readonly method: string;
      readonly id: unknown;
      readonly params: Readonly<Record<string, unknown>>;
      /** The error code answered, when the request failed. */
      readonly error?: number;
      /** True when the request was executed but the connection was dropped instead of replying. */
      readonly dropped?: boolean;
    }
  /** A frame that arrived while the simulator was stalled and was dropped unread. */
  | { readonly type: 'ignored'; readonly connection: number }
  | { readonly type: 'test_request'; readonly connection: number }
  | { readonly type: 'heartbeat_timeout'; readonly connection: number }
  /** Closed after `idleTimeoutMs` without a message while no heartbeat was set. */
  | { readonly type: 'idle_timeout'; readonly connection: number }
  | { readonly type: 'rate_limited'; readonly connection: number; readonly method: string }
  | { readonly type: 'gap'; readonly instrument: string; readonly changeId: number }
  | {
      readonly type: 'close';
      readonly connection: number;
      readonly code: number;
      /** Orders cancelled by cancel-on-disconnect. */
      readonly cancelled: number;
    };

/** An order as Deribit reports it (the fields the simulator fills). */
export interface SimOrder {
  order_id: string;
  order_state: 'open' | 'filled' | 'cancelled' | 'rejected' | 'untriggered';
  order_type: 'limit' | 'market' | 'stop_limit' | 'stop_market';
  direction: 'buy' | 'sell';
  amount: number;
  filled_amount: number;
  price: number | 'market_price';
  average_price: number;
  time_in_force: string;
  post_only: boolean;
  reduce_only: boolean;
  label: string;
  instrument_name: string;
  creation_timestamp: number;
  last_update_timestamp: number;
  max_show: number;
  api: boolean;
  web: boolean;
  replaced: boolean;
  is_liquidation: boolean;
  is_rebalance: boolean;
  cancel_reason?: string;
  /** Stop orders: the trigger price, the price it watches, and whether it has fired. */
  trigger_price?: number | undefined;
  trigger?: string;
  triggered?: boolean;
}

/**
 * A running Deribit simulator on 127.0.0.1: Deribit's JSON-RPC API v2 over WebSocket, with auth, heartbeats,
 * subscriptions, a small matching engine, cancel-on-disconnect, credit limits and fault hooks. Node only.
 */
export interface DeribitSimulator {
  /** `ws://127.0.0.1:PORT/ws/api/v2`. */
  readonly url: string;
  readonly port: number;
  /** The first account's key, for tests and demos. */
  readonly credentials: DeribitAccount;
  /** Everything that happened, oldest first (capped at 10 000). */
  readonly events: readonly DeribitSimEvent[];
  /** Connections accepted since start. */
  readonly connectionCount: number;
  /** Connections open now. */
  readonly openConnections: number;
  /** Requests seen (optionally of one method), oldest first. */
  requests(method?: string): Array<Extract<DeribitSimEvent, { type: 'request' }>>;
  /**
   * Resolves with the first event (already logged or still to come) of this type or matching this predicate;
   * rejects at the deadline (default 2000 ms) or when the simulator stops.
   */
  waitFor(
    match: DeribitSimEvent['type'] | ((event: DeribitSimEvent) => boolean),
    timeoutMs?: number,
  ): Promise<DeribitSimEvent>;
  /** Every order the engine knows (open and closed), optionally only the open ones. */
  orders(filter?: { open?: boolean }): SimOrder[];
  /**
   * The simulator's own book of `instrument` (default the first): every aggregated level, best first, and the
   * `change_id` of its last change. A book subscription's snapshot plus its changes give exactly this.
   */
  orderBook(instrument?: string): { change_id: number; bids: Array<[number, number]>; asks: Array<[number, number]> };
  /** Advances the market feed by `steps` (default 1): book changes, ticker and index updates, random trades. */
  tick(steps?: number): void;
  /** Ends every connection: `'abnormal'` by default (no close frame, the client sees 1006), or with a close code. */
  drop(code?: number | 'abnormal', reason?: string): Promise<void>;
  /**
   * Half-open mode: read nothing, send nothing (no heartbeats, no pongs, no market steps) until `resume()`.
   * `'all'` (default): connections open now and new ones; `'open'`: only those open now.
   */
  stall(scope?: 'all' | 'open'): void;
  resume(): void;
  /** Refuses upgrades with this HTTP status (400–599) until `reject(null)`, or for `options.durationMs`. */
  reject(
    status: number | null,
    options?: {
      durationMs?: number | undefined;
      headers?: Readonly<Record<string, string>> | undefined;
      body?: string | undefined;
    },
  ): void;
  /**
   * Sends a frame to every open connection, or with `{ channel }` sends `message` as that channel's
   * `subscription` notification to its subscribers; returns how many got it.
   */
  inject(message: string | object, target?: { channel?: string | undefined }): number;
  /** The next book change of `instrument` (default the first) is not sent: subscribers see a change_id gap. */
  gap(instrument?: string): void;
  /** Every issued access and refresh token expires now. */
  expireTokens(): void;
  /** On: every connection is closed (1012) and every request answers 11051 system_maintenance until off. */
  maintenance(on: boolean): Promise<void>;
  /** The next request of `method` is executed, but the connection is dropped instead of replying. */
  dropBeforeReply(method: string): void;
  /**
   * The next `private/buy`/`private/sell` is run (`processed: true`: filled or resting, as its price says) or
   * ignored (`false`: never processed), then its connection is cut before the reply.
   */
  cutNextOrder(processed: boolean): void;
  /** Terminates every connection, stops every timer, closes the listener. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
