/**
 * The gateway: one owner per venue (a KV lease), which holds the venue connection, publishes its channels into
 * the venue's JetStream stream and answers requests from any process through a queue group. Every other gateway
 * for the venue stands by and takes the lease when the owner dies, stalls or closes.
 */
import { type JetStreamClient, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type KV, type KvEntry, KvWatchInclude } from '@nats-io/kv';
import { headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/nats-core';
import type { Unsubscribe } from '@zen-websocket/core';
import { RequestError, RpcError, type Telemetry, ZenError } from '@zen-websocket/core';
import { asyncDispose, checkKeys, checkType, EventHub } from '@zen-websocket/core/internal';
import { checkConnection, checkNumber, decodeJson, encodeJson, ensureStream, openBucket, randomId } from './shared.js';
import {
  CHANNEL_BUCKET,
  checkVenue,
  ctlSubject,
  encodeChannel,
  LEASE_BUCKET,
  QUEUE_GROUP,
  rpcSubject,
  streamFor,
  subjectFor,
} from './subjects.js';
import { type NatsTelemetryEvents, natsTelemetry } from './telemetry.js';
import { messageId } from './venues.js';

/**
 * What a gateway needs from a venue client: `createDeribitClient`, `createBybitClient` and `createBinanceStreams`
 * (data only; no `request`) all fit. `getState` (when present) must be `'connected'` for the lease to be renewed.
 */
export interface VenueConnection {
  /** Subscribes channels; `handler` gets each message's data and the channel (or the venue's message envelope). */
  // biome-ignore lint/suspicious/noExplicitAny: venue clients type their handlers per channel
  subscribe(channels: readonly string[], handler: (data: any, meta: any) => void): Promise<unknown>;
  unsubscribe?(channels: readonly string[]): Promise<unknown>;
  /** Sends a request (JSON-RPC method or API method) and resolves with its result. */
  // biome-ignore lint/suspicious/noExplicitAny: venue clients type params per method
  request?(method: string, params?: any, options?: { timeout?: number }): Promise<unknown>;
  getState?(): string;
  // biome-ignore lint/suspicious/noExplicitAny: venue clients type their events
  on?(type: 'state', handler: (change: any) => void): () => void;
  close(): Promise<unknown>;
}

/** Options of {@link startGateway}. Unknown keys are refused with a TypeError. */
export interface GatewayOptions {
  /** A NATS connection (the gateway never dials by itself). */
  nats: NatsConnection;
  /** The venue id used in subjects, stream and lease names: `'deribit'`, `'binance'`, `'bybit'` or your own. */
  venue: string;
  /** Opens the venue connection; called only while this gateway owns the lease (again after each takeover). */
  connect: () => Promise<VenueConnection>;
  /** Channels always wanted, whether or not a consumer asked (added to the shared channel set at start). */
  channels?: readonly string[];
  /** This gateway's name in the lease (default a random id). Names must differ between live gateways. */
  name?: string;
  /** Lease time to live, ms (default 5000, at least 300): renewed every third of it while the venue connection is healthy. */
  leaseTtlMs?: number;
  /** The JetStream stream (default `ZEN_<VENUE>`). */
  streamName?: string;
  /** How long the stream keeps data, ms (default 15 minutes): the longest partition a consumer can replay. */
  maxAgeMs?: number;
  /** Telemetry bus (default {@link natsTelemetry}). */
  telemetry?: Telemetry<NatsTelemetryEvents>;
}

const OPTIONS = [
  'nats',
  'venue',
  'connect',
  'channels',
  'name',
  'leaseTtlMs',
  'streamName',
  'maxAgeMs',
  'telemetry',
] as const;

/** A lease change, as emitted on a gateway's `lease` event. */
export interface LeaseChange {
  venue: string;
  /** The gateway that owns the venue now (`undefined`: nobody; released). */
  owner: string | undefined;
  /** The owner before. */
  previous: string | undefined;
  /** Local time of the change, ms since the epoch. */
  at: number;
}

/** Events of a {@link Gateway}. */
export type GatewayEvents = {
  lease: LeaseChange;
  /** This gateway owns the venue and serves it: the venue connection is open, the channel set subscribed, requests answered. */
  ready: { venue: string; name: string };
  /** Failures no promise carries: a venue connection that failed to open, a refused subscription, a lost publish. */
  error: ZenError;
};

/** A running gateway, from {@link startGateway}. */
export interface Gateway {
  /** This gateway's name (its lease owner id). */
  readonly name: string;
  readonly venue: string;
  /** `'owner'` while it holds the venue's lease, `'standby'` while another does, `'closed'` after `close()`. */
  role(): 'owner' | 'standby' | 'closed';
  /** The venue connection while this gateway owns the lease and has opened it. */
  connection(): VenueConnection | undefined;
  on<K extends keyof GatewayEvents>(type: K, handler: (payload: GatewayEvents[K]) => void): Unsubscribe;
  /**
   * Stops: an owner stops answering requests, releases the lease (so a standby takes it at once rather than
   * after the TTL) and closes the venue connection. Idempotent.
   */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The lease value kept in KV `zen_leases`, key `<venue>`. */
interface LeaseValue {
  /** Owner name; null when released. */
  owner: string | null;
  /** Wall-clock time the owner promises to renew by, ms (informative: takeover uses local clocks). */
  expiresAt: number;
}

/** The channel set kept in KV `zen_channels`, key `<venue>`: channel → who wants it. */
interface ChannelSet {
  channels: Record<string, string[]>;
}

/** A request on `zen.<venue>.rpc`. */
interface RpcBody {
  method: string;
  params?: unknown;
  /** Idempotency id: the same id is executed once per gateway (repeats get the first answer). */
  id?: string;
  /** Wall-clock deadline, ms: a request found after it is refused unsent. */
  deadline?: number;
}

/** The error half of a reply. */
export interface RpcErrorBody {
  code: string;
  message: string;
  sent: boolean;
  outcome: 'unknown' | 'not_sent' | 'rejected';
  rpcCode?: number;
  data?: unknown;
}

const now = (): number => performance.now();

/** Reads a KV entry as JSON (undefined for a deleted key or bad JSON). */
function readValue<T>(entry: KvEntry | null): T | undefined {
  if (entry?.operation !== 'PUT') return undefined;
  return decodeJson(entry.value) as T | undefined;
}

/** A failure as the `error` half of a reply. */
export function errorBody(error: unknown): RpcErrorBody {
  if (error instanceof RpcError)
    return {
      code: 'rpc_error',
      message: error.rpcMessage,
      sent: true,
      outcome: 'rejected',
      rpcCode: error.rpcCode,
      ...(error.data === undefined ? {} : { data: error.data }),
    };
  if (error instanceof RequestError)
    return { code: error.code, message: error.message, sent: error.sent, outcome: error.outcome };
  const e = error as { code?: unknown; message?: unknown; rpcCode?: unknown; retCode?: unknown } | null;
  // venue errors that are not RpcErrors (Binance, Bybit) still mean the venue answered
  const venueCode = typeof e?.rpcCode === 'number' ? e.rpcCode : typeof e?.retCode === 'number' ? e.retCode : undefined;
  if (venueCode !== undefined)
    return { code: 'rpc_error', message: String(e?.message), sent: true, outcome: 'rejected', rpcCode: venueCode };
  const code = error instanceof ZenError ? error.code : 'connection_error';
  return { code, message: String(e?.message ?? error), sent: true, outcome: 'unknown' };
}

/**
 * Starts a gateway for one venue. It joins the venue's lease: the first gateway (or the one that finds the lease
 * expired) becomes the owner, opens the venue connection with `connect()`, subscribes the shared channel set,
 * publishes every message on `zen.<venue>.data.<channel>` into the stream `ZEN_<VENUE>` (de-duplicated by the
 * venue's own sequence) and answers `zen.<venue>.rpc` requests. It renews the lease every `leaseTtlMs / 3` while
 * the venue connection is `connected`; when it cannot renew (stall, lost connection, a newer owner) it stops
 * publishing and answering at once and closes its venue connection, so the venue sees one connection.
 *
 * @example
 * ```ts
 * import { connect } from '@nats-io/transport-node';
 * import { createDeribitClient } from '@zen-websocket/deribit';
 * const nats = await connect({ servers: 'nats://127.0.0.1:4222' });
 * const gateway = await startGateway({ nats, venue: 'deribit', connect: () => createDeribitClient() });
 * gateway.on('lease', ({ owner }) => console.log('deribit is owned by', owner));
 * ```
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  checkKeys('startGateway', options, OPTIONS);
  checkConnection('startGateway', options.nats);
  checkVenue('startGateway', options.venue);
  if (typeof options.connect !== 'function')
    throw new TypeError('startGateway: options.connect must be a function that opens the venue connection');
  checkType('startGateway', 'name', options.name, 'string');
  checkType('startGateway', 'streamName', options.streamName, 'string');
  checkNumber('startGateway', 'leaseTtlMs', options.leaseTtlMs, 300);
  checkNumber('startGateway', 'maxAgeMs', options.maxAgeMs, 1000);
  if (options.channels !== undefined && !Array.isArray(options.channels))
    throw new TypeError('startGateway: options.channels must be an array of channel names');
  for (const channel of options.channels ?? []) encodeChannel(channel);
  const gateway = new GatewayImpl(options);
  await gateway.start();
  return gateway;
}

class GatewayImpl implements Gateway {
  readonly name: string;
  readonly venue: string;
  readonly #nats: NatsConnection;
  readonly #connect: () => Promise<VenueConnection>;
  readonly #ttl: number;
  readonly #stream: string;
  readonly #maxAgeMs: number | undefined;
  readonly #static: readonly string[];
  readonly #telemetry: Telemetry<NatsTelemetryEvents>;
  readonly #events = new EventHub<GatewayEvents>();
  readonly #js: JetStreamClient;
  #leases!: KV;
  #channelsKv!: KV;

  #role: 'owner' | 'standby' | 'closed' = 'standby';
  /** The lease revision this gateway wrote last (owner). */
  #myRevision = 0;
  /** Local time the last successful renew was sent (owner); the lease is ours until this plus the TTL. */
  #renewedAt = 0;
  /** The lease revision seen last and when it was first seen (standby: expiry is measured on our own clock). */
  #seenRevision = -1;
  #seenAt = 0;
  #lastOwner: string | undefined;
  /** No taking a free lease before this local time (after this gateway's own venue connection failed). */
  #cooldownUntil = 0;

  #client: VenueConnection | undefined;
  #clientOffs: Array<() => void> = [];
  #subscribed = new Set<string>();
  #rpc: Subscription | undefined;
  #ctl: Subscription[] = [];
  #watches: Array<{ stop(): void }> = [];
  #ticker: ReturnType<typeof setInterval> | undefined;
  #expiry: ReturnType<typeof setTimeout> | undefined;
  /** Serialises lease decisions and channel changes. */
  #chain: Promise<void> = Promise.resolve();
  #channelChain: Promise<void> = Promise.resolve();
  /** Request ids seen (idempotency): id → the reply. */
  readonly #replies = new Map<string, Promise<Uint8Array>>();
  #inflight = new Set<Promise<unknown>>();
  #closing: Promise<void> | undefined;

  constructor(o: GatewayOptions) {
    this.name = o.name ?? `gw-${randomId()}`;
    this.venue = o.venue;
    this.#nats = o.nats;
    this.#connect = o.connect;
    this.#ttl = o.leaseTtlMs ?? 5000;
    this.#stream = o.streamName ?? streamFor(o.venue);
    this.#maxAgeMs = o.maxAgeMs;
    this.#static = o.channels ?? [];
    this.#telemetry = o.telemetry ?? natsTelemetry;
    this.#js = jetstream(o.nats);
  }

  role(): 'owner' | 'standby' | 'closed' {
    return this.#role;
  }

  connection(): VenueConnection | undefined {
    return this.#role === 'owner' ? this.#client : undefined;
  }

  on<K extends keyof GatewayEvents>(type: K, handler: (payload: GatewayEvents[K]) => void): Unsubscribe {
    return this.#events.on(type, handler);
  }

  async start(): Promise<void> {
    const jsm = await jetstreamManager(this.#nats);
    await ensureStream(jsm, this.#stream, this.venue, this.#maxAgeMs);
    this.#leases = await openBucket(this.#nats, LEASE_BUCKET);
    this.#channelsKv = await openBucket(this.#nats, CHANNEL_BUCKET);
    if (this.#static.length > 0) await changeChannels(this.#channelsKv, this.venue, this.#static, [], '*');
    for (const verb of ['subscribe', 'unsubscribe'] as const) {
      this.#ctl.push(
        this.#nats.subscribe(ctlSubject(this.venue, verb), {
          queue: QUEUE_GROUP,
          callback: (_error, msg) => this.#track(this.#control(verb, msg)),
        }),
      );
    }
    await this.#watch(this.#leases, () => this.#evaluate());
    await this.#watch(this.#channelsKv, () => {
      if (this.#role === 'owner') void this.#applyChannels();
    });
    this.#ticker = setInterval(() => this.#evaluate(), Math.max(50, Math.floor(this.#ttl / 3)));
    await this.#decide();
  }

  /** Calls `onChange` for every update of this venue's key in `kv` (the watch restarts itself with the connection). */
  async #watch(kv: KV, onChange: () => void): Promise<void> {
    const iterator = await kv.watch({ key: this.venue, include: KvWatchInclude.UpdatesOnly });
    this.#watches.push(iterator);
    void (async () => {
      try {
        for await (const _entry of iterator) onChange();
      } catch {
        // stopped, or the connection closed
      }
    })();
  }

  /** Runs a lease decision after any pending one. */
  #evaluate(): void {
    if (this.#role === 'closed' || this.#closing) return;
    this.#chain = this.#chain.then(() => this.#decide()).catch((error) => this.#error(error, 'lease check failed'));
  }

  /** One lease decision: renew (owner) or take an expired or released lease (standby). */
  async #decide(): Promise<void> {
    if (this.#role === 'closed' || this.#closing) return;
    const entry = await this.#leases.get(this.venue);
    const value = readValue<LeaseValue>(entry);
    const owner = value?.owner ?? undefined;
    if (owner !== this.#lastOwner && !(this.#role === 'owner' && owner === this.name)) this.#noteOwner(owner, 'seen');
    if (this.#role === 'owner') {
      if (!entry || entry.revision !== this.#myRevision)
        return this.#demote(`the lease was taken by ${owner ?? 'nobody'}`);
      if (this.#healthy()) {
        const sentAt = now();
        try {
          this.#myRevision = await this.#leases.update(
            this.venue,
            encodeJson({ owner: this.name, expiresAt: Date.now() + this.#ttl } satisfies LeaseValue),
            this.#myRevision,
          );
          this.#renewedAt = sentAt;
        } catch {
          return this.#demote('the lease renewal lost its compare-and-swap');
        }
      } else if (!this.#leaseValid()) {
        return this.#demote('the venue connection was not healthy for a whole lease TTL');
      }
      return;
    }
    // standby
    const revision = entry?.revision ?? 0;
    if (revision !== this.#seenRevision) {
      this.#seenRevision = revision;
      this.#seenAt = now();
      clearTimeout(this.#expiry);
      // wake exactly when this revision expires, not at the next tick
      if (owner !== undefined) this.#expiry = setTimeout(() => this.#evaluate(), this.#ttl + 5);
    }
    if (now() < this.#cooldownUntil) return;
    const free = owner === undefined;
    const expired = now() - this.#seenAt >= this.#ttl;
    if (!free && !expired) return;
    const sentAt = now();
    const body = encodeJson({ owner: this.name, expiresAt: Date.now() + this.#ttl } satisfies LeaseValue);
    try {
      this.#myRevision =
        entry && entry.operation === 'PUT'
          ? await this.#leases.update(this.venue, body, entry.revision)
          : await this.#leases.create(this.venue, body);
    } catch {
      return; // another gateway was faster
    }
    this.#renewedAt = sentAt;
    this.#promote(owner, free ? 'released' : 'expired');
  }

  #healthy(): boolean {
    const client = this.#client;
    if (!client) return false; // still opening: connect() must finish within the TTL
    return client.getState ? client.getState() === 'connected' : true;
  }

  /** True while the lease this gateway wrote last is still its own by its local clock. */
  #leaseValid(): boolean {
    return this.#role === 'owner' && now() - this.#renewedAt < this.#ttl;
  }

  #noteOwner(owner: string | undefined, reason: string): void {
    const previous = this.#lastOwner;
    if (owner === previous) return;
    this.#lastOwner = owner;
    this.#telemetry.emit('nats.lease', { venue: this.venue, gateway: this.name, owner, previous, reason });
    this.#events.emit('lease', { venue: this.venue, owner, previous, at: Date.now() });
  }

  #promote(previous: string | undefined, reason: string): void {
    clearTimeout(this.#expiry);
    this.#role = 'owner';
    this.#lastOwner = previous;
    this.#noteOwner(this.name, reason);
    this.#track(this.#openVenue());
  }

  async #openVenue(): Promise<void> {
    let client: VenueConnection;
    try {
      client = await this.#connect();
    } catch (error) {
      this.#error(error, 'connect() failed; the lease is released');
      this.#chain = this.#chain.then(() => this.#release());
      return;
    }
    if (this.#role !== 'owner') {
      await client.close().catch(() => {});
      return;
    }
    this.#client = client;
    if (client.on)
      this.#clientOffs.push(
        client.on('state', (change: { to?: string }) => {
          if (change?.to === 'closed' && this.#client === client && this.#role === 'owner') {
            this.#error(new Error('the venue connection closed for good'), 'releasing the lease');
            this.#chain = this.#chain.then(() => this.#release());
          }
        }),
      );
    this.#rpc = this.#nats.subscribe(rpcSubject(this.venue), {
      queue: QUEUE_GROUP,
      callback: (_error, msg) => this.#track(this.#answer(msg)),
    });
    await this.#applyChannels().catch(() => {}); // a refused channel is reported on `error`; the rest still flows
    if (this.#client === client) this.#events.emit('ready', { venue: this.venue, name: this.name });
  }

  /** Gives the lease up (owner): stop serving, close the venue connection, mark the lease released. */
  async #release(): Promise<void> {
    if (this.#role !== 'owner') return;
    this.#cooldownUntil = now() + this.#ttl;
    const revision = this.#myRevision;
    await this.#stopServing();
    this.#role = this.#role === 'owner' ? 'standby' : this.#role;
    try {
      await this.#leases.update(this.venue, encodeJson({ owner: null, expiresAt: 0 } satisfies LeaseValue), revision);
    } catch {
      // someone took it meanwhile
    }
  }

  /** Stops acting as owner at once (the fence), then closes the venue connection. */
  async #demote(reason: string): Promise<void> {
    if (this.#role !== 'owner') return;
    this.#role = 'standby';
    this.#seenRevision = -1;
    this.#telemetry.emit('nats.lease', {
      venue: this.venue,
      gateway: this.name,
      owner: undefined,
      previous: this.name,
      reason: `demoted: ${reason}`,
    });
    if (this.#lastOwner === this.name) this.#lastOwner = undefined;
    await this.#stopServing();
    this.#evaluate();
  }

  async #stopServing(): Promise<void> {
    const rpc = this.#rpc;
    this.#rpc = undefined;
    if (rpc) await rpc.drain().catch(() => rpc.unsubscribe());
    const client = this.#client;
    this.#client = undefined;
    for (const off of this.#clientOffs.splice(0)) off();
    this.#subscribed.clear();
    if (client) await client.close().catch(() => {});
  }

  /** Subscribes/unsubscribes the venue connection to match the shared channel set. */
  #applyChannels(): Promise<void> {
    this.#channelChain = this.#channelChain.then(async () => {
      const client = this.#client;
      if (!client || this.#role !== 'owner') return;
      const set = readValue<ChannelSet>(await this.#channelsKv.get(this.venue));
      const wanted = new Set(Object.keys(set?.channels ?? {}));
      const add = [...wanted].filter((c) => !this.#subscribed.has(c));
      const remove = [...this.#subscribed].filter((c) => !wanted.has(c));
      if (remove.length > 0) {
        for (const c of remove) this.#subscribed.delete(c);
        await client.unsubscribe?.(remove).catch((error: unknown) => this.#error(error, 'unsubscribe failed'));
      }
      if (add.length > 0) {
        for (const c of add) this.#subscribed.add(c);
        const only = add.length === 1 ? add[0] : undefined;
        try {
          await client.subscribe(add, (data: unknown, meta: unknown) => {
            const channel =
              typeof meta === 'string'
                ? meta
                : typeof (meta as { topic?: unknown })?.topic === 'string'
                  ? (meta as { topic: string }).topic
                  : only;
            if (channel !== undefined && this.#client === client) this.#publish(channel, data, meta);
          });
        } catch (error) {
          for (const c of add) this.#subscribed.delete(c);
          this.#error(error, `subscribing ${add.join(', ')} failed`);
          throw error;
        }
      }
    });
    const result = this.#channelChain;
    this.#channelChain = result.catch(() => {});
    return result;
  }

  #publish(channel: string, data: unknown, meta: unknown): void {
    if (!this.#leaseValid()) return; // fenced: the lease may be someone else's now
    let subject: string;
    try {
      subject = subjectFor(this.venue, channel);
    } catch {
      return;
    }
    const body = JSON.stringify(data);
    const h = headers();
    const type = (meta as { type?: unknown } | undefined)?.type;
    if (typeof type === 'string') h.set('Zen-Type', type);
    h.set('Zen-Gateway', this.name);
    this.#js
      .publish(subject, body, { msgID: messageId(this.venue, channel, data, meta, body), headers: h })
      .catch((error: unknown) => {
        const reason = String((error as Error)?.message ?? error);
        this.#telemetry.emit('nats.publish_failed', { venue: this.venue, channel, reason });
      });
  }

  /** `zen.<venue>.ctl.subscribe|unsubscribe`: `{ channels, holder }` → updates the shared set; the owner applies it. */
  async #control(verb: 'subscribe' | 'unsubscribe', msg: Msg): Promise<void> {
    const body = decodeJson(msg.data) as { channels?: unknown; holder?: unknown } | undefined;
    const channels = body?.channels;
    const holder = typeof body?.holder === 'string' ? body.holder : '*';
    try {
      if (!Array.isArray(channels) || channels.some((c) => typeof c !== 'string'))
        throw new TypeError('channels must be an array of strings');
      for (const c of channels) encodeChannel(c);
      const add = verb === 'subscribe' ? channels : [];
      const remove = verb === 'unsubscribe' ? channels : [];
      await changeChannels(this.#channelsKv, this.venue, add, remove, holder);
      let active = false;
      if (this.#role === 'owner' && this.#client) {
        await this.#applyChannels();
        active = true;
      }
      msg.respond(encodeJson({ result: { channels, active } }));
    } catch (error) {
      msg.respond(encodeJson({ error: errorBody(error) }));
    }
  }

  /** `zen.<venue>.rpc`: executes the request on the venue connection (once per id) and replies. */
  async #answer(msg: Msg): Promise<void> {
    const body = decodeJson(msg.data) as RpcBody | undefined;
    const reply = (value: Uint8Array): void => {
      if (msg.reply) msg.respond(value);
    };
    if (!body || typeof body.method !== 'string') {
      const error = {
        code: 'bad_frame',
        message: 'a request needs { method, params }',
        sent: false,
        outcome: 'not_sent',
      };
      return reply(encodeJson({ error }));
    }
    const id = typeof body.id === 'string' ? body.id : undefined;
    const known = id === undefined ? undefined : this.#replies.get(id);
    if (known) return reply(await known);
    const work = this.#execute(body);
    if (id !== undefined) {
      this.#replies.set(id, work);
      if (this.#replies.size > 10_000) this.#replies.delete(this.#replies.keys().next().value as string);
    }
    reply(await work);
  }

  async #execute(body: RpcBody): Promise<Uint8Array> {
    const notSent = (code: string, message: string): Uint8Array =>
      encodeJson({ error: { code, message, sent: false, outcome: 'not_sent' } satisfies RpcErrorBody });
    const client = this.#client;
    if (!client || !this.#leaseValid())
      return notSent('not_connected', `gateway ${this.name} does not own ${this.venue}`);
    if (typeof client.request !== 'function')
      return notSent('not_connected', `the ${this.venue} connection of gateway ${this.name} takes no requests`);
    const remaining = typeof body.deadline === 'number' ? body.deadline - Date.now() : undefined;
    if (remaining !== undefined && remaining <= 0)
      return notSent('request_timeout', 'the request reached the gateway after its deadline; it was not sent');
    try {
      const result = await client.request(
        body.method,
        body.params ?? undefined,
        remaining === undefined ? undefined : { timeout: remaining },
      );
      return encodeJson({ result: result ?? null });
    } catch (error) {
      return encodeJson({ error: errorBody(error) });
    }
  }

  #track(work: Promise<unknown>): void {
    const tracked = work.catch((error) => this.#error(error, 'gateway task failed'));
    this.#inflight.add(tracked);
    void tracked.finally(() => this.#inflight.delete(tracked));
  }

  #error(error: unknown, context: string): void {
    const message = `${this.name} (${this.venue}): ${context}: ${(error as Error)?.message ?? String(error)}`;
    this.#events.emit(
      'error',
      new ZenError(error instanceof ZenError ? error.code : 'connection_error', message, { cause: error }),
    );
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    clearInterval(this.#ticker);
    clearTimeout(this.#expiry);
    await this.#chain.catch(() => {});
    for (const sub of this.#ctl.splice(0)) await sub.drain().catch(() => sub.unsubscribe());
    const wasOwner = this.#role === 'owner';
    if (wasOwner) await this.#release();
    this.#role = 'closed';
    for (const watch of this.#watches.splice(0)) watch.stop();
    await Promise.all([...this.#inflight]);
    if (wasOwner) this.#noteOwner(undefined, 'released');
  }

  [asyncDispose](): Promise<void> {
    return this.close();
  }

  get [Symbol.toStringTag](): string {
    return 'Gateway';
  }
}

/** Adds/removes `holder` for channels in the shared set (compare-and-swap, retried on conflict). */
export async function changeChannels(
  kv: KV,
  venue: string,
  add: readonly string[],
  remove: readonly string[],
  holder: string,
): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const entry = await kv.get(venue);
    const set: ChannelSet = readValue<ChannelSet>(entry) ?? { channels: {} };
    const channels = { ...set.channels };
    for (const c of add) channels[c] = [...new Set([...(channels[c] ?? []), holder])];
    for (const c of remove) {
      const left = (channels[c] ?? []).filter((h) => h !== holder);
      if (left.length > 0) channels[c] = left;
      else delete channels[c];
    }
    const body = encodeJson({ channels } satisfies ChannelSet);
    try {
      if (entry && entry.operation === 'PUT') await kv.update(venue, body, entry.revision);
      else await kv.create(venue, body);
      return;
    } catch {
      // changed meanwhile: read again
    }
  }
  throw new ZenError('overflow', `the channel set of ${venue} kept changing; gave up after 50 attempts`);
}
