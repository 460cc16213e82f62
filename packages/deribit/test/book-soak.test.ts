// Soak: one Deribit book through many injected faults (change_id gaps, dropped connections, stalls). Every
// fault that loses changes is reported (a gap, or the book leaves `synced`), and after each repair the book
// equals the simulator's at the same change_id. BOOK_SOAK_FAULTS=1000 runs the long version.
import type { LocalBook } from '@zen-websocket/core/book';
import type { DeribitSimulator } from '@zen-websocket/testing';
import { describe, expect, it } from 'vitest';
import { deribit, simulator } from './helpers.js';

const FAULTS = Number(process.env.BOOK_SOAK_FAULTS ?? 24);

/** `promise`, or a failure naming `what` after `ms` (a hang becomes a readable failure). */
function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Ticks the market until the book is synced at the simulator's change id, then compares the two books. */
async function verify(book: LocalBook, sim: DeribitSimulator): Promise<void> {
  sim.tick(2); // a stale book resumes from these changes; a resyncing one gets a snapshot at this change_id
  const target = sim.orderBook().change_id;
  const caughtUp = new Promise<void>((resolve) => {
    const check = (): void => {
      if (book.state !== 'synced' || book.changeId < target) return;
      off();
      offState();
      resolve();
    };
    const off = book.on('update', check);
    const offState = book.on('state', check);
    check();
  });
  await within(caughtUp, `caught up to ${target} (book ${book.state} at ${book.changeId})`);
  const ref = sim.orderBook();
  expect(book.changeId).toBe(ref.change_id);
  expect(book.bids()).toEqual(ref.bids);
  expect(book.asks()).toEqual(ref.asks);
}

const untilState = (book: LocalBook, to: string) =>
  new Promise<void>((resolve) => {
    const off = book.on('state', (s) => {
      if (s.to !== to) return;
      off();
      resolve();
    });
  });

describe('Deribit book soak', () => {
  it(`stays equal to the simulator through ${FAULTS} faults, every loss reported`, {
    timeout: 20_000 + FAULTS * 1500,
  }, async () => {
    const sim = await simulator();
    const client = await deribit(sim, { retryCount: 1_000_000 }); // drops in quick succession are the point here
    const book = client.orderBook('BTC-PERPETUAL', { staleAfterMs: 100, backoff: { base: 5, cap: 50 } });
    let gaps = 0;
    let leftSynced = 0;
    book.on('gap', () => gaps++);
    book.on('state', (s) => s.from === 'synced' && leftSynced++);
    await verify(book, sim);
    const kinds = ['gap', 'drop', 'stall'] as const;
    const tally = { gap: 0, drop: 0, stall: 0, verified: 0 };
    for (let i = 0; i < FAULTS; i++) {
      const kind = kinds[i % kinds.length] as (typeof kinds)[number];
      const gapsBefore = gaps;
      const leftBefore = leftSynced;
      if (kind === 'gap') {
        const reported = new Promise<void>((resolve) => {
          const off = book.on('gap', () => {
            off();
            resolve();
          });
        });
        sim.gap();
        // the skipped change shows at the next change of this book, which a market step may not make
        for (let step = 0; step < 50 && gaps === gapsBefore; step++) {
          sim.tick();
          await client.getTime(); // every notification sent before this reply has arrived
        }
        await within(reported, `gap reported (book ${book.state})`);
      } else if (kind === 'drop') {
        await sim.drop();
      } else {
        // (a quiet manual market may have made it stale already)
        const stale = book.state === 'stale' ? Promise.resolve() : untilState(book, 'stale');
        sim.stall('all');
        sim.tick(2); // changes the book never sees
        await within(stale, `stale (book ${book.state})`);
        sim.resume();
        await sim.drop();
      }
      tally[kind]++;
      await verify(book, sim).catch((error: Error) => {
        throw new Error(`fault ${i} (${kind}): ${error.message}; client ${client.getState()}`);
      });
      tally.verified++;
      expect(gaps > gapsBefore || leftSynced > leftBefore).toBe(true);
    }
    expect(tally.verified).toBe(FAULTS);
    console.info(`deribit book soak: ${JSON.stringify({ faults: FAULTS, ...tally, gaps, leftSynced })}`);
  });
});
