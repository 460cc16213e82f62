import {
  type AggTradeEvent,
  type BinanceStreams,
  createBinanceStreams,
  type DepthUpdateEvent,
  type TradeEvent,
} from '@zen-websocket/binance';
import {
  type BinanceSimulator,
  type BinanceSimulatorOptions,
  startBinanceSimulator,
  wsSocketFactory,
} from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { browserLikeFactory, collect, next } from './helpers.js';

let sim: BinanceSimulator | undefined;
let streams: BinanceStreams | undefined;

afterEach(async () => {
  await streams?.close();
  await sim?.stop();
  streams = undefined;
  sim = undefined;
});

async function setup(
  simOptions: BinanceSimulatorOptions = {},
  options: Parameters<typeof createBinanceStreams>[0] = {},
): Promise<{ sim: BinanceSimulator; streams: BinanceStreams }> {
  sim = await startBinanceSimulator({ feedInterval: 10, pingInterval: 0, ...simOptions });
  streams = createBinanceStreams({
    baseUrl: sim.streamUrl,
    socketFactory: wsSocketFactory,
    connect: { retryDelay: 20, maxBackoff: 200 },
    ...options,
  });
  return { sim, streams };
}

const controls = (received: readonly string[], method: string): unknown[] =>
  received.map((t) => JSON.parse(t) as { method: string }).filter((m) => m.method === method);

describe('combined streams', () => {
  it('routes each stream to its own handler, connecting with the streams in the URL', async () => {
    const { sim, streams } = await setup();
    const trades: TradeEvent[] = [];
    const depths: DepthUpdateEvent[] = [];
    const gotBoth = Promise.all([
      collect<TradeEvent>(
        (push) => streams.on('message', (m) => m.stream === 'btcusdt@trade' && push(m.data as never)),
        (v) => v.length >= 3,
      ),
      collect<unknown>(
        (push) => streams.on('message', (m) => m.stream === 'ethusdt@depth' && push(m.data)),
        (v) => v.length >= 3,
      ),
    ]);
    await expect(streams.subscribe<TradeEvent>('btcusdt@trade', (t) => trades.push(t))).resolves.toEqual([
      'btcusdt@trade',
    ]);
    await streams.subscribe<DepthUpdateEvent>(['ethusdt@depth'], (d) => depths.push(d));
    await gotBoth;
    expect(trades.every((t) => t.e === 'trade' && t.s === 'BTCUSDT')).toBe(true);
    expect(depths.every((d) => d.e === 'depthUpdate' && d.s === 'ETHUSDT')).toBe(true);
    const conn = sim.connections[0];
    expect(conn?.path).toBe('/stream');
    expect(conn?.query).toBe('streams=btcusdt@trade');
    expect(controls(conn?.received ?? [], 'SUBSCRIBE')).toEqual([
      expect.objectContaining({ params: ['ethusdt@depth'], id: expect.any(Number) }),
    ]);
    expect(sim.connectionCount).toBe(1);
  });
});

