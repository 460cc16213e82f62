/** The options of `connect()`, as users write them and as the client reads them after `resolveOptions`. */
import type { Classifier } from './classify.js';
import type { Clock } from './clock.js';
import type { ZenError } from './errors.js';
import type { Protocol } from './protocol.js';
import type { SocketFactory } from './socket.js';
import type { Telemetry } from './telemetry.js';

/**
 * Heartbeat types; see `docs/architecture.md` for what each sends and listens for. `protocol` uses the
 * dialect's own probe and replies (`Protocol.heartbeat`: the Deribit adapter supplies `public/test`); `passive`
 * sends nothing and judges liveness by traffic alone. `deribit` and `binance` are their older names.
 */
export type HeartbeatType = 'ping_pong' | 'protocol' | 'passive' | 'custom' | 'disabled' | 'deribit' | 'binance';

/** The `heartbeat` option of `connect`: how dead connections are detected (see docs/state-machine.md). */
export interface HeartbeatOptions {
  type: HeartbeatType;
  /** Milliseconds between probes (default 30000). */
  interval?: number;
  /** Extra silence tolerated after a probe before the connection is declared dead (default 10000). */
  timeout?: number;
  /** For `custom`: the probe to send each interval (a string, an object sent as JSON, or a function returning one). */
  message?: string | object | (() => string | object);
}

/** Page and network signals a runtime can report (browsers: online/offline, visibility, page lifecycle). */
export type LifecycleSignal = 'online' | 'offline' | 'visible' | 'hidden' | 'pagehide' | 'pageshow';

/**
 * Subscribes the client to lifecycle signals; returns the unsubscribe function. The `zen-websocket` browser
 * build supplies one over `window`/`document` events; other runtimes have none.
 */
export type LifecycleSource = (emit: (signal: LifecycleSignal) => void) => () => void;

/**
 * A gate every outbound message passes (a rate limiter; see `createRateLimiter`). `take` returns `undefined`
 * when the message may go now (its cost already taken), or a promise that resolves when it may go and rejects
 * with a typed error when it never will (queue full, expired, limiter closed). It must release messages in
 * the order it received them. `owner` identifies the connection the message is for; when that connection
 * ends the client calls `withdraw(owner)` (if the gate has it) so the waiting messages leave the queue. A
 * message released after its connection ended is never written either way: the client refuses it
 * (`sent: false`).
 */
export interface OutboundGate {
  take(message: unknown, owner?: object): Promise<void> | undefined;
  withdraw?(owner: object): void;
}

/** One recorded frame, as the client hands it to a sink: raw, before any formatting or redaction. */
export interface RecordEntry {
  /** Wall-clock ms (`Date.now()`) when the client saw the frame. */
  ts: number;
  dir: 'in' | 'out';
  type: 'text' | 'binary' | 'close';
  /** Text, bytes, or for `close` the reason. */
  data: string | Uint8Array;
  /** Close code, for `close` entries. */
  code?: number;
}

/**
 * Where recorded frames go (see `@zen-websocket/recorder`). `record` must be synchronous and cheap (buffer, then
 * write in the background); a sink that throws is reported on `error` and dropped, never slowing the socket.
 */
export interface RecordSink {
  record(entry: RecordEntry): void;
  /** Writes what is buffered; called by `close()`. */
  flush?(): Promise<void> | void;
  /** Releases the sink; called by `close()` after `flush`. */
  close?(): Promise<void> | void;
}

/** What a `handler` option receives (the original library's handler messages). */
export type HandlerMessage =
  | { type: 'message'; data: unknown }
  | { type: 'binary'; data: Uint8Array }
  | { type: 'unmatched_response'; data: Record<string, unknown> }
  | { type: 'protocol_error'; error: ZenError };

/** Why a connection ended, as given to `onDisconnect`. */
export interface DisconnectInfo {
  /** The error behind the drop; undefined after `close()`. */
  error?: ZenError;
  /** The state the client moves to. */
  next: 'reconnecting' | 'disconnected' | 'closed';
}

