import { BinanceError, binanceClassify, binanceProtocol } from '@zen-websocket/binance';
import { ConnectionError, classify, RequestError } from '@zen-websocket/core';
import { describe, expect, it } from 'vitest';

describe('binanceProtocol', () => {
  it('writes control messages and requests as {method, params, id}', () => {
    const streams = binanceProtocol();
    expect(streams.subscribe(['btcusdt@trade'], 1)).toEqual({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 });
    expect(streams.unsubscribe(['btcusdt@trade'], 2)).toEqual({
      method: 'UNSUBSCRIBE',
      params: ['btcusdt@trade'],
      id: 2,
    });
    expect(streams.request('LIST_SUBSCRIPTIONS', undefined, 3)).toEqual({ method: 'LIST_SUBSCRIPTIONS', id: 3 });
    expect(binanceProtocol(true).request('order.place', { symbol: 'BTCUSDT' }, 4)).toEqual({
      method: 'order.place',
      params: { symbol: 'BTCUSDT' },
      id: 4,
    });
  });

  it('settles stream replies to the bare result, API replies to {status, result, rateLimits}', () => {
    expect(binanceProtocol().settle({ result: null, id: 1 })).toEqual({ ok: true, value: null });
    const reply = { id: 1, status: 200, result: {}, rateLimits: [] };
    expect(binanceProtocol(true).settle(reply)).toEqual({ ok: true, value: reply });
  });

  it('keeps code, msg, status, rateLimits and retryAfter on errors', () => {
    const settled = binanceProtocol(true).settle(
      {
        id: 1,
        status: 429,
        error: { code: -1003, msg: 'Too much request weight used', data: { retryAfter: 1_700_000_000_000 } },
        rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 6001 }],
      },
      'ping',
    );
    expect(settled.ok).toBe(false);
    const error = (settled as unknown as { error: BinanceError }).error;
    expect(error).toBeInstanceOf(BinanceError);
    expect(error).toMatchObject({
      rpcCode: -1003,
      rpcMessage: 'Too much request weight used',
      status: 429,
      retryAfter: 1_700_000_000_000,
      method: 'ping',
      code: 'rpc_error',
    });
    expect(error.rateLimits).toHaveLength(1);
    const streamError = binanceProtocol().settle({ error: { code: 2, msg: 'Invalid request: invalid stream' }, id: 3 });
    expect(streamError).toMatchObject({ ok: false, error: { rpcCode: 2, status: undefined } });
  });
});

describe('binanceClassify', () => {
  const decide = (error: Parameters<typeof classify>[0]) => binanceClassify(error, classify(error));
  it('backs off on 1008 and on a 429 or 418 upgrade', () => {
    expect(decide(new ConnectionError('connection_closed', 'closed', { closeCode: 1008 }))).toBe('backoff');
    expect(decide(new ConnectionError('handshake_rejected', 'no', { status: 429 }))).toBe('backoff');
    expect(decide(new ConnectionError('handshake_rejected', 'no', { status: 418 }))).toBe('backoff');
  });
  it('retries a setup request that timed out or was cut; keeps fatal what core says is fatal', () => {
    expect(decide(new RequestError('request_timeout', 'slow', { sent: true }))).toBe('retry');
    expect(decide(new RequestError('disconnected', 'cut', { sent: true }))).toBe('retry');
    expect(decide(new ConnectionError('handshake_rejected', 'no', { status: 404 }))).toBe('fatal');
    expect(decide(new BinanceError(-1022, 'Signature for this request is not valid.'))).toBe('fatal');
  });
});
