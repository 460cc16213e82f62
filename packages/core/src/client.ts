import type { Client, RequestOptions, StateMetrics } from './client-types.js';
import { closeSession, healthy, lifecycleSignal, openAttempt, restart } from './connection.js';
import { asyncDispose } from './dispose.js';
import { channelList, checkTimeout } from './encode.js';
import { AbortError, RequestError, ZenError } from './errors.js';
import type { ClientEvents, Unsubscribe } from './events.js';
import type { HeartbeatHealth } from './heartbeat.js';
import { type MessageStreamOptions, messageStream } from './iterator.js';
import type { LatencyStats } from './latency.js';
import { type ConnectOptions, type ResolvedOptions, resolveOptions, type UrlSource } from './options.js';
import { assertConnected, sendMessage, sendTracked } from './outbound.js';
import type { JsonObject } from './protocol.js';
import { Session } from './session.js';
import type { SocketData } from './socket.js';
import type { ConnectionState } from './state.js';
import { checkKeys } from './strict.js';
import type { ChannelStatus } from './subscriptions.js';
import { subscribe, unsubscribe } from './sync.js';

export type { Client, RequestOptions, StateMetrics } from './client-types.js';

const REQUEST_KEYS = ['timeout', 'signal'];
const SUBSCRIBE_KEYS = ['timeout'];
const NO_OPTIONS: RequestOptions = {};

/**
 * The engine behind `connect()`: the public API over a {@link Session} (the client's state) and the parts
 * that work on it — connection.ts (the lifecycle, one `Attempt` per socket), outbound.ts, inbound.ts,
 * sync.ts (subscriptions), recording.ts, the heartbeat and the pending table. Exported through `./internal`
 * for sibling packages.
 */
export class ZenClient implements Client {
  readonly #s: Session;

  /** `await using client = …` closes it (the same function as `close`). */
  declare readonly [asyncDispose]: () => Promise<void>;

