// The adapter contract, as for Deribit and Binance: restore order after a reconnect (connect → auth → restore),
// re-auth with a fresh signature, trade ops never replayed, subscribe limits, refused keys fatal.
import { type BybitError, createBybitClient } from '@zen-websocket/bybit';
import { AuthError, RequestError } from '@zen-websocket/core';
import { wsSocketFactory } from '@zen-websocket/testing';
import { describe, expect, it } from 'vitest';
import { bybit, KEYS, next, simulator } from './helpers.js';

const ops = (sim: Awaited<ReturnType<typeof simulator>>, connection: number) =>
  sim
    .received()
    .filter((m) => m.connection === connection)
    .map((m) => String(m.data?.op));

describe('Bybit adapter contract', () => {
  it('restores private topics after a reconnect only after a fresh auth', async () => {
    const sim = await simulator();
    const client = await bybit(sim, KEYS);
    await client.subscribe(['order', 'execution', 'position', 'wallet']);
    const first = sim.connections().find((c) => c.kind === 'private');
    expect([...(first?.topics ?? [])].sort()).toEqual(['execution', 'order', 'position', 'wallet']);
    const firstAuth = sim.received().find((m) => m.kind === 'private' && m.data?.op === 'auth');

    const back = next(client, 'private', 'connected');
    await sim.drop('abnormal');
    await back;
    const second = sim.connections().find((c) => c.kind === 'private' && c.id !== first?.id);
    expect(second).toBeDefined();
    await sim.waitForMessage((m) => m.connection === second?.id && m.data?.op === 'subscribe');
    const seq = ops(sim, second?.id as number).filter((op) => op !== 'ping');
    expect(seq[0]).toBe('auth');
    expect(seq.indexOf('auth')).toBeLessThan(seq.indexOf('subscribe'));
    const secondAuth = sim.received().find((m) => m.connection === second?.id && m.data?.op === 'auth');
    expect(((secondAuth?.data?.args ?? []) as unknown[])[2]).not.toBe(((firstAuth?.data?.args ?? []) as unknown[])[2]);
    await expect
      .poll(() => [...(sim.connections().find((c) => c.id === second?.id)?.topics ?? [])].sort())
      .toEqual(['execution', 'order', 'position', 'wallet']);
  });

  it('restores public topics in requests of at most argsLimit topics (spot refuses more than 10)', async () => {
    const sim = await simulator();
    const client = await bybit(sim, { category: 'spot' });
    const topics = ['BTCUSDT', 'ETHUSDT'].flatMap((s) =>
      ['1', '3', '5', '15', '30', '60', '120', '240', '360', '720', 'D', 'W'].map((i) => `kline.${i}.${s}`),
    );
    await client.subscribe(topics);
    const sizes = () =>
      sim
        .received()
        .filter((m) => m.data?.op === 'subscribe')
        .map((m) => ((m.data?.args ?? []) as unknown[]).length);
    expect(sizes().every((n) => n <= 10)).toBe(true);
    expect(sizes().reduce((a, b) => a + b, 0)).toBe(24);
    const back = next(client, 'public', 'connected');
    await sim.drop(1001);
    await back;
    await expect.poll(() => sim.connections()[0]?.topics.length).toBe(24);
    expect(sizes().every((n) => n <= 10)).toBe(true);
  });

  it('never replays a trade op: a drop before the reply rejects with outcome unknown, and nothing is resent', async () => {
    const sim = await simulator();
    const client = await bybit(sim, KEYS);
    sim.holdTrade(true);
    const order = client.createOrder({ symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '100' });
    const failure = order.catch((e: unknown) => e);
    await sim.waitForMessage((m) => m.data?.op === 'order.create');
    sim.holdTrade(false);
    const back = next(client, 'trade', 'connected');
    await sim.drop('abnormal');
    const error = await failure;
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).outcome).toBe('unknown');
    await back;
    const trades = sim.connections().filter((c) => c.kind === 'trade');
    await sim.waitForMessage((m) => m.connection === trades[0]?.id && m.data?.op === 'auth');
    expect(sim.received().filter((m) => m.data?.op === 'order.create')).toHaveLength(1);
  });

  it('a refused key is fatal: AuthError, no reconnect loop', async () => {
    const sim = await simulator();
    const error = await createBybitClient({
      url: sim.url,
      socketFactory: wsSocketFactory,
      apiKey: 'sim-key',
      apiSecret: 'wrong',
      retryDelay: 5,
      retryCount: 5,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/Invalid sign/);
    expect((error as Error).message).not.toContain('wrong');
    expect(sim.received().filter((m) => m.data?.op === 'auth').length).toBeLessThanOrEqual(2); // private + trade, once each
  });

  it('errors keep Bybit’s retCode and retMsg; orders and private updates flow', async () => {
    const sim = await simulator();
    const client = await bybit(sim, KEYS);
    const updates: string[] = [];
    const seen = new Promise<void>((resolve) => {
      void client.subscribe('order', (rows) => {
        for (const r of rows) updates.push(`${r.orderId}:${r.orderStatus}`);
        if (updates.length >= 2) resolve();
      });
    });
    await sim.waitForMessage((m) => m.data?.op === 'subscribe');
    await expect.poll(() => sim.connections().find((c) => c.kind === 'private')?.topics).toEqual(['order']);
    const { orderId } = await client.createOrder({
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.01',
      price: '100',
    });
    expect(sim.openOrders('sim-key').map((o) => o.orderId)).toEqual([orderId]);
    await client.cancelOrder({ symbol: 'BTCUSDT', orderId });
    await seen;
    expect(updates).toEqual([`${orderId}:New`, `${orderId}:Cancelled`]);
    const error = (await client.cancelOrder({ symbol: 'BTCUSDT', orderId }).catch((e: unknown) => e)) as BybitError;
    expect(error.name).toBe('BybitError');
    expect(error.retCode).toBe(110001);
    expect(error.retMsg).toBe('order not exists or too late to cancel');
    expect(error.outcome).toBe('rejected');
    const sent = sim.received().find((m) => m.data?.op === 'order.create')?.data;
    expect(Object.keys(sent?.header as object).sort()).toEqual(['X-BAPI-RECV-WINDOW', 'X-BAPI-TIMESTAMP']);
  });

  it('refused topics reject with Bybit’s ret_msg', async () => {
    const sim = await simulator();
    const client = await bybit(sim);
    const error = (await client.subscribe('tickers.NOPE').catch((e: unknown) => e)) as BybitError;
    expect(error.retMsg).toBe('Invalid symbol :[tickers.NOPE]');
    expect(error.retCode).toBeUndefined();
  });

  it('pings with {"op":"ping"} and keeps pongs out of messages', async () => {
    const sim = await simulator();
    const client = await bybit(sim, { pingInterval: 30 });
    const messages: unknown[] = [];
    client.on('message', (m) => messages.push(m));
    await sim.waitForMessage((m) => m.data?.op === 'ping');
    await sim.waitForMessage(
      (m) => m.data?.op === 'ping' && sim.received().filter((x) => x.data?.op === 'ping').length >= 3,
    );
    expect(messages).toEqual([]);
    expect(client.public.getState()).toBe('connected');
  });

  it('dcp: subscribes the dcp topic after auth, so Bybit cancels open orders when the line stays down', async () => {
    const sim = await simulator({ dcpWindowMs: 30 });
    const client = await bybit(sim, { ...KEYS, dcp: true });
    expect(sim.connections().find((c) => c.kind === 'private')?.topics).toEqual(['dcp']);
    await client.createOrder({ symbol: 'BTCUSDT', side: 'Sell', orderType: 'Limit', qty: '1', price: '999999' });
    expect(sim.openOrders()).toHaveLength(1);
    await client.close();
    await expect.poll(() => sim.openOrders().length).toBe(0);
  });
});