describe('control messages', () => {
  it('subscribes, lists and unsubscribes on a live connection, correlated by id', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 });
    await streams.subscribe('btcusdt@trade');
    await streams.subscribe(['ethusdt@trade', 'bnbusdt@bookTicker']);
    expect((await streams.listSubscriptions()).sort()).toEqual([
      'bnbusdt@bookTicker',
      'btcusdt@trade',
      'ethusdt@trade',
    ]);
    await streams.unsubscribe('ethusdt@trade');
    expect((await streams.listSubscriptions()).sort()).toEqual(['bnbusdt@bookTicker', 'btcusdt@trade']);
    expect(streams.subscriptions().sort()).toEqual(['bnbusdt@bookTicker', 'btcusdt@trade']);
    const received = sim.connections[0]?.received ?? [];
    const ids = received.map((t) => (JSON.parse(t) as { id: number }).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(controls(received, 'UNSUBSCRIBE')).toEqual([expect.objectContaining({ params: ['ethusdt@trade'] })]);
  });

  it('confirms at once a stream subscribed again before its UNSUBSCRIBE went out: no frame, Binance keeps it', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 });
    await streams.subscribe('btcusdt@trade');
    const conn = await sim.waitForConnection('stream');
    const left = streams.unsubscribe('btcusdt@trade');
    // the socket still carries it (the UNSUBSCRIBE waits for the next frame): confirmed without a SUBSCRIBE
    await expect(streams.subscribe('btcusdt@trade')).resolves.toEqual(['btcusdt@trade']);
    await left;
    expect(controls(conn.received, 'UNSUBSCRIBE')).toEqual([]);
    expect(controls(conn.received, 'SUBSCRIBE')).toEqual([]);
    expect(conn.streams).toEqual(['btcusdt@trade']);
    expect(streams.connections()).toMatchObject([{ streams: 1, state: 'connected', queued: 0 }]);
  });

  it('surfaces a refused stream as a BinanceError and keeps the others', async () => {
    const { streams } = await setup({ feedInterval: 0 });
    await streams.subscribe('btcusdt@trade');
    const refused = streams.subscribe('btcusdt@nonsense');
    await expect(refused).rejects.toMatchObject({
      name: 'BinanceError',
      rpcCode: 2,
      rpcMessage: 'Invalid request: invalid stream',
    });
    expect(streams.subscriptions()).toEqual(['btcusdt@trade']);
    expect(await streams.listSubscriptions()).toEqual(['btcusdt@trade']);
  });

  it('stops a stream handler at once on unsubscribe', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 });
    const seen: unknown[] = [];
    await streams.subscribe('btcusdt@trade', (d) => seen.push(d));
    await streams.unsubscribe('btcusdt@trade');
    expect(sim.emit('btcusdt@trade', { e: 'trade' })).toBe(0);
    expect(seen).toEqual([]);
    expect(streams.connections()).toEqual([]);
  });

  it('never leaves a promise hanging: close() rejects what is pending', async () => {
    const { streams } = await setup({ feedInterval: 0 });
    await streams.subscribe('btcusdt@trade');
    const pending = expect(streams.subscribe('ethusdt@trade')).rejects.toMatchObject({ code: 'aborted' });
    await streams.close();
    await pending;
    await expect(streams.subscribe('x@trade')).rejects.toMatchObject({ code: 'closed' });
  });

  it('rejects a subscription the server never confirms, within requestTimeout', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 }, { requestTimeout: 300 });
    await streams.subscribe('btcusdt@trade');
    sim.stall();
    await expect(streams.subscribe('ethusdt@trade')).rejects.toMatchObject({ code: 'request_timeout' });
    expect(streams.subscriptions()).toEqual(['btcusdt@trade']);
  });
});

describe('raw streams', () => {
  it('uses /ws/<streams> and routes bare payloads by symbol and event type', async () => {
    const { sim, streams } = await setup({}, { raw: true });
    const btc = collect<TradeEvent>(
      (push) => streams.on('message', (m) => m.stream === 'btcusdt@trade' && push(m.data as never)),
      (v) => v.length >= 3,
    );
    const eth = collect<AggTradeEvent>(
      (push) => streams.on('message', (m) => m.stream === 'ethusdt@aggTrade' && push(m.data as never)),
      (v) => v.length >= 3,
    );
    const book: unknown[] = [];
    await streams.subscribe(['btcusdt@trade', 'ethusdt@aggTrade', 'bnbusdt@bookTicker'], () => {});
    await streams.subscribe('bnbusdt@bookTicker', (d) => book.push(d));
    const [b, e] = await Promise.all([btc, eth]);
    expect(b.every((t) => t.e === 'trade' && t.s === 'BTCUSDT')).toBe(true);
    expect(e.every((t) => t.e === 'aggTrade' && t.s === 'ETHUSDT')).toBe(true);
    expect(sim.connections[0]?.path).toBe('/ws/btcusdt@trade/ethusdt@aggTrade/bnbusdt@bookTicker');
    await next((found) => streams.on('message', (m) => m.stream === 'bnbusdt@bookTicker' && found(m)));
    expect(book.length).toBeGreaterThan(0);
  });
});

const names = (n: number, kind = 'trade'): string[] =>
  Array.from({ length: n }, (_, i) => `s${String(i).padStart(4, '0')}usdt@${kind}`);

