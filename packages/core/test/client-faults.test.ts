// Defects an independent fault suite found (issue 13), each reproduced against a plain `ws` server on
// 127.0.0.1:0 (not our mock server) or over fake sockets and a fake clock. No sleeps: every wait is for an event.
import type { AddressInfo } from 'node:net';
import { createFakeClock } from '@zen-websocket/testing/fakes';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import { type Client, type ConnectOptions, connect, type DisconnectInfo, Telemetry } from '../src/index.js';
import { createRateLimiter } from '../src/limiter/index.js';
import { resolveOptions } from '../src/options.js';
import { createClientPool } from '../src/pool/index.js';
import { connected, rig } from './helpers.js';
import { wsFactory } from './real-socket.js';

const servers: WebSocketServer[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const s of servers.splice(0)) {
    for (const ws of s.clients) ws.terminate();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A plain `ws` server; `received` lists every text frame as it arrived (with the connection's number). */
async function plainServer(onConnection?: (ws: WebSocket, n: number) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  await new Promise((resolve) => wss.once('listening', resolve));
  const received: Array<{ n: number; data: Record<string, unknown> }> = [];
  const listeners = new Set<() => void>();
  let connections = 0;
  wss.on('connection', (ws) => {
    const n = ++connections;
    ws.on('message', (raw) => {
      const data = JSON.parse(String(raw)) as Record<string, unknown>;
      received.push({ n, data });
      for (const l of listeners) l();
      if (data.id !== undefined && data.method !== 'hang')
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: data.id, result: `ok ${n}` }));
    });
    onConnection?.(ws, n);
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  /** Resolves once a frame matching `match` has arrived. */
  const waitFor = (match: (d: Record<string, unknown>) => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!received.some((r) => match(r.data))) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
    });
  return { wss, url, received, waitFor };
}

async function open(url: string, options: ConnectOptions<Client> = {}): Promise<Client> {
  const client = await connect(url, { socketFactory: wsFactory, telemetry: new Telemetry(), ...options });
  clients.push(client);
  return client;
}

function reaches(client: Client, state: string): Promise<void> {
  return new Promise((resolve) => {
    if (client.getState() === state) return resolve();
    const off = client.on('state', ({ to }) => {
      if (to !== state) return;
      off();
      resolve();
    });
  });
}

describe('half-closed socket: the server sends its close frame and keeps TCP open', () => {
  it('leaves connected as soon as the close handshake starts, and nothing is reported sent', async () => {
    const server = await plainServer((ws) => {
      const raw = (ws as unknown as { _socket: import('node:net').Socket })._socket;
      setTimeout(() => {
        raw.write(Buffer.from([0x88, 2, 0x03, 0xe9])); // close frame, code 1001
        raw.pause();
      }, 50);
    });
    // the default heartbeat would take 30 s (ws's close timeout) to notice; the client must not need it
    const client = await open(server.url, { retryCount: 0 });
    const states: string[] = [];
    client.on('state', ({ from, to, error }) => states.push(`${from}>${to} ${error?.code ?? ''}`.trim()));
    await reaches(client, 'disconnected'); // retryCount 0: the drop is final, so the state stays put
    expect(states[0]).toBe('connected>disconnected connection_closed');
    await expect(client.sendMessage({ jsonrpc: '2.0', id: 7, method: 'private/buy' })).rejects.toMatchObject({
      code: 'not_connected',
      sent: false,
      outcome: 'not_sent',
    });
    await expect(client.request('public/test')).rejects.toMatchObject({ sent: false, outcome: 'not_sent' });
    expect(server.received).toEqual([]);
  });

  it('the close code of the frame is reported, and the client reconnects', async () => {
    const server = await plainServer((ws, n) => {
      if (n > 1) return;
      const raw = (ws as unknown as { _socket: import('node:net').Socket })._socket;
      raw.write(Buffer.from([0x88, 2, 0x03, 0xe9]));
      raw.pause();
    });
    let dropped!: (info: DisconnectInfo) => void;
    const drop = new Promise<DisconnectInfo>((resolve) => {
      dropped = resolve;
    });
    let readies = 0;
    let second!: () => void;
    const reopened = new Promise<void>((resolve) => {
      second = resolve;
    });
    const client = await open(server.url, {
      firstRetrySpread: 0,
      retryDelay: 10,
      maxBackoff: 20,
      onDisconnect: (_c, info) => dropped(info),
      onConnect: () => ++readies === 2 && second(),
    });
    expect(await drop).toMatchObject({ next: 'reconnecting', error: { code: 'connection_closed', closeCode: 1001 } });
    await reopened;
    expect(await client.request('public/test')).toBe('ok 2');
  });

  it('a socket whose readyState is no longer OPEN gets no write (sockets without a close-frame signal)', async () => {
    const r = await connected({ retryCount: 0 });
    const socket = r.sockets.last as unknown as { readyState: number; sent: unknown[] };
    socket.readyState = 2; // CLOSING: the handshake started, no event yet
    await expect(r.client.sendMessage({ id: 1, method: 'x' })).rejects.toMatchObject({
      code: 'not_connected',
      sent: false,
      outcome: 'not_sent',
    });
    expect(socket.sent).toEqual([]);
    await r.clock.advance(0);
    expect(r.client.getState()).toBe('disconnected');
    await r.client.close();
  });
});

