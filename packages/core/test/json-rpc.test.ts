import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RpcError } from '../src/errors.js';
import { type JsonObject, jsonRpc, settleJsonRpc } from '../src/protocol.js';

describe('jsonRpc: requests', () => {
  const protocol = jsonRpc();

  it('is named json-rpc with a restore batch of 100 by default', () => {
    expect(protocol.name).toBe('json-rpc');
    expect(protocol.restoreBatchSize).toBe(100);
    expect(jsonRpc({ restoreBatchSize: 7 }).restoreBatchSize).toBe(7);
  });

  it('writes {jsonrpc, id, method, params}', () => {
    expect(protocol.request('public/get_time', { a: 1 }, 3)).toStrictEqual({
      jsonrpc: '2.0',
      id: 3,
      method: 'public/get_time',
      params: { a: 1 },
    });
  });

  it('omits params when undefined', () => {
    const message = protocol.request('public/test', undefined, 1);
    expect(message).toStrictEqual({ jsonrpc: '2.0', id: 1, method: 'public/test' });
    expect('params' in message).toBe(false);
    expect(JSON.stringify(message)).toBe('{"jsonrpc":"2.0","id":1,"method":"public/test"}');
  });

  it.each<[string, unknown]>([
    ['an empty object', {}],
    ['a list', [1, 'two']],
    ['an empty list', []],
    ['null', null],
    ['zero', 0],
  ])('keeps params when they are %s', (_label, params) => {
    const message = protocol.request('m', params, 9);
    expect('params' in message).toBe(true);
    expect(message.params).toStrictEqual(params);
  });

  it('property: request is JSON-serialisable and round-trips id, method and params', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), fc.nat(), (method, params, id) => {
        const decoded = JSON.parse(JSON.stringify(protocol.request(method, params, id))) as JsonObject;
        expect(decoded.jsonrpc).toBe('2.0');
        expect(decoded.id).toBe(id);
        expect(decoded.method).toBe(method);
        expect(decoded.params).toStrictEqual(JSON.parse(JSON.stringify(params)));
      }),
    );
  });
});

describe('jsonRpc: subscriptions', () => {
  it('subscribes through public/subscribe with params.channels', () => {
    expect(jsonRpc().subscribe(['book.BTC-PERPETUAL.100ms', 'trades.BTC-PERPETUAL.raw'], 5)).toStrictEqual({
      jsonrpc: '2.0',
      id: 5,
      method: 'public/subscribe',
      params: { channels: ['book.BTC-PERPETUAL.100ms', 'trades.BTC-PERPETUAL.raw'] },
    });
  });

  it('unsubscribes through public/unsubscribe with params.channels', () => {
    expect(jsonRpc().unsubscribe(['ticker.ETH-PERPETUAL.raw'], 6)).toStrictEqual({
      jsonrpc: '2.0',
      id: 6,
      method: 'public/unsubscribe',
      params: { channels: ['ticker.ETH-PERPETUAL.raw'] },
    });
  });

  it('uses custom method names', () => {
    const protocol = jsonRpc({ subscribeMethod: 'private/subscribe', unsubscribeMethod: 'private/unsubscribe' });
    expect(protocol.subscribe(['user.orders.any.any.raw'], 1).method).toBe('private/subscribe');
    expect(protocol.unsubscribe(['user.orders.any.any.raw'], 2).method).toBe('private/unsubscribe');
  });

  it('copies the channel list', () => {
    const channels = ['a', 'b'];
    const message = jsonRpc().subscribe(channels, 1);
    channels.push('c');
    expect((message.params as { channels: string[] }).channels).toEqual(['a', 'b']);
  });
});

