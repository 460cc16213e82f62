import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { type BinanceSimulator, type BinanceSimulatorOptions, startBinanceSimulator } from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

let sim: BinanceSimulator | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await sim?.stop();
  sim = undefined;
});

async function start(options: BinanceSimulatorOptions = {}): Promise<BinanceSimulator> {
  sim = await startBinanceSimulator({ feedInterval: 0, pingInterval: 0, ...options });
  return sim;
}

/** Decoded JSON of many shapes, checked with toMatchObject/toEqual. */
// biome-ignore lint/suspicious/noExplicitAny: test messages are asserted structurally, not typed
type Json = any;

/** A raw client with a queue of decoded inbound messages. */
interface Raw {
  ws: WebSocket;
  /** The next inbound message (decoded JSON). */
  next(): Promise<Json>;
  /** Sends an object as JSON and returns the next inbound message. */
  ask(message: object | string): Promise<Json>;
  closed: Promise<{ code: number; reason: string }>;
}

async function open(url: string, options: WebSocket.ClientOptions = {}): Promise<Raw> {
  const ws = new WebSocket(url, options);
  sockets.push(ws);
  const inbox: unknown[] = [];
  const waiters: Array<(m: unknown) => void> = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next = (): Promise<Json> =>
    inbox.length > 0 ? Promise.resolve(inbox.shift()) : new Promise((resolve) => waiters.push(resolve));
  return {
    ws,
    next,
    ask(message) {
      ws.send(typeof message === 'string' ? message : JSON.stringify(message));
      return next();
    },
    closed,
  };
}

const upgradeStatus = (url: string): Promise<number> =>
  new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => {});
    ws.on('open', () => {
      resolve(101);
      ws.terminate();
    });
  });

