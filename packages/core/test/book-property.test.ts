import { createFakeClock } from '@zen-websocket/testing/fakes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BookDiff, BookEngine, type BookSnapshot, type Level, type Sequence } from '../src/book/index.js';

/** A venue's true history: diffs and the book after each (the reference book). */
interface History {
  diffs: BookDiff[];
  /** Reference book by update id. */
  books: Map<number, { bids: Level[]; asks: Level[] }>;
}

type Change = [side: 0 | 1, price: number, size: number];

function history(sequence: Sequence, steps: Array<{ span: number; changes: Change[] }>): History {
  const sides = [new Map<number, number>(), new Map<number, number>()];
  const sorted = (m: Map<number, number>, desc: boolean): Level[] =>
    [...m].sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0])) as Level[];
  const books = new Map([[0, { bids: [], asks: [] }]]) as History['books'];
  const diffs: BookDiff[] = [];
  let id = 0;
  for (const { span, changes } of steps) {
    const bids: Array<[string, string]> = [];
    const asks: Array<[string, string]> = [];
    for (const [side, p, size] of changes) {
      const price = side === 0 ? p : p + 100;
      if (size === 0) sides[side]?.delete(price);
      else sides[side]?.set(price, size);
      (side === 0 ? bids : asks).push([String(price), String(size)]);
    }
    const first = sequence === 'range' ? id + 1 : id;
    id += span;
    diffs.push({ first, last: id, bids, asks });
    books.set(id, {
      bids: sorted(sides[0] as Map<number, number>, true),
      asks: sorted(sides[1] as Map<number, number>, false),
    });
  }
  return { diffs, books };
}

type Fault = 'ok' | 'drop' | 'dup' | 'swap';

/** Delivers the history with faults; after every message, a synced book must equal the reference book. */
async function run(sequence: Sequence, h: History, faults: Fault[]) {
  const clock = createFakeClock();
  let venue = -1; // index of the newest diff the venue has produced
  const snapshotAt = (): BookSnapshot => {
    const id = venue < 0 ? 0 : (h.diffs[venue] as BookDiff).last;
    const book = h.books.get(id) as { bids: Level[]; asks: Level[] };
    return { id, bids: book.bids, asks: book.asks };
  };
  const book = new BookEngine({
    instrument: 'P',
    sequence,
    clock,
    backoff: { base: 10, cap: 100 },
    resync: async () => snapshotAt(),
  });
  let gaps = 0;
  book.on('gap', () => gaps++);
  book.start();
  await clock.advance(0);
  const order: number[] = [];
  for (let i = 0; i < h.diffs.length; i++) {
    const f = faults[i % faults.length];
    if (f === 'drop') continue;
    if (f === 'swap' && i + 1 < h.diffs.length) {
      order.push(i + 1, i);
      i++;
      continue;
    }
    order.push(i);
    if (f === 'dup') order.push(i);
  }
  let checked = 0;
  for (const i of order) {
    venue = Math.max(venue, i);
    book.apply(h.diffs[i] as BookDiff);
    await clock.advance(200);
    if (book.state === 'synced' || book.state === 'stale') {
      const ref = h.books.get(book.lastUpdateId);
      expect(ref, `book at unknown id ${book.lastUpdateId}`).toBeDefined();
      expect(book.bids()).toEqual(ref?.bids);
      expect(book.asks()).toEqual(ref?.asks);
      checked++;
    }
  }
  await book.close();
  return { gaps, checked, faulty: faults.some((f) => f !== 'ok' && f !== 'dup') };
}

const change = fc.tuple(fc.constantFrom<0 | 1>(0, 1), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 3 }));
const steps = fc.array(
  fc.record({ span: fc.integer({ min: 1, max: 3 }), changes: fc.array(change, { maxLength: 6 }) }),
  {
    minLength: 1,
    maxLength: 60,
  },
);
const faults = fc.array(fc.constantFrom<Fault>('ok', 'ok', 'ok', 'drop', 'dup', 'swap'), {
  minLength: 1,
  maxLength: 20,
});

describe('LocalBook properties: dropped, duplicated and reordered diffs', () => {
  for (const sequence of ['range', 'chain'] as const) {
    it(`${sequence}: a synced book always equals the venue's book at its id, or a gap was reported`, async () => {
      await fc.assert(
        fc.asyncProperty(steps, faults, async (s, f) => {
          const h = history(sequence, s);
          const { gaps } = await run(sequence, h, f);
          // duplicates alone are harmless; any drop or reorder that changed the book must have been seen
          if (!f.some((x) => x === 'drop' || x === 'swap')) expect(gaps).toBe(0);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('a clean stream stays synced and ends equal to the venue', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (s) => {
        const h = history('range', s);
        const { gaps, checked } = await run('range', h, ['ok']);
        expect(gaps).toBe(0);
        expect(checked).toBe(s.length);
      }),
      { numRuns: 50 },
    );
  });

  it('a dropped diff that changed the book is always reported', async () => {
    await fc.assert(
      fc.asyncProperty(steps, fc.nat(), async (s, k) => {
        const h = history('range', s);
        if (h.diffs.length < 2) return;
        const drop = k % (h.diffs.length - 1); // never the last one: nothing would come after it
        const f: Fault[] = h.diffs.map((_, i) => (i === drop ? 'drop' : 'ok'));
        const { gaps } = await run('range', h, f);
        expect(gaps).toBe(1);
      }),
      { numRuns: 50 },
    );
  });
});
