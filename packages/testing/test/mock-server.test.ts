import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { type MockServer, type MockServerOptions, RpcFault, startMockServer } from '../src/index.js';

const servers: MockServer[] = [];
const clients: WebSocket[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  for (const client of clients.splice(0)) client.terminate();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function start(options: MockServerOptions = {}): Promise<MockServer> {
  const server = await startMockServer(options);
  servers.push(server);
  return server;
}

function client(url: string, options: WebSocket.ClientOptions = {}): WebSocket {
  const ws = new WebSocket(url, options);
  clients.push(ws);
  return ws;
}

async function open(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const ws = client(url, options);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/** The next data message, as text or (for binary frames) bytes. */
function nextMessage(ws: WebSocket): Promise<string | Uint8Array> {
  return new Promise((resolve) => {
    ws.once('message', (data, isBinary) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      resolve(isBinary ? new Uint8Array(bytes) : bytes.toString('utf8'));
    });
  });
}

async function nextJson(ws: WebSocket): Promise<unknown> {
  return JSON.parse(String(await nextMessage(ws)));
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

function failure(ws: WebSocket): Promise<Error> {
  return new Promise((resolve) => ws.once('error', resolve));
}

/** Resolves with the first pong's payload, or 'none' if no pong arrives within `ms` (used only to prove absence). */
function nextPong(ws: WebSocket, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ws.off('pong', onPong);
      resolve('none');
    }, ms);
    const onPong = (data: Buffer): void => {
      clearTimeout(timer);
      resolve(data.toString());
    };
    ws.once('pong', onPong);
  });
}

describe('startMockServer: address', () => {
  it('listens on 127.0.0.1 with an OS-assigned port and the /ws path', async () => {
    const server = await start();
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}/ws`);
    expect(server.ca).toBeUndefined();
  });

  it('uses the path option in the url and accepts any path', async () => {
    const server = await start({ path: '/api/v2' });
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}/api/v2`);
    await open(`ws://127.0.0.1:${server.port}/elsewhere`);
    expect((await server.waitForConnection()).path).toBe('/elsewhere');
  });

  it('answers plain HTTP requests with 426 Upgrade Required', async () => {
    const server = await start();
    const response = await fetch(`http://127.0.0.1:${server.port}/ws`);
    expect(response.status).toBe(426);
    await response.text();
  });

  it('rejects bad options at once', async () => {
    await expect(startMockServer({ path: 'ws' })).rejects.toThrow(TypeError);
    await expect(startMockServer({ maxMessages: -1 })).rejects.toThrow(RangeError);
    await expect(startMockServer({ rpc: { x: 1 as never } })).rejects.toThrow(/rpc\["x"\]/);
  });
});

describe('default behaviour', () => {
  it('answers "ping" with "pong" and echoes other text', async () => {
    const server = await start();
    const ws = await open(server.url);
    ws.send('ping');
    expect(await nextMessage(ws)).toBe('pong');
    ws.send('hello');
    expect(await nextMessage(ws)).toBe('echo: hello');
  });

  it('treats malformed JSON as plain text', async () => {
    const server = await start({ rpc: { 'public/test': () => 1 } });
    const ws = await open(server.url);
    ws.send('{"method":');
    expect(await nextMessage(ws)).toBe('echo: {"method":');
  });

  it('echoes binary frames as binary', async () => {
    const server = await start();
    const ws = await open(server.url);
    ws.send(new Uint8Array([1, 2, 3]));
    expect(await nextMessage(ws)).toEqual(new Uint8Array([1, 2, 3]));
    expect(server.received).toEqual([new Uint8Array([1, 2, 3])]);
  });

  it('answers protocol pings with pongs', async () => {
    const server = await start();
    const ws = await open(server.url);
    const pong = new Promise<string>((resolve) => ws.once('pong', (data) => resolve(data.toString())));
    ws.ping('hb');
    expect(await pong).toBe('hb');
  });
});