describe('reconnects without a 1008 loop', () => {
  it('restores the streams through the combined URL after a drop: no SUBSCRIBE at all', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 });
    const all = names(200);
    await streams.subscribe(all.slice(0, 100));
    await streams.subscribe(all.slice(100));
    const first = await sim.waitForConnection('stream');
    const reopened = sim.waitForConnection('stream');
    await sim.drop(1001);
    const second = await reopened;
    expect(second.id).not.toBe(first.id);
    expect(new Set(second.streams)).toEqual(new Set(all));
    await next((found) => streams.on('state', (s) => s.to === 'connected' && found(s)));
    expect(await streams.listSubscriptions()).toHaveLength(200);
    expect(controls(second.received, 'SUBSCRIBE')).toEqual([]);
    expect(sim.closes.filter((c) => c.code === 1008)).toEqual([]);
  });

  it('paces a restore that does not fit the URL so it never breaks 5 messages a second', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 }, { maxUrlLength: 120, limit: { batch: 20 } });
    const all = names(200);
    await streams.subscribe(all);
    await sim.waitForConnection('stream');
    const reopened = sim.waitForConnection('stream');
    await sim.drop(1001);
    const second = await reopened;
    // Resolves once every stream is confirmed again on the new connection.
    await streams.subscribe(all);
    expect(second.streams).toHaveLength(200);
    const subscribes = controls(second.received, 'SUBSCRIBE');
    expect(subscribes.length).toBeGreaterThanOrEqual(9);
    expect(second.open).toBe(true);
    expect(sim.closes.filter((c) => c.code === 1008)).toEqual([]);
    expect(await streams.listSubscriptions()).toHaveLength(200);
  }, 20_000);

  it('paces a burst of separate subscribe() calls (the naive client gets 1008)', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 });
    await streams.subscribe('btcusdt@trade');
    const conn = await sim.waitForConnection('stream');
    await Promise.all(names(12).map((s) => streams.subscribe(s)));
    expect(conn.open).toBe(true);
    expect(sim.closes).toEqual([]);
    // Control: the same burst sent unpaced is cut off with 1008.
    const { default: WebSocket } = await import('ws');
    const raw = new WebSocket(`${sim.streamUrl}/ws`);
    await new Promise((resolve) => raw.once('open', resolve));
    const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
    for (let i = 0; i < 12; i++) raw.send(JSON.stringify({ method: 'SUBSCRIBE', params: [`x${i}usdt@trade`], id: i }));
    expect(await closed).toBe(1008);
    expect(await sim.waitForClose((c) => c.code === 1008)).toMatchObject({ reason: 'Too many requests', by: 'server' });
  });
});

describe('more than 1024 streams', () => {
  it('spreads them over several connections, each within the cap', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 });
    const all = names(1100);
    await streams.subscribe(all, () => {});
    const infos = streams.connections();
    expect(infos.map((c) => c.streams)).toEqual([1024, 76]);
    expect(infos.every((c) => c.state === 'connected')).toBe(true);
    const open = sim.connections;
    expect(open).toHaveLength(2);
    expect(open.map((c) => c.streams.length).sort((a, b) => a - b)).toEqual([76, 1024]);
    expect(new Set(open.flatMap((c) => c.streams))).toEqual(new Set(all));
    const last = all[1099] as string;
    const got = next<unknown>((found) => streams.on('message', (m) => m.stream === last && found(m.data)));
    expect(sim.emit(last, { e: 'trade', s: 'S1099USDT' })).toBe(1);
    expect(await got).toEqual({ e: 'trade', s: 'S1099USDT' });
    expect(sim.closes).toEqual([]);
  }, 20_000);
});

describe('liveness', () => {
  it('replaces a stalled (half-open) stream', async () => {
    const { sim, streams } = await setup({ feedInterval: 10 }, { heartbeat: { interval: 150, timeout: 150 } });
    await streams.subscribe('btcusdt@trade');
    const first = await sim.waitForConnection('stream');
    const replaced = sim.waitForConnection('stream', 5000);
    sim.stall();
    const second = await replaced;
    expect(first.stalled).toBe(true);
    expect(second.streams).toEqual(['btcusdt@trade']);
    const after = await next<{ stream: string }>((found) => streams.on('message', found));
    expect(after.stream).toBe('btcusdt@trade');
    await first.terminate();
  });

  it('keeps a quiet stream alive on server ping frames where the socket sees them (Node ws)', async () => {
    // Pongs count towards the 5 messages a second too: one ping every 250 ms is 4 a second.
    const { sim, streams } = await setup(
      { feedInterval: 0, pingInterval: 250 },
      { heartbeat: { interval: 500, timeout: 500 } },
    );
    await streams.subscribe('btcusdt@trade');
    const conn = await sim.waitForConnection('stream');
    // Six ping periods with nothing but ping frames: past interval + timeout (1000 ms).
    await expect.poll(() => conn.pongs, { timeout: 5000, interval: 25 }).toBeGreaterThanOrEqual(6);
    expect(sim.connectionCount).toBe(1);
    expect(controls(conn.received, 'LIST_SUBSCRIPTIONS')).toEqual([]);
  });

  it('probes a quiet stream with LIST_SUBSCRIPTIONS where ping frames are invisible (browsers), and still replaces a dead one', async () => {
    const { sim, streams } = await setup(
      { feedInterval: 0, pingInterval: 0 },
      { socketFactory: browserLikeFactory, heartbeat: { interval: 300, timeout: 300 } },
    );
    await streams.subscribe('btcusdt@trade');
    const conn = await sim.waitForConnection('stream');
    await expect
      .poll(() => controls(conn.received, 'LIST_SUBSCRIPTIONS').length, { timeout: 5000, interval: 25 })
      .toBeGreaterThanOrEqual(4);
    expect(sim.connectionCount).toBe(1);
    const replaced = sim.waitForConnection('stream', 5000);
    sim.stall();
    expect((await replaced).streams).toEqual(['btcusdt@trade']);
    await conn.terminate();
  });
});

