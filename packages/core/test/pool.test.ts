// The client pool over real sockets (127.0.0.1, port 0): supervision, restarts, restart intensity, hooks,
// failover, and restart policies. No sleeps: every wait is for an event.
import { type MockServer, startMockServer } from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { asyncDispose } from '../src/dispose.js';
import { type Client, type ConnectOptions, Telemetry, type TelemetryEvents, type ZenError } from '../src/index.js';
import { createRateLimiter } from '../src/limiter/index.js';
import {
  type ClientPool,
  type ClientPoolOptions,
  createClientPool,
  type PoolDisconnectInfo,
  PoolError,
  type PoolEvents,
} from '../src/pool/index.js';
import { connect } from './real-socket.js';

const FAST: ConnectOptions<Client> = {
  retryCount: 1,
  retryDelay: 5,
  maxBackoff: 10,
  heartbeat: 'disabled',
  timeout: 2000,
};

const servers: MockServer[] = [];
const pools: ClientPool<ConnectOptions<Client>>[] = [];

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** A server whose `public/test` answers with its own name. */
async function server(name: string): Promise<MockServer> {
  const s = await startMockServer({
    rpc: { 'public/test': () => name },
    onError: () => undefined,
  });
  servers.push(s);
  return s;
}

function pool(options: Partial<ClientPoolOptions<ConnectOptions>> = {}): ClientPool<ConnectOptions<Client>> {
  const p = createClientPool({ connect, telemetry: new Telemetry(), ...options });
  pools.push(p);
  return p;
}

/** Resolves with the next `type` event of `p` that satisfies `match`. */
function next<K extends keyof PoolEvents>(
  p: ClientPool<ConnectOptions<Client>>,
  type: K,
  match: (payload: PoolEvents[K]) => boolean = () => true,
): Promise<PoolEvents[K]> {
  return new Promise((resolve) => {
    const off = p.on(type, (payload) => {
      if (!match(payload)) return;
      off();
      resolve(payload);
    });
  });
}

/** Resolves when `client` next reaches `state`. */
function reaches(client: Client, state: string): Promise<void> {
  return new Promise((resolve) => {
    const off = client.on('state', ({ to }) => {
      if (to !== state) return;
      off();
      resolve();
    });
  });
}

/** Kills `s`'s connections and makes it refuse upgrades with 401, so its clients give up (fatal). */
async function kill(s: MockServer): Promise<void> {
  s.reject(401);
  await s.simulateDisconnect('abnormal');
}

const ask = (p: ClientPool<ConnectOptions<Client>>, id: number) =>
  p.sendBalanced({ jsonrpc: '2.0', id, method: 'public/test' });

