// The subscription sharder over real sockets: 3,000 channels over connections capped at 1,024, growth,
// moving the channels of a client that leaves, and unsubscribing.
import { type MockConnection, type MockServer, startMockServer } from '@zen-websocket/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type ConnectOptions, Telemetry } from '../src/index.js';
import { type ClientPool, createClientPool, createSubscriptionSharder, planShards } from '../src/pool/index.js';
import { connect } from './real-socket.js';

const FAST: ConnectOptions<Client> = { retryCount: 1, retryDelay: 5, maxBackoff: 10, heartbeat: 'disabled' };

let server: MockServer;
let pool: ClientPool<ConnectOptions<Client>>;

/** The channels the server holds for each open connection. */
const held = (c: MockConnection) => (c.data.get('channels') as Set<string> | undefined) ?? new Set<string>();

beforeEach(async () => {
  const channelsOf = (params: unknown) => (params as { channels: string[] }).channels;
  server = await startMockServer({
    rpc: {
      'public/subscribe': (params, conn) => {
        const set = held(conn);
        for (const c of channelsOf(params)) set.add(c);
        conn.data.set('channels', set);
        return channelsOf(params);
      },
      'public/unsubscribe': (params, conn) => {
        for (const c of channelsOf(params)) held(conn).delete(c);
        return channelsOf(params);
      },
    },
  });
  pool = createClientPool({ connect, telemetry: new Telemetry() });
});

afterEach(async () => {
  await pool.close();
  await server.stop();
});

const channels = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `ticker.${from + i}`);

/** Every server connection holds at most `cap` channels and no channel is held twice; returns the union. */
function serverView(cap: number): Set<string> {
  const all = new Set<string>();
  for (const conn of server.connections) {
    expect(held(conn).size).toBeLessThanOrEqual(cap);
    for (const c of held(conn)) {
      expect(all.has(c)).toBe(false);
      all.add(c);
    }
  }
  return all;
}

describe('planShards', () => {
  it('fills the least-loaded client first, never past the cap', () => {
    expect(planShards([0, 0, 0], 3000, 1024)).toEqual([1000, 1000, 1000]);
    expect(planShards([1000, 0], 1500, 1024)).toEqual([24, 1024]);
    expect(planShards([500, 100], 200, 1024)).toEqual([0, 200]);
    expect(planShards([], 10, 5)).toEqual([]);
  });
});

describe('subscription sharder', () => {
  it('spreads 3,000 channels over connections capped at 1,024, opening them as needed', async () => {
    const sharder = createSubscriptionSharder({
      pool,
      maxPerClient: 1024,
      grow: () => pool.startClient(server.url, FAST),
    });
    await sharder.subscribe(channels(3000));
    const clients = pool.listClients();
    expect(clients).toHaveLength(3);
    for (const client of clients) {
      const subs = client.getSubscriptions();
      expect(subs).toHaveLength(1000);
      expect(subs.every((s) => s.status === 'active')).toBe(true);
    }
    expect(serverView(1024).size).toBe(3000);
    expect([...sharder.assignments().values()].map((list) => list.length)).toEqual([1000, 1000, 1000]);
    expect(clients).toContain(sharder.clientFor('ticker.2999'));

    // 60 more fit the existing connections (3 × 1,024 = 3,072).
    await sharder.subscribe([...channels(60, 3000), 'ticker.0']);
    expect(pool.listClients()).toHaveLength(3);
    expect(serverView(1024).size).toBe(3060);
    for (const client of pool.listClients()) expect(client.getSubscriptions().length).toBe(1020);
    sharder.close();
  });

  it('moves the channels of a client that leaves the pool, growing when the rest are full', async () => {
    const sharder = createSubscriptionSharder({
      pool,
      maxPerClient: 1024,
      batchSize: 250,
      grow: () => pool.startClient(server.url, FAST),
    });
    await sharder.subscribe(channels(3000));
    const [gone] = pool.listClients() as [Client];
    const moved = new Promise<{ channels: string[]; from: Client }>((resolve) => sharder.on('moved', resolve));
    await pool.stopClient(gone);
    const event = await moved;
    expect(event.from).toBe(gone);
    expect(event.channels).toHaveLength(1000);
    expect(pool.listClients()).not.toContain(gone);
    expect(pool.listClients()).toHaveLength(3); // 2,000 + 1,000 > 2 × 1,024: one more was opened
    expect(serverView(1024).size).toBe(3000);
    for (const channel of event.channels) expect(sharder.clientFor(channel)).not.toBe(gone);
    sharder.close();
  });

  it('unsubscribes from whichever client holds the channel', async () => {
    const sharder = createSubscriptionSharder({
      pool,
      maxPerClient: 2,
      grow: () => pool.startClient(server.url, FAST),
    });
    await sharder.subscribe(['a', 'b', 'c', 'd', 'e']);
    expect(pool.listClients()).toHaveLength(3);
    const holder = sharder.clientFor('c') as Client;
    await sharder.unsubscribe(['c', 'nope']);
    expect(sharder.clientFor('c')).toBeUndefined();
    expect(holder.getSubscriptions().map((s) => s.channel)).not.toContain('c');
    expect(serverView(2)).toEqual(new Set(['a', 'b', 'd', 'e']));
    sharder.close();
  });

  it('checks its options', () => {
    const grow = () => pool.startClient(server.url, FAST);
    expect(() => createSubscriptionSharder({ pool, grow, maxPerClient: 0 })).toThrow(RangeError);
    expect(() => createSubscriptionSharder({ pool, grow, batchSize: 0 })).toThrow(RangeError);
    expect(() => createSubscriptionSharder({ pool } as never)).toThrow(TypeError);
  });
});
