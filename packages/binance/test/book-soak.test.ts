// Soak: one Binance book through many injected faults (gaps, dropped connections, rotations, stalls). Every
// fault that loses updates must be reported as a gap (or the book leaves `synced`), and after each repair the
// book must equal the simulator's at the same update id. BOOK_SOAK_FAULTS=1000 runs the long version.
import { type BinanceStreams, createBinanceStreams } from '@zen-websocket/binance';
import type { LocalBook } from '@zen-websocket/core/book';
import { type BinanceSimulator, startBinanceSimulator, wsSocketFactory } from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';

const FAULTS = Number(process.env.BOOK_SOAK_FAULTS ?? 24);
const TOP = 500;

let sim: BinanceSimulator | undefined;
let streams: BinanceStreams | undefined;
afterEach(async () => {
  await streams?.close();
  await sim?.stop();
});

const numeric = (levels: Array<[string, string]>) => levels.map(([p, q]) => [Number(p), Number(q)]);

/** The next applied diff while synced, then compare with the simulator's book at that id. */
function verifyNext(book: LocalBook, s: BinanceSimulator): Promise<void> {
  return new Promise((resolve, reject) => {
    const off = book.on('update', () => {
      if (book.state !== 'synced') return;
      off();
      const ref = s.orderBook('BTCUSDT', { updateId: book.lastUpdateId, limit: TOP });
      try {
        expect(book.bids(TOP)).toEqual(numeric(ref?.bids ?? []));
        expect(book.asks(TOP)).toEqual(numeric(ref?.asks ?? []));
        resolve();
      } catch (error) {
        reject(error);
      }
    });
  });
}

const untilState = (book: LocalBook, to: string) =>
  new Promise<void>((resolve) => {
    const off = book.on('state', (s) => {
      if (s.to !== to) return;
      off();
      resolve();
    });
  });

describe('Binance book soak', () => {
  it(`stays equal to the simulator through ${FAULTS} faults, every loss reported`, {
    timeout: 20_000 + FAULTS * 1500,
  }, async () => {
    sim = await startBinanceSimulator({ feedIntervalMs: 5, pingIntervalMs: 0, symbols: ['BTCUSDT'] });
    streams = createBinanceStreams({
      baseUrl: sim.streamUrl,
      socketFactory: wsSocketFactory,
      connect: { retryDelay: 5, maxBackoff: 50 },
    });
    const book = streams.orderBook('BTCUSDT', { depth: 5000, staleAfterMs: 150, backoff: { base: 5, cap: 50 } });
    let gaps = 0;
    let leftSynced = 0;
    book.on('gap', () => gaps++);
    book.on('state', (s) => s.from === 'synced' && leftSynced++);
    await book.synced();
    const kinds = ['gap', 'drop', 'rotate', 'stall'] as const;
    const tally = { gap: 0, drop: 0, rotate: 0, stall: 0, verified: 0 };
    for (let i = 0; i < FAULTS; i++) {
      const kind = kinds[i % kinds.length] as (typeof kinds)[number];
      const gapsBefore = gaps;
      const leftBefore = leftSynced;
      if (kind === 'gap') sim.gap('BTCUSDT');
      else if (kind === 'drop') await sim.drop();
      else if (kind === 'rotate') await streams.rotate();
      else {
        const stale = untilState(book, 'stale');
        sim.stall('open');
        await stale;
        sim.resume();
        await sim.drop(); // a half-open socket is replaced, as the heartbeat would do
      }
      tally[kind]++;
      if (kind === 'gap') {
        await new Promise<void>((resolve) => {
          if (gaps > gapsBefore) resolve();
          const off = book.on('gap', () => {
            off();
            resolve();
          });
        });
      }
      await book.synced(15_000);
      await verifyNext(book, sim);
      tally.verified++;
      // a lost update is never silent: a gap, or at least the book left `synced` meanwhile
      if (kind !== 'rotate') expect(gaps > gapsBefore || leftSynced > leftBefore).toBe(true);
    }
    expect(tally.verified).toBe(FAULTS);
    console.info(`binance book soak: ${JSON.stringify({ faults: FAULTS, ...tally, gaps, leftSynced })}`);
  });
});
