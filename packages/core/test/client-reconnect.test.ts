import { describe, expect, it } from 'vitest';
import { ConnectionError, RetriesExhaustedError, type StateChange } from '../src/index.js';
import { connected, rig } from './helpers.js';

const states = (client: { on: (t: 'state', h: (s: StateChange) => void) => unknown }) => {
  const seen: string[] = [];
  client.on('state', (s) => seen.push(`${s.from}>${s.to}`));
  return seen;
};

describe('first connection', () => {
  it('resolves once the socket opens and passes headers, sub-protocols and size limit to the factory', async () => {
    const r = rig({ headers: { 'X-Key': 'k' }, subprotocols: ['json'], maxMessageSize: 1234 });
    expect(r.client.getState()).toBe('connecting');
    expect(r.sockets.last.init).toEqual({ headers: { 'X-Key': 'k' }, protocols: ['json'], maxMessageSize: 1234 });
    r.sockets.last.open();
    await r.started;
    expect(r.client.getState()).toBe('connected');
  });

  it('retries a refused first attempt with backoff, then connects', async () => {
    const r = rig({ retryDelay: 1000 });
    r.sockets.last.fail(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await r.clock.flush();
    expect(r.sockets.sockets).toHaveLength(1);
    await r.clock.advance(499); // random 0.5 × ceiling 1000 = 500
    expect(r.sockets.sockets).toHaveLength(1);
    await r.clock.advance(1);
    expect(r.sockets.sockets).toHaveLength(2);
    r.sockets.last.open();
    await r.started;
    expect(r.client.getState()).toBe('connected');
  });

  it('gives up after retryCount retries with RetriesExhaustedError carrying the last error', async () => {
    const r = rig({ retryCount: 2, retryDelay: 100, mode: 'node' });
    const reconnects: number[] = [];
    r.client.on('reconnect', (i) => reconnects.push(i.delay));
    for (let i = 0; i < 3; i++) {
      r.sockets.last.fail(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
      await r.clock.advance(10_000);
    }
    const error = await r.started.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).retries).toBe(2);
    expect(((error as Error).cause as ConnectionError).code).toBe('connection_refused');
    expect(r.sockets.sockets).toHaveLength(3); // first attempt + 2 retries
    expect(reconnects).toEqual([50, 100]); // 0.5 × 100, 0.5 × 200
    expect(r.client.getState()).toBe('disconnected');
  });

  it('with retryCount 0 rejects with the raw error after one attempt', async () => {
    const r = rig({ retryCount: 0, mode: 'node' });
    r.sockets.last.fail(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    await expect(r.started).rejects.toMatchObject({ code: 'dns_failed' });
    expect(r.sockets.sockets).toHaveLength(1);
  });

  it('fails an attempt that does not open within `timeout` and terminates its socket', async () => {
    const r = rig({ timeout: 1000, retryCount: 0, mode: 'node' });
    await r.clock.advance(999);
    expect(r.sockets.last.terminated).toBe(false);
    await r.clock.advance(1);
    await expect(r.started).rejects.toMatchObject({ code: 'timeout' });
    expect(r.sockets.last.terminated).toBe(true);
  });

  it('a rejected upgrade (401) is fatal at once: no retry', async () => {
    const r = rig({ retryCount: 5, mode: 'node' });
    r.sockets.last.fail(new Error('Unexpected server response: 401'));
    await expect(r.started).rejects.toMatchObject({ code: 'handshake_rejected', status: 401 });
    expect(r.sockets.sockets).toHaveLength(1);
  });

  it('a socket factory that throws gives a clear error instead of a hang', async () => {
    const r = rig({
      socketFactory: () => {
        throw new Error('bad url for this runtime');
      },
    });
    await expect(r.started).rejects.toMatchObject({
      code: 'connection_failed',
      message: expect.stringContaining('bad url'),
    });
  });

  it('a socket factory that returns a non-socket is reported with what is missing', async () => {
    const r = rig({ socketFactory: (() => ({ readyState: 0 })) as never });
    await expect(r.started).rejects.toMatchObject({ message: expect.stringContaining('send, close') });
  });

  it('stale events from an abandoned attempt never touch the new one', async () => {
    const r = rig({ timeout: 100, mode: 'node' });
    const first = r.sockets.last;
    await r.clock.advance(100); // timed out; retry scheduled in 0.5 × 1000 ms
    await r.clock.advance(500);
    const second = r.sockets.last;
    expect(second).not.toBe(first);
    first.open(); // too late: ignored
    expect(r.client.getState()).toBe('connecting');
    second.open();
    await r.started;
    expect(r.client.getState()).toBe('connected');
  });
});

describe('after a live connection drops', () => {
  it('reconnects immediately the first time, then backs off; restores state to connected', async () => {
    const r = await connected({ retryDelay: 1000 });
    const seen = states(r.client);
    await r.clock.advance(6000); // healthy
    r.sockets.last.serverClose(1001, 'going away');
    await r.clock.advance(0);
    expect(r.sockets.sockets).toHaveLength(2); // immediate
    r.sockets.last.fail();
    await r.clock.flush();
    expect(r.sockets.sockets).toHaveLength(2);
    await r.clock.advance(1000); // 0.5 × 2000
    expect(r.sockets.sockets).toHaveLength(3);
    r.sockets.last.open();
    await r.clock.flush();
    expect(seen).toEqual(['connected>reconnecting', 'reconnecting>connected']);
  });

  it('a connection that dies before it was healthy does not earn an immediate retry twice', async () => {
    const r = await connected({ retryDelay: 1000, healthyUptime: 5000 });
    r.sockets.last.serverClose(1006);
    await r.clock.advance(0);
    expect(r.sockets.sockets).toHaveLength(2); // first drop: immediate
    r.sockets.last.open();
    await r.clock.advance(100);
    r.sockets.last.serverClose(1006); // unhealthy: backoff
    await r.clock.flush();
    expect(r.sockets.sockets).toHaveLength(2);
    await r.clock.advance(1000);
    expect(r.sockets.sockets).toHaveLength(3);
  });

  it('a server that accepts and drops at once is bounded by retryCount (no reconnect storm)', async () => {
    const r = await connected({ retryDelay: 100, retryCount: 3, maxBackoff: 1000 });
    for (let i = 0; i < 10; i++) {
      r.sockets.last.serverClose(1000);
      await r.clock.advance(2000);
      if (r.client.getState() === 'disconnected') break;
      r.sockets.last.open();
      await r.clock.flush();
    }
    expect(r.client.getState()).toBe('disconnected');
    expect(r.sockets.sockets).toHaveLength(4);
  });

  it('the retry counter resets after a healthy connection: two full drop cycles each get the whole budget', async () => {
    const r = await connected({ retryCount: 1 });
    for (let cycle = 0; cycle < 2; cycle++) {
      await r.clock.advance(5000);
      r.sockets.last.serverClose(1006);
      await r.clock.advance(0);
      r.sockets.last.open();
      await r.clock.flush();
      expect(r.client.getState()).toBe('connected');
      expect(r.client.getStateMetrics().connections).toBe(cycle + 2);
    }
  });

  it('healthy uptime needs no timer: the counter reads 0 once the connection has been up for healthyUptime', async () => {
    const r = await connected({ retryDelay: 1000, healthyUptime: 5000 });
    r.sockets.last.serverClose(1006);
    await r.clock.advance(0);
    r.sockets.last.fail(); // a failed attempt: the counter is 2
    await r.clock.advance(2000);
    r.sockets.last.open();
    await r.clock.flush();
    expect(r.client.getStateMetrics().reconnectAttempts).toBe(2);
    expect(r.clock.pending).toBe(0); // no healthy-uptime timer (heartbeat disabled)
    await r.clock.advance(4999);
    expect(r.client.getStateMetrics().reconnectAttempts).toBe(2);
    await r.clock.advance(1);
    expect(r.client.getStateMetrics().reconnectAttempts).toBe(0);
    // and a drop now earns the immediate first retry again
    r.sockets.last.serverClose(1006);
    await r.clock.advance(0);
    expect(r.sockets.sockets).toHaveLength(4);
  });

  it('a 1008 policy close backs off instead of reconnecting at once, never sooner than half the ceiling', async () => {
    const r = await connected({ retryDelay: 1000, random: () => 0 });
    await r.clock.advance(6000);
    r.sockets.last.serverClose(1008, 'too many requests');
    await r.clock.advance(499);
    expect(r.sockets.sockets).toHaveLength(1);
    await r.clock.advance(1); // equal jitter: [500, 1000) even when the random draw is 0
    expect(r.sockets.sockets).toHaveLength(2);
  });

  it('a fatal close (1002) moves to disconnected and emits error; reconnect() still works', async () => {
    const r = await connected();
    const errors: string[] = [];
    r.client.on('error', (e) => errors.push(e.code));
    const seen = states(r.client);
    r.sockets.last.serverClose(1002, 'protocol error');
    await r.clock.flush();
    expect(r.client.getState()).toBe('disconnected');
    expect(errors).toEqual(['connection_closed']);
    const again = r.client.reconnect();
    r.sockets.last.open();
    await again;
    expect(seen).toEqual(['connected>disconnected', 'disconnected>connecting', 'connecting>connected']);
  });

  it('reconnectOnError: false gives up on the first drop', async () => {
    const r = await connected({ reconnectOnError: false });
    r.sockets.last.serverClose(1001);
    await r.clock.flush();
    expect(r.client.getState()).toBe('disconnected');
    expect(r.sockets.sockets).toHaveLength(1);
  });

  it('retryCount: Infinity keeps trying, with delays capped by maxBackoff', async () => {
    const r = await connected({
      retryCount: Number.POSITIVE_INFINITY,
      retryDelay: 100,
      maxBackoff: 400,
      random: () => 0.999,
    });
    const delays: number[] = [];
    r.client.on('reconnect', (i) => delays.push(i.delay));
    r.sockets.last.serverClose(1006);
    for (let i = 0; i < 30; i++) {
      await r.clock.advance(400);
      r.sockets.last.fail();
    }
    expect(r.client.getState()).toBe('reconnecting');
    expect(Math.max(...delays)).toBeLessThan(400);
    expect(delays.length).toBeGreaterThan(25);
  });

  it('a user classify() override wins, and a throwing one falls back to the default', async () => {
    const r = await connected({
      classify: (e, d) => (e instanceof ConnectionError && e.closeCode === 4001 ? 'fatal' : d),
    });
    r.sockets.last.serverClose(4001, 'banned');
    await r.clock.flush();
    expect(r.client.getState()).toBe('disconnected');

    const t = await connected({
      classify: () => {
        throw new Error('oops');
      },
    });
    const errors: string[] = [];
    t.client.on('error', (e) => errors.push(e.code));
    t.sockets.last.serverClose(1001);
    await t.clock.flush();
    expect(t.client.getState()).toBe('reconnecting');
    expect(errors).toEqual(['handler_error']);
  });

  it('reconnect() on a live connection drops it and connects again with a fresh budget', async () => {
    const r = await connected();
    const first = r.sockets.last;
    const again = r.client.reconnect();
    expect(first.closes[0]).toMatchObject({ code: 1000 });
    expect(r.client.getState()).toBe('reconnecting');
    r.sockets.last.open();
    await again;
    expect(r.client.getState()).toBe('connected');
    expect(r.client.getStateMetrics().connections).toBe(2);
  });
});

describe('a URL given as a function', () => {
  it('is asked for the URL of every attempt (e.g. a combined-stream URL listing the current streams)', async () => {
    let streams = ['btcusdt@trade'];
    const { ZenClient } = await import('../src/client.js');
    const { createFakeClock, createFakeSocketFactory } = await import('@zen-websocket/testing/fakes');
    const clock = createFakeClock();
    const sockets = createFakeSocketFactory();
    const client = new ZenClient(() => `wss://stream.test/stream?streams=${streams.join('/')}`, {
      clock,
      socketFactory: sockets,
      heartbeat: 'disabled',
      random: () => 0.5,
      firstRetrySpread: 0,
    });
    const started = client.start();
    sockets.last.open();
    await started;
    expect(sockets.last.url).toBe('wss://stream.test/stream?streams=btcusdt@trade');
    streams = ['btcusdt@trade', 'ethusdt@trade'];
    sockets.last.serverClose(1006);
    await clock.advance(0);
    expect(sockets.last.url).toBe('wss://stream.test/stream?streams=btcusdt@trade/ethusdt@trade');
    expect(client.url).toBe(sockets.last.url);
    await client.close();
  });

  it('a URL function that throws or returns a bad URL gives up with a clear error', async () => {
    const { ZenClient } = await import('../src/client.js');
    const { createFakeClock, createFakeSocketFactory } = await import('@zen-websocket/testing/fakes');
    let calls = 0;
    const client = new ZenClient(() => (++calls === 1 ? 'ws://ok.test' : 'http://nope'), {
      clock: createFakeClock(),
      socketFactory: createFakeSocketFactory(),
    });
    const started = client.start();
    await expect(started).rejects.toMatchObject({
      code: 'connection_failed',
      message: expect.stringContaining('Invalid URL format'),
    });
    await client.close();
  });
});
