/**
 * Public types of the Binance simulator. Behaviour lives in the sibling files; this file only names shapes.
 */

/**
 * An account the simulated WebSocket API knows. Give `secretKey` for an HMAC key, `publicKey` for an Ed25519
 * key (PEM SPKI text, or the raw 32 bytes).
 *
 * @example
 * const account: BinanceSimulatorAccount = { apiKey: 'k', secretKey: 's', balances: { USDT: 10_000 } };
 */
export interface BinanceSimulatorAccount {
  apiKey: string;
  secretKey?: string | undefined;
  publicKey?: string | Uint8Array | undefined;
  /** Free balance per asset (default 100 BTC, 1000 ETH, 10000 BNB, 1 000 000 USDT). */
  balances?: Readonly<Record<string, number>> | undefined;
}

/**
 * Options of `startBinanceSimulator`. Every interval and limit is configurable so tests can make them short.
 *
 * @example
 * const sim = await startBinanceSimulator({ feedIntervalMs: 10, pingIntervalMs: 500, pongTimeoutMs: 1500 });
 */
export interface BinanceSimulatorOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number | undefined;
  /** Symbols that trade (orders, exchangeInfo, REST). Streams accept any lowercase symbol. Default BTCUSDT, ETHUSDT, BNBUSDT. */
  symbols?: readonly string[] | undefined;
  /**
   * Real milliseconds of one round, the simulator's 100 ms step of venue time (default 100; 0: only `tick()`).
   * Every cadence scales with it: real-time and `@100ms` streams send every round, `@depth`, partial depth,
   * tickers, `@kline_1s` and `@avgPrice` every 10 rounds, other klines every 20. `feedIntervalMs: 10` runs the
   * market ten times faster than Binance.
   */
  feedIntervalMs?: number | undefined;
  /** Ping frame every `pingIntervalMs` on every connection (default 20000; 0: never). */
  pingIntervalMs?: number | undefined;
  /** Close a connection whose last pong is older than this, ms (default 60000). */
  pongTimeoutMs?: number | undefined;
  /** @deprecated Use `feedIntervalMs`. */
  feedInterval?: number | undefined;
  /** @deprecated Use `pingIntervalMs`. */
  pingInterval?: number | undefined;
  /** @deprecated Use `pongTimeoutMs`. */
  pongTimeout?: number | undefined;
  /** Incoming frames (text, ping, pong) allowed per second per stream connection (default 5); above: close 1008. */
  messageLimit?: number | undefined;
  /** Streams per connection (default 1024). */
  maxStreams?: number | undefined;
  /** Connection lifetime, ms (default 24 h); at the end the server closes with 1001. */
  connectionLifetimeMs?: number | undefined;
  /** @deprecated Use `connectionLifetimeMs`. */
  connectionLifetime?: number | undefined;
  /**
   * WS-API accounts. Default: the docs' example HMAC key pair, apiKey
   * `vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A`, secretKey
   * `NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j`.
   */
  accounts?: readonly BinanceSimulatorAccount[] | undefined;
  /** Server clock minus the real clock, ms (default 0). */
  clockSkewMs?: number | undefined;
  /** @deprecated Use `clockSkewMs`. */
  clockSkew?: number | undefined;
  /** REQUEST_WEIGHT allowed per minute (default 6000). */
  weightLimit?: number | undefined;
  /** Orders allowed per 10 s per account (default 50). */
  orderLimit?: number | undefined;
  /** Seed of the generated market data (default 1). */
  seed?: number | undefined;
  /** Cap on captured inbound messages, server-wide and per connection (default 1000). */
  maxMessages?: number | undefined;
}

/** One accepted connection, as the simulator sees it. */
export interface BinanceSimulatorConnection {
  /** 1, 2, 3… in accept order. */
  readonly id: number;
  readonly kind: 'stream' | 'api';
  readonly path: string;
  readonly query: string;
  readonly open: boolean;
  /** Stream connections: the streams it is subscribed to now. */
  readonly streams: readonly string[];
  /** Captured inbound text messages, oldest first. */
  readonly received: readonly string[];
  /** Frames counted against the message limit so far (text, ping and pong). */
  readonly frames: number;
  /** Pongs received that answered the server's ping. */
  readonly pongs: number;
  /** Whether `stall()` made it half-open. */
  readonly stalled: boolean;
  /** Starts a close handshake; resolves once closed. */
  close(code?: number, reason?: string): Promise<void>;
  /** Drops the TCP connection (the client sees 1006). */
  terminate(): Promise<void>;
}

/** A connection that ended, with who ended it and how. */
export interface BinanceSimulatorClose {
  readonly id: number;
  readonly kind: 'stream' | 'api';
  readonly code: number;
  readonly reason: string;
  /** `server` when the simulator closed it (limits, lifetime, faults), `client` otherwise. */
  readonly by: 'server' | 'client';
}

