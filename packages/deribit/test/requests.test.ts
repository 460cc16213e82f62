// Requests: the typed helpers against the simulator, Deribit error codes kept and classified.
import { AuthError, RpcError } from '@zen-websocket/core';
import { deribitErrorKind } from '@zen-websocket/deribit';
import { describe, expect, it } from 'vitest';
import { deribit, simulator } from './helpers.js';

describe('requests', () => {
  it('public helpers', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    expect(await client.test()).toEqual({ version: expect.any(String) });
    expect(Math.abs((await client.getTime()) - Date.now())).toBeLessThan(5000);
    expect(await client.ticker('BTC-PERPETUAL')).toMatchObject({
      instrument_name: 'BTC-PERPETUAL',
      best_bid_price: expect.any(Number),
    });
    const book = await client.getOrderBook('ETH-PERPETUAL', { depth: 5 });
    expect(book.bids).toHaveLength(5);
    expect(sim.requests('public/get_order_book')[0]?.params).toEqual({ instrument_name: 'ETH-PERPETUAL', depth: 5 });
    expect(await client.getInstruments({ currency: 'BTC', kind: 'future' })).toEqual([
      expect.objectContaining({ instrument_name: 'BTC-PERPETUAL', tick_size: 0.5 }),
    ]);
    expect(await client.request('public/status')).toEqual({ locked: false, locked_currencies: [] });
  });

  it('trading helpers', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const bought = await client.buy({ instrument_name: 'BTC-PERPETUAL', amount: 20, type: 'market', label: 'zen' });
    expect(bought.order).toMatchObject({ order_state: 'filled', filled_amount: 20, label: 'zen' });
    expect(bought.trades.length).toBeGreaterThan(0);
    const resting = (await client.sell({ instrument_name: 'BTC-PERPETUAL', amount: 10, price: 70_000 })).order;
    const other = (await client.buy({ instrument_name: 'ETH-PERPETUAL', amount: 1, price: 3_000 })).order;
    expect((await client.getOpenOrders()).map((o) => o.order_id)).toEqual([resting.order_id, other.order_id]);
    expect(await client.getOrderState(resting.order_id)).toMatchObject({ order_state: 'open', direction: 'sell' });
    expect(await client.cancel(resting.order_id)).toMatchObject({ order_state: 'cancelled' });
    expect(await client.cancelAll()).toBe(1);
    expect(await client.enableCancelOnDisconnect()).toBe('ok');
    expect(await client.getCancelOnDisconnect('connection')).toEqual({ scope: 'connection', enabled: true });
    expect(await client.disableCancelOnDisconnect()).toBe('ok');
    expect(await client.getCancelOnDisconnect()).toEqual({ scope: 'connection', enabled: false });
  });

  it('errors keep Deribit’s code and message', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const error = (await client.cancel('BTC-1').catch((e: unknown) => e)) as RpcError;
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ rpcCode: 10004, rpcMessage: 'order_not_found', method: 'private/cancel' });
    expect(deribitErrorKind(error)).toBeUndefined();
    const price = (await client
      .buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, price: 1.3 })
      .catch((e: unknown) => e)) as RpcError;
    expect(price).toMatchObject({ rpcCode: 10043, rpcMessage: 'price_wrong_tick' });
  });

  it('errors carry Deribit’s reason from `data` in their message', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const error = (await client
      .buy({ instrument_name: 'BTC-PERPETUAL', amount: 7, type: 'market' })
      .catch((e: unknown) => e)) as RpcError;
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({
      code: 'rpc_error',
      rpcCode: -32602,
      rpcMessage: 'Invalid params',
      method: 'private/buy',
      data: { param: 'amount', reason: 'must be a positive multiple of the contract size 10' },
    });
    expect(error.message).toBe(
      'private/buy failed: Invalid params (code -32602): amount must be a positive multiple of the contract size 10',
    );
    const tick = (await client
      .buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, price: 1.3 })
      .catch((e: unknown) => e)) as RpcError;
    expect(tick.message).toMatch(/price_wrong_tick \(code 10043\): price must be a multiple of the tick size 0\.5$/);
    const plain = (await client.cancel('BTC-1').catch((e: unknown) => e)) as RpcError;
    expect(plain.message).toBe('private/cancel failed: order_not_found (code 10004)'); // no data, nothing added
  });

  it('exposes every method of the core client underneath', async () => {
    const client = await deribit(await simulator());
    const proto = Object.getPrototypeOf(client.core) as object;
    const methods = Object.getOwnPropertyNames(proto).filter(
      (name) =>
        name !== 'constructor' &&
        name !== 'start' &&
        typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function',
    );
    expect(methods.length).toBeGreaterThan(10);
    for (const name of methods)
      expect(typeof (client as unknown as Record<string, unknown>)[name], name).toBe('function');
    expect(typeof client[Symbol.asyncDispose]).toBe('function');
  });

  it('classifies Deribit errors', () => {
    expect(deribitErrorKind(new RpcError(10028, 'too_many_requests'))).toBe('backoff');
    expect(deribitErrorKind(new RpcError(11051, 'system_maintenance'))).toBe('backoff');
    expect(deribitErrorKind(new RpcError(13009, 'unauthorized'))).toBe('reauthenticate');
    expect(deribitErrorKind(new RpcError(13004, 'invalid_credentials'))).toBe('fatal');
    expect(deribitErrorKind(new AuthError('invalid_credentials', 'no'))).toBe('fatal');
    expect(deribitErrorKind(new RpcError(10009, 'not_enough_funds'))).toBeUndefined();
    expect(deribitErrorKind(new Error('x'))).toBeUndefined();
  });
});
