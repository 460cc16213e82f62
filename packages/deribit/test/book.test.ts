// Deribit order book: snapshot then changes chained by prev_change_id, against the simulator's own book; an
// injected gap resubscribes and rebuilds; a dropped connection restores; grouped books are plain snapshots.
import type { BookGap, LocalBook } from '@zen-websocket/core/book';
import type { DeribitSimulator } from '@zen-websocket/testing';
import { describe, expect, it } from 'vitest';
import { deribit, simulator } from './helpers.js';

/** The first value `subscribe` reports. */
function once<T>(subscribe: (found: (value: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((value) => {
      off();
      resolve(value);
    });
  });
}

/** Resolves when the book is synced at the simulator's current change id; then both books must be equal. */
function caughtUp(book: LocalBook, sim: DeribitSimulator): Promise<void> {
  const target = sim.orderBook().change_id;
  return new Promise((resolve) => {
    const check = () => {
      if (book.state !== 'synced' || book.changeId !== target) return false;
      off();
      offState();
      resolve();
      return true;
    };
    const off = book.on('update', () => void check());
    const offState = book.on('state', () => void check());
    check();
  });
}

function expectEqual(book: LocalBook, sim: DeribitSimulator): void {
  const ref = sim.orderBook();
  expect(book.changeId).toBe(ref.change_id);
  expect(book.bids()).toEqual(ref.bids);
  expect(book.asks()).toEqual(ref.asks);
}

describe('Deribit order book', () => {
  it('builds from the snapshot, follows changes, and equals the simulator book', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const book = client.orderBook('BTC-PERPETUAL');
    await book.synced();
    expectEqual(book, sim);
    let updates = 0;
    book.on('update', (u) => {
      updates++;
      expect(u.snapshot).toBe(false);
    });
    for (let i = 0; i < 25; i++) sim.tick();
    await caughtUp(book, sim);
    expectEqual(book, sim);
    expect(updates).toBeGreaterThan(0);
    expect(book.spread()).toBeGreaterThan(0);
  });

  it('a change_id gap is reported, the channel resubscribed, and the book rebuilt', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const book = client.orderBook('BTC-PERPETUAL', { backoff: { base: 10, cap: 100 } });
    await book.synced();
    const gap = once<BookGap>((found) => book.on('gap', found));
    sim.gap();
    sim.tick(3);
    const reported = await gap;
    expect(reported.reason).toBe('sequence');
    expect(reported.received).not.toBe(reported.expected);
    await book.synced();
    expect(sim.requests('public/unsubscribe').length).toBe(1);
    await caughtUp(book, sim);
    expectEqual(book, sim);
  });

  it('a dropped connection makes the book stale, then the restored subscription rebuilds it', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const book = client.orderBook('BTC-PERPETUAL');
    await book.synced();
    const stale = once<string>((found) => book.on('state', (s) => s.to !== 'synced' && found(s.to)));
    const gap = once<BookGap>((found) => book.on('gap', found));
    await sim.drop();
    expect(await stale).toBe('stale');
    sim.tick(5); // changes while disconnected: the restored snapshot does not continue the book
    const reported = await gap;
    expect(reported).toMatchObject({ reason: 'reconnected', expected: expect.any(Number) });
    expect(reported.received).toBeGreaterThan(reported.expected);
    await book.synced();
    await caughtUp(book, sim);
    expectEqual(book, sim);
  });

  it('a grouped book is a plain snapshot every time', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const book = client.orderBook('BTC-PERPETUAL', { grouped: { group: 'none', depth: 10 } });
    await sim.waitFor((e) => e.type === 'request' && e.method === 'public/subscribe');
    sim.tick();
    await book.synced();
    sim.tick(3);
    await caughtUp(book, sim);
    const ref = sim.orderBook();
    expect(book.bids()).toEqual(ref.bids.slice(0, 10));
    expect(book.asks()).toEqual(ref.asks.slice(0, 10));
  });

  it('refuses bad instruments and groups at once; close() unsubscribes', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    expect(() => client.orderBook('BTC PERPETUAL')).toThrow(TypeError);
    // @ts-expect-error: a misspelt option
    expect(() => client.orderBook('BTC-PERPETUAL', { intervl: 'raw' })).toThrow(/did you mean "interval"/);
    expect(() => client.orderBook('BTC-PERPETUAL', { grouped: { group: '3', depth: 10 } })).toThrow(RangeError);
    for (const grouped of [
      { group: '1.10', depth: 10 },
      { group: '1', depth: 15 },
      { group: 'none', depth: 1.5 },
    ])
      expect(() => client.orderBook('BTC-PERPETUAL', { grouped } as never), JSON.stringify(grouped)).toThrow(
        RangeError,
      );
    const book = client.orderBook('BTC-PERPETUAL');
    await book.synced();
    await book.close();
    expect(sim.requests('public/unsubscribe').at(-1)?.params.channels).toEqual(['book.BTC-PERPETUAL.100ms']);
  });
});
