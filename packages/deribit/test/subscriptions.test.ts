// Subscriptions: per-channel handlers routed by params.channel, public vs private dialect, refused channels,
// handler isolation, and book continuity (change_id/prev_change_id) with a resubscribe on a gap.
import { RpcError } from '@zen-websocket/core';
import type { BookUpdate, Order, Ticker } from '@zen-websocket/deribit';
import { describe, expect, it } from 'vitest';
import { collector, deribit, next, simulator } from './helpers.js';

describe('subscriptions', () => {
  it('routes each notification to the handlers of its channel', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const btc = collector<Ticker>();
    const eth = collector<Ticker>();
    expect(await client.subscribe('ticker.BTC-PERPETUAL.100ms', btc.handler)).toEqual(['ticker.BTC-PERPETUAL.100ms']);
    await client.subscribe(['ticker.ETH-PERPETUAL.100ms'], eth.handler);
    expect(sim.requests('public/subscribe')).toHaveLength(2);
    sim.tick(3);
    await Promise.all([btc.until(3), eth.until(3)]);
    expect(btc.items.every((t) => t.instrument_name === 'BTC-PERPETUAL')).toBe(true);
    expect(eth.items.every((t) => t.instrument_name === 'ETH-PERPETUAL')).toBe(true);

    await client.unsubscribe('ticker.BTC-PERPETUAL.100ms');
    sim.tick(2);
    await eth.until(5);
    await client.getTime(); // every notification sent before this reply has arrived
    expect(btc.items).toHaveLength(3);
    expect(client.getSubscriptions()).toEqual([{ channel: 'ticker.ETH-PERPETUAL.100ms', status: 'active' }]);
  });

  it('uses private/subscribe for private channels and delivers the user’s own orders', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const orders = collector<Order>();
    await client.subscribe(['user.orders.BTC-PERPETUAL.raw', 'ticker.BTC-PERPETUAL.100ms'], orders.handler);
    expect(sim.requests('private/subscribe')[0]?.params.channels).toEqual([
      'user.orders.BTC-PERPETUAL.raw',
      'ticker.BTC-PERPETUAL.100ms',
    ]);
    const { order } = await client.buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market' });
    const [seen] = await orders.until(1, (o) => o.order_id === order.order_id);
    expect(seen).toMatchObject({ order_state: 'filled', direction: 'buy' });

    await client.unsubscribe('user.orders.BTC-PERPETUAL.raw');
    expect(sim.requests('private/unsubscribe')).toHaveLength(1);
    const before = orders.items.length;
    await client.buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market' });
    expect(orders.items.slice(before).some((o) => 'order_id' in o)).toBe(false);
  });

  it('rejects channels the server does not confirm; the confirmed ones keep their handler', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const ticks = collector<Ticker>();
    const error = await client
      .subscribe(['ticker.NOPE.100ms', 'ticker.BTC-PERPETUAL.100ms'], ticks.handler)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(client.getSubscriptions()).toEqual([{ channel: 'ticker.BTC-PERPETUAL.100ms', status: 'active' }]);
    sim.tick();
    await ticks.until(1);
  });

  it('a throwing handler does not stop the others and is reported as handler_error', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const good = collector<Ticker>();
    const reported = next(client, 'error');
    await client.subscribe('ticker.BTC-PERPETUAL.100ms', () => {
      throw new Error('boom');
    });
    await client.subscribe('ticker.BTC-PERPETUAL.100ms', good.handler);
    sim.tick();
    await good.until(1);
    expect(await reported).toMatchObject({ code: 'handler_error' });
  });

  it('keeps book continuity and resubscribes for a fresh snapshot when a change_id gap appears', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const channel = 'book.BTC-PERPETUAL.100ms';
    const book = collector<BookUpdate>();
    await client.subscribe(channel, book.handler);
    const [snapshot] = await book.until(1);
    expect(snapshot).toMatchObject({ type: 'snapshot', change_id: expect.any(Number) });
    sim.tick(10);
    await book.until(4);
    const chain = (items: BookUpdate[]) =>
      items.every((b, i) => i === 0 || b.prev_change_id === items[i - 1]?.change_id);
    await client.getTime();
    expect(chain(book.items)).toBe(true);

    const gap = next(client, 'gap');
    sim.gap();
    sim.tick(10);
    expect(await gap).toMatchObject({ channel, expected: book.items.at(-1)?.change_id });
    const [, fresh] = (await book.until(2, (b) => b.type === 'snapshot')) as [BookUpdate, BookUpdate];
    expect(sim.requests('public/unsubscribe').at(-1)?.params.channels).toEqual([channel]);
    expect(sim.requests('public/subscribe').at(-1)?.params.channels).toEqual([channel]);
    const after = book.items.indexOf(fresh);
    sim.tick(10);
    await book.until(after + 3);
    await client.getTime();
    expect(chain(book.items.slice(after))).toBe(true);
    // every change delivered continues the one before it: the gap was never handed to the handler
    expect(
      book.items.filter((b, i) => i > 0 && b.type === 'change' && b.prev_change_id !== book.items[i - 1]?.change_id),
    ).toEqual([]);
  });
});
