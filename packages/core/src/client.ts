import { classify, type Decision } from './classify.js';
import type { Client, RequestOptions, StateMetrics } from './client-types.js';
import type { Clock } from './clock.js';
import { asyncDispose } from './dispose.js';
import { channelList, checkTimeout, encode, idOf, isBinary, redactUrl } from './encode.js';
import {
  AbortError,
  ConnectionError,
  describeValue,
  NotConnectedError,
  ProtocolError,
  RequestError,
  RetriesExhaustedError,
  RpcError,
  ZenError,
} from './errors.js';
import { type ClientEvents, EventHub, type HeartbeatEvent, type Unsubscribe } from './events.js';
import { Heartbeat, type HeartbeatHealth, type HeartbeatHost } from './heartbeat.js';
import { type MessageStreamOptions, messageStream } from './iterator.js';
import { LatencyBuffer, type LatencyStats } from './latency.js';
import {
  type ConnectOptions,
  checkUrl,
  type RecordEntry,
  type RecordSink,
  type ResolvedOptions,
  resolveOptions,
  type UrlSource,
} from './options.js';
import type { JsonObject, Protocol } from './protocol.js';
import { recordFrame, releaseSink } from './recording.js';
import { planRetry } from './retry.js';
import { type PendingEntry, PendingTable, type RequestId } from './rpc.js';
import { assertSocketLike, type SocketData, type SocketLike } from './socket.js';
import { type ConnectionEvent, type ConnectionState, transition } from './state.js';
import { checkKeys } from './strict.js';
import { type ChannelStatus, Subscriptions } from './subscriptions.js';

export type { Client, RequestOptions, StateMetrics } from './client-types.js';

import type { Telemetry } from './telemetry.js';
import { attach, canPing, type SocketSink, toBytes } from './transport.js';

type TimerName = 'connect' | 'retry' | 'healthy';

// Module-private entry points of a client: prototype methods its Connection and HeartbeatLink call, instead of
// a set of closures per client and per socket (bench/README.md: idle memory per client).
export const kIs: unique symbol = Symbol('is');
export const kOpen: unique symbol = Symbol('open');
export const kText: unique symbol = Symbol('text');
export const kBinary: unique symbol = Symbol('binary');
export const kClose: unique symbol = Symbol('close');
export const kClosing: unique symbol = Symbol('closing');
export const kError: unique symbol = Symbol('error');
export const kPong: unique symbol = Symbol('pong');
export const kControl: unique symbol = Symbol('control');
export const kInbound: unique symbol = Symbol('inbound');
export const kPing: unique symbol = Symbol('ping');
export const kProbe: unique symbol = Symbol('probe');
export const kDead: unique symbol = Symbol('dead');
export const kProbeFailed: unique symbol = Symbol('probeFailed');
export const kHeartbeatEvent: unique symbol = Symbol('heartbeatEvent');
const REQUEST_KEYS = ['timeout', 'signal'];
const SUBSCRIBE_KEYS = ['timeout'];
type Waiter = { resolve(): void; reject(error: ZenError): void };

/**
 * The engine behind `connect()`: one state machine, a socket per attempt, and small parts (heartbeat, pending
 * table, subscriptions, latency) wired together. Exported through `./internal` for sibling packages.
 */
export class ZenClient implements Client {
  readonly #o: ResolvedOptions<Client>;
  #url: string;
  readonly #events = new EventHub<ClientEvents>();
  readonly #latency: LatencyBuffer;
  readonly #pending: PendingTable;
  readonly #subs: Subscriptions;
  readonly #heartbeat: Heartbeat;
  #state: ConnectionState = 'connecting';
  #socket: SocketLike | undefined;
  #socketOpen = false;
  #lastError: ZenError | undefined;
  #failures = 0;
  #connections = 0;
  #inbound = 0;
  #messagesIn = 0;
  #messagesOut = 0;
  #attemptStart = 0;
  #openedAt = 0;
  readonly #timers: Record<TimerName, unknown> = { connect: undefined, retry: undefined, healthy: undefined };
  /** `connect()`/`reconnect()` callers waiting for the next open (made on first use, emptied after). */
  #waiters: Waiter[] | undefined;
  #closing: Promise<void> | undefined;
  /** Sockets we are done with, finishing their close handshake (bounded), each with its settle function. */
  #retiring: Map<SocketLike, () => void> | undefined;
  /** Closes the client when `signal` aborts; made only when there is a signal. */
  #onAbort: (() => void) | undefined;
  #unlisten: (() => void) | undefined;
  #sink: RecordSink | undefined;
  /** The current connection's token for the limiter (its waiting messages); replaced when the connection ends. */
  #owner: object | undefined;