describe('thundering herd: the first retry after a healthy connection is spread', () => {
  it('waits a random share of firstRetrySpread (default 1000 ms), not zero', async () => {
    expect(resolveOptions('ws://x.test', { socketFactory: wsFactory }).firstRetrySpread).toBe(1000);
    const r = await connected({ firstRetrySpread: 1000, random: () => 0.25 });
    const delays: number[] = [];
    r.client.on('reconnect', ({ delay }) => delays.push(delay));
    await r.clock.advance(6000); // healthy
    r.sockets.last.serverClose(1001);
    await r.clock.advance(249);
    expect(r.sockets.sockets).toHaveLength(1);
    await r.clock.advance(1);
    expect(r.sockets.sockets).toHaveLength(2);
    expect(delays).toEqual([250]);
    await r.client.close();
  });

  it('clients dropped together come back at different times', async () => {
    const firstRetry: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await connected({ firstRetrySpread: 1000, random: () => i / 10 });
      r.client.on('reconnect', ({ delay }) => firstRetry.push(delay));
      await r.clock.advance(6000);
      r.sockets.last.serverClose(1001);
      await r.client.close();
    }
    expect(new Set(firstRetry).size).toBe(10);
    expect(Math.max(...firstRetry)).toBeLessThan(1000);
  });

  it('firstRetrySpread must be a finite number >= 0', () => {
    expect(() => resolveOptions('ws://x.test', { socketFactory: wsFactory, firstRetrySpread: -1 })).toThrow(RangeError);
    expect(resolveOptions('ws://x.test', { socketFactory: wsFactory, firstRetrySpread: 0 }).firstRetrySpread).toBe(0);
  });
});