/** Diff-depth events of a stream, checked for continuity: each `U` is the previous `u` + 1. */
function gapsIn(events: DepthUpdateEvent[]): string[] {
  const gaps: string[] = [];
  for (let i = 1; i < events.length; i++) {
    const prev = events[i - 1] as DepthUpdateEvent;
    const cur = events[i] as DepthUpdateEvent;
    if (cur.U !== prev.u + 1) gaps.push(`${prev.U}-${prev.u} then ${cur.U}-${cur.u}`);
  }
  return gaps;
}

describe('make-before-break rotation', () => {
  it('opens the new connection before closing the old one and loses no update id', async () => {
    const { sim, streams } = await setup({ feedInterval: 2 });
    const events: DepthUpdateEvent[] = [];
    const trades: TradeEvent[] = [];
    await streams.subscribe<DepthUpdateEvent>('btcusdt@depth@100ms', (d) => events.push(d));
    await streams.subscribe<TradeEvent>('btcusdt@trade', (t) => trades.push(t));
    const old = await sim.waitForConnection('stream');
    await collect(
      (push) => streams.on('message', push),
      (v) => v.length >= 20,
    );
    const incoming = sim.waitForConnection('stream');
    const rotated = next((found) => streams.on('rotate', found));
    const rotation = streams.rotate();
    const fresh = await incoming;
    expect(old.open).toBe(true); // make before break
    expect([...fresh.streams].sort()).toEqual(['btcusdt@depth@100ms', 'btcusdt@trade']);
    await rotation;
    expect(await rotated).toEqual({ connection: 1, reason: 'manual' });
    expect(await sim.waitForClose((c) => c.id === old.id)).toMatchObject({ by: 'client', code: 1000 });
    const before = events.length;
    await collect(
      (push) => streams.on('message', push),
      (v) => v.length >= 40,
    );
    expect(events.length).toBeGreaterThan(before);
    expect(gapsIn(events)).toEqual([]);
    const ids = trades.map((t) => t.t);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect((ids.at(-1) as number) - (ids[0] as number)).toBe(ids.length - 1);
    expect(sim.connections.map((c) => c.id)).toEqual([fresh.id]);
  });

  it('rotates on its own at the chosen time', async () => {
    const { sim, streams } = await setup({ feedInterval: 2 }, { rotation: { after: 300, window: 100 } });
    const events: DepthUpdateEvent[] = [];
    await streams.subscribe<DepthUpdateEvent>('ethusdt@depth', (d) => events.push(d));
    const rotated = await next((found) => streams.on('rotate', found));
    expect(rotated).toEqual({ connection: 1, reason: 'scheduled' });
    await collect(
      (push) => streams.on('message', push),
      (v) => v.length >= 10,
    );
    expect(sim.connectionCount).toBeGreaterThanOrEqual(2);
    expect(gapsIn(events)).toEqual([]);
  });

  it('rotates the same way when Binance announces serverShutdown', async () => {
    const { sim, streams } = await setup({ feedInterval: 2 });
    const events: DepthUpdateEvent[] = [];
    await streams.subscribe<DepthUpdateEvent>('bnbusdt@depth', (d) => events.push(d));
    const old = await sim.waitForConnection('stream');
    await collect(
      (push) => streams.on('message', push),
      (v) => v.length >= 10,
    );
    const announced = next((found) => streams.on('serverShutdown', found));
    const rotated = next((found) => streams.on('rotate', found));
    expect(sim.serverShutdown()).toBe(1);
    expect(await announced).toEqual({ connection: 1 });
    expect(await rotated).toEqual({ connection: 1, reason: 'serverShutdown' });
    expect(old.open).toBe(false);
    await collect(
      (push) => streams.on('message', push),
      (v) => v.length >= 10,
    );
    expect(gapsIn(events)).toEqual([]);
    expect(sim.closes).toEqual([expect.objectContaining({ id: old.id, by: 'client' })]);
  });

  it('rotates before the server cuts the connection at the end of its lifetime', async () => {
    const { sim, streams } = await setup(
      { feedInterval: 2, connectionLifetime: 1500 },
      { rotation: { after: 300, window: 100 } },
    );
    const events: DepthUpdateEvent[] = [];
    await streams.subscribe<DepthUpdateEvent>('btcusdt@depth', (d) => events.push(d));
    await next((found) => streams.on('rotate', found));
    await next((found) => streams.on('rotate', found));
    expect(gapsIn(events)).toEqual([]);
    expect(sim.closes.every((c) => c.by === 'client')).toBe(true);
  });
});