describe('JSON-RPC dispatch', () => {
  const request = (id: unknown, method: string, params?: unknown): string =>
    JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, params });

  it('replies with the result and the same id, sync or async', async () => {
    const server = await start({
      rpc: {
        'public/test': (params) => ({ got: params }),
        'public/slow': async () => 'later',
        'public/nothing': () => undefined,
      },
    });
    const ws = await open(server.url);
    ws.send(request(7, 'public/test', { a: 1 }));
    expect(await nextJson(ws)).toEqual({ jsonrpc: '2.0', id: 7, result: { got: { a: 1 } } });
    ws.send(request('x-1', 'public/slow'));
    expect(await nextJson(ws)).toEqual({ jsonrpc: '2.0', id: 'x-1', result: 'later' });
    ws.send(request(8, 'public/nothing'));
    expect(await nextJson(ws)).toEqual({ jsonrpc: '2.0', id: 8, result: null });
  });

  it('turns a thrown RpcFault into a JSON-RPC error and other errors into -32603', async () => {
    const server = await start({
      rpc: {
        'private/buy': () => {
          throw new RpcFault(13009, 'unauthorized', { reason: 'invalid_token' });
        },
        'private/sell': async () => {
          throw new RpcFault(-32602, 'Invalid params');
        },
        'public/bug': () => {
          throw new Error('oops');
        },
      },
    });
    const ws = await open(server.url);
    ws.send(request(1, 'private/buy'));
    expect(await nextJson(ws)).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: 13009, message: 'unauthorized', data: { reason: 'invalid_token' } },
    });
    ws.send(request(2, 'private/sell'));
    expect(await nextJson(ws)).toEqual({ jsonrpc: '2.0', id: 2, error: { code: -32602, message: 'Invalid params' } });
    ws.send(request(3, 'public/bug'));
    expect(await nextJson(ws)).toEqual({ jsonrpc: '2.0', id: 3, error: { code: -32603, message: 'Internal error' } });
  });

  it('answers an unknown method with -32601', async () => {
    const server = await start({ rpc: { 'public/test': () => ({}) } });
    const ws = await open(server.url);
    ws.send(request(5, 'public/unknown'));
    expect(await nextJson(ws)).toEqual({ jsonrpc: '2.0', id: 5, error: { code: -32601, message: 'Method not found' } });
  });

  it('does not reply to a notification (no id, or a null id)', async () => {
    const calls: unknown[] = [];
    const server = await start({ rpc: { 'public/hello': (params) => calls.push(params) } });
    const ws = await open(server.url);
    ws.send(request(undefined, 'public/hello', 1));
    ws.send(request(null, 'public/hello', 2));
    ws.send('ping');
    // replies keep order on one connection: the first reply is the pong, so the notifications got none
    expect(await nextMessage(ws)).toBe('pong');
    expect(calls).toEqual([1, 2]);
  });

  it('reports a notification whose method throws (no one else would see it)', async () => {
    const errors: unknown[] = [];
    const server = await start({
      onError: (error) => errors.push(error),
      rpc: {
        'public/fail': () => {
          throw new Error('notification failed');
        },
      },
    });
    const ws = await open(server.url);
    ws.send(request(undefined, 'public/fail'));
    ws.send('ping');
    expect(await nextMessage(ws)).toBe('pong');
    expect(errors).toEqual([new Error('notification failed')]);
  });

  it('passes messages that are not JSON-RPC requests to the handler', async () => {
    const server = await start({ rpc: { 'public/test': () => 'rpc' }, handler: (m) => `handled ${String(m)}` });
    const ws = await open(server.url);
    ws.send('{"op":"subscribe"}');
    expect(await nextMessage(ws)).toBe('handled {"op":"subscribe"}');
    ws.send(request(1, 'public/test'));
    expect(await nextJson(ws)).toMatchObject({ id: 1, result: 'rpc' });
  });
});

