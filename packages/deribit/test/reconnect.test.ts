// After a reconnect: authenticate → set_heartbeat → cancel-on-disconnect → restore subscriptions (batched) →
// ready; private channels only after re-auth; orders never replayed; 10028 and 11051 back off.
import { RequestError, RpcError } from '@zen-websocket/core';
import type { Order, Ticker } from '@zen-websocket/deribit';
import { describe, expect, it } from 'vitest';
import { collector, deribit, next, simulator } from './helpers.js';

const methodsOn = (sim: Awaited<ReturnType<typeof simulator>>, connection: number) =>
  sim
    .requests()
    .filter((r) => r.connection === connection)
    .map((r) => r.method);

describe('reconnect', () => {
  it('re-authenticates, re-enables session features, then restores public and private subscriptions', async () => {
    const sim = await simulator();
    const client = await deribit(sim, { cancelOnDisconnect: true });
    const orders = collector<Order>();
    const ticker = collector<Ticker>();
    await client.subscribe('user.orders.BTC-PERPETUAL.raw', orders.handler);
    await client.subscribe('ticker.BTC-PERPETUAL.100ms', ticker.handler);
    expect(methodsOn(sim, 1)).toEqual([
      'public/get_time',
      'public/auth',
      'public/set_heartbeat',
      'private/enable_cancel_on_disconnect',
      'private/subscribe',
      'public/subscribe',
    ]);

    const ready = next(client, 'ready');
    await sim.drop();
    expect(await ready).toEqual({ connections: 2 });
    await sim.waitFor((e) => e.type === 'request' && e.connection === 2 && e.method === 'private/subscribe');
    expect(methodsOn(sim, 2)).toEqual([
      'public/auth',
      'public/set_heartbeat',
      'private/enable_cancel_on_disconnect',
      'private/subscribe',
    ]);
    const restore = sim.requests('private/subscribe').find((r) => r.connection === 2);
    expect(restore?.error).toBeUndefined(); // sent after re-auth, so not refused with 13009
    expect(restore?.params.channels).toEqual(['user.orders.BTC-PERPETUAL.raw', 'ticker.BTC-PERPETUAL.100ms']);
    await client.getTime();
    expect(client.getSubscriptions().map((s) => s.status)).toEqual(['active', 'active']);

    const { order } = await client.buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market' });
    await orders.until(1, (o) => o.order_id === order.order_id);
    sim.tick();
    await ticker.until(1);
  });

  it('restores large subscription sets in batches of 100 channels', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const channels: string[] = [];
    for (const inst of ['BTC-PERPETUAL', 'ETH-PERPETUAL']) {
      for (const group of ['none', '1', '2', '5', '10', '25', '100', '250']) {
        for (const depth of ['1', '10', '20']) {
          for (const interval of ['raw', '100ms', 'agg2']) channels.push(`book.${inst}.${group}.${depth}.${interval}`);
        }
      }
    }
    expect(await client.subscribe(channels)).toHaveLength(144);
    expect(sim.requests('public/subscribe').map((r) => (r.params.channels as string[]).length)).toEqual([100, 44]);
    const ready = next(client, 'ready');
    await sim.drop();
    await ready;
    await client.getTime();
    const restored = sim.requests('public/subscribe').filter((r) => r.connection === 2);
    expect(restored.map((r) => (r.params.channels as string[]).length)).toEqual([100, 44]);
    expect(restored.every((r) => r.error === undefined)).toBe(true);
    expect(sim.events.some((e) => e.type === 'rate_limited')).toBe(false);
  });

  it('never replays an order: a buy cut off by a drop fails with outcome unknown and runs once', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    sim.dropBeforeReply('private/buy');
    const ready = next(client, 'ready');
    const error = await client
      .buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, price: 60_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ sent: true, outcome: 'unknown' });
    await ready;
    await client.getTime();
    expect(sim.requests('private/buy')).toHaveLength(1);
    expect(await client.getOpenOrders()).toHaveLength(1);
  });

  it('cancel-on-disconnect cancels the orders of a dropped connection, and is on again after the reconnect', async () => {
    const sim = await simulator();
    const client = await deribit(sim, { cancelOnDisconnect: true });
    const { order } = await client.buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, price: 60_000 });
    const ready = next(client, 'ready');
    await sim.drop();
    await ready;
    expect(await client.getOrderState(order.order_id)).toMatchObject({
      order_state: 'cancelled',
      cancel_reason: 'cancel_on_disconnect',
    });
    expect(await client.getCancelOnDisconnect()).toEqual({ scope: 'connection', enabled: true });
  });

  it('backs off (never an immediate retry) after 10028 too_many_requests', async () => {
    const sim = await simulator({ credits: { cost: 500, cap: 3000, refillPerSecond: 1 } });
    const client = await deribit(sim); // get_time, auth, set_heartbeat: 1500 of 3000 credits
    const reconnect = next(client, 'reconnect');
    const ready = next(client, 'ready');
    let error: unknown;
    for (let i = 0; i < 5 && !error; i++)
      error = await client.getTime().then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ rpcCode: 10028, rpcMessage: 'too_many_requests' });
    const info = await reconnect;
    expect(info.delay).toBeGreaterThan(0);
    expect(info.error).toMatchObject({ code: 'connection_closed', closeCode: 1000 });
    await ready;
    expect(sim.connectionCount).toBe(2);
  });

  it('rides out maintenance (11051) with backoff and recovers when it ends', async () => {
    const sim = await simulator();
    const client = await deribit(sim, { retryCount: Number.POSITIVE_INFINITY });
    let refused = 0;
    const backedOff = new Promise<void>((resolve) =>
      client.on('reconnect', ({ error, delay }) => {
        if (error instanceof RpcError && error.rpcCode === 11051 && delay > 0 && ++refused === 2) resolve();
      }),
    );
    await sim.maintenance(true);
    await backedOff;
    const ready = next(client, 'ready');
    await sim.maintenance(false);
    await ready;
    expect(await client.getTime()).toEqual(expect.any(Number));
    expect(client.getState()).toBe('connected');
  });
});