/**
 * A running Binance simulator on 127.0.0.1: market streams (`/ws/…`, `/stream?streams=…`), the WebSocket API
 * (`/ws-api/v3`) and a little REST (`/api/v3/depth`, `/api/v3/time`, `/api/v3/exchangeInfo`), all on one port.
 */
export interface BinanceSimulator {
  readonly port: number;
  /** `ws://127.0.0.1:PORT`: the base of `/ws/<stream>` and `/stream?streams=…`. */
  readonly streamUrl: string;
  /** `ws://127.0.0.1:PORT/ws-api/v3`. */
  readonly apiUrl: string;
  /** `http://127.0.0.1:PORT`. */
  readonly restUrl: string;
  /** Open connections, in accept order. */
  readonly connections: readonly BinanceSimulatorConnection[];
  /** Connections accepted since start. */
  readonly connectionCount: number;
  /** Every connection that ended, oldest first. */
  readonly closes: readonly BinanceSimulatorClose[];
  /** Every inbound text message of every connection, oldest first (capped). */
  readonly received: readonly string[];
  /** The next connection accepted (of `kind`, if given) that no earlier call returned. */
  waitForConnection(kind?: 'stream' | 'api', timeoutMs?: number): Promise<BinanceSimulatorConnection>;
  /** The first close (past or future) matching `match`. */
  waitForClose(match?: (close: BinanceSimulatorClose) => boolean, timeoutMs?: number): Promise<BinanceSimulatorClose>;
  /** Generates one round of market data now (one event per subscribed stream). */
  tick(): void;
  /**
   * Sends a frame to every open connection, or with `{ stream }` sends `message` as that stream's data to its
   * subscribers (wrapped as `{stream, data}` on combined connections); returns how many got it.
   */
  inject(message: string | object, target?: { stream?: string | undefined }): number;
  /** @deprecated Use `inject(data, { stream })`. */
  emit(stream: string, data: object): number;
  /** Sends `serverShutdown` on every connection (streams: raw or combined form; API: `{event}`); returns the count. */
  serverShutdown(): number;
  /** Ends every open connection: with a close code, or `'abnormal'` (the default: TCP dropped, the client sees 1006). */
  drop(code?: number | 'abnormal', reason?: string): Promise<void>;
  /**
   * Half-open mode: connections read nothing and send nothing (no data, no pings). `'open'` (default here): the
   * connections open now, new ones work (a client that replaces a dead socket recovers); `'all'`: new ones too.
   */
  stall(scope?: 'all' | 'open'): void;
  /** Leaves stall mode. */
  resume(): void;
  /**
   * Stream control messages (SUBSCRIBE, UNSUBSCRIBE…) are still applied at once, but their replies are held
   * back until `releaseReplies()`: a venue that answers late.
   */
  holdReplies(): void;
  /** Sends the held replies, in order, and stops holding; returns how many were sent. */
  releaseReplies(): number;
  /** Moves the server clock `ms` away from the real one (positive: server ahead). */
  setClockSkew(ms: number): void;
  /**
   * The next `order.place` is run (`processed: true`: filled or resting, as its price says) or ignored
   * (`false`: never processed), then its connection is cut before the reply.
   */
  cutNextOrder(processed: boolean): void;
  /** Every order in any state (of one account when given): the fields `order.status` answers with. */
  orders(apiKey?: string): BinanceSimulatorOrder[];
  /**
   * Refuses upgrades with `status`; 429 and 418 also refuse WebSocket API requests, as Binance's rate limits and
   * IP bans do (for `durationMs`, default 2 minutes; other statuses until `reject(null)`). `null` accepts again.
   */
  reject(status: number | null, options?: { durationMs?: number | undefined }): void;
  /** @deprecated Use `reject(status, { durationMs })`. */
  ban(status: 418 | 429 | null, durationMs?: number): void;
  /**
   * The simulator's own book of `symbol`: the top `limit` levels a side (default 5,000), now or as it was at
   * `updateId` (the state after the last diff whose `u` ≤ `updateId`; the last minute of venue time is kept,
   * undefined when older). The same book the diffs, partial depth, bookTicker and snapshots come from.
   */
  orderBook(
    symbol: string,
    options?: { limit?: number | undefined; updateId?: number | undefined },
  ): { lastUpdateId: number; bids: Array<[string, string]>; asks: Array<[string, string]> } | undefined;
  /** The next diff-depth event of `symbol` skips update ids (a gap a local book must detect). */
  gap(symbol: string): void;
  /** @deprecated Use `gap(symbol)`. */
  injectGap(symbol: string): void;
  /** Terminates everything and closes the port. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** An order as `BinanceSimulator.orders()` shows it (the fields of Binance's order responses). */
export interface BinanceSimulatorOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  price: string;
  origQty: string;
  executedQty: string;
  status: string;
  side: 'BUY' | 'SELL';
  type: string;
  [field: string]: unknown;
}
