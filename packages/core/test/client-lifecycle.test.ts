import { describe, expect, it } from 'vitest';
import type { DisconnectInfo, ZenError } from '../src/index.js';
import { connected, rig } from './helpers.js';

describe('close()', () => {
  it('is idempotent, always resolves, sends a normal close and leaves no timer behind', async () => {
    const { client, sockets, clock } = await connected({ heartbeat: { type: 'ping_pong', interval: 1000 } });
    const a = client.close();
    const b = client.close();
    expect(a).toBe(b);
    await a;
    expect(sockets.last.closes).toEqual([{ code: 1000, reason: undefined }]);
    expect(client.getState()).toBe('closed');
    expect(clock.pending).toBe(0);
  });

  it('terminates a peer that never acknowledges the close, within a bounded wait', async () => {
    const { client, sockets, clock } = await connected({ mode: 'node' });
    sockets.last.close = (code, reason) => void sockets.last.closes.push({ code, reason }); // the peer ignores it
    const closing = client.close();
    await clock.advance(2000);
    await closing;
    expect(sockets.last.terminated).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('rejects pending requests and subscriptions as closed, with outcome unknown for sent ones', async () => {
    const { client } = await connected();
    const req = client.request('private/buy');
    const sub = client.subscribe('a');
    await client.close();
    await expect(req).rejects.toMatchObject({ code: 'closed', sent: true, outcome: 'unknown' });
    await expect(sub).rejects.toMatchObject({ code: 'closed' });
    await expect(client.request('x')).rejects.toMatchObject({ code: 'closed' });
    await expect(client.sendMessage('x')).rejects.toMatchObject({ code: 'closed' });
    await expect(client.subscribe('b')).rejects.toMatchObject({ code: 'closed' });
    await expect(client.reconnect()).rejects.toMatchObject({ code: 'closed' });
  });

  it('delivers nothing after the closed state, even while the close handshake is in flight', async () => {
    const { client, sockets } = await connected();
    const seen: unknown[] = [];
    client.on('message', (m) => seen.push(m));
    client.on('unmatched_response', (m) => seen.push(m));
    sockets.last.close = (code, reason) => void sockets.last.closes.push({ code, reason }); // the peer is slow
    const closing = client.close();
    sockets.last.receive({ late: 1 });
    sockets.last.receive({ id: 5, result: 'late' });
    sockets.last.serverClose(1000);
    await closing;
    expect(seen).toEqual([]);
  });

  it('while reconnecting cancels the pending retry and settles the connect waiter', async () => {
    const r = rig();
    r.sockets.last.fail();
    await r.clock.flush();
    await r.client.close();
    await expect(r.started).rejects.toMatchObject({ code: 'aborted' });
    expect(r.clock.pending).toBe(0);
  });

  it('supports await using (Symbol.asyncDispose)', async () => {
    const { client } = await connected();
    await client[Symbol.asyncDispose]();
    expect(client.getState()).toBe('closed');
  });

  it('an AbortSignal given to connect closes the client', async () => {
    const ac = new AbortController();
    const r = rig({ signal: ac.signal });
    ac.abort();
    await expect(r.started).rejects.toMatchObject({ code: 'aborted' });
    expect(r.client.getState()).toBe('closed');
  });
});

describe('lifecycle hooks and events', () => {
  it('onConnect runs after every connection, onDisconnect after every drop and on close', async () => {
    const log: string[] = [];
    const r = await connected({
      onConnect: () => log.push('connect'),
      onDisconnect: (_c, info: DisconnectInfo) => log.push(`disconnect ${info.next} ${info.error?.code ?? ''}`.trim()),
    });
    r.sockets.last.serverClose(1006);
    await r.clock.advance(0);
    r.sockets.last.open();
    await r.client.close();
    expect(log).toEqual(['connect', 'disconnect reconnecting connection_closed', 'connect', 'disconnect closed']);
  });

  it('a throwing hook is reported on error and changes nothing else', async () => {
    const r = rig({
      onConnect: () => {
        throw new Error('hook bug');
      },
    });
    const errors: ZenError[] = [];
    r.client.on('error', (e) => errors.push(e));
    r.sockets.last.open();
    await r.started;
    expect(r.client.getState()).toBe('connected');
    expect(errors.map((e) => e.code)).toEqual(['handler_error']);
  });

  it('emits state changes with reasons, and reconnect events with attempt and delay', async () => {
    const r = await connected({ retryDelay: 100 });
    const seen: unknown[] = [];
    r.client.on('state', (s) => seen.push([s.from, s.to, s.error?.code]));
    r.client.on('reconnect', (i) => seen.push(['reconnect', i.attempt, i.delay]));
    await r.clock.advance(5000);
    r.sockets.last.serverClose(1001, 'bye');
    await r.clock.advance(0);
    r.sockets.last.open();
    expect(seen).toEqual([
      ['connected', 'reconnecting', 'connection_closed'],
      ['reconnect', 1, 0],
      ['reconnecting', 'connected', undefined],
    ]);
  });

  it('getStateMetrics reports the connection and counters', async () => {
    const { client, sockets, clock } = await connected();
    void client.request('x').catch(() => undefined);
    sockets.last.receive({ a: 1 });
    await clock.advance(10);
    expect(client.getStateMetrics()).toMatchObject({
      connectionState: 'connected',
      pendingRequestsSize: 1,
      subscriptionsSize: 0,
      messagesIn: 1,
      messagesOut: 1,
      connections: 1,
      reconnectAttempts: 0,
      uptimeMs: 10,
    });
    await client.close();
  });

  it('debug logging is silent when off and never prints header values or URL secrets when on', async () => {
    const lines: string[] = [];
    const r = rig({ debug: (l) => lines.push(l), headers: { Authorization: 'Bearer s3cret' } });
    r.sockets.last.open();
    await r.started;
    await r.client.close();
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('\n')).not.toContain('s3cret');
  });
});

describe('messages() async iterator', () => {
  it('yields messages in order and ends when the client closes', async () => {
    const { client, sockets } = await connected();
    const it = client.messages();
    sockets.last.receive({ n: 1 });
    sockets.last.receive('two');
    sockets.last.receive(new Uint8Array([3]));
    const got: unknown[] = [];
    const consume = (async () => {
      for await (const m of it) got.push(m);
    })();
    await new Promise((r) => setTimeout(r, 0));
    await client.close();
    await consume;
    expect(got).toEqual([{ n: 1 }, 'two', new Uint8Array([3])]);
  });

  it('fails with overflow instead of losing messages when the consumer falls behind', async () => {
    const { client, sockets } = await connected();
    const it = client.messages({ bufferSize: 2 });
    for (let i = 0; i < 3; i++) sockets.last.receive({ i });
    await expect(it.next()).resolves.toEqual({ value: { i: 0 }, done: false });
    await expect(it.next()).resolves.toEqual({ value: { i: 1 }, done: false });
    await expect(it.next()).rejects.toMatchObject({ code: 'overflow' });
    await expect(it.next()).resolves.toMatchObject({ done: true });
  });

  it('return() stops the stream', async () => {
    const { client, sockets } = await connected();
    const it = client.messages();
    await it.return?.();
    sockets.last.receive({ late: true });
    await expect(it.next()).resolves.toMatchObject({ done: true });
  });
});

describe('prepare (authentication before restore)', () => {
  type Sent = { id: number; method: string; params?: { channels?: string[] } };

  it('runs on every connection before the restore, and connect() waits for it', async () => {
    const order: string[] = [];
    const r = rig({
      prepare: async (c) => {
        order.push('prepare');
        await c.request('public/auth');
        order.push('authed');
      },
      onConnect: () => order.push('onConnect'),
    });
    r.client.on('ready', () => order.push('ready'));
    r.sockets.last.open();
    await r.clock.flush();
    const auth = r.sockets.last.sentJson[0] as Sent;
    expect(auth.method).toBe('public/auth');
    r.sockets.last.receive({ id: auth.id, result: { access_token: 't' } });
    await r.started;
    expect(order).toEqual(['prepare', 'authed', 'onConnect', 'ready']);

    const sub = r.client.subscribe('user.orders.any.any.raw');
    r.sockets.last.receive({ id: (r.sockets.last.sentJson[1] as Sent).id, result: ['user.orders.any.any.raw'] });
    await sub;
    r.sockets.last.serverClose(1006);
    await r.clock.advance(0);
    r.sockets.last.open();
    await r.clock.flush();
    const sent = r.sockets.last.sentJson as Sent[];
    expect(sent.map((m) => m.method)).toEqual(['public/auth']); // nothing restored before auth succeeds
    r.sockets.last.receive({ id: sent[0]?.id, result: {} });
    await r.clock.flush();
    expect((r.sockets.last.sentJson as Sent[]).map((m) => m.method)).toEqual(['public/auth', 'public/subscribe']);
  });

  it('a prepare that fails with an AuthError is fatal: connect() rejects with it, no retry', async () => {
    const { AuthError } = await import('../src/index.js');
    const r = rig({
      retryCount: 5,
      prepare: async () => {
        throw new AuthError('invalid_credentials', 'bad key');
      },
    });
    r.sockets.last.open();
    await expect(r.started).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(r.sockets.sockets).toHaveLength(1);
    expect(r.client.getState()).toBe('disconnected');
  });

  it('a prepare that fails with a plain error is retried like a connection failure', async () => {
    let calls = 0;
    const r = rig({
      prepare: async () => {
        calls++;
        if (calls === 1) throw new Error('flaky');
      },
    });
    r.sockets.last.open();
    await r.clock.flush();
    await r.clock.advance(1000);
    r.sockets.last.open();
    await r.started;
    expect(calls).toBe(2);
    expect(r.client.getState()).toBe('connected');
  });
});
