// The client over real sockets (Node `ws`) against the mock server on 127.0.0.1, port 0, one server per test.
import { type MockServer, RpcFault, startMockServer } from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Client, connect, RetriesExhaustedError, RpcError, type SocketFactory } from 'zen-websocket';

let server: MockServer | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  await server?.stop();
  client = server = undefined;
});

const until = <T>(register: (done: (value: T) => void) => (() => void) | undefined): Promise<T> =>
  new Promise((resolve) => {
    const off = register((value) => {
      off?.();
      resolve(value);
    });
  });
const nextState = (c: Client, to: string) => until<void>((done) => c.on('state', (s) => s.to === to && done()));

const exchange = () =>
  startMockServer({
    rpc: {
      'public/test': () => ({ version: '1.2.26' }),
      'public/get_time': () => Date.now(),
      'private/buy': () => {
        throw new RpcFault(10009, 'not_enough_funds', { reason: 'margin' });
      },
      'public/never': () => new Promise(() => undefined),
      'public/subscribe': (params, conn) => {
        const { channels } = params as { channels: string[] };
        conn.data.set('channels', channels);
        return channels;
      },
    },
  });

describe('over a real socket', () => {
  it('sends text and binary and receives the server replies', async () => {
    server = await startMockServer();
    client = await connect(server.url);
    const messages = until<unknown>((done) => client?.on('message', done));
    await client.sendMessage('hello');
    expect(await messages).toBe('echo: hello');
    const binary = until<Uint8Array>((done) => client?.on('binary', done));
    await client.sendMessage(new Uint8Array([1, 2, 255]));
    expect([...(await binary)]).toEqual([1, 2, 255]);
  });

  it('correlates JSON-RPC requests and keeps the server error code, message and data', async () => {
    server = await exchange();
    const c = await connect(server.url);
    client = c;
    await expect(c.request('public/test')).resolves.toEqual({ version: '1.2.26' });
    const error = (await c.request('private/buy', { amount: 10 }).catch((e: unknown) => e)) as RpcError;
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ rpcCode: 10009, rpcMessage: 'not_enough_funds', data: { reason: 'margin' } });
    const replies = await Promise.all(Array.from({ length: 50 }, () => c.request<number>('public/get_time')));
    expect(replies.every((t) => typeof t === 'number')).toBe(true);
    expect(client.getLatencyStats()?.count).toBe(52); // error replies are round trips too
  });

  it('a request the server never answers rejects at its deadline', async () => {
    server = await exchange();
    client = await connect(server.url);
    await expect(client.request('public/never', {}, { timeout: 100 })).rejects.toMatchObject({
      code: 'request_timeout',
      sent: true,
    });
  });

  it('sends the upgrade headers and keeps path and query string', async () => {
    server = await startMockServer();
    client = await connect(`${server.url}?token=abc&session=1`, { headers: { 'X-Api-Key': 'k-123' } });
    const upgrade = server.upgrades.at(-1);
    expect(upgrade).toMatchObject({ path: '/ws', query: 'token=abc&session=1' });
    expect(upgrade?.headers['x-api-key']).toBe('k-123');
  });

  it('malformed JSON from the server is delivered as raw text, and the client stays up', async () => {
    server = await startMockServer();
    client = await connect(server.url);
    const got = until<unknown>((done) => client?.on('message', done));
    server.injectMessage('{"broken": ');
    expect(await got).toBe('{"broken": ');
    expect(client.getState()).toBe('connected');
  });

  it('an oversized frame is refused at the socket, reported, and fatal', async () => {
    server = await startMockServer();
    client = await connect(server.url, { maxMessageSize: 1024 });
    const protocolError = until<{ code: string }>((done) => client?.on('protocol_error', done));
    const down = nextState(client, 'disconnected');
    server.injectMessage('x'.repeat(4096));
    expect((await protocolError).code).toBe('frame_too_large');
    await down;
  });
});