describe('client pool', () => {
  it('starts, lists, stops and closes clients, running the hooks', async () => {
    const [a, b] = [await server('a'), await server('b')];
    const connects: Client[] = [];
    const disconnects: Array<[Client, PoolDisconnectInfo]> = [];
    const p = pool({
      onConnect: (c) => void connects.push(c),
      onDisconnect: (c, info) => void disconnects.push([c, info]),
    });
    const ca = await p.startClient(a.url, FAST);
    const cb = await p.startClient(b.url, FAST);
    expect(p.listClients()).toEqual([ca, cb]);
    expect(connects).toEqual([ca, cb]);
    expect(await p.stopClient(ca)).toBe(true);
    expect(ca.getState()).toBe('closed');
    expect(await p.stopClient(ca)).toBe(false);
    expect(p.listClients()).toEqual([cb]);
    expect(disconnects).toEqual([[ca, { reason: 'stopped' }]]);
    await p.close();
    await p.close();
    expect(cb.getState()).toBe('closed');
    expect(disconnects[1]).toEqual([cb, { reason: 'pool_closed' }]);
    await expect(p.startClient(a.url, FAST)).rejects.toMatchObject({ code: 'closed' });
  });

  it('[Symbol.asyncDispose] closes the pool and its clients (await using); methods are shared by every pool', async () => {
    const a = await server('a');
    const p = pool();
    const c = await p.startClient(a.url, FAST);
    await p[asyncDispose]();
    expect(c.getState()).toBe('closed');
    expect(p.listClients()).toEqual([]);
    await expect(p.startClient(a.url, FAST)).rejects.toMatchObject({ code: 'closed' });
    // a class, not a closure factory: one set of methods for every pool
    expect(pool().sendBalanced).toBe(p.sendBalanced);
  });

  it('rejects startClient when the first connection fails, and adds nothing', async () => {
    const a = await server('a');
    a.reject(401);
    const p = pool();
    await expect(p.startClient(a.url, FAST)).rejects.toMatchObject({ code: 'handshake_rejected' });
    expect(p.listClients()).toEqual([]);
    await expect(ask(p, 1)).rejects.toBeInstanceOf(PoolError);
    await expect(ask(p, 1)).rejects.toMatchObject({ code: 'no_connections' });
  });

  it('one client killed: sends go to the other, the client restarts (same object) and the hooks run', async () => {
    const [a, b] = [await server('a'), await server('b')];
    const events: string[] = [];
    let reconnected: () => void = () => undefined;
    const p = pool({
      onConnect: (c) => {
        events.push(`connect ${c === ca ? 'a' : 'b'}`);
        if (c === ca) reconnected();
      },
      onDisconnect: (c, info) =>
        void events.push(`disconnect ${c === ca ? 'a' : 'b'} ${info.reason} ${info.error?.code}`),
    });
    let ca: Client | undefined;
    ca = await p.startClient(a.url, FAST);
    const cb = await p.startClient(b.url, FAST);
    events.length = 0;

    const restarts: Array<PoolEvents['restart']> = [];
    p.on('restart', (r) => {
      restarts.push(r);
      a.reject(null); // the server is back by the time the restart connects
    });
    const back = new Promise<void>((resolve) => {
      reconnected = resolve;
    });
    const gaveUp = reaches(ca, 'disconnected');
    await kill(a);
    await gaveUp;
    // Down (restarting, not yet connected): every send goes to the live client.
    const replies = await Promise.all([1, 2, 3, 4].map((id) => ask(p, id)));
    expect(replies.map((r) => r?.result)).toEqual(['b', 'b', 'b', 'b']);
    await back;
    expect(restarts).toEqual([
      { client: ca, restarts: 1, error: expect.objectContaining({ code: 'handshake_rejected' }) },
    ]);
    expect(ca.getState()).toBe('connected');
    expect(p.listClients()).toEqual([ca, cb]);
    expect(events).toEqual(['disconnect a gave_up handshake_rejected', 'connect a']);
    const after = await Promise.all([1, 2, 3, 4].map((id) => ask(p, id)));
    expect(new Set(after.map((r) => r?.result))).toEqual(new Set(['a', 'b']));
  });

  it('fails over when a connected client cannot send, and reports pool.failover', async () => {
    const [a, b] = [await server('a'), await server('b')];
    const bus = new Telemetry();
    const failovers: Array<TelemetryEvents['pool.failover']> = [];
    bus.on('pool.failover', (e) => failovers.push(e));
    const p = pool({ telemetry: bus });
    // a's limiter has one token and no queue: after one message every send is refused, unsent.
    const limiter = createRateLimiter({ capacity: 1, refillRate: 1, refillInterval: 3_600_000, queue: false });
    const ca = await p.startClient(a.url, { ...FAST, limiter });
    const cb = await p.startClient(b.url, FAST);
    limiter.take('spend the only token');
    const replies = await Promise.all([1, 2, 3, 4].map((id) => ask(p, id)));
    expect(replies.map((r) => r?.result)).toEqual(['b', 'b', 'b', 'b']);
    expect(failovers.length).toBeGreaterThan(0);
    for (const f of failovers)
      expect(f).toMatchObject({ attempt: 1, failed: ca, reason: { code: 'overflow', sent: false } });
    // a now carries a recent error, so b wins on health without a coin toss.
    const health = p.poolHealth();
    expect(health.map((h) => h.client)).toEqual([ca, cb]);
    expect(health[0]?.health).toBeLessThan(health[1]?.health as number);
  });

  it('restart intensity exhausted: that client is given up on and removed; the others carry on', async () => {
    const [a, b] = [await server('a'), await server('b')];
    const p = pool({ maxRestarts: 3, restartWindowMs: 60_000 });
    const restarts: number[] = [];
    p.on('restart', ({ restarts: n }) => restarts.push(n));
    const ca = await p.startClient(a.url, FAST);
    const cb = await p.startClient(b.url, FAST);
    const error = next(p, 'error');
    const removed = next(p, 'remove');
    await kill(a);
    expect(await error).toMatchObject({ code: 'max_reconnection_attempts', cause: { code: 'handshake_rejected' } });
    expect(await removed).toMatchObject({
      client: ca,
      reason: 'exhausted',
      error: { code: 'max_reconnection_attempts' },
    });
    expect(restarts).toEqual([1, 2, 3]);
    expect(p.listClients()).toEqual([cb]);
    expect(cb.getState()).toBe('connected');
    expect((await ask(p, 9))?.result).toBe('b');
    if (ca.getState() !== 'closed') await reaches(ca, 'closed');
  });

  it('maxRestarts 0 never restarts', async () => {
    const a = await server('a');
    const p = pool({ maxRestarts: 0 });
    const ca = await p.startClient(a.url, FAST);
    const removed = next(p, 'remove');
    await kill(a);
    expect(await removed).toMatchObject({ client: ca, reason: 'exhausted' });
  });

  it('a throwing or rejecting hook is reported on `error`, never fatal', async () => {
    const a = await server('a');
    const p = pool({
      onConnect: () => {
        throw new Error('boom');
      },
      onDisconnect: () => Promise.reject(new Error('async boom')),
    });
    const first = next(p, 'error');
    const ca = await p.startClient(a.url, FAST);
    expect(await first).toMatchObject({
      code: 'handler_error',
      message: expect.stringContaining('onConnect hook threw: Error: boom'),
    });
    expect(ca.getState()).toBe('connected');
    const second = next(p, 'error');
    await p.stopClient(ca);
    expect(await second).toMatchObject({ code: 'handler_error', message: expect.stringContaining('async boom') });
  });

  it('transient: a client the user closes leaves the pool and is not replaced', async () => {
    const a = await server('a');
    const p = pool({ restart: 'transient' });
    const ca = await p.startClient(a.url, FAST);
    const removed = next(p, 'remove');
    await ca.close();
    expect(await removed).toEqual({ client: ca, reason: 'closed', error: undefined });
    expect(p.listClients()).toEqual([]);
  });

  it('permanent: a client the user closes is replaced by a new one, and onConnect runs for it', async () => {
    const a = await server('a');
    const connects: Client[] = [];
    const p = pool({ restart: 'permanent', onConnect: (c) => void connects.push(c) });
    const ca = await p.startClient(a.url, FAST);
    const added = next(p, 'add');
    await ca.close();
    const { client: replacement } = await added;
    expect(replacement).not.toBe(ca);
    expect(replacement.getState()).toBe('connected');
    expect(p.listClients()).toEqual([replacement]);
    expect(connects).toEqual([ca, replacement]);
    expect((await ask(p, 1))?.result).toBe('a');
    // stopClient is final even under `permanent`.
    await p.stopClient(replacement);
    expect(p.listClients()).toEqual([]);
  });

  it('permanent: a replacement that cannot connect is retried within the intensity, then given up', async () => {
    const a = await server('a');
    const p = pool({ restart: 'permanent', maxRestarts: 2 });
    const ca = await p.startClient(a.url, FAST);
    a.reject(401);
    const errors: ZenError[] = [];
    const exhausted = new Promise<void>((resolve) =>
      p.on('error', (e) => {
        errors.push(e);
        if (e.code === 'max_reconnection_attempts') resolve();
      }),
    );
    await ca.close();
    await exhausted;
    expect(errors.map((e) => e.code)).toEqual([
      'handshake_rejected',
      'handshake_rejected',
      'max_reconnection_attempts',
    ]);
    expect(p.listClients()).toEqual([]);
  });

  it('rejects bad options at once', () => {
    expect(() => createClientPool({} as ClientPoolOptions)).toThrow(/options.connect is required/);
    expect(() => createClientPool({ connect, restart: 'always' as 'permanent' })).toThrow(/transient/);
    expect(() => createClientPool({ connect, maxRestarts: -1 })).toThrow(RangeError);
    expect(() => createClientPool({ connect, size: 3 } as ClientPoolOptions)).toThrow(/unknown option "size"/);
  });
});
