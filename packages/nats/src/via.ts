/**
 * The client side: `connectVia(nats, venue)` reads a gateway's feed from JetStream and sends requests through the
 * gateways' queue group, with the subscribe / request / orderBook shape of a direct venue client.
 */
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Unsubscribe } from '@zen-websocket/core';
import {
  type ConnectionState,
  NotConnectedError,
  RequestError,
  RpcError,
  type Telemetry,
  ZenError,
} from '@zen-websocket/core';
import type { LocalBook } from '@zen-websocket/core/book';
import { asyncDispose, checkKeys, checkType, EventHub, isErrorCode } from '@zen-websocket/core/internal';
import { changeChannels } from './channels.js';
import { Feed } from './feed.js';
import type { RpcErrorBody } from './gateway-types.js';
import { checkConnection, checkNumber, decodeJson, encodeJson, ensureStream, openBucket, randomId } from './shared.js';
import {
  CHANNEL_BUCKET,
  checkVenue,
  ctlSubject,
  encodeChannel,
  rpcSubject,
  streamFor,
  subjectFor,
} from './subjects.js';
import { type NatsTelemetryEvents, natsTelemetry } from './telemetry.js';
import { type ViaBookOptions, viaBook } from './via-book.js';
import {
  type ReplayInfo,
  VIA_OPTIONS,
  type ViaClient,
  type ViaEvents,
  type ViaHandler,
  type ViaMessage,
  type ViaOptions,
  type ViaRequestOptions,
} from './via-types.js';

/** How long close() waits for a gateway to take this client's channels off the demand set. */
const CLOSE_TIMEOUT_MS = 1000;

/**
 * Connects to a venue through gateways on NATS: the same subscribe / request / orderBook / events as a direct venue
 * client, so switching is one line. Channel data comes from the venue's JetStream stream through ordered consumers
 * that remember their last stream sequence and resume from the next one after a reconnect or partition: no gap,
 * no duplicate (a caught-up replay is reported on `replay`).
 *
 * @example
 * ```ts
 * import { connect } from '@nats-io/transport-node';
 * const nats = await connect({ servers: 'nats://127.0.0.1:4222' });
 * const deribit = await connectVia(nats, 'deribit');
 * await deribit.subscribe('ticker.BTC-PERPETUAL.100ms', (ticker) => console.log(ticker.mark_price));
 * console.log(await deribit.request('public/get_time'));
 * ```
 */
export async function connectVia(nats: NatsConnection, venue: string, options: ViaOptions = {}): Promise<ViaClient> {
  checkConnection('connectVia', nats);
  checkVenue('connectVia', venue);
  checkKeys('connectVia', options, VIA_OPTIONS, true);
  checkType('connectVia', 'streamName', options.streamName, 'string');
  checkType('connectVia', 'name', options.name, 'string');
  checkNumber('connectVia', 'timeout', options.timeout, 1);
  const jsm = await jetstreamManager(nats);
  const stream = options.streamName ?? streamFor(venue);
  await ensureStream(jsm, stream, venue, undefined);
  return new ViaClientImpl(nats, venue, stream, jsm, options);
}

class ViaClientImpl implements ViaClient {
  readonly venue: string;
  readonly name: string;
  readonly stream: string;
  readonly js: JetStreamClient;
  readonly telemetry: Telemetry<NatsTelemetryEvents>;
  readonly #nats: NatsConnection;
  readonly #jsm: JetStreamManager;
  readonly #timeout: number;
  readonly #events = new EventHub<ViaEvents>();
  readonly #feeds = new Map<string, Feed>();
  readonly #books = new Set<LocalBook>();
  #state: ConnectionState = 'connected';
  #closing: Promise<void> | undefined;

  constructor(nats: NatsConnection, venue: string, stream: string, jsm: JetStreamManager, o: ViaOptions) {
    this.#nats = nats;
    this.venue = venue;
    this.stream = stream;
    this.#jsm = jsm;
    this.js = jetstream(nats);
    this.name = o.name ?? `via-${randomId()}`;
    this.#timeout = o.timeout ?? 10_000;
    this.telemetry = o.telemetry ?? natsTelemetry;
    void this.#watchStatus();
  }

