import type { Classifier, Clock, ConnectOptions, SocketFactory, StateChange, ZenError } from '@zen-websocket/core';

/** Core `connect` options an adapter passes through (the rest it sets itself). */
export type PassThroughOptions = {
  [K in
    | 'timeout'
    | 'headers'
    | 'debug'
    | 'retryCount'
    | 'retryDelay'
    | 'firstRetrySpread'
    | 'maxBackoff'
    | 'healthyUptime'
    | 'maxMessageSize'
    | 'telemetry'
    | 'random'
    | 'clock'
    | 'signal'
    | 'lifecycle'
    | 'recordTo']?: ConnectOptions[K] | undefined;
};

/** Liveness settings of both factories (see their `heartbeat` option). */
export interface HeartbeatSettings {
  /** Expected gap between signs of life, ms (default 20000: Binance pings every 20 s). */
  interval?: number | undefined;
  /** Extra silence tolerated before the connection is declared dead, ms (default 10000). */
  timeout?: number | undefined;
  /** Send a probe where ping frames are invisible: `'auto'` (default), always (`true`) or never (`false`). */
  probe?: boolean | 'auto' | undefined;
}

/** Options of `createBinanceStreams`. Unknown keys are rejected with a TypeError naming the nearest valid one. */
export interface BinanceStreamsOptions {
  /** Stream host (default `wss://stream.binance.com:9443`). */
  baseUrl?: string | undefined;
  /** Use raw `/ws/<a>/<b>` endpoints with bare payloads instead of combined `/stream?streams=` (default false). */
  raw?: boolean | undefined;
  /** Makes each socket (`nodeSocketFactory` from `zen-websocket` on Node; default: the global `WebSocket`). */
  socketFactory?: SocketFactory | undefined;
  /** Streams per connection before another connection is opened (default 1024, Binance's cap). */
  maxStreamsPerConnection?: number | undefined;
  /** Longest URL that carries streams (default 8000 characters); streams beyond it are subscribed by message. */
  maxUrlLength?: number | undefined;
  /**
   * The outbound limiter, per connection (core's strict rolling window). Binance counts every incoming frame,
   * pongs included, and disconnects above 5 a second. Default `{ messages: 5, reserve: 1, windowMs: 1100 }`:
   * 4 control messages per 1.1 s, spread out (one every 275 ms, never a burst), one slot a window kept for the pong that answers the server's ping. A slot
   * is used only when a frame goes out: streams waiting for one share the next SUBSCRIBE, at most `batch`
   * streams a frame (default 200). `maxQueue`: other control messages (`LIST_SUBSCRIPTIONS`) that may wait
   * (default 1000).
   */
  limit?:
    | {
        messages?: number | undefined;
        reserve?: number | undefined;
        windowMs?: number | undefined;
        maxQueue?: number | undefined;
        batch?: number | undefined;
      }
    | undefined;
  /**
   * Liveness. Silence (no data, no ping frame) longer than `interval + timeout` ms drops the connection and
   * replaces it (default 20000 + 10000: Binance pings every 20 s). `probe` sends `LIST_SUBSCRIPTIONS` when a
   * connection has been quiet for `interval / 2`; `'auto'` (default) probes only where the socket cannot see
   * ping frames (browsers, Deno, Bun, Node's native socket).
   */
  heartbeat?: HeartbeatSettings | undefined;
  /**
   * Make-before-break rotation ahead of Binance's 24-hour cut-off: each connection is replaced at a random
   * point between `after` and `after + window` ms after it opened (default 23 h and 30 min). `false`: never.
   */
  rotation?: { after?: number | undefined; window?: number | undefined } | false | undefined;
  /**
   * Deadline of each control reply, ms (default 10000), counted from when its frame is written. Streams no
   * connection has carried yet (still connecting) get the same deadline from the `subscribe()` call.
   */
  requestTimeout?: number | undefined;
  /** Refines core's retry/fatal decision. */
  classify?: Classifier | undefined;
  /** Passed to core's `connect` for every connection. */
  connect?: PassThroughOptions | undefined;
}

/** Called with each payload of a stream (the `data` of a combined frame, the frame itself on raw endpoints). */
export type StreamHandler<T = unknown> = (data: T, stream: string) => void;

/** What each connection of a `BinanceStreams` is doing. */
export interface StreamConnectionInfo {
  id: number;
  /** Streams assigned to it. */
  streams: number;
  state: string;
  url: string | undefined;
  /** Control frames waiting for the limiter. */
  queued: number;
}

/** Events of a `BinanceStreams`. */
export type BinanceStreamsEvents = {
  /** Every payload, after per-stream handlers. */
  message: { stream: string; data: unknown };
  /** Errors no promise carries: refused restores, throwing handlers, failed rotations, connections given up. */
  error: ZenError;
  /** State changes of each connection after its first open. */
  state: StateChange & { connection: number };
  /** A connection was replaced make-before-break. */
  rotate: { connection: number; reason: 'scheduled' | 'serverShutdown' | 'manual' };
  /** Binance announced a shutdown of a connection's server; a rotation follows. */
  serverShutdown: { connection: number };
};

/** Resolved streams options (internal). */
export interface StreamsSettings {
  base: string;
  raw: boolean;
  socketFactory: SocketFactory;
  maxStreamsPerConnection: number;
  maxUrlLength: number;
  /** The least time between two control frames of a connection (ms). */
  gap: number;
  maxQueue: number;
  batch: number;
  interval: number;
  timeout: number;
  probe: boolean;
  rotation: { after: number; window: number } | false;
  requestTimeout: number;
  classify: Classifier;
  connect: PassThroughOptions;
  clock: Clock;
  random: () => number;
}