  constructor(url: UrlSource, options: ConnectOptions<Client> = {}) {
    // Set here, not as a computed method: a class with a computed member cannot be dropped by bundlers, and
    // `import { explain }` alone would carry the whole client (17 KB instead of 3).
    (this as { [asyncDispose]: () => Promise<void> })[asyncDispose] = this.close;
    const o = resolveOptions(url, options);
    this.#s = new Session(this, o);
    if (o.handler) installHandler(this.#s, o.handler);
  }

  /** The URL of the current (or last) attempt. */
  get url(): string {
    return this.#s.url;
  }

  /** Starts the first attempt; resolves once connected, rejects when the client gives up or is closed. */
  start(): Promise<void> {
    const s = this.#s;
    const signal = s.o.signal;
    if (signal?.aborted) {
      void this.close();
      return Promise.reject(new AbortError('aborted', 'connect() aborted before it started', { cause: signal.reason }));
    }
    if (signal) {
      s.onAbort = () => void this.close();
      signal.addEventListener('abort', s.onAbort, { once: true });
    }
    // the user's own, or the signals of the runtime the socket factory belongs to (the page's, for its WebSocket)
    const lifecycle = s.o.lifecycle ?? s.o.socketFactory.lifecycle;
    if (lifecycle) s.unlisten = lifecycle((signal) => lifecycleSignal(s, signal));
    const opened = s.waitForOpen();
    openAttempt(s);
    return opened;
  }

  sendMessage(data: string | object | SocketData): Promise<JsonObject | undefined> {
    return sendMessage(this.#s, data);
  }

  request<T = unknown>(method: string, params?: unknown, options: RequestOptions = NO_OPTIONS): Promise<T> {
    // not `async`: the pending entry's promise is returned as is, settled with the protocol's verdict (one
    // promise per request; bench/README.md, Deno and Bun round trips). Errors still arrive as rejections.
    try {
      if (typeof method !== 'string') throw new TypeError('request(method, params): method must be a string');
      if (options !== NO_OPTIONS) checkKeys('request', options, REQUEST_KEYS);
      if (options.signal?.aborted) {
        throw new RequestError('aborted', `Request ${method} aborted before sending`, {
          sent: false,
          cause: options.signal.reason,
        });
      }
      const s = this.#s;
      assertConnected(s);
      const id = s.pending.nextId();
      const message = s.o.protocol.request(method, params, id);
      const timeout = checkTimeout(options.timeout) ?? s.o.requestTimeout;
      return sendTracked(s, id, message, JSON.stringify(message), timeout, options.signal, method) as Promise<T>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async subscribe(channels: string | readonly string[], options: { timeout?: number } = {}): Promise<string[]> {
    const list = channelList(channels, 'subscribe');
    checkKeys('subscribe', options, SUBSCRIBE_KEYS);
    return subscribe(this.#s, list, checkTimeout(options.timeout) ?? this.#s.o.requestTimeout);
  }

  async unsubscribe(channels: string | readonly string[]): Promise<void> {
    return unsubscribe(this.#s, channelList(channels, 'unsubscribe'));
  }

  getSubscriptions(): Array<{ channel: string; status: ChannelStatus }> {
    const subs = this.#s.channels;
    if (!subs) return [];
    return subs.list().map((channel) => ({ channel, status: subs.status(channel) ?? 'pending' }));
  }

  getState(): ConnectionState {
    return this.#s.state;
  }

  async reconnect(): Promise<void> {
    if (this.#s.state === 'closed')
      throw new ZenError('closed', 'reconnect() on a closed client; create a new one with connect()');
    return restart(this.#s);
  }

  close(): Promise<void> {
    const s = this.#s;
    if (!s.closing) s.closing = closeSession(s);
    return s.closing;
  }

  on<K extends keyof ClientEvents>(type: K, handler: (payload: ClientEvents[K]) => void): Unsubscribe {
    if (typeof handler !== 'function')
      throw new TypeError(`on("${String(type)}", handler): handler must be a function`);
    return this.#s.events.on(type, handler);
  }

  messages(options: MessageStreamOptions = {}): AsyncIterableIterator<unknown> {
    const { events } = this.#s;
    return messageStream(
      {
        onMessage: (push) => {
          const a = events.on('message', push);
          const b = events.on('binary', push);
          return () => {
            a();
            b();
          };
        },
        onEnd: (end) => events.on('state', (s) => s.to === 'closed' && end()),
        onOverflow: (error) => events.emit('error', error),
        ended: this.#s.state === 'closed',
      },
      options,
    );
  }

  getLatencyStats(): LatencyStats | null {
    return this.#s.latency?.summary() ?? null;
  }

  getHeartbeatHealth(): HeartbeatHealth {
    return this.#s.heartbeat.health();
  }

  getStateMetrics(): StateMetrics {
    const s = this.#s;
    healthy(s);
    const hb = s.heartbeat.health();
    const a = s.attempt;
    return {
      connectionState: s.state,
      subscriptionsSize: s.channels?.size ?? 0,
      pendingRequestsSize: s.rpc?.size ?? 0,
      activeHeartbeatsSize: hb.activeHeartbeats.length,
      heartbeatFailures: hb.failureCount,
      lastHeartbeatAt: hb.lastHeartbeatAt,
      heartbeatTimerActive: hb.timerActive,
      reconnectAttempts: s.failures,
      connections: s.connections,
      messagesIn: s.messagesIn,
      messagesOut: s.messagesOut,
      uptimeMs: s.state === 'connected' && a ? s.o.clock.now() - a.openedAt : 0,
    };
  }
}

/** The `handler` option: one callback for every inbound kind. */
function installHandler(s: Session, handler: NonNullable<ResolvedOptions['handler']>): void {
  s.events.on('message', (data) => handler({ type: 'message', data }));
  s.events.on('binary', (data) => handler({ type: 'binary', data }));
  s.events.on('unmatched_response', (data) => handler({ type: 'unmatched_response', data }));
  s.events.on('protocol_error', (error) => handler({ type: 'protocol_error', error }));
}

/**
 * Connects to `url` and resolves with a {@link Client} once the first connection is open, retrying per the
 * options on the way. Rejects with a typed {@link ZenError} when it gives up (or a `TypeError`/`RangeError`
 * for bad options, before any network activity). `@zen-websocket/core` needs `socketFactory`; the
 * `zen-websocket` package supplies one for each runtime.
 *
 * @example
 * const client = await connect('wss://test.deribit.com/ws/api/v2', { socketFactory: (url) => new WebSocket(url) });
 * const time = await client.request('public/get_time');
 * await client.close();
 */
export function connect(url: UrlSource, options: ConnectOptions<Client> = {}): Promise<Client> {
  let client: ZenClient;
  try {
    client = new ZenClient(url, options);
  } catch (error) {
    return Promise.reject(error);
  }
  // a plain chain, not an `async` function: one promise less per connect (bench/README.md: setup)
  return client.start().then(
    () => client,
    (error: unknown) =>
      client.close().then(() => {
        throw error;
      }),
  );
}
