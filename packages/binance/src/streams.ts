import { AbortError, type Unsubscribe, ZenError } from '@zen-websocket/core';
import type { LocalBook } from '@zen-websocket/core/book';
import { checkOptions, defaultGlobalSocketFactory, EventHub, systemClock } from '@zen-websocket/core/internal';
import { type BinanceBookOptions, createBinanceBook } from './book.js';
import { StreamConnection } from './connection.js';
import { binanceClassify, defined, STREAMS_IMPORT } from './defaults.js';
import { streamList } from './errors.js';
import { streamsRules } from './options.js';
import type { StreamPayload } from './payloads.js';
import type {
  BinanceStreamsEvents,
  BinanceStreamsOptions,
  StreamConnectionInfo,
  StreamHandler,
  StreamsSettings,
} from './types.js';
import type { Job, StreamsHost } from './wire.js';

/** Market streams over as many connections as needed. Created by {@link createBinanceStreams}. */
export interface BinanceStreams {
  /**
   * Subscribes to streams (`btcusdt@trade`, `btcusdt@depth@100ms`…), optionally with a handler for their
   * payloads, typed from the names (see {@link StreamPayload}). Resolves with the streams once Binance has every
   * one of them at once; rejects with a `BinanceError` naming the streams it refuses (e.g. code 2 `Invalid
   * request: invalid stream`) or a `request_timeout` `RequestError`, and when a stream of the call is dropped while
   * it waits, even one confirmed earlier (an `AbortError` when you unsubscribe it). Calls made while a frame waits
   * for the limiter share one SUBSCRIBE.
   */
  subscribe<const S extends string>(
    streams: S | readonly S[],
    handler?: StreamHandler<StreamPayload<S>>,
  ): Promise<string[]>;
  /** The same with the payload type given explicitly: `subscribe<MyType>(names, handler)`. */
  subscribe<T>(streams: string | readonly string[], handler?: StreamHandler<T>): Promise<string[]>;
  /** Stops streams and their handlers at once; resolves when Binance confirms (or the connection is gone). */
  unsubscribe(streams: string | readonly string[]): Promise<void>;
  /** What Binance says each connection is subscribed to (`LIST_SUBSCRIPTIONS`), merged. */
  listSubscriptions(): Promise<string[]>;
  /** The streams this object wants, whether or not confirmed yet. */
  subscriptions(): string[];
  /** One row per connection. */
  connections(): StreamConnectionInfo[];
  /** Rotates every connection make-before-break now (e.g. at a quiet time of your choosing). */
  rotate(): Promise<void>;
  on<K extends keyof BinanceStreamsEvents>(type: K, handler: (payload: BinanceStreamsEvents[K]) => void): Unsubscribe;
  /**
   * A local order book of `symbol` kept by Binance's documented procedure (diffs, snapshot, `U`/`u` checks),
   * resynced with backoff after any gap. See `docs/order-books.md`.
   */
  orderBook(symbol: string, options?: BinanceBookOptions): LocalBook;
  /** Closes every connection; pending subscriptions reject. Idempotent. */
  close(): Promise<void>;
}

/** Event types of raw payloads → stream-name suffix, to route raw (unwrapped) frames; others (`trade`,
 * `aggTrade`, `avgPrice`) are named as their streams. */
const RAW_KIND: Record<string, string> = {
  depthUpdate: 'depth',
  kline: 'kline_',
  '24hrMiniTicker': 'miniTicker',
  '24hrTicker': 'ticker',
};

/**
 * Binance Spot market streams: combined (default) or raw endpoints, per-stream handlers, a strict outbound
 * limiter per connection, streams restored through the URL after every reconnect (no SUBSCRIBE burst, so no
 * 1008 loop), more than 1024 streams spread over several connections, dead connections replaced, and
 * make-before-break rotation before the 24-hour cut-off or on `serverShutdown`. Connects on first subscribe.
 *
 * @example
 * import { nodeSocketFactory } from 'zen-websocket';
 * const streams = createBinanceStreams({ socketFactory: nodeSocketFactory });
 * await streams.subscribe('btcusdt@trade', (t) => console.log(t.p, t.q));
 */