describe('handler', () => {
  it('sends a returned object as JSON, a string as text, and nothing for undefined', async () => {
    const server = await start({
      handler: (message) => {
        if (message === 'quiet') return undefined;
        if (message === 'text') return 'plain';
        return { ok: true, got: message };
      },
    });
    const ws = await open(server.url);
    ws.send('quiet');
    ws.send('obj');
    expect(await nextJson(ws)).toEqual({ ok: true, got: 'obj' });
    ws.send('text');
    expect(await nextMessage(ws)).toBe('plain');
  });

  it('can keep per-connection state and reply through the connection', async () => {
    const server = await start({
      handler: (message, conn) => {
        const count = ((conn.data.get('count') as number | undefined) ?? 0) + 1;
        conn.data.set('count', count);
        conn.send({ count, message });
      },
    });
    const ws = await open(server.url);
    ws.send('a');
    expect(await nextJson(ws)).toEqual({ count: 1, message: 'a' });
    ws.send('b');
    expect(await nextJson(ws)).toEqual({ count: 2, message: 'b' });
  });

  it('survives a throwing or rejecting handler, reports it to onError, and keeps the connection open', async () => {
    const errors: Array<{ error: unknown; id: number }> = [];
    const server = await start({
      onError: (error, conn) => errors.push({ error, id: conn.id }),
      handler: async (message) => {
        if (message === 'boom') throw new Error('sync-looking boom');
        if (message === 'reject') return Promise.reject(new Error('rejected'));
        return 'fine';
      },
    });
    const ws = await open(server.url);
    ws.send('boom');
    ws.send('reject');
    ws.send('ok');
    expect(await nextMessage(ws)).toBe('fine');
    expect(errors.map((e) => (e.error as Error).message)).toEqual(['sync-looking boom', 'rejected']);
    expect(errors.every((e) => e.id === 1)).toBe(true);
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it('logs handler errors with console.error when there is no onError', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = await start({
      handler: (message) => {
        if (message === 'boom') throw new Error('boom');
        return 'fine';
      },
    });
    const ws = await open(server.url);
    ws.send('boom');
    ws.send('ok');
    expect(await nextMessage(ws)).toBe('fine');
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0]).toContainEqual(new Error('boom'));
  });

  it('calls onConnection before the first message, e.g. to greet', async () => {
    const server = await start({ onConnection: (conn) => conn.send({ hello: conn.id }) });
    const ws = client(server.url);
    expect(await nextJson(ws)).toEqual({ hello: 1 });
  });
});

describe('injectMessage', () => {
  it('sends to every open connection and returns how many', async () => {
    const server = await start();
    expect(server.injectMessage('nobody')).toBe(0);
    const sockets = await Promise.all([open(server.url), open(server.url), open(server.url)]);
    const texts = sockets.map(nextMessage);
    expect(server.injectMessage({ channel: 'ticker', data: 1 })).toBe(3);
    expect(await Promise.all(texts)).toEqual(Array(3).fill('{"channel":"ticker","data":1}'));
    const bytes = sockets.map(nextMessage);
    expect(server.injectMessage(new Uint8Array([9, 8]))).toBe(3);
    expect(await Promise.all(bytes)).toEqual(Array(3).fill(new Uint8Array([9, 8])));
    expect(server.connections).toHaveLength(3);
    expect(server.connections.map((c) => c.id)).toEqual([1, 2, 3]);
  });
});

describe('assertMessageSent and waitForMessage', () => {
  it('matches strings, RegExps, partial objects and predicates', async () => {
    const server = await start();
    const ws = await open(server.url);
    ws.send('hello world');
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'public/subscribe', params: { channels: ['a'], x: 1 } }));
    ws.send(new Uint8Array([1, 2, 3]));
    expect(await server.assertMessageSent('hello world')).toBe(true);
    expect(await server.assertMessageSent(/hello w/)).toBe(true);
    expect(await server.assertMessageSent({ method: 'public/subscribe', params: { channels: ['a'] } })).toBe(true);
    expect(await server.assertMessageSent((m) => (m as { id?: number }).id === 1)).toBe(true);
    expect(await server.assertMessageSent((m) => m instanceof Uint8Array && m[2] === 3)).toBe(true);
  });

  it('counts messages captured before the call', async () => {
    const server = await start();
    const ws = await open(server.url);
    ws.send('early');
    await nextMessage(ws); // the echo: 'early' is captured by now
    expect(server.received).toEqual(['early']);
    expect(await server.assertMessageSent('early', 0)).toBe(true);
  });

  it('waits for a message that arrives after the call', async () => {
    const server = await start();
    const ws = await open(server.url);
    const pending = server.assertMessageSent({ op: 'late' });
    ws.send('{"op":"late","n":1}');
    expect(await pending).toBe(true);
  });

  it('resolves false at the deadline and never rejects', async () => {
    const server = await start();
    const ws = await open(server.url);
    ws.send('{"a":{"b":1}}');
    ws.send(new Uint8Array([1]));
    await server.waitForMessage((m) => m instanceof Uint8Array);
    expect(await server.assertMessageSent('nope', 30)).toBe(false);
    expect(await server.assertMessageSent({ a: { b: 2 } }, 30)).toBe(false);
    expect(await server.assertMessageSent({ a: [1] }, 30)).toBe(false);
    expect(await server.assertMessageSent(String.fromCharCode(1), 30)).toBe(false); // binary only matches predicates
    expect(
      await server.assertMessageSent(() => {
        throw new Error('a throwing predicate is "no match"');
      }, 30),
    ).toBe(false);
  });

  it('waitForMessage resolves with the message and rejects clearly on timeout', async () => {
    const server = await start();
    const ws = await open(server.url);
    ws.send('{"op":"x","id":3}');
    expect(await server.waitForMessage({ op: 'x' })).toBe('{"op":"x","id":3}');
    await expect(server.waitForMessage('missing', 30)).rejects.toThrow(
      /waitForMessage: no message matching "missing" arrived within 30 ms \(1 captured; last: /,
    );
  });

  it('keeps at most maxMessages captures, oldest dropped', async () => {
    const server = await start({ maxMessages: 2 });
    const ws = await open(server.url);
    for (const text of ['1', '2', '3']) ws.send(text);
    await server.waitForMessage('3');
    expect(server.received).toEqual(['2', '3']);
    expect((await server.waitForConnection()).received).toEqual(['2', '3']);
  });

  it('throws a TypeError for a matcher of the wrong kind', async () => {
    const server = await start();
    expect(() => server.assertMessageSent(42 as never)).toThrow(TypeError);
  });
});