describe('failures', () => {
  it('isolates a throwing handler: reported on error, the next handler still runs', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 });
    const seen: unknown[] = [];
    await streams.subscribe('btcusdt@trade', () => {
      throw new Error('user bug');
    });
    await streams.subscribe('btcusdt@trade', (d) => seen.push(d));
    const reported = next<Error>((found) => streams.on('error', found));
    sim.emit('btcusdt@trade', { e: 'trade', t: 1 });
    expect(await reported).toMatchObject({ code: 'handler_error', cause: new Error('user bug') });
    expect(seen).toEqual([{ e: 'trade', t: 1 }]);
  });

  it('fails a new connection whose URL names an unknown stream, and stays usable', async () => {
    const { streams } = await setup({ feedInterval: 0 });
    const failed = next<Error>((found) => streams.on('error', found));
    await expect(streams.subscribe('btcusdt@bogus')).rejects.toMatchObject({
      code: 'handshake_rejected',
      status: 400,
      message: expect.stringContaining('btcusdt@bogus'),
    });
    expect(await failed).toMatchObject({ status: 400 });
    expect(streams.connections()).toEqual([]);
    await expect(streams.subscribe('btcusdt@trade')).resolves.toEqual(['btcusdt@trade']);
  });

  it('settles a subscribe() no connection could carry (the host is down) within requestTimeout of the call', async () => {
    const gone = await startBinanceSimulator({ feedInterval: 0, pingInterval: 0 });
    await gone.stop();
    streams = createBinanceStreams({
      baseUrl: gone.streamUrl,
      socketFactory: wsSocketFactory,
      requestTimeout: 300,
      connect: { retryDelay: 20, maxBackoff: 50 },
    });
    await expect(streams.subscribe('btcusdt@trade')).rejects.toMatchObject({
      code: 'request_timeout',
      sent: false,
      message: expect.stringContaining('btcusdt@trade'),
    });
    expect(streams.subscriptions()).toEqual([]);
    expect(streams.connections()).toEqual([]); // and it stops trying to reach the host
  });

  it('validates its arguments at once', async () => {
    const { streams } = await setup({ feedInterval: 0 });
    await expect(streams.subscribe([])).rejects.toThrow(TypeError);
    await expect(streams.subscribe(['ok@trade', ''])).rejects.toThrow(TypeError);
    expect(() => createBinanceStreams({ socketFactory: wsSocketFactory, limit: { messages: 1, reserve: 1 } })).toThrow(
      RangeError,
    );
  });
});