export function createBinanceStreams(options: BinanceStreamsOptions = {}): BinanceStreams {
  const o = settings(options);
  const handlers = new Map<string, Set<StreamHandler<never>>>();
  const connections = new Set<StreamConnection>();
  const books = new Set<LocalBook>();
  let ids = 0;
  let closed = false;

  /** Each `subscribe()` call waiting: its streams, and its promise's resolve and reject. */
  const calls = new Map<readonly string[], Job>();
  // true when a stream has no call waiting for it (its drop is then reported on `error`)
  const forget = (streams: readonly string[], error: ZenError): boolean => {
    const waited = [...calls.keys()].flat();
    for (const s of streams) handlers.delete(s);
    for (const [list, [, reject]] of calls) if (list.some((s) => streams.includes(s))) reject(error);
    return streams.some((s) => !waited.includes(s));
  };
  // the streams' events hub, with what the connections need of the streams object
  const host = Object.assign(new EventHub<BinanceStreamsEvents>(), {
    o,
    forget,
    settle() {
      // every stream of the call confirmed at once (one not added yet, or dropped, is confirmed nowhere)
      for (const [list, [resolve]] of calls)
        if (list.every((s) => [...connections].some((c) => c.subs.status(s) === 'active'))) resolve(0);
    },
    gone(connection: StreamConnection, error?: ZenError) {
      if (!connections.delete(connection)) return;
      // (no error: every stream was dropped already, so the list is empty)
      forget(connection.subs.list(), error as ZenError);
      if (error) host.emit('error', error);
      void connection.close();
    },
    /** Hands a frame to its streams' handlers and to `message` listeners; a `serverShutdown` starts a rotation. */
    deliver(connection: StreamConnection, frame: unknown) {
      const f = frame as { stream?: unknown; data?: unknown; e?: unknown; s?: unknown };
      const data = (o.raw ? f : f.data) as { e?: unknown } | undefined;
      if (data?.e === 'serverShutdown') {
        host.emit('serverShutdown', { connection: connection.id });
        void connection.rotate('serverShutdown');
        return;
      }
      for (const stream of o.raw ? rawStreams(connection, f) : [String(f.stream)]) {
        for (const handler of handlers.get(stream) ?? []) {
          try {
            (handler as StreamHandler)(data, stream);
          } catch (cause) {
            host.emit('error', new ZenError('handler_error', `${stream} handler threw`, { cause }));
          }
        }
        host.emit('message', { stream, data });
      }
    },
  }) satisfies StreamsHost;

  /** The streams of `list` by the connection that has (or, with `assign`, will have) them. */
  const groups = (list: string[], assign: boolean): Map<StreamConnection, string[]> => {
    const out = new Map<StreamConnection, string[]>();
    for (const stream of list) {
      const all = [...connections];
      let connection =
        all.find((c) => c.subs.status(stream)) ??
        (assign ? all.find((c) => c.subs.size + (out.get(c)?.length ?? 0) < o.maxStreamsPerConnection) : undefined);
      if (!connection && assign) {
        connection = new StreamConnection(++ids, host);
        connections.add(connection);
      }
      if (connection) out.set(connection, [...(out.get(connection) ?? []), stream]);
    }
    return out;
  };

  return {
    async subscribe(streams: string | readonly string[], handler?: StreamHandler<never>) {
      const list = names(streams, 'subscribe');
      if (closed) throw new ZenError('closed', 'Streams closed');
      if (handler) for (const s of list) handlers.set(s, (handlers.get(s) ?? new Set()).add(handler));
      // settled by `host`: resolved once every stream is confirmed at once, rejected when one is dropped
      const call = new Promise((resolve, reject) => calls.set(list, [resolve, reject])).finally(() =>
        calls.delete(list),
      );
      for (const [connection, part] of groups(list, true)) connection.subscribe(part, call);
      await call;
      return list;
    },
    async unsubscribe(streams) {
      const list = names(streams, 'unsubscribe');
      // the user's own doing: a call waiting for one of them rejects (even one its connection confirmed)
      const error = new AbortError('aborted', `Unsubscribed from ${streamList(list)}`);
      forget(list, error);
      await Promise.all(
        [...groups(list, false)].map(async ([connection, part]) => {
          await connection.unsubscribe(part, error);
          if (connection.subs.size === 0) host.gone(connection);
        }),
      );
    },
    async listSubscriptions() {
      const lists = await Promise.all([...connections].map((c) => c.list()));
      return lists.flat();
    },
    subscriptions: () => [...connections].flatMap((c) => c.subs.list()),
    connections: () => [...connections].map((c) => c.info()),
    async rotate() {
      await Promise.all([...connections].map((c) => c.rotate('manual')));
    },
    orderBook(symbol, bookOptions) {
      const book = createBinanceBook(this as BinanceStreams, symbol, bookOptions, o.base);
      books.add(book);
      return book;
    },
    on: (type, handler) => host.on(type, handler),
    async close() {
      closed = true;
      await Promise.all([...books].map((book) => book.close()));
      const all = [...connections];
      connections.clear();
      handlers.clear();
      await Promise.all(all.map((c) => c.close()));
      host.clear();
    },
  };
}