describe('stream endpoints', () => {
  it('serves combined frames on /stream and bare payloads on /ws', async () => {
    const s = await start();
    const combined = await open(`${s.streamUrl}/stream?streams=btcusdt@trade/btcusdt@bookTicker`);
    const raw = await open(`${s.streamUrl}/ws/ethusdt@aggTrade`);
    await s.waitForConnection();
    await s.waitForConnection();
    s.tick();
    const frames = [await combined.next(), await combined.next()];
    expect(frames.map((f) => f.stream).sort()).toEqual(['btcusdt@bookTicker', 'btcusdt@trade']);
    const trade = frames.find((f) => f.stream === 'btcusdt@trade').data;
    expect(trade).toMatchObject({
      e: 'trade',
      s: 'BTCUSDT',
      t: expect.any(Number),
      p: expect.stringMatching(/^\d+\.\d{8}$/),
      m: expect.any(Boolean),
    });
    const book = frames.find((f) => f.stream === 'btcusdt@bookTicker').data;
    expect(Object.keys(book).sort()).toEqual(['A', 'B', 'a', 'b', 's', 'u']);
    const agg = await raw.next();
    expect(agg).toMatchObject({
      e: 'aggTrade',
      s: 'ETHUSDT',
      a: expect.any(Number),
      f: expect.any(Number),
      l: expect.any(Number),
    });
    expect(agg.stream).toBeUndefined();
  });

  it('keeps diff-depth update ids continuous, lets a gap be injected, and serves a consistent REST snapshot', async () => {
    const s = await start();
    const client = await open(`${s.streamUrl}/ws/btcusdt@depth@100ms`);
    await s.waitForConnection();
    const events = [];
    for (let i = 0; i < 5; i++) {
      s.tick();
      events.push(await client.next());
    }
    for (let i = 1; i < events.length; i++) expect(events[i].U).toBe(events[i - 1].u + 1);
    expect(events[0]).toMatchObject({ e: 'depthUpdate', s: 'BTCUSDT', b: expect.any(Array), a: expect.any(Array) });
    const snapshot = await (await fetch(`${s.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=5`)).json();
    expect(snapshot.lastUpdateId).toBe(events.at(-1).u);
    expect(snapshot.bids).toHaveLength(5);
    s.injectGap('btcusdt');
    s.tick();
    const gapped = await client.next();
    expect(gapped.U).toBeGreaterThan(events.at(-1).u + 1);
    const time = await (await fetch(`${s.restUrl}/api/v3/time`)).json();
    expect(time.serverTime).toBeGreaterThan(0);
    const info = await (await fetch(`${s.restUrl}/api/v3/exchangeInfo`)).json();
    expect(info.symbols.map((x: { symbol: string }) => x.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT']);
  });

  it('serves partial books and generates data on its own timer', async () => {
    const s = await start({ feedInterval: 5 });
    const client = await open(`${s.streamUrl}/stream?streams=bnbusdt@depth5`);
    const frame = await client.next();
    expect(frame.stream).toBe('bnbusdt@depth5');
    expect(frame.data.bids).toHaveLength(5);
    expect(frame.data.e).toBeUndefined();
  });

  it('refuses bad URLs: unknown streams on /stream, more than maxStreams, unknown paths', async () => {
    const s = await start({ maxStreams: 3 });
    expect(await upgradeStatus(`${s.streamUrl}/stream?streams=btcusdt@bogus`)).toBe(400);
    expect(await upgradeStatus(`${s.streamUrl}/stream?streams=a1@trade/a2@trade/a3@trade/a4@trade`)).toBe(400);
    expect(await upgradeStatus(`${s.streamUrl}/elsewhere`)).toBe(404);
    expect(await upgradeStatus(`${s.streamUrl}/ws/0`)).toBe(101); // any path under /ws/ (ccxt opens /ws/0, /ws/1…)
  });
});

describe('control messages', () => {
  it('answers SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY and GET_PROPERTY', async () => {
    const s = await start({ messageLimit: 100 });
    const c = await open(`${s.streamUrl}/ws`);
    expect(await c.ask({ method: 'SUBSCRIBE', params: ['btcusdt@aggTrade', 'btcusdt@depth'], id: 1 })).toEqual({
      result: null,
      id: 1,
    });
    expect(await c.ask({ method: 'UNSUBSCRIBE', params: ['btcusdt@depth'], id: 312 })).toEqual({
      result: null,
      id: 312,
    });
    expect(await c.ask({ method: 'LIST_SUBSCRIPTIONS', id: 3 })).toEqual({ result: ['btcusdt@aggTrade'], id: 3 });
    expect(await c.ask({ method: 'GET_PROPERTY', params: ['combined'], id: 2 })).toEqual({ result: false, id: 2 });
    expect(await c.ask({ method: 'SET_PROPERTY', params: ['combined', true], id: 5 })).toEqual({ result: null, id: 5 });
    expect(await c.ask({ method: 'GET_PROPERTY', params: ['combined'], id: 6 })).toEqual({ result: true, id: 6 });
    s.tick();
    expect(await c.next()).toMatchObject({ stream: 'btcusdt@aggTrade', data: { e: 'aggTrade' } });
  });

  it('replies with the documented errors, wrapped, with id null when the request cannot be read', async () => {
    const s = await start({ messageLimit: 100 });
    const c = await open(`${s.streamUrl}/ws`);
    const cases: Array<[object | string, object]> = [
      [
        '{"method":',
        {
          error: { code: 3, msg: expect.stringMatching(/^Invalid JSON: expected value at line 1 column \d+$/) },
          id: null,
        },
      ],
      [
        { params: [], id: 1 },
        { error: { code: 2, msg: expect.stringMatching(/^Invalid request: missing field `method`/) }, id: null },
      ],
      [
        { method: 'SUBSCRIBEZ', params: [], id: 1 },
        {
          error: {
            code: 2,
            msg: 'Invalid request: unknown variant `SUBSCRIBEZ`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 28',
          },
          id: null,
        },
      ],
      [
        { method: 'LIST_SUBSCRIPTIONS', id: -1 },
        { error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' }, id: null },
      ],
      [
        { method: 'LIST_SUBSCRIPTIONS' },
        { error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' }, id: null },
      ],
      [
        { method: 'SUBSCRIBE', params: ['BTCUSDT@trade'], id: 7 },
        { error: { code: 2, msg: 'Invalid request: invalid stream' }, id: 7 },
      ],
      [
        { method: 'SUBSCRIBE', params: ['btcusdt@nonsense'], id: 8 },
        { error: { code: 2, msg: 'Invalid request: invalid stream' }, id: 8 },
      ],
      [
        { method: 'LIST_SUBSCRIPTIONS', params: ['x'], id: 9 },
        { error: { code: 2, msg: 'Invalid request: too many parameters' }, id: 9 },
      ],
      [
        { method: 'SET_PROPERTY', params: ['colour', true], id: 10 },
        { error: { code: 0, msg: 'Unknown property' }, id: 10 },
      ],
      [
        { method: 'SET_PROPERTY', params: ['combined', 'yes'], id: 11 },
        { error: { code: 1, msg: 'Invalid value type: expected Boolean' }, id: 11 },
      ],
      [
        { method: 'GET_PROPERTY', params: [42], id: 12 },
        { error: { code: 2, msg: 'Invalid request: property name must be a string' }, id: 12 },
      ],
    ];
    for (const [request, reply] of cases) expect(await c.ask(request)).toEqual(reply);
  });

  it('caps a connection at maxStreams', async () => {
    const s = await start({ maxStreams: 2 });
    const c = await open(`${s.streamUrl}/stream?streams=a1usdt@trade`);
    expect(await c.ask({ method: 'SUBSCRIBE', params: ['a2usdt@trade'], id: 1 })).toEqual({ result: null, id: 1 });
    expect(await c.ask({ method: 'SUBSCRIBE', params: ['a3usdt@trade'], id: 2 })).toMatchObject({
      error: { code: 2 },
      id: 2,
    });
  });
});

describe('limits and lifecycle', () => {
  it('closes with 1008 "Too many requests" past 5 incoming messages a second (pings and pongs count)', async () => {
    const s = await start();
    const c = await open(`${s.streamUrl}/ws`);
    for (let i = 0; i < 3; i++) c.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: i }));
    c.ws.ping();
    c.ws.pong();
    c.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 99 }));
    expect(await c.closed).toEqual({ code: 1008, reason: 'Too many requests' });
    expect(await s.waitForClose()).toMatchObject({ code: 1008, by: 'server', kind: 'stream' });
  });

  it('pings every pingInterval and drops a client that stops answering after pongTimeout', async () => {
    // 2.5 pongs a second: under the limit. The test process is server and clients at once, so a pause of it
    // longer than pongTimeout (was 600 ms) dropped the answering client too under load (1 of 8 runs)
    const s = await start({ pingInterval: 400, pongTimeout: 2000 });
    const answering = await open(`${s.streamUrl}/ws/btcusdt@trade`);
    const pings: string[] = [];
    const silent = await open(`${s.streamUrl}/ws/btcusdt@trade`, { autoPong: false });
    silent.ws.on('ping', (data) => pings.push(String(data)));
    expect(await silent.closed).toEqual({ code: 1008, reason: 'Pong timeout' });
    expect(pings.length).toBeGreaterThanOrEqual(1);
    expect(answering.ws.readyState).toBe(WebSocket.OPEN);
    const conn = s.connections.find((c) => c.open);
    expect(conn?.pongs).toBeGreaterThanOrEqual(1);
  });

  it('ends a connection at the end of its lifetime', async () => {
    const s = await start({ connectionLifetime: 100 });
    const c = await open(`${s.streamUrl}/ws/btcusdt@trade`);
    expect(await c.closed).toEqual({ code: 1001, reason: 'Connection lifetime exceeded' });
  });

  it('announces serverShutdown in the raw, combined and API forms', async () => {
    const s = await start();
    const raw = await open(`${s.streamUrl}/ws/btcusdt@trade`);
    const combined = await open(`${s.streamUrl}/stream?streams=btcusdt@trade`);
    const api = await open(s.apiUrl);
    expect(s.serverShutdown()).toBe(3);
    expect(await raw.next()).toEqual({ e: 'serverShutdown', E: expect.any(Number) });
    expect(await combined.next()).toEqual({
      stream: '!serverShutdown',
      data: { e: 'serverShutdown', E: expect.any(Number) },
    });
    expect(await api.next()).toEqual({ event: { e: 'serverShutdown', E: expect.any(Number) } });
  });

  it('drops and stalls on demand', async () => {
    const s = await start({ feedInterval: 5 });
    const a = await open(`${s.streamUrl}/ws/btcusdt@trade`);
    await a.next();
    s.stall();
    const stalled = s.connections[0];
    expect(stalled?.stalled).toBe(true);
    const b = await open(`${s.streamUrl}/ws/btcusdt@trade`);
    expect(await b.next()).toMatchObject({ e: 'trade' }); // new connections still work
    await s.drop('abnormal');
    expect((await a.closed).code).toBe(1006);
    expect((await b.closed).code).toBe(1006);
    expect(s.closes.map((c) => c.by)).toEqual(['server', 'server']);
  });
});