describe('connections', () => {
  it('waitForConnection returns each open connection once, then waits for the next', async () => {
    const server = await start();
    await open(server.url);
    const first = await server.waitForConnection();
    expect(first.id).toBe(1);
    expect(first.open).toBe(true);
    const second = server.waitForConnection();
    await open(server.url);
    expect((await second).id).toBe(2);
    await expect(server.waitForConnection(30)).rejects.toThrow(/no new connection within 30 ms/);
  });

  it('lets the server side send, ping and close', async () => {
    const server = await start();
    const ws = await open(server.url);
    const conn = await server.waitForConnection();
    const message = nextMessage(ws);
    expect(conn.send('from server')).toBe(true);
    expect(await message).toBe('from server');
    const ping = new Promise<string>((resolve) => ws.once('ping', (data) => resolve(data.toString())));
    conn.ping('p');
    expect(await ping).toBe('p');
    const end = closed(ws);
    await conn.close(4001, 'kicked');
    expect(await end).toEqual({ code: 4001, reason: 'kicked' });
    expect(conn.open).toBe(false);
    expect(conn.send('late')).toBe(false);
    expect(server.connections).toEqual([]);
  });
});

describe('simulateDisconnect', () => {
  const cases = [
    { reason: 'normal', expected: { code: 1000, reason: 'Normal closure' } },
    { reason: 'going_away', expected: { code: 1001, reason: 'Server going away' } },
    { reason: 4000, expected: { code: 4000, reason: 'Custom close' } },
    { reason: 'abnormal', expected: { code: 1006, reason: '' } },
  ] as const;

  for (const { reason, expected } of cases) {
    it(`${reason}: every client sees ${expected.code} and the server accepts new connections`, async () => {
      const server = await start();
      const sockets = await Promise.all([open(server.url), open(server.url)]);
      const ends = sockets.map(closed);
      await server.simulateDisconnect(reason);
      expect(server.connections).toEqual([]);
      expect(await Promise.all(ends)).toEqual([expected, expected]);
      const again = await open(server.url);
      again.send('ping');
      expect(await nextMessage(again)).toBe('pong');
      expect(server.connectionCount).toBe(3);
    });
  }

  it('uses the given reason text with a custom code', async () => {
    const server = await start();
    const ws = await open(server.url);
    const end = closed(ws);
    await server.simulateDisconnect(4500, 'maintenance');
    expect(await end).toEqual({ code: 4500, reason: 'maintenance' });
  });

  it('refuses close codes a server cannot send', async () => {
    const server = await start();
    await expect(server.simulateDisconnect(1006)).rejects.toThrow(/use 'abnormal'/);
  });

  it('resolves at once with no connections', async () => {
    const server = await start();
    await expect(server.simulateDisconnect()).resolves.toBeUndefined();
  });
});