/** Streams a raw (unwrapped) payload belongs to: the only one on the connection, or by symbol and event type. */
function rawStreams(connection: StreamConnection, data: { e?: unknown; s?: unknown }): string[] {
  const list = connection.subs.list();
  if (list.length === 1) return list;
  // no kind: a prefix such as `btcusdt@false`, which no stream has
  const kind = typeof data.e === 'string' ? (RAW_KIND[data.e] ?? data.e) : 'u' in data && 'b' in data && 'bookTicker';
  const prefix = `${String(data.s).toLowerCase()}@${kind}`;
  return list.filter((s) => s.startsWith(prefix));
}

function names(streams: string | readonly string[], fn: string): string[] {
  const list = typeof streams === 'string' ? [streams] : streams;
  if (!Array.isArray(list) || !list.length || list.some((s) => !s || typeof s !== 'string')) {
    throw new TypeError(`${fn}(streams): pass a stream name or a non-empty array of them`);
  }
  return [...new Set(list as string[])];
}

/** The defaults, by option name (`limit` and `heartbeat` keys are flattened in: no name is in two places). */
const DEFAULTS = {
  baseUrl: 'wss://stream.binance.com:9443',
  raw: false,
  maxStreamsPerConnection: 1024,
  maxUrlLength: 8000,
  messages: 5,
  reserve: 1,
  windowMs: 1100,
  maxQueue: 1000,
  batch: 200,
  interval: 20_000,
  timeout: 10_000,
  requestTimeout: 10_000,
  classify: binanceClassify,
};

function settings(options: BinanceStreamsOptions): StreamsSettings {
  checkOptions('createBinanceStreams', options, streamsRules());
  const { heartbeat, limit, rotation = {}, connect = {} } = options;
  const o = { ...DEFAULTS, ...defined({ ...options, ...limit, ...heartbeat }) };
  const socketFactory = o.socketFactory ?? defaultGlobalSocketFactory(STREAMS_IMPORT);
  const messages = o.messages - o.reserve;
  if (!(messages >= 1))
    throw new RangeError(
      `createBinanceStreams: options.limit.reserve (${o.reserve}) must be below options.limit.messages (${o.messages})`,
    );
  return {
    ...o,
    base: String(o.baseUrl).replace(/\/+$/, ''),
    socketFactory,
    gap: Math.ceil(o.windowMs / messages),
    // 'auto' (default): probe only where the socket cannot see ping frames
    probe: typeof o.probe === 'boolean' ? o.probe : !socketFactory.capabilities?.ping,
    rotation: rotation && { after: 82_800_000, window: 1_800_000, ...defined(rotation) },
    connect,
    clock: connect.clock ?? systemClock,
    random: connect.random ?? Math.random,
  };
}
