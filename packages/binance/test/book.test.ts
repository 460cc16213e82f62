import { type BinanceApi, type BinanceStreams, createBinanceApi, createBinanceStreams } from '@zen-websocket/binance';
import type { BookGap, LocalBook } from '@zen-websocket/core/book';
import { type BinanceSimulator, startBinanceSimulator, wsSocketFactory } from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { restOrigin } from '../src/book.js';
import { next } from './helpers.js';

let sim: BinanceSimulator | undefined;
let streams: BinanceStreams | undefined;
let api: BinanceApi | undefined;

afterEach(async () => {
  await streams?.close();
  await api?.close();
  await sim?.stop();
  streams = undefined;
  api = undefined;
  sim = undefined;
});

async function setup(): Promise<{ sim: BinanceSimulator; streams: BinanceStreams }> {
  sim = await startBinanceSimulator({ feedIntervalMs: 10, pingIntervalMs: 0, symbols: ['BTCUSDT'] });
  streams = createBinanceStreams({
    baseUrl: sim.streamUrl,
    socketFactory: wsSocketFactory,
    connect: { retryDelay: 20, maxBackoff: 200 },
  });
  return { sim, streams };
}

const numeric = (levels: Array<[string, string]>) => levels.map(([p, q]) => [Number(p), Number(q)]);

/** Levels compared: the snapshot's 5,000 minus a margin (levels deeper than the snapshot are not known). */
const TOP = 1000;

/**
 * After `updates` more applied diffs, the local book's top levels equal the simulator's book at the same update
 * id (compared inside the update handler, so the simulator cannot have moved on).
 */
function equalAfter(book: LocalBook, s: BinanceSimulator, updates: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const off = book.on('update', () => {
      if (book.state !== 'synced' || ++seen < updates) return;
      off();
      const ref = s.orderBook('BTCUSDT', { updateId: book.lastUpdateId, limit: TOP });
      try {
        expect(ref, 'simulator book at this id').toBeDefined();
        expect(ref?.bids.length).toBe(TOP);
        expect(book.bids(TOP)).toEqual(numeric(ref?.bids ?? []));
        expect(book.asks(TOP)).toEqual(numeric(ref?.asks ?? []));
        resolve(book.lastUpdateId);
      } catch (error) {
        reject(error);
      }
    });
  });
}

describe('Binance order book', () => {
  it('syncs from a REST snapshot and equals the simulator book after many diffs', async () => {
    const { sim, streams } = await setup();
    const book = streams.orderBook('BTCUSDT', { depth: 5000 });
    expect(book.state).toBe('syncing');
    await book.synced();
    expect(book.bids().length).toBeGreaterThan(0);
    await equalAfter(book, sim, 30);
    const { bid, ask } = book.best();
    expect(bid?.[0]).toBeLessThan(ask?.[0] as number);
    expect(book.spread()).toBeGreaterThan(0);
  });

  it('takes the snapshot over the WebSocket API depth method when an API client is given', async () => {
    const { sim, streams } = await setup();
    api = await createBinanceApi({ url: sim.apiUrl, socketFactory: wsSocketFactory });
    const fetches: string[] = [];
    const book = streams.orderBook('btcusdt', {
      api,
      depth: 100,
      fetch: async (url) => {
        fetches.push(String(url));
        throw new Error('REST must not be used');
      },
    });
    await book.synced();
    const depthCalls = sim.received.filter((t) => t.includes('"method":"depth"'));
    expect(depthCalls.length).toBe(1);
    expect(JSON.parse(depthCalls[0] as string).params).toEqual({ symbol: 'BTCUSDT', limit: 100 });
    expect(fetches).toEqual([]);
    // only the top 100 levels are known: compare those
    await new Promise<void>((resolve, reject) => {
      const off = book.on('update', () => {
        off();
        const ref = sim.orderBook('BTCUSDT', { updateId: book.lastUpdateId, limit: 20 });
        try {
          expect(book.bids(20)).toEqual(numeric(ref?.bids ?? []));
          expect(book.asks(20)).toEqual(numeric(ref?.asks ?? []));
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
  });

  it('an injected gap is reported, resynced, and the book is equal again', async () => {
    const { sim, streams } = await setup();
    const book = streams.orderBook('BTCUSDT', { depth: 5000, backoff: { base: 20, cap: 200 } });
    await book.synced();
    const gap = next<BookGap>((found) => book.on('gap', found));
    const states: string[] = [];
    book.on('state', (s) => states.push(s.to));
    sim.gap('BTCUSDT');
    const reported = await gap;
    expect(reported.reason).toBe('sequence');
    expect(reported.received).toBeGreaterThan(reported.expected);
    await book.synced();
    expect(states).toEqual(['resyncing', 'synced']);
    await equalAfter(book, sim, 5);
  });

  it('survives a dropped connection: stale or resyncing meanwhile, equal again after', async () => {
    const { sim, streams } = await setup();
    const book = streams.orderBook('BTCUSDT', { depth: 5000, backoff: { base: 20, cap: 200 } });
    await book.synced();
    const notSynced = next<string>((found) => book.on('state', (s) => s.to !== 'synced' && found(s.to)));
    await sim.drop();
    expect(['stale', 'resyncing']).toContain(await notSynced);
    await book.synced();
    await equalAfter(book, sim, 5);
  });

  it('survives a make-before-break rotation', async () => {
    const { sim, streams } = await setup();
    const book = streams.orderBook('BTCUSDT', { depth: 5000, backoff: { base: 20, cap: 200 } });
    await book.synced();
    await streams.rotate();
    await equalAfter(book, sim, 10);
    expect(book.state).toBe('synced');
  });

  it('refuses depths outside 5…5000 and bad symbols at once', async () => {
    const { streams } = await setup();
    expect(() => streams.orderBook('BTCUSDT', { depth: 4 })).toThrow(RangeError);
    expect(() => streams.orderBook('BTCUSDT', { depth: 5001 })).toThrow(/5 to 5000/);
    expect(() => streams.orderBook('BTC/USDT')).toThrow(TypeError);
    // @ts-expect-error: a misspelt option
    expect(() => streams.orderBook('BTCUSDT', { dept: 100 })).toThrow(
      /unknown option "dept" \(did you mean "depth"\?\)/,
    );
  });

  it('maps stream hosts to the REST origin that serves snapshots', () => {
    expect(restOrigin('wss://stream.binance.com:9443')).toBe('https://api.binance.com');
    expect(restOrigin('wss://data-stream.binance.vision')).toBe('https://api.binance.com');
    expect(restOrigin('ws://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
  });
});