  constructor(url: UrlSource, options: ConnectOptions<Client> = {}) {
    this.#o = resolveOptions(url, options);
    this.#url = this.#o.url;
    const { clock, telemetry } = this.#o;
    this.#latency = new LatencyBuffer(this.#o.latencyBufferSize);
    this.#pending = new PendingTable(clock, telemetry, this.#latency);
    this.#subs = new Subscriptions(clock, telemetry);
    this.#heartbeat = new Heartbeat(this.#o.heartbeat, new HeartbeatLink(this, clock, telemetry, this.#o.protocol));
    if (this.#o.handler) this.#installHandler(this.#o.handler);
    this.#sink = this.#o.recordTo;
  }

  /** The URL of the current (or last) attempt. */
  get url(): string {
    return this.#url;
  }

  /** Starts the first attempt; resolves once connected, rejects when the client gives up or is closed. */
  start(): Promise<void> {
    const signal = this.#o.signal;
    if (signal?.aborted) {
      void this.close();
      return Promise.reject(new AbortError('aborted', 'connect() aborted before it started', { cause: signal.reason }));
    }
    if (signal) {
      this.#onAbort = () => void this.close();
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
    this.#unlisten = this.#o.lifecycle?.((s) => this.#lifecycle(s));
    const opened = this.#waitForOpen();
    this.#openSocket();
    return opened;
  }

  // ── public API ────────────────────────────────────────────────────────────────────────────────────

  async sendMessage(data: string | object | SocketData): Promise<JsonObject | undefined> {
    this.#assertConnected();
    if (isBinary(data)) {
      await this.#send(data, data);
      return undefined;
    }
    const [text, message] = encode(data);
    const id = message?.id;
    if (typeof id !== 'number' && typeof id !== 'string') {
      await this.#send(text, message ?? text);
      if (message) this.#trackOutbound(message, undefined);
      return undefined;
    }
    if (this.#pending.has(id)) {
      throw new RequestError(
        'duplicate_request_id',
        `Request id ${String(id)} is already in flight; nothing was sent`,
        {
          sent: false,
          id,
        },
      );
    }
    const reply = this.#sendTracked(id, message, text, this.#o.requestTimeout);
    const tracked = reply.then((r) => {
      this.#trackOutbound(message as JsonObject, r);
      return r;
    });
    return tracked;
  }

  async request<T = unknown>(method: string, params?: unknown, options: RequestOptions = {}): Promise<T> {
    if (typeof method !== 'string') throw new TypeError('request(method, params): method must be a string');
    checkKeys('request', options, REQUEST_KEYS);
    if (options.signal?.aborted) {
      throw new RequestError('aborted', `Request ${method} aborted before sending`, {
        sent: false,
        cause: options.signal.reason,
      });
    }
    this.#assertConnected();
    const id = this.#pending.nextId();
    const message = this.#o.protocol.request(method, params, id);
    const timeout = checkTimeout(options.timeout) ?? this.#o.requestTimeout;
    const reply = await this.#sendTracked(id, message, JSON.stringify(message), timeout, options.signal);
    const settled = this.#o.protocol.settle(reply, method);
    if (settled.ok) return settled.value as T;
    throw settled.error;
  }

  async subscribe(channels: string | readonly string[], options: { timeout?: number } = {}): Promise<string[]> {
    const list = channelList(channels, 'subscribe');
    checkKeys('subscribe', options, SUBSCRIBE_KEYS);
    if (this.#state === 'closed') throw new ZenError('closed', 'subscribe() on a closed client');
    const timeout = checkTimeout(options.timeout) ?? this.#o.requestTimeout;
    this.#subs.add(list);
    if (this.#state === 'disconnected') {
      throw new NotConnectedError(
        'disconnected',
        'Not connected (state: disconnected); the channels are kept and subscribed when reconnect() succeeds',
      );
    }
    const sent = this.#state === 'connected';
    const confirmed = this.#subs.waitFor(list, timeout, () =>
      sent
        ? new RequestError('request_timeout', `Subscription to ${list.join(', ')} not confirmed within ${timeout} ms`, {
            sent,
          })
        : new RequestError(
            'request_timeout',
            `Not reconnected within ${timeout} ms; ${list.join(', ')} still pending`,
            { sent },
          ),
    );
    if (sent) this.#sendSubscribe(list, false);
    await confirmed;
    return list;
  }

  async unsubscribe(channels: string | readonly string[]): Promise<void> {
    const list = channelList(channels, 'unsubscribe');
    this.#subs.remove(list, new AbortError('aborted', `Unsubscribed from ${list.join(', ')} before confirmation`));
    if (this.#state !== 'connected') return;
    const id = this.#pending.nextId();
    const message = this.#o.protocol.unsubscribe(list, id);
    const reply = await this.#sendTracked(id, message, JSON.stringify(message), this.#o.requestTimeout);
    const settled = this.#o.protocol.settle(reply);
    if (!settled.ok) throw settled.error;
  }

  getSubscriptions(): Array<{ channel: string; status: ChannelStatus }> {
    return this.#subs.list().map((channel) => ({ channel, status: this.#subs.status(channel) ?? 'pending' }));
  }

  getState(): ConnectionState {
    return this.#state;
  }

  async reconnect(): Promise<void> {
    if (this.#state === 'closed')
      throw new ZenError('closed', 'reconnect() on a closed client; create a new one with connect()');
    const error = new ConnectionError('connection_closed', 'reconnect() called', { closeCode: 1000 });
    this.#teardown(error, 'reconnecting', 1000, 'reconnect');
    this.#failures = 0;
    this.#clearTimer('retry');
    this.#to('reconnect', 'reconnect() called');
    const opened = this.#waitForOpen();
    this.#openSocket();
    return opened;
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  [asyncDispose](): Promise<void> {
    return this.close();
  }

  on<K extends keyof ClientEvents>(type: K, handler: (payload: ClientEvents[K]) => void): Unsubscribe {
    if (typeof handler !== 'function')
      throw new TypeError(`on("${String(type)}", handler): handler must be a function`);
    return this.#events.on(type, handler);
  }

  messages(options: MessageStreamOptions = {}): AsyncIterableIterator<unknown> {
    return messageStream(
      {
        onMessage: (push) => {
          const a = this.#events.on('message', push);
          const b = this.#events.on('binary', push);
          return () => {
            a();
            b();
          };
        },
        onEnd: (end) => this.#events.on('state', (s) => s.to === 'closed' && end()),
        onOverflow: (error) => this.#events.emit('error', error),
        ended: this.#state === 'closed',
      },
      options,
    );
  }

  getLatencyStats(): LatencyStats | null {
    return this.#latency.summary();
  }

  getHeartbeatHealth(): HeartbeatHealth {
    return this.#heartbeat.health();
  }

  getStateMetrics(): StateMetrics {
    const hb = this.#heartbeat.health();
    return {
      connectionState: this.#state,
      subscriptionsSize: this.#subs.size,
      pendingRequestsSize: this.#pending.size,
      activeHeartbeatsSize: hb.activeHeartbeats.length,
      heartbeatFailures: hb.failureCount,
      lastHeartbeatAt: hb.lastHeartbeatAt,
      heartbeatTimerActive: hb.timerActive,
      reconnectAttempts: this.#failures,
      connections: this.#connections,
      messagesIn: this.#messagesIn,
      messagesOut: this.#messagesOut,
      uptimeMs: this.#state === 'connected' ? this.#o.clock.now() - this.#openedAt : 0,
    };
  }

  // ── connection lifecycle ──────────────────────────────────────────────────────────────────────────

  #openSocket(): void {
    const { clock, socketFactory, headers, subprotocols, maxMessageSize, timeout, urlSource } = this.#o;
    this.#lastError = undefined;
    this.#socketOpen = false;
    this.#inbound = 0;
    this.#attemptStart = clock.now();
    let socket: SocketLike;
    try {
      if (urlSource) this.#url = checkUrl(urlSource());
      if (this.#o.log) this.#log(`connecting to ${redactUrl(this.#url)} (attempt ${this.#failures + 1})`);
      socket = socketFactory(this.#url, { headers, protocols: subprotocols, maxMessageSize });
      assertSocketLike(socket);
    } catch (cause) {
      return this.#giveUp(
        new ConnectionError('connection_failed', `socketFactory threw: ${describeValue(cause)}`, { cause }),
      );
    }
    this.#socket = socket;
    this.#setTimer('connect', timeout, () =>
      this.#lost(new ConnectionError('timeout', `No connection within ${timeout} ms`), 4000, 'connect timeout'),
    );
    attach(socket, new Connection(this, socket));
  }

  // ── entry points for this connection's Connection and the heartbeat (module-private symbols) ────────

  /** Whether `socket` is still the current one (events of a stale socket are dropped whole). */
  [kIs](socket: SocketLike): boolean {
    return socket === this.#socket;
  }
  [kOpen](socket: SocketLike): void {
    this.#onOpen(socket);
  }
  [kText](data: string): void {
    this.#onText(data);
  }
  [kBinary](data: Uint8Array): void {
    this.#onBinary(data);
  }
  [kClose](socket: SocketLike, code: number, reason: string): void {
    this.#onClose(socket, code, reason);
  }
  [kClosing](socket: SocketLike, code: number, reason: string): void {
    this.#onClosing(socket, code, reason);
  }
  [kError](error: ZenError): void {
    this.#onError(error);
  }
  [kPong](payload: string): void {
    this.#heartbeat.pong(payload);
  }
  [kControl](): void {
    this.#inbound++;
  }
  [kInbound](): number {
    return this.#inbound;
  }
  [kPing](payload: string): boolean {
    return this.#ping(payload);
  }
  [kProbe](message: string | object): void {
    this.#gated(typeof message === 'string' ? message : JSON.stringify(message), message);
  }
  [kDead](silentMs: number): void {
    this.#dead(silentMs);
  }
  [kProbeFailed](cause: unknown): void {
    this.#events.emit(
      'error',
      new ZenError('heartbeat_probe_error', `Heartbeat probe failed: ${describeValue(cause)}`, { cause }),
    );
  }
  [kHeartbeatEvent](event: HeartbeatEvent): void {
    this.#events.emit('heartbeat', event);
  }

  #onOpen(socket: SocketLike): void {
    const { clock, telemetry, healthyUptime } = this.#o;
    const url = this.#url;
    this.#clearTimer('connect');
    this.#socketOpen = true;
    this.#connections++;
    this.#openedAt = clock.now();
    this.#setTimer('healthy', healthyUptime, () => {
      this.#failures = 0;
    });
    this.#to('open', this.#connections === 1 ? 'connected' : 'reconnected');
    this.#heartbeat.start(this.#o.socketFactory.capabilities?.ping ?? canPing(socket));
    telemetry.emit('connection.upgrade', { connectTimeMs: this.#openedAt - this.#attemptStart, url });
    this.#log(`connected in ${Math.round(this.#openedAt - this.#attemptStart)} ms`);
    const { prepare } = this.#o;
    if (prepare) void this.#prepare(prepare, socket);
    else this.#ready();
  }

  /**
   * Runs the `prepare` step (e.g. authentication) on a fresh connection before anything is restored. A failure
   * ends the connection like any other error, and `classify` decides whether to retry.
   */
  async #prepare(prepare: (client: Client) => Promise<void>, socket: SocketLike): Promise<void> {
    try {
      await prepare(this);
    } catch (cause) {
      if (socket !== this.#socket) return; // the connection is already gone
      const error =
        cause instanceof ZenError
          ? cause
          : new ConnectionError('connection_failed', `prepare() failed: ${describeValue(cause)}`, { cause });
      this.#log(`prepare failed: ${error.code}: ${error.message}`);
      return this.#lost(error, 4000, 'prepare failed');
    }
    if (socket === this.#socket && this.#socketOpen) this.#ready();
  }

  /** The connection is usable: restore subscriptions, settle `connect()`/`reconnect()`, tell the user. */
  #ready(): void {
    this.#restore();
    for (const w of this.#takeWaiters()) w.resolve();
    this.#hook(() => this.#o.onConnect?.(this));
    this.#events.emit('ready', { connections: this.#connections });
  }

  #onText(data: string): void {
    if (!this.#accept('text', data, data.length)) return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return this.#events.emit('message', data);
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      return this.#events.emit('message', message);
    }
    this.#route(message as JsonObject);
  }

  /**
   * What every inbound data frame goes through first: counters (the heartbeat's sign of life), recording,
   * telemetry and the size limit. False when the frame is too large (the connection is then being dropped).
   */
  #accept(type: 'text' | 'binary', data: string | Uint8Array, size: number): boolean {
    this.#inbound++;
    this.#messagesIn++;
    if (this.#sink) this.#record('in', type, data);
    const { telemetry, maxMessageSize } = this.#o;
    if (telemetry.wants('message.in')) telemetry.emit('message.in', { url: this.#url, type, size });
    if (size <= maxMessageSize) return true;
    const unit = type === 'text' ? 'characters' : 'bytes';
    this.#protocolError(
      new ProtocolError(
        'frame_too_large',
        `Inbound message of ${size} ${unit} exceeds maxMessageSize (${maxMessageSize})`,
      ),
    );
    return false;
  }

  /** A decoded object: a reply (the protocol's `idOf`), a server heartbeat (`heartbeatKind`), or a message. */
  #route(message: JsonObject): void {
    const { protocol } = this.#o;
    const id = protocol.idOf ? protocol.idOf(message) : idOf(message);
    if (id !== undefined) {
      if (!this.#pending.resolve(id, message)) this.#events.emit('unmatched_response', message);
      return;
    }
    const kind = protocol.heartbeatKind?.(message);
    if (kind !== undefined) return this.#heartbeat.serverHeartbeat(kind);
    this.#events.emit('message', message);
  }

  #onBinary(data: Uint8Array): void {
    if (!this.#accept('binary', data, data.byteLength)) return;
    this.#events.emit('binary', data);
  }

  #onError(error: ZenError): void {
    this.#lastError = error;
    this.#log(`socket error: ${error.code}: ${error.message}`);
    if (error instanceof ProtocolError) this.#events.emit('protocol_error', error);
  }

  #onClose(socket: SocketLike, code: number, reason: string): void {
    const retired = this.#retiring?.get(socket);
    if (retired) return retired();
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    this.#ended(code, reason);
  }

  /**
   * The peer started the close handshake on the current socket (its close frame arrived; TCP may stay open):
   * the connection is over for us now. The socket finishes its handshake on its own, bounded, while we move on.
   */
  #onClosing(socket: SocketLike, code: number, reason: string): void {
    if (socket !== this.#socket) return;
    // one turn of the event loop first: the socket's own `error` (which says why) and a prompt `close` event
    // come first and take precedence
    this.#o.clock.setTimeout(() => {
      if (socket !== this.#socket) return;
      this.#socket = undefined;
      void this.#retire(socket, false);
      this.#ended(code, reason);
    }, 0);
  }