describe('settleJsonRpc', () => {
  it('returns the result', () => {
    expect(settleJsonRpc({ jsonrpc: '2.0', id: 1, result: { x: 1 } })).toEqual({ ok: true, value: { x: 1 } });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['false', false],
    ['zero', 0],
    ['an empty string', ''],
  ])('a %s result is a success', (_label, result) => {
    expect(settleJsonRpc({ id: 1, result })).toEqual({ ok: true, value: result });
  });

  it('checks result before error', () => {
    expect(settleJsonRpc({ id: 1, result: 'ok', error: { code: 1, message: 'ignored' } })).toEqual({
      ok: true,
      value: 'ok',
    });
  });

  it('turns an error into an RpcError with code, message and data', () => {
    const data = { param: 'amount' };
    const settled = settleJsonRpc({ id: 1, error: { code: -32602, message: 'Invalid params', data } }, 'private/buy');
    expect(settled.ok).toBe(false);
    if (settled.ok) return;
    expect(settled.error).toBeInstanceOf(RpcError);
    expect(settled.error.code).toBe('rpc_error');
    expect(settled.error.rpcCode).toBe(-32602);
    expect(settled.error.rpcMessage).toBe('Invalid params');
    expect(settled.error.data).toBe(data);
    expect(settled.error.method).toBe('private/buy');
  });

  it('fills in a missing or malformed error code and message', () => {
    const settled = settleJsonRpc({ id: 1, error: { code: 'E1', message: 42 } });
    expect(settled.ok).toBe(false);
    if (settled.ok) return;
    expect(settled.error.rpcCode).toBe(0);
    expect(settled.error.rpcMessage).toBe('Unknown error');
  });

  it('a reply with neither result nor error → RpcError -32600 carrying the reply', () => {
    const reply = { jsonrpc: '2.0', id: 4 };
    const settled = settleJsonRpc(reply, 'public/test');
    expect(settled.ok).toBe(false);
    if (settled.ok) return;
    expect(settled.error).toBeInstanceOf(RpcError);
    expect(settled.error.rpcCode).toBe(-32600);
    expect(settled.error.data).toBe(reply);
    expect(settled.error.method).toBe('public/test');
  });

  it('a non-object error counts as no error → -32600', () => {
    for (const error of [null, 'boom', 5]) {
      const settled = settleJsonRpc({ id: 1, error });
      expect(settled.ok).toBe(false);
      if (!settled.ok) expect(settled.error.rpcCode).toBe(-32600);
    }
  });

  it('jsonRpc().settle is settleJsonRpc', () => {
    expect(jsonRpc().settle).toBe(settleJsonRpc);
  });

  it('property: never throws for any JSON object, and settles consistently', () => {
    fc.assert(
      fc.property(fc.object(), fc.option(fc.string(), { nil: undefined }), (reply, method) => {
        const settled = settleJsonRpc(reply, method);
        if ('result' in reply) {
          expect(settled).toEqual({ ok: true, value: reply.result });
        } else {
          expect(settled.ok).toBe(false);
          if (!settled.ok) {
            expect(settled.error).toBeInstanceOf(RpcError);
            expect(typeof settled.error.rpcCode).toBe('number');
            expect(typeof settled.error.rpcMessage).toBe('string');
          }
        }
      }),
    );
  });

  it('property: any error object settles to an RpcError keeping a numeric code', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), fc.jsonValue(), (code, message, data) => {
        const settled = settleJsonRpc({ id: 1, error: { code, message, data } });
        expect(settled.ok).toBe(false);
        if (settled.ok) return;
        expect(settled.error.rpcCode).toBe(code);
        expect(settled.error.rpcMessage).toBe(message);
        expect(settled.error.data).toBe(data);
      }),
    );
  });
});

describe('jsonRpc: confirmed', () => {
  const { confirmed } = jsonRpc();

  it('reads an array result, keeping only strings', () => {
    expect(confirmed(['a', 1, 'b', null, { c: 1 }], ['x'])).toEqual(['a', 'b']);
    expect(confirmed([], ['x'])).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['an object', { channels: ['a'] }],
    ['a string', 'a'],
    ['true', true],
  ])('falls back to the requested channels for %s', (_label, result) => {
    const requested = ['x', 'y'];
    expect(confirmed(result, requested)).toBe(requested);
  });
});

describe('jsonRpc: outboundSubscription', () => {
  const protocol = jsonRpc();

  it('recognises a subscribe', () => {
    expect(
      protocol.outboundSubscription({
        jsonrpc: '2.0',
        id: 1,
        method: 'public/subscribe',
        params: { channels: ['a', 'b'] },
      }),
    ).toEqual({ op: 'subscribe', channels: ['a', 'b'] });
  });

  it('recognises an unsubscribe', () => {
    expect(protocol.outboundSubscription({ method: 'public/unsubscribe', params: { channels: ['a'] } })).toEqual({
      op: 'unsubscribe',
      channels: ['a'],
    });
  });

  it('keeps only string channels', () => {
    expect(protocol.outboundSubscription({ method: 'public/subscribe', params: { channels: ['a', 1, null] } })).toEqual(
      {
        op: 'subscribe',
        channels: ['a'],
      },
    );
  });

  it('recognises the messages it writes itself', () => {
    expect(protocol.outboundSubscription(protocol.subscribe(['a'], 1))).toEqual({ op: 'subscribe', channels: ['a'] });
    expect(protocol.outboundSubscription(protocol.unsubscribe(['a'], 2))).toEqual({
      op: 'unsubscribe',
      channels: ['a'],
    });
  });

  it('follows custom method names', () => {
    const custom = jsonRpc({ subscribeMethod: 'private/subscribe' });
    expect(custom.outboundSubscription({ method: 'private/subscribe', params: { channels: ['a'] } })).toEqual({
      op: 'subscribe',
      channels: ['a'],
    });
    expect(custom.outboundSubscription({ method: 'public/subscribe', params: { channels: ['a'] } })).toBeUndefined();
  });

  it.each<[string, JsonObject]>([
    ['Binance-style SUBSCRIBE', { method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 }],
    ['params.channel (singular)', { method: 'public/subscribe', params: { channel: 'a' } }],
    ['no params', { method: 'public/subscribe' }],
    ['null params', { method: 'public/subscribe', params: null }],
    ['channels not an array', { method: 'public/subscribe', params: { channels: 'a' } }],
    ['another method', { method: 'public/get_time', params: { channels: ['a'] } }],
    ['no method', { params: { channels: ['a'] } }],
  ])('ignores %s', (_label, message) => {
    expect(protocol.outboundSubscription(message)).toBeUndefined();
  });

  it('property: never throws for any object', () => {
    fc.assert(
      fc.property(fc.object(), (message) => {
        const found = protocol.outboundSubscription(message);
        if (found !== undefined) expect(['subscribe', 'unsubscribe']).toContain(found.op);
      }),
    );
  });
});