describe('reconnecting for real', () => {
  it('after the server drops the connection: reconnects, restores the subscription, and fails the in-flight request as outcome unknown', async () => {
    server = await exchange();
    client = await connect(server.url, { retryDelay: 50 });
    await client.subscribe(['ticker.BTC-PERPETUAL.100ms']);
    const pending = client.request('public/never');
    const back = nextState(client, 'connected');
    // attach the expectation first: the request can fail before simulateDisconnect() resolves
    const failed = expect(pending).rejects.toMatchObject({ code: 'disconnected', sent: true, outcome: 'unknown' });
    await server.simulateDisconnect('going_away');
    await failed;
    await back;
    const restored = await server.waitForMessage({ method: 'public/subscribe' }, 2000);
    expect(JSON.parse(String(restored)).params.channels).toEqual(['ticker.BTC-PERPETUAL.100ms']);
    expect(server.connectionCount).toBe(2);
    const tick = until<unknown>((done) => client?.on('message', done));
    server.injectMessage({
      jsonrpc: '2.0',
      method: 'subscription',
      params: { channel: 'ticker.BTC-PERPETUAL.100ms', data: 1 },
    });
    expect(await tick).toMatchObject({ params: { data: 1 } });
  });

  it('detects a half-open socket (server stalls) with ping frames and reconnects', async () => {
    server = await startMockServer();
    client = await connect(server.url, {
      retryDelay: 50,
      heartbeat: { type: 'ping_pong', interval: 100, timeout: 100 },
    });
    const reconnect = until<{ error: { code: string } }>((done) => client?.on('reconnect', done));
    server.stall();
    expect((await reconnect).error.code).toBe('heartbeat_timeout');
    server.resume();
    await nextState(client, 'connected');
    expect(client.getHeartbeatHealth().pingFrames).toBe(true);
  });

  it('after an abnormal drop (no close frame) reconnects', async () => {
    server = await startMockServer();
    client = await connect(server.url, { retryDelay: 50 });
    const back = nextState(client, 'connected');
    await server.simulateDisconnect('abnormal');
    await back;
    expect(server.connectionCount).toBe(2);
  });

  it('a 401 on the upgrade is fatal at once, with the status', async () => {
    server = await startMockServer();
    server.reject(401);
    await expect(connect(server.url, { retryCount: 5, retryDelay: 10 })).rejects.toMatchObject({
      code: 'handshake_rejected',
      status: 401,
    });
    expect(server.upgrades).toHaveLength(1);
  });

  it('a 503 on the upgrade is retried with backoff until the server recovers', async () => {
    const s = await startMockServer();
    server = s;
    s.reject(503);
    const attempts: number[] = [];
    const pending = connect(s.url, {
      retryCount: 10,
      retryDelay: 20,
      maxBackoff: 50,
      onConnect: () => attempts.push(s.upgrades.length),
    });
    while (s.upgrades.length < 3) await new Promise((r) => setTimeout(r, 10));
    server.reject(null);
    client = await pending;
    expect(attempts[0]).toBeGreaterThanOrEqual(4);
  });

  it('a refused port is retried, then reported as retries exhausted with the cause', async () => {
    server = await startMockServer();
    const url = server.url;
    await server.stop();
    server = undefined;
    const error = await connect(url, { retryCount: 2, retryDelay: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(((error as Error).cause as { code: string }).code).toBe('connection_refused');
  });

  it('a custom socket factory (ws with a private CA) connects over wss', async () => {
    server = await startMockServer({ tls: true });
    const ca = server.ca;
    const socketFactory: SocketFactory = (url, init) =>
      new WebSocket(url, [...init.protocols], { headers: { ...init.headers }, ca }) as never;
    client = await connect(server.url, { socketFactory });
    await client.sendMessage('ping');
    expect(await server.assertMessageSent('ping', 1000)).toBe(true);
  });
});