const apiKey = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const secretKey = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const payload = (params: Record<string, unknown>): string =>
  Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
const signed = (params: Record<string, unknown>) => ({
  ...params,
  signature: createHmac('sha256', secretKey).update(payload(params)).digest('hex'),
});

describe('WebSocket API', () => {
  it('verifies the docs worked examples W1 and W2 (signatures as published)', async () => {
    // The examples are timestamped 1645423376532: put the server clock just after it.
    const s = await start();
    const c = await open(s.apiUrl);
    s.setClockSkew(1645423376532 + 20 - Date.now()); // just before the request: recvWindow is 100 ms
    const w1 = {
      id: 'w1',
      method: 'order.place',
      params: {
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.01000000',
        price: '52000.00',
        recvWindow: 100,
        timestamp: 1645423376532,
        apiKey,
        signature: 'aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24',
      },
    };
    expect(await c.ask(w1)).toMatchObject({ id: 'w1', status: 200, result: { symbol: 'BTCUSDT', side: 'SELL' } });
    const w2 = {
      id: 'w2',
      method: 'order.place',
      params: {
        symbol: '１２３４５６',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '1.00000000',
        price: '0.10000000',
        recvWindow: 5000,
        timestamp: 1645423376532,
        apiKey,
        signature: 'b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd',
      },
    };
    // The signature verifies; the symbol does not trade here.
    expect(await c.ask(w2)).toMatchObject({ id: 'w2', status: 400, error: { code: -1121, msg: 'Invalid symbol.' } });
    const tampered = { ...w1, id: 'w3', params: { ...w1.params, price: '52000.01' } };
    expect(await c.ask(tampered)).toMatchObject({
      status: 400,
      error: { code: -1022, msg: 'Signature for this request is not valid.' },
    });
  });

  it('checks timestamps against recvWindow and the 1000 ms lead', async () => {
    const s = await start();
    const c = await open(s.apiUrl);
    const at = (timestamp: number, extra: object = {}) => ({
      id: 1,
      method: 'account.status',
      params: signed({ apiKey, timestamp, ...extra }),
    });
    expect(await c.ask(at(Date.now()))).toMatchObject({ status: 200 });
    expect(await c.ask(at(Date.now() - 6000))).toMatchObject({
      error: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
    });
    expect(await c.ask(at(Date.now() - 6000, { recvWindow: 10_000 }))).toMatchObject({ status: 200 });
    expect(await c.ask(at(Date.now() + 5000))).toMatchObject({
      error: { code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." },
    });
    expect(await c.ask(at(Date.now() * 1000))).toMatchObject({ status: 200 }); // microseconds
    expect(await c.ask(at(Date.now(), { recvWindow: 70_000 }))).toMatchObject({ error: { code: -1131 } });
    s.setClockSkew(-30_000);
    expect(await c.ask(at(Date.now()))).toMatchObject({ error: { code: -1021 } });
    expect(await c.ask({ id: 2, method: 'time' })).toMatchObject({ result: { serverTime: expect.any(Number) } });
  });

  it('refuses unknown keys, missing params, bad JSON and unknown methods', async () => {
    const s = await start();
    const c = await open(s.apiUrl);
    expect(
      await c.ask({
        id: 1,
        method: 'account.status',
        params: { apiKey: 'nope', timestamp: Date.now(), signature: 'x' },
      }),
    ).toMatchObject({ status: 401, error: { code: -2015 } });
    expect(await c.ask({ id: 2, method: 'account.status', params: { timestamp: Date.now() } })).toMatchObject({
      error: { code: -1102 },
    });
    expect(await c.ask('{"id":')).toMatchObject({ id: null, status: 400, error: { code: -1135 } });
    expect(await c.ask({ id: 4, method: 'nothing.here' })).toMatchObject({
      id: 4,
      status: 400,
      error: { code: -1000 },
    });
    expect(await c.ask({ id: 5, method: 'v3/ping' })).toMatchObject({ id: 5, status: 200, result: {} });
  });

  it('reports rate limits (unless returnRateLimits is off), answers 429 then 418, and bans on demand', async () => {
    const s = await start({ weightLimit: 10 });
    const c = await open(s.apiUrl);
    const first = await c.ask({ id: 1, method: 'ping' });
    expect(first.rateLimits).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 10, count: 3 },
    ]);
    expect((await c.ask({ id: 2, method: 'ping', params: { returnRateLimits: false } })).rateLimits).toBeUndefined();
    for (let i = 0; i < 6; i++) await c.ask({ id: 10 + i, method: 'ping' }); // weight 10 of 10
    const limited = await c.ask({ id: 3, method: 'ping' });
    expect(limited).toMatchObject({ status: 429, error: { code: -1003, data: { retryAfter: expect.any(Number) } } });
    const banned = await c.ask({ id: 4, method: 'ping' });
    expect(banned).toMatchObject({
      status: 418,
      error: { code: -1003, msg: expect.stringMatching(/IP banned until/) },
    });
    expect(await upgradeStatus(s.apiUrl)).toBe(418);
    s.ban(null);
    s.ban(429, 1000);
    expect(await c.ask({ id: 5, method: 'ping' })).toMatchObject({ status: 429 });
    s.ban(null);
    const quiet = await open(`${s.apiUrl}?returnRateLimits=false`);
    expect(await quiet.ask({ id: 1, method: 'time' })).not.toHaveProperty('rateLimits');
  });

  it('limits new orders per 10 seconds', async () => {
    const s = await start({ orderLimit: 2 });
    const c = await open(s.apiUrl);
    const order = (id: number) => ({
      id,
      method: 'order.place',
      params: signed({
        apiKey,
        timestamp: Date.now(),
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'MARKET',
        quantity: '0.001',
      }),
    });
    expect(await c.ask(order(1))).toMatchObject({ status: 200 });
    expect(await c.ask(order(2))).toMatchObject({
      status: 200,
      rateLimits: expect.arrayContaining([expect.objectContaining({ rateLimitType: 'ORDERS', count: 2 })]),
    });
    expect(await c.ask(order(3))).toMatchObject({
      status: 429,
      error: { code: -1015, msg: 'Too many new orders; current limit is 2 orders per 10 SECOND.' },
    });
  });

  it('fills orders against its book and streams user-data events as {subscriptionId, event}', async () => {
    const s = await start();
    const c = await open(s.apiUrl);
    const sub = await c.ask({
      id: 1,
      method: 'userDataStream.subscribe.signature',
      params: signed({ apiKey, timestamp: Date.now() }),
    });
    expect(sub).toMatchObject({ status: 200, result: { subscriptionId: 0 } });
    const again = await c.ask({
      id: 2,
      method: 'userDataStream.subscribe.signature',
      params: signed({ apiKey, timestamp: Date.now() }),
    });
    expect(again).toMatchObject({ error: { code: -2035 } });
    c.ws.send(
      JSON.stringify({
        id: 3,
        method: 'order.place',
        params: signed({
          apiKey,
          timestamp: Date.now(),
          symbol: 'ETHUSDT',
          side: 'BUY',
          type: 'MARKET',
          quantity: '2',
        }),
      }),
    );
    const inbound = [await c.next(), await c.next(), await c.next(), await c.next()];
    const reply = inbound.find((m) => m.id === 3);
    expect(reply.result).toMatchObject({
      status: 'FILLED',
      executedQty: '2.00000000',
      fills: [expect.objectContaining({ qty: '2.00000000' })],
    });
    const events = inbound.filter((m) => m.subscriptionId === 0).map((m) => m.event);
    expect(events.map((e) => [e.e, e.x])).toEqual([
      ['executionReport', 'NEW'],
      ['executionReport', 'TRADE'],
      ['outboundAccountPosition', undefined],
    ]);
    expect(await c.ask({ id: 4, method: 'userDataStream.unsubscribe' })).toEqual({
      subscriptionId: 0,
      event: { e: 'eventStreamTerminated', E: expect.any(Number) },
    });
    expect(await c.next()).toMatchObject({ id: 4, status: 200, result: {} });
  });

  it('logs on with an Ed25519 key, then accepts requests with only a timestamp', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const s = await start({
      accounts: [{ apiKey: 'ed', publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string }],
    });
    const c = await open(s.apiUrl);
    const params = { apiKey: 'ed', timestamp: Date.now() };
    const signature = sign(null, Buffer.from(payload(params)), privateKey).toString('base64');
    const logon = await c.ask({ id: 1, method: 'session.logon', params: { ...params, signature } });
    expect(logon).toMatchObject({ status: 200, result: { apiKey: 'ed', authorizedSince: expect.any(Number) } });
    expect(await c.ask({ id: 2, method: 'account.status', params: { timestamp: Date.now() } })).toMatchObject({
      status: 200,
    });
    expect(await c.ask({ id: 3, method: 'userDataStream.subscribe' })).toMatchObject({ result: { subscriptionId: 0 } });
    expect(await c.ask({ id: 4, method: 'session.logout' })).toMatchObject({ result: { apiKey: null } });
    expect(await c.ask({ id: 5, method: 'account.status', params: { timestamp: Date.now() } })).toMatchObject({
      error: { code: -1102 },
    });
  });
});
