import { describe, expect, it } from 'vitest';
import { jsonRpc, NotConnectedError, RequestError, RpcError, telemetry } from '../src/index.js';
import { connected, rig } from './helpers.js';

type Sent = { id: number; method: string; params?: unknown };

describe('request()', () => {
  it('sends JSON-RPC 2.0 and resolves with result', async () => {
    const { client, sockets } = await connected();
    const reply = client.request('public/get_time', { a: 1 });
    const sent = sockets.last.sentJson[0] as Sent;
    expect(sent).toEqual({ jsonrpc: '2.0', id: 1, method: 'public/get_time', params: { a: 1 } });
    sockets.last.receive({ jsonrpc: '2.0', id: 1, result: 1700000000000 });
    await expect(reply).resolves.toBe(1700000000000);
  });

  it('rejects with RpcError keeping code, message and data', async () => {
    const { client, sockets } = await connected();
    const reply = client.request('private/buy', { amount: 1 });
    sockets.last.receive({
      jsonrpc: '2.0',
      id: 1,
      error: { code: 10009, message: 'not_enough_funds', data: { x: 1 } },
    });
    const error = (await reply.catch((e: unknown) => e)) as RpcError;
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({
      code: 'rpc_error',
      rpcCode: 10009,
      rpcMessage: 'not_enough_funds',
      data: { x: 1 },
      method: 'private/buy',
    });
  });

  it('allocates unique ids for concurrent requests and matches replies out of order', async () => {
    const { client, sockets } = await connected();
    const replies = Array.from({ length: 20 }, (_, i) => client.request('echo', { i }));
    const sent = sockets.last.sentJson as Sent[];
    expect(new Set(sent.map((m) => m.id)).size).toBe(20);
    for (const m of [...sent].reverse()) sockets.last.receive({ jsonrpc: '2.0', id: m.id, result: m.params });
    expect(await Promise.all(replies)).toEqual(Array.from({ length: 20 }, (_, i) => ({ i })));
  });

  it('has a deadline: rejects with request_timeout (sent, outcome unknown); a late reply becomes unmatched_response', async () => {
    const { client, sockets, clock } = await connected({ requestTimeout: 1000 });
    const unmatched: unknown[] = [];
    client.on('unmatched_response', (m) => unmatched.push(m));
    const reply = expect(client.request('slow')).rejects.toBeInstanceOf(RequestError);
    const perCall = expect(client.request('slower', undefined, { timeout: 50 })).rejects.toMatchObject({
      code: 'request_timeout',
      sent: true,
      outcome: 'unknown',
    });
    await clock.advance(50);
    await perCall;
    await clock.advance(950);
    await reply;
    sockets.last.receive({ jsonrpc: '2.0', id: 1, result: 'late' });
    expect(unmatched).toEqual([{ jsonrpc: '2.0', id: 1, result: 'late' }]);
    expect(client.getStateMetrics().pendingRequestsSize).toBe(0);
  });

  it('an AbortSignal ends the wait', async () => {
    const { client } = await connected();
    const ac = new AbortController();
    const reply = client.request('x', undefined, { signal: ac.signal });
    ac.abort(new Error('user gave up'));
    await expect(reply).rejects.toMatchObject({ code: 'aborted', sent: true });
    const pre = new AbortController();
    pre.abort();
    await expect(client.request('y', undefined, { signal: pre.signal })).rejects.toMatchObject({
      code: 'aborted',
      sent: false,
    });
  });

  it('on a drop every pending request rejects at once with disconnected (sent: true) and nothing is replayed', async () => {
    const { client, sockets, clock } = await connected();
    const a = client.request('private/buy');
    const b = client.sendMessage({ jsonrpc: '2.0', id: 'mine', method: 'private/sell' });
    const first = sockets.last;
    first.serverClose(1006);
    await expect(a).rejects.toMatchObject({ code: 'disconnected', sent: true, outcome: 'unknown' });
    await expect(b).rejects.toMatchObject({ code: 'disconnected', sent: true });
    await clock.advance(0);
    sockets.last.open();
    await clock.flush();
    expect(sockets.last).not.toBe(first);
    expect(sockets.last.sent).toEqual([]);
  });

  it('when not connected rejects with NotConnectedError (nothing sent)', async () => {
    const { client, sockets, clock } = await connected({ retryCount: 0 });
    sockets.last.serverClose(1006);
    await clock.flush();
    const error = await client.request('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotConnectedError);
    expect(error).toMatchObject({ code: 'not_connected', sent: false, state: 'disconnected' });
    await expect(client.sendMessage('hi')).rejects.toBeInstanceOf(NotConnectedError);
  });

  it("settles through the protocol's own settle (called on the protocol, with the method); a throwing settle rejects", async () => {
    const base = jsonRpc();
    const calls: unknown[] = [];
    const protocol = {
      ...base,
      settle(this: unknown, reply: Record<string, unknown>, method?: string) {
        calls.push([this === protocol, method]);
        if (reply.result === 'boom') throw new RangeError('settle threw');
        return reply.result === 'wrap' ? { ok: true as const, value: { wrapped: method } } : base.settle(reply, method);
      },
    };
    const { client, sockets } = await connected({ protocol });
    const wrapped = client.request('a');
    const failed = client.request('b');
    const plain = client.sendMessage({ jsonrpc: '2.0', id: 99, method: 'c' });
    sockets.last.receive({ jsonrpc: '2.0', id: 1, result: 'wrap' });
    sockets.last.receive({ jsonrpc: '2.0', id: 2, result: 'boom' });
    sockets.last.receive({ jsonrpc: '2.0', id: 99, result: 'wrap' });
    await expect(wrapped).resolves.toEqual({ wrapped: 'a' });
    await expect(failed).rejects.toThrow(new RangeError('settle threw'));
    // sendMessage() resolves with the whole reply: the protocol is not asked
    await expect(plain).resolves.toEqual({ jsonrpc: '2.0', id: 99, result: 'wrap' });
    expect(calls).toEqual([
      [true, 'a'],
      [true, 'b'],
    ]);
  });

  it('bad arguments reject (never throw synchronously)', async () => {
    const { client, sockets } = await connected();
    const bad = client.request(42 as unknown as string);
    const badOptions = client.request('x', undefined, { timout: 1 } as never);
    await expect(bad).rejects.toBeInstanceOf(TypeError);
    await expect(badOptions).rejects.toBeInstanceOf(TypeError);
    expect(sockets.last.sentJson).toEqual([]);
  });

  it('records round trips for latency stats and emits request_correlator telemetry', async () => {
    const events: string[] = [];
    const off = [
      telemetry.on('request_correlator.track', () => events.push('track')),
      telemetry.on('request_correlator.resolve', (e) => events.push(`resolve ${e.roundTripMs}`)),
    ];
    try {
      const { client, sockets, clock } = await connected();
      expect(client.getLatencyStats()).toBeNull();
      const reply = client.request('x');
      await clock.advance(40);
      sockets.last.receive({ jsonrpc: '2.0', id: 1, result: true });
      await reply;
      expect(client.getLatencyStats()).toEqual({ p50: 40, p99: 40, last: 40, count: 1 });
      expect(events).toEqual(['track', 'resolve 40']);
    } finally {
      for (const f of off) f();
    }
  });
});

describe('sendMessage()', () => {
  it('sends strings as is, objects as JSON, and binary as binary', async () => {
    const { client, sockets } = await connected();
    await client.sendMessage('plain');
    await client.sendMessage({ method: 'public/test' });
    const bytes = new Uint8Array([1, 2, 3]);
    await client.sendMessage(bytes);
    expect(sockets.last.sent).toEqual(['plain', '{"method":"public/test"}', bytes]);
  });

  it('an object with an id resolves with the whole reply, error replies included', async () => {
    const { client, sockets } = await connected();
    const reply = client.sendMessage({ jsonrpc: '2.0', id: 42, method: 'private/buy' });
    sockets.last.receive({ jsonrpc: '2.0', id: 42, error: { code: 13009, message: 'unauthorized' } });
    await expect(reply).resolves.toEqual({ jsonrpc: '2.0', id: 42, error: { code: 13009, message: 'unauthorized' } });
  });

  it('JSON text with an id is correlated too; id 1 and "1" are different requests', async () => {
    const { client, sockets } = await connected();
    const n = client.sendMessage('{"id":1,"method":"a"}');
    const s = client.sendMessage({ id: '1', method: 'b' });
    sockets.last.receive({ id: '1', result: 'string id' });
    sockets.last.receive({ id: 1, result: 'number id' });
    await expect(n).resolves.toMatchObject({ result: 'number id' });
    await expect(s).resolves.toMatchObject({ result: 'string id' });
  });

  it('a duplicate in-flight id is rejected and not sent; the first request is unaffected', async () => {
    const { client, sockets } = await connected();
    const first = client.sendMessage({ id: 7, method: 'a' });
    await expect(client.sendMessage({ id: 7, method: 'b' })).rejects.toMatchObject({
      code: 'duplicate_request_id',
      sent: false,
    });
    expect(sockets.last.sent).toHaveLength(1);
    sockets.last.receive({ id: 7, result: 'ok' });
    await expect(first).resolves.toMatchObject({ result: 'ok' });
  });

  it('request() skips ids the user has in flight', async () => {
    const { client, sockets } = await connected();
    void client.sendMessage({ id: 1, method: 'mine' });
    void client.request('auto');
    expect((sockets.last.sentJson[1] as Sent).id).toBe(2);
  });

  it('null id, no id, arrays and non-JSON are fire-and-forget', async () => {
    const { client } = await connected();
    await expect(client.sendMessage({ id: null, method: 'x' })).resolves.toBeUndefined();
    await expect(client.sendMessage([1, 2])).resolves.toBeUndefined();
    await expect(client.sendMessage('{not json')).resolves.toBeUndefined();
    expect(client.getStateMetrics().pendingRequestsSize).toBe(0);
  });

  it('rejects values that cannot be sent with a TypeError', async () => {
    const { client } = await connected();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(client.sendMessage(cyclic)).rejects.toBeInstanceOf(TypeError);
    await expect(client.sendMessage(42 as never)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('inbound delivery', () => {
  it('decodes JSON once, passes raw text and binary through, hides heartbeats and matched replies', async () => {
    const { client, sockets } = await connected();
    const got: unknown[] = [];
    client.on('message', (m) => got.push(m));
    client.on('binary', (b) => got.push(['binary', [...b]]));
    const reply = client.request('x');
    sockets.last.receive({ jsonrpc: '2.0', method: 'subscription', params: { channel: 'ticker.BTC', data: { p: 1 } } });
    sockets.last.receive('not json');
    sockets.last.receive('42');
    sockets.last.receive('[1,2]');
    sockets.last.receive(new Uint8Array([9, 8]));
    sockets.last.receive({ jsonrpc: '2.0', method: 'heartbeat', params: { type: 'heartbeat' } });
    sockets.last.receive({ jsonrpc: '2.0', id: 1, result: 'mine' });
    await reply;
    expect(got).toEqual([
      { jsonrpc: '2.0', method: 'subscription', params: { channel: 'ticker.BTC', data: { p: 1 } } },
      'not json',
      42,
      [1, 2],
      ['binary', [9, 8]],
    ]);
  });

  it('delivers the same kinds to the `handler` option, installed before the first byte', async () => {
    const seen: string[] = [];
    const r = rig({ handler: (m) => seen.push(m.type) });
    r.sockets.last.open();
    r.sockets.last.receive({ hello: 1 });
    r.sockets.last.receive(new Uint8Array([1]));
    r.sockets.last.receive({ id: 99, result: 1 });
    await r.started;
    expect(seen).toEqual(['message', 'binary', 'unmatched_response']);
  });

  it('works the same over a Node ws-style socket', async () => {
    const { client, sockets } = await connected({ mode: 'node' });
    const got: unknown[] = [];
    client.on('message', (m) => got.push(m));
    client.on('binary', (b) => got.push([...b]));
    const reply = client.request('x');
    sockets.last.receive({ id: 1, result: 'ok' });
    sockets.last.receive({ tick: 1 });
    sockets.last.receive(new Uint8Array([5]));
    await expect(reply).resolves.toBe('ok');
    expect(got).toEqual([{ tick: 1 }, [5]]);
  });

  it('an oversized message is a protocol_error and drops the connection (fatal by default)', async () => {
    const { client, sockets, clock } = await connected({ maxMessageSize: 10 });
    const errors: string[] = [];
    client.on('protocol_error', (e) => errors.push(e.code));
    sockets.last.receive('x'.repeat(11));
    await clock.flush();
    expect(errors).toEqual(['frame_too_large']);
    expect(client.getState()).toBe('disconnected');
  });

  it('a throwing handler disturbs neither the client nor other handlers; it is reported on error', async () => {
    const { client, sockets } = await connected();
    const errors: unknown[] = [];
    const got: unknown[] = [];
    client.on('error', (e) => errors.push(e.code));
    client.on('message', () => {
      throw new Error('user bug');
    });
    client.on('message', (m) => got.push(m));
    sockets.last.receive({ a: 1 });
    sockets.last.receive({ a: 2 });
    expect(got).toEqual([{ a: 1 }, { a: 2 }]);
    expect(errors).toEqual(['handler_error', 'handler_error']);
    expect(client.getState()).toBe('connected');
  });

  it('on() returns its own unsubscribe', async () => {
    const { client, sockets } = await connected();
    const got: unknown[] = [];
    const off = client.on('message', (m) => got.push(m));
    sockets.last.receive({ a: 1 });
    off();
    sockets.last.receive({ a: 2 });
    expect(got).toEqual([{ a: 1 }]);
  });
});
