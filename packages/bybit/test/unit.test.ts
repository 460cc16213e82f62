import { createHmac } from 'node:crypto';
import { bybitAuthArgs, bybitCost, bybitLimits, bybitProtocol, createBybitClient } from '@zen-websocket/bybit';
import { describe, expect, it } from 'vitest';

describe('bybitAuthArgs', () => {
  // Bybit publishes the recipe (hex HMAC-SHA256 of "GET/realtime" + expires) but no key/expires/signature
  // triple, so the known answer is computed independently with node:crypto.
  it('signs "GET/realtime" + expires with HMAC-SHA256, lower-case hex', async () => {
    const expires = 1_711_010_121_452;
    const expected = createHmac('sha256', 'my-secret').update(`GET/realtime${expires}`).digest('hex');
    expect(await bybitAuthArgs('my-key', 'my-secret', expires)).toEqual(['my-key', expires, expected]);
  });
});

describe('bybitProtocol', () => {
  it('writes stream requests with req_id and trade requests with reqId, header and args', () => {
    expect(bybitProtocol('public').subscribe(['tickers.BTCUSDT'], 7)).toEqual({
      req_id: '7',
      op: 'subscribe',
      args: ['tickers.BTCUSDT'],
    });
    const header = { 'X-BAPI-TIMESTAMP': '1', 'X-BAPI-RECV-WINDOW': '5000' };
    expect(bybitProtocol('trade').request('order.create', { header, args: [{ symbol: 'X' }] }, 3)).toEqual({
      reqId: '3',
      header,
      op: 'order.create',
      args: [{ symbol: 'X' }],
    });
  });

  it('matches replies by id, an id-less auth reply to the auth in flight, and consumes pongs', () => {
    const p = bybitProtocol('private');
    p.request('auth', ['k', 1, 's'], 9);
    expect(p.idOf?.({ success: true, op: 'auth', conn_id: 'c' })).toBe(9);
    expect(p.idOf?.({ success: true, op: 'subscribe', req_id: '12' })).toBe(12);
    expect(p.idOf?.({ topic: 'order', id: '5', data: [] })).toBeUndefined();
    expect(p.heartbeatKind?.({ op: 'pong', args: ['1'] })).toBe('pong');
    expect(p.heartbeatKind?.({ op: 'ping', success: true, ret_msg: 'pong' })).toBe('pong');
    expect(p.heartbeat?.probe).toEqual({ op: 'ping' });
  });

  it('settles retCode and success replies, keeping Bybit’s code and message', () => {
    const p = bybitProtocol('trade');
    const bad = p.settle({ retCode: 10006, retMsg: 'Too many visits', op: 'order.create' }, 'order.create');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ retCode: 10006, retMsg: 'Too many visits', rpcCode: 10006 });
    expect(p.settle({ retCode: 0, retMsg: 'OK', data: { orderId: '1' } }).ok).toBe(true);
    const refused = bybitProtocol('public').settle({ success: false, ret_msg: 'error:args size >10' });
    expect(refused.ok ? undefined : refused.error.message).toContain('error:args size >10');
  });
});

describe('costs', () => {
  it('prices trade ops at 1 and everything else at 0', () => {
    expect(bybitCost({ op: 'order.create' })).toBe(1);
    expect(bybitCost({ op: 'order.cancel' })).toBe(1);
    expect(bybitCost({ op: 'ping' })).toBe(0);
    expect(bybitCost({ op: 'subscribe', args: [] })).toBe(0);
    expect(bybitLimits(20)).toMatchObject({ capacity: 20, refillRate: 20, refillInterval: 1000 });
  });
});

describe('options', () => {
  it('rejects unknown keys with the nearest name, and bad values with how to fix them', async () => {
    await expect(createBybitClient({ apikey: 'k' } as never)).rejects.toThrow(/apiKey/);
    await expect(createBybitClient({ apiKey: 'k' })).rejects.toThrow(/apiKey and options.apiSecret/);
    await expect(createBybitClient({ dcp: true })).rejects.toThrow(/dcp needs apiKey/);
    await expect(createBybitClient({ url: 'wss://stream.bybit.com/v5/public/linear' })).rejects.toThrow(/host only/);
    await expect(createBybitClient({ pingInterval: -1 })).rejects.toThrow(RangeError);
    await expect(createBybitClient({ category: 'option' as never })).rejects.toThrow(/category/);
  });
});
