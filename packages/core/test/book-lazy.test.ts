// lazyBook: the LocalBook a venue's orderBook() returns while its engine is still being imported. Loads are
// deferred by hand here, so each case checks the book before and after its engine arrives.
import { describe, expect, it } from 'vitest';
import { BookEngine, type BookStateChange, type LocalBook } from '../src/book/index.js';
import { lazyBook } from '../src/book/lazy.js';
import { ZenError } from '../src/errors.js';

/** A load the test settles itself, and a started engine whose first snapshot is `id` 7. */
function deferred() {
  let settle!: { resolve(book: LocalBook): void; reject(error: unknown): void };
  const promise = new Promise<LocalBook>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const stops: string[] = [];
  const engine = (): BookEngine => {
    const book = new BookEngine({
      instrument: 'BTC-PERPETUAL',
      sequence: 'chain',
      resync: async () => ({ id: 7, bids: [[100, 2]], asks: [[101, 3]] }),
      stop: () => void stops.push('stopped'),
    });
    book.start();
    return book;
  };
  return { load: () => promise, settle, engine, stops };
}

describe('lazyBook', () => {
  it('reads as an empty syncing book until the engine is there, then as the engine', async () => {
    const d = deferred();
    const book = lazyBook('BTC-PERPETUAL', d.load);
    expect(book.instrument).toBe('BTC-PERPETUAL');
    expect([book.state, book.changeId, book.lastUpdateId, book.timestamp]).toEqual(['syncing', -1, -1, 0]);
    expect([book.bids(), book.asks(), book.best(), book.spread(), book.depthAt(100)]).toEqual([
      [],
      [],
      { bid: undefined, ask: undefined },
      undefined,
      0,
    ]);
    const synced = book.synced();
    d.settle.resolve(d.engine());
    await synced;
    expect([book.state, book.changeId]).toEqual(['synced', 7]);
    expect(book.best()).toEqual({ bid: [100, 2], ask: [101, 3] });
    expect([book.spread(), book.depthAt(101)]).toEqual([1, 3]);
    await book.close();
    expect(d.stops).toEqual(['stopped']);
  });

  it('attaches handlers given before the engine arrived, except those already removed', async () => {
    const d = deferred();
    const book = lazyBook('BTC-PERPETUAL', d.load);
    const kept: BookStateChange[] = [];
    const removed: BookStateChange[] = [];
    book.on('state', (change) => kept.push(change));
    const off = book.on('state', (change) => removed.push(change));
    off();
    d.settle.resolve(d.engine());
    await book.synced();
    expect(kept.map((c) => c.to)).toContain('synced');
    expect(removed).toEqual([]);
    await book.close();
  });

  it('a close() before the engine arrives closes it once it does', async () => {
    const d = deferred();
    const book = lazyBook('BTC-PERPETUAL', d.load);
    const closing = book.close();
    d.settle.resolve(d.engine());
    await closing;
    expect(d.stops).toEqual(['stopped']);
    await expect(book.synced()).rejects.toMatchObject({ code: 'closed' });
  });

  it('a load that fails rejects synced() and reaches error handlers, naming the instrument', async () => {
    const d = deferred();
    const book = lazyBook('BTC-PERPETUAL', d.load);
    const errors: ZenError[] = [];
    book.on('error', (error) => errors.push(error));
    const synced = book.synced();
    const cause = new TypeError('Failed to fetch dynamically imported module');
    d.settle.reject(cause);
    const error = await synced.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZenError);
    expect(error).toMatchObject({ code: 'connection_error', cause });
    expect((error as Error).message).toContain('BTC-PERPETUAL');
    expect(errors).toEqual([error]);
    await expect(book.close()).resolves.toBeUndefined();
  });
});