describe('stall and resume', () => {
  it('stalls: no pong, no echo, nothing captured or injected; resume restores', async () => {
    const server = await start();
    const ws = await open(server.url);
    server.stall();
    ws.ping('before');
    ws.send('while stalled');
    expect(await nextPong(ws, 100)).toBe('none');
    expect(await server.assertMessageSent('while stalled', 50)).toBe(false);
    expect(server.injectMessage('dropped')).toBe(0);
    expect(ws.readyState).toBe(WebSocket.OPEN);

    server.resume();
    const pong = nextPong(ws, 2000);
    ws.ping('after');
    expect(await pong).toBe('after');
    ws.send('ping');
    expect(await nextMessage(ws)).toBe('pong'); // not 'echo: while stalled'
    expect(server.received).toEqual(['ping']);
  });

  it('also stalls connections opened while stalled', async () => {
    const server = await start();
    server.stall();
    const ws = await open(server.url);
    ws.ping('x');
    expect(await nextPong(ws, 100)).toBe('none');
  });
});

describe('reject', () => {
  it('fails the handshake with the status until reject(null)', async () => {
    const server = await start();
    server.reject(401);
    const ws = client(server.url);
    expect((await failure(ws)).message).toBe('Unexpected server response: 401');
    server.reject(null);
    await open(server.url);
    expect(server.connectionCount).toBe(1);
    expect(server.upgrades).toHaveLength(2);
  });

  it('sends extra headers, e.g. retry-after with 429', async () => {
    const server = await start();
    server.reject(429, { headers: { 'retry-after': '5' } });
    const ws = client(server.url);
    ws.on('error', () => {}); // terminate() during the handshake emits one
    const response = await new Promise<{ status: number | undefined; retryAfter: unknown }>((resolve) => {
      ws.once('unexpected-response', (_req, res) => {
        resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'] });
        res.resume();
        ws.terminate();
      });
    });
    expect(response).toEqual({ status: 429, retryAfter: '5' });
  });

  it('refuses statuses that are not HTTP errors', async () => {
    const server = await start();
    expect(() => server.reject(200)).toThrow(RangeError);
  });
});

describe('upgrades', () => {
  it('records path, query and headers of every upgrade request', async () => {
    const server = await start();
    await open(`ws://127.0.0.1:${server.port}/feed?token=abc&v=2`, { headers: { 'x-api-key': 'k1' } });
    const [upgrade] = server.upgrades;
    expect(upgrade?.path).toBe('/feed');
    expect(upgrade?.query).toBe('token=abc&v=2');
    expect(upgrade?.headers['x-api-key']).toBe('k1');
    const conn = await server.waitForConnection();
    expect([conn.path, conn.query]).toEqual(['/feed', 'token=abc&v=2']);
  });
});

describe('tls', () => {
  it('serves wss:// with a certificate the client can trust through server.ca', async () => {
    const server = await start({ tls: true });
    expect(server.url).toBe(`wss://localhost:${server.port}/ws`);
    expect(server.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const ws = await open(server.url, { ca: server.ca ?? '' });
    ws.send('ping');
    expect(await nextMessage(ws)).toBe('pong');
  });

  it('is refused by a client that does not trust the certificate', async () => {
    const server = await start({ tls: true });
    const ws = client(server.url);
    expect((await failure(ws)).message).toMatch(/self-signed certificate/);
  });
});

describe('stop', () => {
  it('is idempotent, drops clients, settles waits and refuses new connections', async () => {
    const server = await start();
    const ws = await open(server.url);
    const end = closed(ws);
    await server.waitForConnection(); // claims the open one; the next call waits for a new connection
    const waiting = expect(server.waitForConnection(60_000)).rejects.toThrow(/before the mock server was stopped/);
    const asserting = server.assertMessageSent('never', 60_000);
    await Promise.all([server.stop(), server.stop()]);
    await server.stop();
    expect((await end).code).toBe(1006);
    await waiting;
    expect(await asserting).toBe(false);
    const refused = client(server.url);
    expect((await failure(refused)).message).toMatch(/ECONNREFUSED/);
  });

  it('supports Symbol.asyncDispose', async () => {
    const server = await start();
    await server[Symbol.asyncDispose]();
    const refused = client(server.url);
    expect((await failure(refused)).message).toMatch(/ECONNREFUSED/);
  });
});