  /** The current socket ended (closed, or closing at the peer's request) with `code`: why, and what next. */
  #ended(code: number, reason: string): void {
    if (this.#sink) this.#record('in', 'close', reason, code);
    this.#log(`socket closed: ${code}${reason ? ` ${reason}` : ''}`);
    const error =
      this.#lastError ??
      (this.#socketOpen || code !== 1006
        ? new ConnectionError(
            'connection_closed',
            `Connection closed with code ${code}${reason ? `: ${reason}` : ''}`,
            {
              closeCode: code,
              closeReason: reason,
            },
          )
        : new ConnectionError('connection_failed', 'Connection failed before the upgrade completed', {
            closeCode: code,
          }));
    this.#lost(error);
  }

  /** The server sent something unacceptable: report it, drop the connection, and let classify decide (fatal by default). */
  #protocolError(error: ProtocolError): void {
    this.#events.emit('protocol_error', error);
    this.#lost(error, 1009, 'message too big');
  }

  #dead(silentMs: number): void {
    const socket = this.#socket;
    if (!socket || this.#state !== 'connected') return;
    const error = new ConnectionError('heartbeat_timeout', `No traffic for ${silentMs} ms; connection presumed dead`);
    this.#log(error.message);
    this.#lost(error, 4000, 'heartbeat timeout');
  }

  /** A connection or attempt ended with `error`: settle what depended on it and decide what comes next. */
  #lost(error: ZenError, code = 1000, reason = ''): void {
    const wasOpen = this.#socketOpen;
    const decision = this.#decide(error);
    const plan = planRetry({ decision, wasOpen, failures: this.#failures }, this.#o, this.#o.random);
    this.#teardown(error, plan.retry ? 'reconnecting' : 'disconnected', code, reason);
    if (!plan.retry) return this.#giveUp(plan.exhausted ? new RetriesExhaustedError(this.#failures, error) : error);
    this.#failures = plan.attempt;
    const { delay } = plan;
    if (wasOpen) this.#to('lost', error.message, error);
    this.#log(`retry ${this.#failures}/${this.#o.retryCount} in ${delay} ms after ${error.code}`);
    this.#events.emit('reconnect', { attempt: this.#failures, delay, error });
    this.#setTimer('retry', delay, () => this.#openSocket());
  }

  /**
   * Ends the current connection or attempt: stops its timers, fails its pending requests (sent, outcome
   * unknown), marks subscriptions for restore, closes the socket if still held, and calls `onDisconnect`.
   */
  #teardown(error: ZenError, next: 'reconnecting' | 'disconnected' | 'closed', code = 1000, reason = ''): void {
    const wasOpen = this.#socketOpen;
    this.#socketOpen = false;
    this.#clearTimer('connect');
    this.#clearTimer('healthy');
    this.#heartbeat.stop();
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket && next !== 'closed') this.#abandon(socket, code, reason);
    const failure = next === 'closed' ? 'closed' : 'disconnected';
    this.#pending.failAll(
      (id, sent) =>
        new RequestError(
          failure,
          sent
            ? `Connection lost before the reply to request ${String(id)}; outcome unknown`
            : `Connection lost while request ${String(id)} waited in the rate limiter; it was not sent`,
          { sent, id, cause: error },
        ),
      failure,
    );
    this.#withdraw();
    this.#subs.markAllPending();
    if (!this.#o.restoreSubscriptions && next !== 'closed') {
      this.#subs.rejectAll(
        new RequestError('disconnected', 'Connection lost before the subscription was confirmed', {
          sent: true,
          cause: error,
        }),
      );
      this.#subs.clear();
    }
    if (wasOpen) this.#hook(() => this.#o.onDisconnect?.(this, next === 'closed' ? { next } : { error, next }));
  }

  #giveUp(error: ZenError): void {
    this.#teardown(error, 'disconnected');
    this.#clearTimer('retry');
    this.#log(`giving up: ${error.code}: ${error.message}`);
    this.#to('give_up', error.message, error);
    this.#subs.rejectAll(error);
    this.#events.emit('error', error);
    for (const w of this.#takeWaiters()) w.reject(error);
  }

  async #close(): Promise<void> {
    const socket = this.#socket;
    const closed = new ZenError('closed', 'The client was closed');
    this.#teardown(closed, 'closed');
    this.#clearTimer('retry');
    this.#to('close', 'close() called');
    this.#subs.rejectAll(closed);
    this.#subs.clear();
    for (const w of this.#takeWaiters())
      w.reject(new AbortError('aborted', 'The client was closed before it connected'));
    if (this.#onAbort) this.#o.signal?.removeEventListener('abort', this.#onAbort);
    this.#unlisten?.();
    if (socket && this.#sink) this.#record('out', 'close', '', 1000);
    // sockets already finishing a handshake the peer started are cut now: nothing is left to say to them
    for (const [old, settle] of this.#retiring ?? []) {
      this.#abandon(old, 1000, '', true);
      settle();
    }
    if (socket) await this.#retire(socket, true);
    await this.#closeSink();
    this.#events.clear();
  }

  /** Flushes and releases the recording sink; its failures are reported, never thrown. */
  async #closeSink(): Promise<void> {
    const sink = this.#sink;
    this.#sink = undefined;
    const failure = sink && (await releaseSink(sink));
    if (failure) this.#events.emit('error', failure);
  }

  /**
   * Lets a socket we no longer want finish its close handshake: sends our close frame when `send` (1000, code
   * only) and waits, at most `min(timeout, 2000)` ms, for the close event; then terminates it. Resolves when
   * the socket is gone. `close()` waits for every socket still retiring.
   */
  #retire(socket: SocketLike, send: boolean): Promise<void> {
    if (!this.#retiring) this.#retiring = new Map();
    const retiring = this.#retiring;
    const { clock } = this.#o;
    return new Promise<void>((resolve) => {
      const previous = retiring.get(socket);
      const timer = clock.setTimeout(
        () => {
          this.#abandon(socket, 1000, '', true);
          done();
        },
        Math.min(this.#o.timeout, 2000),
      );
      const done = () => {
        clock.clearTimeout(timer);
        if (retiring.get(socket) === done) retiring.delete(socket);
        previous?.();
        resolve();
      };
      retiring.set(socket, done);
      if (socket.readyState === 3) return done();
      // code only: a reason string makes ws write the close frame in two parts (bench/README.md)
      if (send) this.#abandon(socket, 1000, '');
    });
  }

  /** Closes or terminates a socket we no longer want; never throws. */
  #abandon(socket: SocketLike, code: number, reason: string, hard = code !== 1000): void {
    try {
      if (hard && typeof socket.terminate === 'function') socket.terminate();
      else {
        const allowed = code === 1000 || (code >= 3000 && code <= 4999) ? code : 4000;
        if (reason) socket.close(allowed, reason.slice(0, 120));
        else socket.close(allowed);
      }
    } catch {
      // a socket that refuses to close is gone for us anyway
    }
  }

  /**
   * Page and network signals. Coming back (online, visible, pageshow) probes a live connection at once and
   * skips a pending backoff wait; going offline probes too (a dead socket is then found within `timeout`);
   * `pagehide` closes the socket so the page can enter the back/forward cache, and `pageshow` reconnects.
   */
  #lifecycle(signal: string): void {
    this.#log(`lifecycle: ${signal}`);
    if (signal === 'hidden') return;
    if (signal === 'pagehide') {
      if (this.#state !== 'connected') return this.#clearTimer('retry');
      const error = new ConnectionError('connection_closed', 'Page hidden (pagehide)', { closeCode: 1000 });
      this.#teardown(error, 'reconnecting', 1000, 'page hidden');
      return this.#to('lost', 'page hidden', error);
    }
    if (this.#state === 'connected') return this.#heartbeat.probeNow();
    const waiting = this.#state === 'reconnecting' || this.#state === 'connecting';
    if (waiting && signal !== 'offline' && this.#socket === undefined) {
      this.#clearTimer('retry');
      this.#openSocket();
    }
  }

  // ── sending ───────────────────────────────────────────────────────────────────────────────────────

  #assertConnected(): void {
    if (this.#state === 'closed')
      throw new RequestError('closed', 'The client is closed; nothing was sent. Create a new one with connect()', {
        sent: false,
      });
    if (this.#state !== 'connected' || !this.#socket) throw new NotConnectedError(this.#state);
  }

  #write(data: SocketData): void {
    const socket = this.#socket;
    if (!socket || !this.#socketOpen) throw new NotConnectedError(this.#state);
    if (socket.readyState !== 1) {
      // the close handshake started without an event (a W3C socket): the connection is over; nothing is sent
      this.#onClosing(socket, 1006, '');
      throw new NotConnectedError('closing', 'The socket is closing; nothing was sent');
    }
    socket.send(data);
    this.#messagesOut++;
    if (this.#sink)
      this.#record(
        'out',
        typeof data === 'string' ? 'text' : 'binary',
        typeof data === 'string' ? data : toBytes(data),
      );
    const { telemetry } = this.#o;
    if (telemetry.wants('message.out')) {
      const text = typeof data === 'string';
      telemetry.emit('message.out', {
        url: this.#url,
        type: text ? 'text' : 'binary',
        size: text ? data.length : data.byteLength,
      });
    }
  }

  /** Tracks request `id`, then sends `text` (the encoding of `message`, which the limiter prices). */
  #sendTracked(
    id: RequestId,
    message: unknown,
    text: string,
    timeout: number,
    signal?: AbortSignal,
  ): Promise<JsonObject> {
    const entry = this.#pending.track(id, timeout, signal);
    const unsent = (cause: unknown) => {
      const code = cause instanceof ZenError && cause.code !== 'not_connected' ? cause.code : 'not_connected';
      this.#pending.forget(
        entry,
        new RequestError(code, `Request ${String(id)} could not be sent`, { sent: false, id, cause }),
      );
    };
    try {
      this.#send(text, message, entry)?.catch(unsent);
    } catch (cause) {
      unsent(cause);
    }
    return entry.reply;
  }

  /**
   * Writes `data` once the limiter (if any) lets `message` through: synchronously when it may go now (the
   * common case, no promise), otherwise when the limiter releases it — and only if the connection it was
   * meant for is still the current one (and `entry`, a request, is still waiting): a message is never written
   * on a later connection than the one it was sent on, nor after its caller was told it failed.
   */
  #send(data: SocketData, message: unknown, entry?: PendingEntry): Promise<void> | undefined {
    const limiter = this.#o.limiter;
    const owner = this.#token();
    const wait = limiter?.take(message, owner);
    if (!wait) {
      if (entry) entry.sent = true;
      this.#write(data);
      return undefined;
    }
    return wait.then(
      () => {
        if (owner !== this.#owner || (entry && !this.#pending.written(entry))) throw this.#withdrawn();
        this.#write(data);
      },
      (cause: unknown) => {
        throw owner !== this.#owner ? this.#withdrawn(cause) : cause;
      },
    );
  }

  /** This connection's token for the limiter, made on first use. */
  #token(): object {
    if (!this.#owner) this.#owner = {};
    return this.#owner;
  }

  /** Takes this connection's messages out of the limiter: they will never be written. */
  #withdraw(): void {
    const owner = this.#owner;
    if (!owner) return;
    this.#owner = undefined;
    this.#o.limiter?.withdraw?.(owner);
  }

  #withdrawn(cause?: unknown): RequestError {
    const closed = this.#state === 'closed';
    return new RequestError(
      closed ? 'closed' : 'disconnected',
      `The ${closed ? 'client was closed' : 'connection ended'} while the message waited in the rate limiter; it was not sent`,
      cause === undefined ? { sent: false } : { sent: false, cause },
    );
  }

  /** A send nobody awaits (heartbeat probes): failures on the current connection are reported on `error`. */
  #gated(data: SocketData, message: unknown): void {
    const owner = this.#token();
    const report = (cause: unknown) => {
      if (owner !== this.#owner) return; // withdrawn with its connection
      this.#events.emit('error', limiterRejected(cause));
    };
    try {
      this.#send(data, message)?.catch(report);
    } catch (cause) {
      report(cause);
    }
  }

  /** Hands a frame to the recording sink; a sink that throws is reported and dropped. */
  #record(dir: RecordEntry['dir'], type: RecordEntry['type'], data: string | Uint8Array, code?: number): void {
    const sink = this.#sink;
    const failure = sink && recordFrame(sink, dir, type, data, code);
    if (!failure) return;
    this.#sink = undefined;
    this.#events.emit('error', failure);
  }

  #sendSubscribe(channels: readonly string[], restoring: boolean): void {
    const { protocol } = this.#o;
    const id = this.#pending.nextId();
    const message = protocol.subscribe(channels, id);
    this.#sendTracked(id, message, JSON.stringify(message), this.#o.requestTimeout).then(
      (reply) => {
        const settled = protocol.settle(reply);
        if (!settled.ok) return this.#rejectChannels(channels, settled.error, restoring);
        const confirmed = protocol.confirmed(settled.value, channels);
        this.#subs.confirm(confirmed);
        const refused = channels.filter((c) => !confirmed.includes(c));
        if (refused.length > 0)
          this.#rejectChannels(refused, new RpcError(0, 'Channel not confirmed by the server', refused), restoring);
      },
      (error: ZenError) => {
        // Lost with the connection: the channels stay desired and are restored after the reconnect. A restore
        // that got no reply is reported (a user's own subscribe() reports through its promise).
        if (restoring && error.code === 'request_timeout') this.#events.emit('error', error);
      },
    );
  }

  #rejectChannels(channels: readonly string[], error: ZenError, restoring: boolean): void {
    this.#subs.remove(channels, error);
    if (restoring) this.#events.emit('error', error);
  }

  #restore(): void {
    const channels = this.#subs.list();
    if (!this.#o.restoreSubscriptions || channels.length === 0) return;
    this.#o.telemetry.emit('subscription_manager.restore', { channelCount: channels.length, channels });
    this.#log(`restoring ${channels.length} subscription(s)`);
    const size = this.#o.protocol.restoreBatchSize;
    for (let i = 0; i < channels.length; i += size) this.#sendSubscribe(channels.slice(i, i + size), true);
  }

  /** Keeps desired state in step with subscribe/unsubscribe messages the user sends by hand. */
  #trackOutbound(message: JsonObject, reply: JsonObject | undefined): void {
    const op = this.#o.protocol.outboundSubscription(message);
    if (!op) return;
    const hasId = reply !== undefined;
    const settled = hasId ? this.#o.protocol.settle(reply) : undefined;
    if (settled && !settled.ok) return;
    const channels = settled ? this.#o.protocol.confirmed(settled.value, op.channels) : op.channels;
    if (op.op === 'unsubscribe') return this.#subs.remove(channels, new AbortError('aborted', 'Unsubscribed'));
    this.#subs.add(channels);
    this.#subs.confirm(channels);
  }

  #ping(payload: string): boolean {
    const socket = this.#socket;
    if (!socket || typeof socket.ping !== 'function') return false;
    const ping = () => {
      if (socket === this.#socket && socket.readyState === 1) socket.ping?.(payload);
    };
    try {
      const owner = this.#token();
      const wait = this.#o.limiter?.take({ ping: payload }, owner);
      if (wait)
        wait.then(ping, (cause: unknown) => {
          if (owner === this.#owner) this.#events.emit('error', limiterRejected(cause));
        });
      else ping();
      return true;
    } catch {
      return false;
    }
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────────────

  #to(event: ConnectionEvent, reason: string, error?: ZenError): void {
    const from = this.#state;
    const to = transition(from, event);
    if (to === undefined || to === from) return;
    this.#state = to;
    this.#events.emit('state', error ? { from, to, reason, error } : { from, to, reason });
  }

  #decide(error: ZenError): Decision {
    const decision = classify(error);
    if (!this.#o.classify) return decision;
    try {
      return this.#o.classify(error, decision);
    } catch (cause) {
      this.#events.emit(
        'error',
        new ZenError('handler_error', 'options.classify threw; using the default decision', { cause }),
      );
      return decision;
    }
  }

  #waitForOpen(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (!this.#waiters) this.#waiters = [];
      this.#waiters.push({ resolve, reject });
    });
  }

  #takeWaiters(): Waiter[] {
    const list = this.#waiters ?? [];
    this.#waiters = undefined;
    return list;
  }

  #setTimer(which: TimerName, ms: number, fn: () => void): void {
    this.#clearTimer(which);
    this.#timers[which] = this.#o.clock.setTimeout(() => {
      this.#timers[which] = undefined;
      fn();
    }, ms);
  }

  #clearTimer(which: TimerName): void {
    const handle = this.#timers[which];
    if (handle === undefined) return;
    this.#timers[which] = undefined;
    this.#o.clock.clearTimeout(handle);
  }

  #hook(call: () => void): void {
    try {
      call();
    } catch (cause) {
      this.#events.emit(
        'error',
        new ZenError('handler_error', `A lifecycle hook threw: ${describeValue(cause)}`, { cause }),
      );
    }
  }

  #installHandler(handler: NonNullable<ResolvedOptions['handler']>): void {
    this.#events.on('message', (data) => handler({ type: 'message', data }));
    this.#events.on('binary', (data) => handler({ type: 'binary', data }));
    this.#events.on('unmatched_response', (data) => handler({ type: 'unmatched_response', data }));
    this.#events.on('protocol_error', (error) => handler({ type: 'protocol_error', error }));
  }

  #log(line: string): void {
    this.#o.log?.(line);
  }
}