  async #watchStatus(): Promise<void> {
    try {
      for await (const s of this.#nats.status()) {
        if (this.#state === 'closed') return;
        if (s.type === 'disconnect' || s.type === 'reconnecting') this.#to('reconnecting', `NATS ${s.type}`);
        else if (s.type === 'reconnect') {
          // nats.js re-pulls on the same consumer after a reconnect: what was stored meanwhile is a replay
          for (const feed of this.#feeds.values()) feed.beginReplay();
          this.#to('connected', 'NATS reconnected');
        }
      }
    } catch {
      // the connection closed
    }
    this.#to('closed', 'the NATS connection closed');
  }

  #to(to: ConnectionState, reason: string): void {
    const from = this.#state;
    if (from === to || from === 'closed') return;
    this.#state = to;
    this.#events.emit('state', { from, to, reason });
  }

  getState(): ConnectionState {
    return this.#nats.isClosed() ? 'closed' : this.#state;
  }

  positions(): Record<string, number> {
    return Object.fromEntries([...this.#feeds].map(([channel, feed]) => [channel, feed.lastSeq]));
  }

  on<K extends keyof ViaEvents>(type: K, handler: (payload: ViaEvents[K]) => void): Unsubscribe {
    return this.#events.on(type, handler);
  }

  deliver(message: ViaMessage, handlers: Set<ViaHandler>): void {
    for (const handler of handlers) {
      try {
        handler(message.data, message.channel);
      } catch (error) {
        this.fail(error, `a handler of ${message.channel} threw`);
      }
    }
    this.#events.emit('message', message);
  }

  replayed(info: ReplayInfo): void {
    this.telemetry.emit('nats.replay', { venue: this.venue, ...info });
    this.#events.emit('replay', info);
  }

  gap(info: ViaEvents['gap']): void {
    this.#events.emit('gap', info);
  }

  fail(error: unknown, context: string): void {
    const code = error instanceof ZenError ? error.code : 'connection_error';
    const message = `connectVia(${this.venue}): ${context}: ${(error as Error)?.message ?? String(error)}`;
    this.#events.emit('error', new ZenError(code, message, { cause: error }));
  }

  #open(): void {
    if (this.#closing || this.getState() === 'closed')
      throw new NotConnectedError('closed', `connectVia(${this.venue}) is closed; nothing was sent`);
  }

  async subscribe(channels: string | readonly string[], handler?: ViaHandler): Promise<string[]> {
    this.#open();
    const list = typeof channels === 'string' ? [channels] : [...channels];
    if (list.length === 0) throw new TypeError('subscribe: give at least one channel');
    if (handler !== undefined && typeof handler !== 'function')
      throw new TypeError('subscribe: handler must be a function');
    for (const channel of list) encodeChannel(channel);
    // read from the stream's next sequence before asking for the data, so nothing published after is missed
    const fresh = list.filter((c) => !this.#feeds.has(c));
    if (fresh.length > 0) {
      const info = await this.#jsm.streams.info(this.stream);
      const next = info.state.last_seq + 1;
      for (const channel of fresh) {
        const feed = new Feed(channel, subjectFor(this.venue, channel), next, this);
        this.#feeds.set(channel, feed);
        try {
          await feed.start();
        } catch (error) {
          this.#feeds.delete(channel);
          throw error;
        }
      }
    }
    if (handler) for (const channel of list) this.#feeds.get(channel)?.handlers.add(handler);
    await this.#control('subscribe', list);
    return list;
  }

  async unsubscribe(channels: string | readonly string[]): Promise<void> {
    const list = typeof channels === 'string' ? [channels] : [...channels];
    for (const channel of list) {
      const feed = this.#feeds.get(channel);
      this.#feeds.delete(channel);
      await feed?.stop();
    }
    if (!this.#nats.isClosed()) await this.#control('unsubscribe', list);
  }

  /** Asks any gateway to record this client's demand (retried while no gateway runs: the set lives in KV). */
  async #control(verb: 'subscribe' | 'unsubscribe', channels: string[], timeout = this.#timeout): Promise<void> {
    const body = encodeJson({ channels, holder: this.name });
    let reply: { data: Uint8Array };
    try {
      reply = await this.#nats.request(ctlSubject(this.venue, verb), body, { timeout });
    } catch (error) {
      const e = error as { name?: string; isNoResponders?: () => boolean };
      if (e?.name !== 'NoRespondersError' && !e?.isNoResponders?.()) throw error;
      // no gateway runs yet: record the demand in the shared set; the first owner subscribes it
      const kv = await openBucket(this.#nats, CHANNEL_BUCKET);
      const add = verb === 'subscribe' ? channels : [];
      await changeChannels(kv, this.venue, add, verb === 'unsubscribe' ? channels : [], this.name);
      return;
    }
    const answer = decodeJson(reply.data) as { error?: RpcErrorBody } | undefined;
    if (answer?.error) throw toError(answer.error, `${verb}`);
  }

  async request<T = unknown>(
    method: string,
    params?: Record<string, unknown>,
    options: ViaRequestOptions = {},
  ): Promise<T> {
    this.#open();
    if (typeof method !== 'string' || method.length === 0)
      throw new TypeError('request: method must be a non-empty string');
    checkKeys('request', options, ['timeout', 'id'], true);
    checkNumber('request', 'timeout', options.timeout, 1);
    checkType('request', 'id', options.id, 'string');
    const timeout = options.timeout ?? this.#timeout;
    const id = options.id ?? randomId();
    const body = encodeJson({ method, params, id, deadline: Date.now() + timeout });
    let reply: { data: Uint8Array };
    try {
      reply = await this.#send(body, timeout);
    } catch (error) {
      const e = error as { name?: string; isNoResponders?: () => boolean; message?: string };
      if (e?.name === 'NoRespondersError' || e?.isNoResponders?.())
        throw new RequestError('no_connections', `${method}: no gateway owns ${this.venue} now; it was not sent`, {
          sent: false,
          id,
          cause: error,
        });
      if (e?.name === 'TimeoutError')
        throw new RequestError(
          'request_timeout',
          `${method}: no reply within ${timeout} ms; the gateway may have sent it (outcome unknown; not retried)`,
          { sent: true, id, cause: error },
        );
      if (this.#nats.isClosed())
        throw new RequestError('closed', `${method}: the NATS connection is closed; it was not sent`, {
          sent: false,
          id,
          cause: error,
        });
      throw new RequestError('connection_error', `${method}: ${e?.message ?? String(error)}`, {
        sent: true,
        id,
        cause: error,
      });
    }
    const answer = decodeJson(reply.data) as { result?: unknown; error?: RpcErrorBody } | undefined;
    if (!answer) throw new RequestError('bad_frame', `${method}: the gateway's reply is not JSON`, { sent: true, id });
    if (answer.error) throw toError(answer.error, method, id);
    return answer.result as T;
  }

  /**
   * One request on `zen.<venue>.rpc`. "No responders" means no gateway owns the venue at this moment (a
   * handover): nothing was sent, so it is asked again with backoff until the deadline.
   */
  async #send(body: Uint8Array, timeout: number): Promise<{ data: Uint8Array }> {
    const deadline = Date.now() + timeout;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#nats.request(rpcSubject(this.venue), body, { timeout: Math.max(1, deadline - Date.now()) });
      } catch (error) {
        const e = error as { name?: string; isNoResponders?: () => boolean };
        const noResponders = e?.name === 'NoRespondersError' || e?.isNoResponders?.();
        const wait = Math.min(25 * 2 ** attempt, 500);
        if (!noResponders || Date.now() + wait >= deadline || this.#closing) throw error;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  orderBook(instrument: string, options?: ViaBookOptions): LocalBook {
    this.#open();
    const book = viaBook(this, instrument, options);
    this.#books.add(book);
    return book;
  }

  /** For books: forget one. */
  forget(book: LocalBook): void {
    this.#books.delete(book);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    await Promise.all([...this.#books].map((b) => b.close().catch(() => {})));
    const channels = [...this.#feeds.keys()];
    await Promise.all([...this.#feeds.values()].map((f) => f.stop()));
    this.#feeds.clear();
    // Bounded: close() must not wait a whole request timeout when the gateways are closing at the same time
    // (found by demo:cluster under load, where every process closes at once). The demand set is advisory.
    if (channels.length > 0 && !this.#nats.isClosed())
      await this.#control('unsubscribe', channels, Math.min(this.#timeout, CLOSE_TIMEOUT_MS)).catch(() => {});
    this.#to('closed', 'close() called');
  }

  [asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** A gateway's error body as the error a direct client would throw. */
function toError(body: RpcErrorBody, method: string, id?: string): ZenError {
  if (body.code === 'rpc_error' && typeof body.rpcCode === 'number')
    return new RpcError(body.rpcCode, body.message, body.data, method);
  const code = isErrorCode(body.code) ? body.code : 'connection_error';
  return new RequestError(code, `${method}: ${body.message}`, { sent: body.sent !== false, id });
}

export type { ViaClientImpl };