describe('recording', () => {
  it('records the auth frame with apiKey and signature redacted (positional args)', async () => {
    const sim = await simulator();
    const entries: string[] = [];
    await bybit(sim, { ...KEYS, recordTo: { record: (e) => entries.push(`${e.dir} ${String(e.data)}`) } });
    const auth = entries.filter((e) => e.startsWith('out') && e.includes('"auth"'));
    expect(auth.length).toBe(2); // private + trade
    for (const line of auth) {
      expect(line).toContain('"[REDACTED]"');
      expect(line).not.toContain('sim-key');
    }
    const sig = sim.received().find((m) => m.data?.op === 'auth')?.data?.args as unknown[];
    expect(entries.some((e) => e.includes(String(sig[2])))).toBe(false);
  });
});

describe('handlers', () => {
  it('a throwing handler is reported on error; the next handler and message still run', async () => {
    const sim = await simulator();
    const client = await bybit(sim);
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.code));
    await client.subscribe('publicTrade.BTCUSDT', () => {
      throw new Error('boom');
    });
    const second = new Promise((resolve) => void client.subscribe('tickers.BTCUSDT', resolve));
    await expect.poll(() => sim.connections()[0]?.topics.length).toBe(2);
    sim.tick();
    await second;
    expect(errors).toEqual(['handler_error']);
  });

  it('subscribing a topic already subscribed resolves without asking Bybit again', async () => {
    const sim = await simulator();
    const client = await bybit(sim);
    await client.subscribe('tickers.ETHUSDT');
    await client.subscribe('tickers.ETHUSDT');
    expect(sim.received().filter((m) => m.data?.op === 'subscribe')).toHaveLength(1);
  });
});