describe('queued sends are withdrawn when their connection ends', () => {
  it('a message waiting in the limiter rejects with sent: false and is never written later', async () => {
    let first: WebSocket | undefined;
    const server = await plainServer((ws, n) => {
      if (n === 1) first = ws;
    });
    const limiter = createRateLimiter({ capacity: 1, refillRate: 1, refillInterval: 1000, telemetry: new Telemetry() });
    const client = await open(server.url, {
      limiter,
      heartbeat: 'disabled',
      retryDelay: 20,
      maxBackoff: 50,
      firstRetrySpread: 0,
    });
    await client.sendMessage({ jsonrpc: '2.0', id: 1, method: 'a' }); // uses the token
    const order = client.sendMessage({ jsonrpc: '2.0', id: 2, method: 'private/buy' }); // waits in the limiter
    order.catch(() => undefined);
    expect(limiter.status().queueSize).toBe(1);
    const ready = new Promise((resolve) => client.on('ready', resolve));
    first?.terminate();
    await expect(order).rejects.toMatchObject({ code: 'disconnected', sent: false, outcome: 'not_sent' });
    expect(limiter.status().queueSize).toBe(0);
    await ready;
    // A later message goes out behind anything still queued (the limiter is FIFO): once it arrives, id 2 had
    // its chance and must not have been written.
    expect(await client.sendMessage({ jsonrpc: '2.0', id: 3, method: 'after' })).toMatchObject({ result: 'ok 2' });
    expect(server.received.map((r) => r.data.id)).toEqual([1, 3]);
  });

  it('close() rejects queued messages with sent: false and leaves no limiter timer', async () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({
      capacity: 1,
      refillRate: 1,
      refillInterval: 1000,
      clock,
      telemetry: new Telemetry(),
    });
    const r = await connected({ limiter });
    const sent = r.client.sendMessage({ id: 1, method: 'a' });
    const queued = r.client.sendMessage({ id: 2, method: 'b' });
    const plain = r.client.sendMessage('no id');
    plain.catch(() => undefined);
    queued.catch(() => undefined);
    sent.catch(() => undefined);
    expect(limiter.status().queueSize).toBe(2);
    expect(clock.pending).toBe(1); // the limiter's release timer
    await r.client.close();
    await expect(queued).rejects.toMatchObject({ code: 'closed', sent: false, outcome: 'not_sent' });
    await expect(plain).rejects.toMatchObject({ code: 'closed', sent: false });
    await expect(sent).rejects.toMatchObject({ code: 'closed', sent: true, outcome: 'unknown' });
    expect(limiter.status().queueSize).toBe(0);
    expect(clock.pending).toBe(0);
    await clock.advance(5000);
    expect(r.sockets.last.sent).toHaveLength(1);
  });

  it('through the pool, a request withdrawn from a dropped connection fails over to another client', async () => {
    const sockets: WebSocket[] = [];
    const server = await plainServer((ws) => sockets.push(ws));
    const pool = createClientPool({
      connect: (url, options: ConnectOptions<Client>) =>
        connect(url, { socketFactory: wsFactory, telemetry: new Telemetry(), ...options }),
      telemetry: new Telemetry(),
    });
    try {
      const limiter = createRateLimiter({
        capacity: 1,
        refillRate: 1,
        refillInterval: 60_000,
        telemetry: new Telemetry(),
      });
      const a = await pool.startClient(server.url, { limiter, heartbeat: 'disabled', retryCount: 0 });
      const b = await pool.startClient(server.url, { heartbeat: 'disabled' });
      await a.sendMessage({ jsonrpc: '2.0', id: 1, method: 'a' }); // A's only token
      void b.sendMessage({ jsonrpc: '2.0', id: 99, method: 'hang' }).catch(() => undefined); // B looks busier
      await server.waitFor((d) => d.id === 99);
      const reply = pool.sendBalanced({ jsonrpc: '2.0', id: 5, method: 'private/buy' });
      await new Promise((resolve) => setImmediate(resolve)); // sendBalanced picks its client asynchronously
      expect(limiter.status().queueSize).toBe(1); // went to A, waits for A's limiter
      sockets[0]?.terminate();
      expect(await reply).toMatchObject({ id: 5, result: 'ok 2' });
      expect(server.received.filter((r) => r.data.id === 5)).toEqual([{ n: 2, data: expect.anything() }]);
    } finally {
      await pool.close();
    }
  });
});

describe('pool onDisconnect reason exhausted', () => {
  it('is delivered when the restart budget is spent (not gave_up)', async () => {
    const server = await plainServer();
    const reasons: string[] = [];
    const pool = createClientPool({
      connect: (url, options: ConnectOptions<Client>) =>
        connect(url, { socketFactory: wsFactory, telemetry: new Telemetry(), ...options }),
      telemetry: new Telemetry(),
      maxRestarts: 0,
      onDisconnect: (_c, info) => void reasons.push(info.reason),
    });
    try {
      await pool.startClient(server.url, { heartbeat: 'disabled', retryCount: 0 });
      const removed = new Promise((resolve) => pool.on('remove', resolve));
      for (const ws of server.wss.clients) ws.close(1002); // fatal: the client gives up at once
      expect(await removed).toMatchObject({ reason: 'exhausted' });
      expect(reasons[0]).toBe('exhausted');
    } finally {
      await pool.close();
    }
  });
});

describe('messages() overflow', () => {
  it('is emitted on error when it happens, before the reader drains the buffer', async () => {
    const r = await connected();
    const errors: unknown[] = [];
    r.client.on('error', (e) => errors.push(e));
    const stream = r.client.messages({ bufferSize: 2 });
    for (let i = 0; i < 3; i++) r.sockets.last.receive({ i });
    expect(errors).toMatchObject([{ code: 'overflow' }]);
    expect(await stream.next()).toEqual({ value: { i: 0 }, done: false });
    await r.client.close();
  });
});

describe('every request error carries sent and outcome', () => {
  it('not connected and closed', async () => {
    const r = rig({ retryCount: 0 });
    r.sockets.last.fail();
    await expect(r.started).rejects.toBeDefined();
    await expect(r.client.sendMessage({ id: 1 })).rejects.toMatchObject({
      code: 'not_connected',
      sent: false,
      outcome: 'not_sent',
    });
    await r.client.close();
    await expect(r.client.request('x')).rejects.toMatchObject({ code: 'closed', sent: false, outcome: 'not_sent' });
  });
});
