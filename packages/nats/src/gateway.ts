/**
 * The gateway: one owner per venue (a KV lease), which holds the venue connection, publishes its channels into
 * the venue's JetStream stream and answers requests from any process through a queue group. Every other gateway
 * for the venue stands by and takes the lease when the owner dies, stalls or closes.
 */
import { type JetStreamClient, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import type { Unsubscribe } from '@zen-websocket/core';
import { type Telemetry, ZenError } from '@zen-websocket/core';
import { asyncDispose, EventHub } from '@zen-websocket/core/internal';
import { answerControl, changeChannels, readValue, watchKey } from './channels.js';
import {
  type ChannelSet,
  checkGatewayOptions,
  type Gateway,
  type GatewayEvents,
  type GatewayOptions,
  type LeaseValue,
  type VenueConnection,
} from './gateway-types.js';
import { RequestDesk } from './rpc.js';
import { encodeJson, ensureStream, openBucket, randomId } from './shared.js';
import { CHANNEL_BUCKET, ctlSubject, LEASE_BUCKET, QUEUE_GROUP, rpcSubject, streamFor } from './subjects.js';
import { type NatsTelemetryEvents, natsTelemetry } from './telemetry.js';
import { publishMessage } from './venues.js';

const now = (): number => performance.now();

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
  checkGatewayOptions(options);
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
  #unreachable = false;
  #client: VenueConnection | undefined;
  #clientOffs: Array<() => void> = [];
  #subscribed = new Set<string>();
  #rpc: Subscription | undefined;
  #ctl: Subscription[] = [];
  #watches: Array<{ stop(): void }> = [];
  #ticker: ReturnType<typeof setInterval> | undefined;
  #expiry: ReturnType<typeof setTimeout> | undefined;
  #chain: Promise<void> = Promise.resolve();
  #channelChain: Promise<void> = Promise.resolve();
  /** Answers `zen.<venue>.rpc` while this gateway owns the venue. */
  readonly #desk = new RequestDesk(
    () => (this.#leaseValid() ? this.#client : undefined),
    () => `gateway ${this.name} (${this.venue})`,
  );
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
    this.#ctl = (['subscribe', 'unsubscribe'] as const).map((verb) =>
      this.#nats.subscribe(ctlSubject(this.venue, verb), {
        queue: QUEUE_GROUP,
        callback: (_error, msg) => this.#track(this.#control(verb, msg)),
      }),
    );
    this.#watches.push(await watchKey(this.#leases, this.venue, () => this.#evaluate()));
    this.#watches.push(
      await watchKey(this.#channelsKv, this.venue, () => this.#role === 'owner' && this.#applyChannels()),
    );
    this.#ticker = setInterval(() => this.#evaluate(), Math.max(50, Math.floor(this.#ttl / 3)));
    await this.#decide();
  }

  #evaluate(): void {
    if (this.#role === 'closed' || this.#closing) return;
    this.#chain = this.#chain
      .then(() => this.#decide())
      .catch(async (error) => {
        // NATS unreachable: an owner that could not renew for a whole TTL fences itself all the same
        if (this.#role === 'owner' && !this.#leaseValid()) await this.#demote('NATS was unreachable for a lease TTL');
        if (!this.#unreachable) this.#error(error, 'lease check failed (reported once until it works again)');
        this.#unreachable = true;
      });
  }

  /** One lease decision: renew (owner) or take an expired or released lease (standby). */
  async #decide(): Promise<void> {
    if (this.#role === 'closed' || this.#closing) return;
    const entry = await this.#leases.get(this.venue);
    this.#unreachable = false;
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

  #setRole(role: 'owner' | 'standby' | 'closed', reason: string): void {
    if (role === this.#role) return;
    this.#role = role;
    this.#events.emit('role', { venue: this.venue, name: this.name, role, reason });
  }

  #promote(previous: string | undefined, reason: string): void {
    clearTimeout(this.#expiry);
    this.#setRole('owner', reason);
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
    if (this.#role !== 'owner') return void (await client.close().catch(() => {}));
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
      callback: (_error, msg) => this.#track(this.#desk.answer(msg)),
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
    if (this.#role === 'owner') this.#setRole('standby', 'released');
    try {
      await this.#leases.update(this.venue, encodeJson({ owner: null, expiresAt: 0 } satisfies LeaseValue), revision);
    } catch {
      // someone took it meanwhile
    }
  }

  /** Stops acting as owner at once (the fence), then closes the venue connection. */
  async #demote(reason: string): Promise<void> {
    if (this.#role !== 'owner') return;
    this.#setRole('standby', `demoted: ${reason}`);
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
    rpc?.unsubscribe(); // not drain(): it waits for the server, which may be unreachable (requests in flight still finish)
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
    // fenced: once the lease may be someone else's, nothing more is published
    if (this.#leaseValid()) publishMessage(this.#js, this.venue, this.name, channel, data, meta, this.#telemetry);
  }

  /** `zen.<venue>.ctl.subscribe|unsubscribe`: records the demand; the owner applies it before answering. */
  #control(verb: 'subscribe' | 'unsubscribe', msg: Msg): Promise<void> {
    return answerControl(verb, msg, this.#channelsKv, this.venue, async () => {
      if (this.#role !== 'owner' || !this.#client) return false;
      await this.#applyChannels();
      return true;
    });
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
    for (const sub of this.#ctl.splice(0)) sub.unsubscribe();
    const wasOwner = this.#role === 'owner';
    if (wasOwner) await this.#release();
    this.#setRole('closed', 'close() called');
    for (const watch of this.#watches.splice(0)) watch.stop();
    await Promise.all([...this.#inflight]);
    if (wasOwner) this.#noteOwner(undefined, 'released');
  }

  [asyncDispose](): Promise<void> {
    return this.close();
  }
}
