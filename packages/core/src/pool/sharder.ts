import type { Client } from '../client.js';
import { describeValue, ZenError } from '../errors.js';
import { EventHub, type Unsubscribe } from '../events.js';
import { checkKeys, checkType } from '../strict.js';
import type { ClientPool } from './types.js';

/** Options of {@link createSubscriptionSharder}. */
export interface SharderOptions {
  /** The pool whose connected clients carry the channels. */
  pool: Pick<ClientPool<unknown>, 'listClients' | 'on'>;
  /**
   * Opens one more client when every client is full, usually `() => pool.startClient(url, options)`. It must
   * add the client to `pool`.
   */
  grow: () => Promise<Client>;
  /** Most channels on one connection, counting the client's own subscriptions (default 1024: Binance's cap). */
  maxPerClient?: number;
  /** Channels per subscribe message (default 100; keeps frames small, e.g. under Deribit's 32 kB). */
  batchSize?: number;
  /** Confirmation deadline of each subscribe message, ms (default the client's `requestTimeout`). */
  timeout?: number;
}

/** Events of a sharder. */
export type SharderEvents = {
  /** Channels of a client that left the pool were moved to other clients. */
  moved: { channels: string[]; from: Client };
  /** Moving channels failed; they are no longer subscribed. */
  error: ZenError;
};

/** Spreads channel subscriptions over a pool's clients. Created by {@link createSubscriptionSharder}. */
export interface SubscriptionSharder {
  /** Subscribes the channels not yet held, spread over the least-loaded clients; opens clients as needed. */
  subscribe(channels: readonly string[]): Promise<void>;
  /** Unsubscribes channels from whichever client holds them. */
  unsubscribe(channels: readonly string[]): Promise<void>;
  /** The client holding `channel`, if any. */
  clientFor(channel: string): Client | undefined;
  /** Each client's channels (from this sharder). */
  assignments(): Map<Client, string[]>;
  on<K extends keyof SharderEvents>(type: K, handler: (payload: SharderEvents[K]) => void): Unsubscribe;
  /** Stops watching the pool (the clients and their subscriptions stay). */
  close(): void;
}

/**
 * How many of `count` new channels each client takes: always the least-loaded client with room, so loads end
 * as even as the cap allows. Returns one number per load; their sum is less than `count` only when the
 * clients are out of room.
 *
 * @example
 * planShards([0, 0, 0], 3000, 1024) // [1000, 1000, 1000]
 * planShards([1000, 0], 1500, 1024) // [24, 1024]: both full, 452 left without room
 */
export function planShards(loads: readonly number[], count: number, cap: number): number[] {
  const level = [...loads];
  const take = loads.map(() => 0);
  for (let n = 0; n < count; n++) {
    let best = -1;
    for (let i = 0; i < level.length; i++)
      if ((level[i] as number) < cap && (best === -1 || (level[i] as number) < (level[best] as number))) best = i;
    if (best === -1) break;
    level[best] = (level[best] as number) + 1;
    take[best] = (take[best] as number) + 1;
  }
  return take;
}

/**
 * A subscription sharder: spreads channels over a pool's connected clients under a per-connection cap,
 * opening clients through `grow` when all are full. Clients restarted by the pool restore their own channels;
 * the channels of a client that leaves the pool (stopped, closed, given up) move to the others.
 *
 * @example
 * const sharder = createSubscriptionSharder({ pool, maxPerClient: 1024, grow: () => pool.startClient(url) });
 * await sharder.subscribe(symbols.map((s) => `${s}@trade`)); // 3,000 streams → 3 connections of 1,000
 */