/**
 * One socket's events, routed to its client only while that socket is the client's current one: a stale
 * socket's events are dropped whole. One small object per connection attempt, methods on the prototype.
 */
class Connection implements SocketSink {
  readonly client: ZenClient;
  readonly socket: SocketLike;
  constructor(client: ZenClient, socket: SocketLike) {
    this.client = client;
    this.socket = socket;
  }
  open(): void {
    if (this.client[kIs](this.socket)) this.client[kOpen](this.socket);
  }
  text(data: string): void {
    if (this.client[kIs](this.socket)) this.client[kText](data);
  }
  binary(data: Uint8Array): void {
    if (this.client[kIs](this.socket)) this.client[kBinary](data);
  }
  close(code: number, reason: string): void {
    this.client[kClose](this.socket, code, reason);
  }
  closing(code: number, reason: string): void {
    this.client[kClosing](this.socket, code, reason);
  }
  error(error: ZenError): void {
    if (this.client[kIs](this.socket)) this.client[kError](error);
  }
  pong(payload: string): void {
    if (this.client[kIs](this.socket)) this.client[kPong](payload);
  }
  control(): void {
    if (this.client[kIs](this.socket)) this.client[kControl]();
  }
}

/** What the heartbeat needs from its client, as prototype methods (no closures per client). */
class HeartbeatLink implements HeartbeatHost {
  readonly #client: ZenClient;
  readonly clock: Clock;
  readonly telemetry: Telemetry;
  readonly protocol: Protocol;
  constructor(client: ZenClient, clock: Clock, telemetry: Telemetry, protocol: Protocol) {
    this.#client = client;
    this.clock = clock;
    this.telemetry = telemetry;
    this.protocol = protocol;
  }
  inboundCount(): number {
    return this.#client[kInbound]();
  }
  ping(payload: string): boolean {
    return this.#client[kPing](payload);
  }
  send(message: string | object): void {
    this.#client[kProbe](message);
  }
  dead(silentMs: number): void {
    this.#client[kDead](silentMs);
  }
  failed(cause: unknown): void {
    this.#client[kProbeFailed](cause);
  }
  emit(event: HeartbeatEvent): void {
    this.#client[kHeartbeatEvent](event);
  }
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
export async function connect(url: UrlSource, options: ConnectOptions<Client> = {}): Promise<Client> {
  const client = new ZenClient(url, options);
  try {
    await client.start();
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}

/** A limiter refusal of traffic the client sends on its own (probes, pings). */
function limiterRejected(cause: unknown): ZenError {
  return new ZenError('limiter_rejected', `The rate limiter refused a heartbeat probe: ${describeValue(cause)}`, {
    cause,
  });
}
