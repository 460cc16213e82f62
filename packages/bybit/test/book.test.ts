import type { BookGap } from '@zen-websocket/core/book';
import { describe, expect, it } from 'vitest';
import { bybit, simulator } from './helpers.js';

describe('orderBook (LocalBook over orderbook.<depth>.<symbol>)', () => {
  it('syncs from the snapshot, applies deltas in u order, equals the venue book', async () => {
    const sim = await simulator();
    const client = await bybit(sim);
    const book = client.orderBook('BTCUSDT', { depth: 50 });
    await book.synced();
    for (let i = 0; i < 40; i++) sim.tick();
    // a second client's snapshot is the venue's view at its current u
    const other = await bybit(sim);
    const snap = await new Promise<{ b: string[][]; a: string[][]; u: number }>((resolve) => {
      void other.subscribe('orderbook.50.BTCUSDT', (d, m) => m.type === 'snapshot' && resolve(d));
    });
    expect(snap.u).toBeGreaterThan(5);
    await expect.poll(() => book.lastUpdateId).toBe(snap.u);
    expect(book.state).toBe('synced');
    expect(book.bids()).toEqual(snap.b.map(([p, s]) => [Number(p), Number(s)]));
    expect(book.asks()).toEqual(snap.a.map(([p, s]) => [Number(p), Number(s)]));
  });

  it('overwrites the book on a u = 1 snapshot (service restart) and stays synced', async () => {
    const sim = await simulator();
    const client = await bybit(sim);
    const book = client.orderBook('ETHUSDT', { depth: 1 });
    await book.synced();
    for (let i = 0; i < 20; i++) sim.tick();
    await expect.poll(() => book.lastUpdateId).toBeGreaterThan(1);
    const gaps: BookGap[] = [];
    book.on('gap', (g) => gaps.push(g));
    sim.restartBook('ETHUSDT');
    await expect.poll(() => book.lastUpdateId).toBe(1);
    for (let i = 0; i < 20; i++) sim.tick();
    await expect.poll(() => book.lastUpdateId).toBeGreaterThan(1);
    expect(gaps).toEqual([]);
    expect(book.state).toBe('synced');
  });

  it('a skipped u is a gap; the book resubscribes and syncs again', async () => {
    const sim = await simulator();
    const client = await bybit(sim);
    const book = client.orderBook('BTCUSDT', { depth: 50 });
    await book.synced();
    const gap = new Promise<BookGap>((resolve) => book.on('gap', resolve));
    sim.gap('BTCUSDT');
    for (let i = 0; i < 5; i++) sim.tick();
    expect((await gap).reason).toBe('sequence');
    await book.synced();
    await sim.waitForMessage((m) => m.data?.op === 'unsubscribe');
    expect(book.state).toBe('synced');
  });

  it('goes stale when the connection drops and resyncs from the restored subscription', async () => {
    const sim = await simulator();
    const client = await bybit(sim);
    const book = client.orderBook('BTCUSDT');
    await book.synced();
    const stale = new Promise<void>((resolve) => book.on('state', (s) => s.to === 'stale' && resolve()));
    await sim.drop('abnormal');
    await stale;
    await book.synced();
    expect(sim.connections()[0]?.topics).toEqual(['orderbook.50.BTCUSDT']);
  });

  it('refuses bad symbols and depths', async () => {
    const sim = await simulator();
    const client = await bybit(sim);
    expect(() => client.orderBook('btcusdt')).toThrow(TypeError);
    expect(() => client.orderBook('BTCUSDT', { depth: 7 })).toThrow(RangeError);
  });
});

describe('orderBook options', () => {
  it('refuses a misspelt option with the nearest name', async () => {
    const sim = await simulator();
    const client = await bybit(sim);
    expect(() => client.orderBook('BTCUSDT', { dept: 50 } as never)).toThrow(/depth/);
  });
});