export function createSubscriptionSharder(options: SharderOptions): SubscriptionSharder {
  checkKeys('createSubscriptionSharder', options, ['pool', 'grow', 'maxPerClient', 'batchSize', 'timeout']);
  checkType('createSubscriptionSharder', 'timeout', options.timeout, 'number');
  const { pool, grow, maxPerClient = 1024, batchSize = 100, timeout } = options;
  if (typeof pool?.listClients !== 'function' || typeof grow !== 'function')
    throw new TypeError('createSubscriptionSharder: { pool, grow } are required');
  if (!(Number.isInteger(maxPerClient) && maxPerClient >= 1))
    throw new RangeError(`createSubscriptionSharder: maxPerClient must be an integer >= 1, got ${maxPerClient}`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new RangeError(`createSubscriptionSharder: batchSize must be an integer >= 1, got ${batchSize}`);
  /** Channel → the client holding it; `null` while it is being placed. */
  const owner = new Map<string, Client | null>();
  const events = new EventHub<SharderEvents>();

  const load = (client: Client) => client.getSubscriptions().length;
  const room = (clients: readonly Client[]) => clients.reduce((sum, c) => sum + Math.max(0, maxPerClient - load(c)), 0);

  /** Connected pool clients, opening more until `needed` channels fit. */
  async function capacityFor(needed: number): Promise<Client[]> {
    const clients = pool.listClients().filter((c) => c.getState() === 'connected');
    const missing = needed - room(clients);
    if (missing > 0)
      clients.push(...(await Promise.all(Array.from({ length: Math.ceil(missing / maxPerClient) }, () => grow()))));
    if (room(clients) < needed)
      throw new RangeError(
        `Sharder: the clients grow() opened have no room for ${needed} channels (maxPerClient ${maxPerClient})`,
      );
    return clients;
  }

  async function place(client: Client, channels: string[]): Promise<void> {
    for (const channel of channels) owner.set(channel, client);
    const batches: string[][] = [];
    for (let i = 0; i < channels.length; i += batchSize) batches.push(channels.slice(i, i + batchSize));
    const results = await Promise.allSettled(
      batches.map((batch) => client.subscribe(batch, timeout === undefined ? {} : { timeout })),
    );
    const desired = new Set(client.getSubscriptions().map((s) => s.channel));
    for (const channel of channels) if (!desired.has(channel) && owner.get(channel) === client) owner.delete(channel);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async function subscribe(channels: readonly string[]): Promise<void> {
    const fresh = [...new Set(channels)].filter((c) => !owner.has(c));
    if (fresh.length === 0) return;
    for (const channel of fresh) owner.set(channel, null);
    try {
      const clients = await capacityFor(fresh.length);
      const shares = planShards(clients.map(load), fresh.length, maxPerClient);
      let next = 0;
      const placing = clients.map((client, i) => {
        const mine = fresh.slice(next, next + (shares[i] as number));
        next += mine.length;
        return mine.length > 0 ? place(client, mine) : Promise.resolve();
      });
      const results = await Promise.allSettled(placing);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      for (const channel of fresh) if (owner.get(channel) === null) owner.delete(channel);
    }
  }

  async function unsubscribe(channels: readonly string[]): Promise<void> {
    const byClient = new Map<Client, string[]>();
    for (const channel of new Set(channels)) {
      const client = owner.get(channel);
      if (!client) continue;
      owner.delete(channel);
      byClient.set(client, [...(byClient.get(client) ?? []), channel]);
    }
    await Promise.all([...byClient].map(([client, list]) => client.unsubscribe(list)));
  }

  const offRemove = pool.on('remove', ({ client }) => {
    const orphaned = [...owner].filter(([, c]) => c === client).map(([channel]) => channel);
    if (orphaned.length === 0) return;
    for (const channel of orphaned) owner.delete(channel);
    subscribe(orphaned).then(
      () => events.emit('moved', { channels: orphaned, from: client }),
      (cause: unknown) =>
        events.emit(
          'error',
          new ZenError(
            'connection_failed',
            `Sharder could not move ${orphaned.length} channel(s): ${describeValue(cause)}`,
            {
              cause,
            },
          ),
        ),
    );
  });

  return {
    subscribe,
    unsubscribe,
    clientFor: (channel) => owner.get(channel) ?? undefined,
    assignments() {
      const map = new Map<Client, string[]>();
      for (const [channel, client] of owner) if (client) map.set(client, [...(map.get(client) ?? []), channel]);
      return map;
    },
    on: (type, handler) => events.on(type, handler),
    close() {
      offRemove();
      events.clear();
    },
  };
}