/** Yields to the event loop (a macrotask), so each call lands in its own turn: no sleeping. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('subscribe pacing: slots only for frames sent, merged SUBSCRIBEs, deadlines from the write', () => {
  it('confirms 60 rapid subscribe() calls (one frame each used to lose most of them to request_timeout)', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 }, { requestTimeout: 3000 });
    await streams.subscribe('btcusdt@trade');
    const conn = await sim.waitForConnection('stream');
    const all = names(60);
    const calls: Promise<string[]>[] = [];
    for (const s of all) {
      calls.push(streams.subscribe(s));
      await turn();
    }
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(new Set(conn.streams)).toEqual(new Set(['btcusdt@trade', ...all]));
    const subscribes = controls(conn.received, 'SUBSCRIBE') as Array<{ params: string[] }>;
    expect(subscribes.flatMap((m) => m.params).sort()).toEqual([...all].sort());
    expect(subscribes.length).toBeLessThan(12); // waiting streams share a frame
    expect(sim.closes).toEqual([]);
  }, 20_000);

  it('sends a new subscribe() at once on a connection restored through its URL (no slots held by stale entries)', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 }, { requestTimeout: 3000 });
    await streams.subscribe('btcusdt@trade');
    await sim.waitForConnection('stream');
    const all = names(60);
    const calls: Promise<string[]>[] = [];
    for (const s of all) {
      calls.push(streams.subscribe(s));
      await turn();
    }
    const reopened = sim.waitForConnection('stream');
    await sim.drop(1001);
    const second = await reopened;
    await Promise.all(calls); // confirmed by the URL of the new connection
    expect(new Set(second.streams)).toEqual(new Set(['btcusdt@trade', ...all]));
    await expect(streams.subscribe('ethusdt@bookTicker')).resolves.toEqual(['ethusdt@bookTicker']);
    expect(controls(second.received, 'SUBSCRIBE')).toEqual([
      expect.objectContaining({ params: ['ethusdt@bookTicker'] }),
    ]);
  }, 20_000);

  it('unsubscribes a stream whose SUBSCRIBE was answered after its deadline, so Binance does not keep it', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 }, { requestTimeout: 300 });
    await streams.subscribe('btcusdt@trade');
    const conn = await sim.waitForConnection('stream');
    sim.holdReplies();
    await expect(streams.subscribe('ethusdt@trade')).rejects.toMatchObject({
      code: 'request_timeout',
      message: expect.stringContaining('ethusdt@trade'),
    });
    expect(streams.subscriptions()).toEqual(['btcusdt@trade']);
    await expect
      .poll(() => controls(conn.received, 'UNSUBSCRIBE'), { timeout: 5000, interval: 20 })
      .toEqual([expect.objectContaining({ params: ['ethusdt@trade'] })]);
    expect(sim.releaseReplies()).toBe(2); // the late SUBSCRIBE reply, then the UNSUBSCRIBE one
    expect(conn.streams).toEqual(['btcusdt@trade']);
    expect(await streams.listSubscriptions()).toEqual(['btcusdt@trade']);
    await expect(streams.subscribe('ethusdt@trade')).resolves.toEqual(['ethusdt@trade']);
    expect([...conn.streams].sort()).toEqual(['btcusdt@trade', 'ethusdt@trade']);
  });

  it('refuses only the bad stream of a merged SUBSCRIBE, naming it; the others are confirmed', async () => {
    const { sim, streams } = await setup({ feedInterval: 0 });
    await streams.subscribe('btcusdt@trade');
    const conn = await sim.waitForConnection('stream');
    const wanted = ['ethusdt@trade', 'bnbusdt@nonsense', 'xrpusdt@trade', 'ltcusdt@aggTrade'];
    const results = await Promise.allSettled(wanted.map((s) => streams.subscribe(s)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      name: 'BinanceError',
      rpcCode: 2,
      msg: 'Invalid request: invalid stream',
      streams: ['bnbusdt@nonsense'],
      message: 'SUBSCRIBE bnbusdt@nonsense failed: Invalid request: invalid stream (code 2)',
    });
    expect([...conn.streams].sort()).toEqual(['btcusdt@trade', 'ethusdt@trade', 'ltcusdt@aggTrade', 'xrpusdt@trade']);
    expect(streams.subscriptions().sort()).toEqual([...conn.streams].sort());
  });
});

describe('connections()', () => {
  it('counts the frames waiting for the limiter, derived from the streams still to subscribe', async () => {
    // One frame per window of 1.1 s and one stream per frame: the first goes out, the other four wait.
    const { sim, streams } = await setup({ feedInterval: 0 }, { limit: { messages: 2, reserve: 1, batch: 1 } });
    await streams.subscribe('btcusdt@trade');
    const conn = await sim.waitForConnection('stream');
    const all = names(5);
    const calls = all.map((s) => streams.subscribe(s));
    await turn();
    const [row] = streams.connections();
    expect(row).toMatchObject({ id: 1, streams: 6, state: 'connected', queued: 4 });
    await Promise.all(calls);
    expect(streams.connections()[0]?.queued).toBe(0);
    expect(controls(conn.received, 'SUBSCRIBE')).toHaveLength(5);
  }, 20_000);
});