/** Options of `connect(url, options)`. Unknown keys are rejected with a TypeError. */
export interface ConnectOptions<C = unknown> {
  /** Per-attempt budget for the TCP/TLS connection and the upgrade, ms (default 5000). */
  timeout?: number;
  /** Headers for the upgrade request (where the runtime allows; browsers cannot). Values are never logged. */
  headers?: Record<string, string> | ReadonlyArray<readonly [string, string]>;
  /** Log lifecycle steps: `true` for `console.debug`, or your own logger. Silent when off. */
  debug?: boolean | ((line: string) => void);
  /** Reconnect attempts after a failure before giving up (default 3; `Infinity` allowed; 0 = never). */
  retryCount?: number;
  /** Base backoff delay, ms (default 1000). */
  retryDelay?: number;
  /** Backoff cap, ms (default 30000; must be ≥ retryDelay). */
  maxBackoff?: number;
  /**
   * The first retry after a healthy connection drops waits a random delay below this, ms (default 1000; 0 =
   * at once). Spreads a crowd of clients dropped by one server restart instead of reconnecting them all at once.
   */
  firstRetrySpread?: number;
  /** Reconnect automatically after a retryable failure (default true). */
  reconnectOnError?: boolean;
  /** Re-subscribe the desired channels after every reconnect (default true). */
  restoreSubscriptions?: boolean;
  /** Default deadline of every request, ms (default 30000). */
  requestTimeout?: number;
  /** Liveness probing (default `{ type: 'ping_pong', interval: 30000, timeout: 10000 }`). */
  heartbeat?: HeartbeatOptions | 'disabled';
  /** Round-trip samples kept for p50/p99 (default 100). */
  latencyBufferSize?: number;
  /** Makes the socket for each attempt. The `zen-websocket` package supplies one per runtime. */
  socketFactory?: SocketFactory;
  /** The wire dialect (default JSON-RPC 2.0, Deribit style). */
  protocol?: Protocol;
  /** Time source (tests pass a fake one). */
  clock?: Clock;
  /** Aborting it closes the client (and rejects `connect()` if still connecting). */
  signal?: AbortSignal;
  /**
   * Runs on every new connection before subscriptions are restored and before `connect()`/`reconnect()`
   * resolve: the place for authentication and session setup (venue adapters use it). Requests can be sent
   * from it. If it rejects, the connection is dropped and `classify` decides whether to retry (an `AuthError`
   * is fatal).
   */
  prepare?: (client: C) => Promise<void>;
  /** Called after every successful (re)connection, once subscriptions are being restored. */
  onConnect?: (client: C) => void;
  /** Called whenever an open connection ends, and on `close()`. */
  onDisconnect?: (client: C, info: DisconnectInfo) => void;
  /** Receives every inbound message, installed before the first byte arrives. */
  handler?: (message: HandlerMessage) => void;
  /** Uptime after which a connection counts as healthy and the retry counter resets, ms (default 5000). */
  healthyUptime?: number;
  /** Refines the retry/fatal decision for each failure. */
  classify?: Classifier;
  /**
   * Largest inbound message accepted (default 16 MiB); larger ones are a `frame_too_large` error. Enforced in
   * bytes at the socket where it can (Node `ws`); elsewhere the client checks bytes of binary messages and
   * UTF-16 characters of text ones.
   */
  maxMessageSize?: number;
  /** WebSocket sub-protocols to request. */
  subprotocols?: readonly string[];
  /** Telemetry bus (default the shared `telemetry`). */
  telemetry?: Telemetry;
  /**
   * Page/network lifecycle signals. Default: the socket factory's own (`socketFactory.lifecycle`): the browser
   * build's `connect` and every factory over the page's `WebSocket` supply the page's (see docs/runtimes.md).
   */
  lifecycle?: LifecycleSource;
  /** Every outbound message (requests, subscriptions, restores, heartbeats, ping frames) passes this gate. */
  limiter?: OutboundGate;
  /** Records every frame in and out (the `zen-websocket` package also takes a file path or IndexedDB name). */
  recordTo?: RecordSink;
  /** Random source for backoff jitter, returning [0, 1) (default Math.random). */
  random?: () => number;
}

/** Where to connect: a URL, or a function giving the URL for each attempt (e.g. one listing current streams). */
export type UrlSource = string | URL | (() => string | URL);

/** Options after defaults and validation. */
export interface ResolvedOptions<C = unknown> {
  /** The URL of the first attempt. */
  url: string;
  /** Called before every attempt when the URL was given as a function. */
  urlSource: (() => string | URL) | undefined;
  timeout: number;
  headers: Readonly<Record<string, string>>;
  log: ((line: string) => void) | undefined;
  retryCount: number;
  retryDelay: number;
  maxBackoff: number;
  firstRetrySpread: number;
  reconnectOnError: boolean;
  restoreSubscriptions: boolean;
  requestTimeout: number;
  heartbeat: Required<Omit<HeartbeatOptions, 'message'>> & Pick<HeartbeatOptions, 'message'>;
  latencyBufferSize: number;
  socketFactory: SocketFactory;
  protocol: Protocol;
  clock: Clock;
  signal: AbortSignal | undefined;
  prepare: ((client: C) => Promise<void>) | undefined;
  onConnect: ((client: C) => void) | undefined;
  onDisconnect: ((client: C, info: DisconnectInfo) => void) | undefined;
  handler: ((message: HandlerMessage) => void) | undefined;
  healthyUptime: number;
  classify: Classifier | undefined;
  maxMessageSize: number;
  subprotocols: readonly string[];
  telemetry: Telemetry;
  lifecycle: LifecycleSource | undefined;
  limiter: OutboundGate | undefined;
  recordTo: RecordSink | undefined;
  random: () => number;
}
