import { createFakeClock } from '@zen-websocket/testing/fakes';
import { describe, expect, it } from 'vitest';
import {
  BookEngine,
  type BookGap,
  type BookSnapshot,
  type BookStateChange,
  type BookUpdate,
  crc32,
  krakenChecksum,
  okxChecksum,
  ResyncGate,
  verdict,
} from '../src/book/index.js';

const view = (bids: Array<[string, string]>, asks: Array<[string, string]>) => ({
  levels: (side: 'bids' | 'asks', n: number) => (side === 'bids' ? bids : asks).slice(0, n),
});

describe('checksums (published examples)', () => {
  it('crc32 is the IEEE CRC-32', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
  });

  it("OKX's two examples", () => {
    const check = okxChecksum();
    expect(
      check(
        view(
          [
            ['3366.1', '7'],
            ['3366', '6'],
          ],
          [
            ['3366.8', '9'],
            ['3368', '8'],
          ],
        ),
      ),
    ).toBe(-1881014294);
    expect(
      check(
        view(
          [['3366.1', '7']],
          [
            ['3366.8', '9'],
            ['3368', '8'],
            ['3372', '8'],
          ],
        ),
      ),
    ).toBe(831078360);
  });

  it("Kraken's example (book-checksum guide, 974947235)", () => {
    const q = '0.00000500';
    const asks = [
      '0.05005',
      '0.05010',
      '0.05015',
      '0.05020',
      '0.05025',
      '0.05030',
      '0.05035',
      '0.05040',
      '0.05045',
      '0.05050',
    ];
    const bids = [
      '0.05000',
      '0.04995',
      '0.04990',
      '0.04980',
      '0.04975',
      '0.04970',
      '0.04965',
      '0.04960',
      '0.04955',
      '0.04950',
    ];
    const v = view(
      bids.map((p) => [p, q]),
      asks.map((p) => [p, q]),
    );
    expect(krakenChecksum()(v)).toBe(974947235);
    // the same prices as numbers lose their trailing zeros: a different checksum
    expect(
      krakenChecksum()(
        view(
          bids.map((p) => [String(+p), q]),
          asks.map((p) => [p, q]),
        ),
      ),
    ).not.toBe(974947235);
  });

  it('a book with a checksum keeps the venue texts and detects a wrong book', async () => {
    const clock = createFakeClock();
    const snap: BookSnapshot = {
      id: 1,
      bids: [
        ['3366.1', '7'],
        ['3366', '6'],
      ],
      asks: [['3366.8', '9']],
    };
    const book = new BookEngine({
      instrument: 'X',
      sequence: 'chain',
      resync: async () => snap,
      clock,
      checksum: okxChecksum(),
    });
    const gaps: BookGap[] = [];
    book.on('gap', (g) => gaps.push(g));
    book.start();
    await clock.advance(0);
    book.apply({ first: 1, last: 2, bids: [], asks: [['3368', '8']], checksum: -1881014294 });
    expect(book.state).toBe('synced');
    expect(gaps).toEqual([]);
    book.apply({ first: 2, last: 3, bids: [['3366', '5']], asks: [], checksum: -1881014294 });
    expect(gaps[0]?.reason).toBe('checksum');
    expect(book.state).toBe('resyncing');
    await book.close();
  });
});

describe('continuity', () => {
  it('range: old, straddling, gap', () => {
    expect(verdict('range', 100, 90, 100)).toBe('old');
    expect(verdict('range', 100, 95, 105)).toBe('apply');
    expect(verdict('range', 100, 101, 101)).toBe('apply');
    expect(verdict('range', 100, 102, 103)).toBe('gap');
  });
  it('chain: follows the previous id or is a gap', () => {
    expect(verdict('chain', 7, 7, 9)).toBe('apply');
    expect(verdict('chain', 7, 5, 7)).toBe('old');
    expect(verdict('chain', 7, 8, 9)).toBe('gap');
  });
});

describe('BookEngine', () => {
  const snapshot: BookSnapshot = {
    id: 10,
    bids: [
      ['100', '1'],
      ['99', '2'],
      ['98', '3'],
    ],
    asks: [
      ['101', '1'],
      ['102', '2'],
    ],
    timestamp: 5,
  };

  async function started(resync = async (): Promise<BookSnapshot | undefined> => snapshot) {
    const clock = createFakeClock();
    const book = new BookEngine({
      instrument: 'T',
      sequence: 'range',
      resync,
      clock,
      backoff: { base: 100, cap: 1000 },
      random: () => 0.5, // the jitter pinned: resync counts are exact, not a draw (one in ~hundreds went over)
    });
    const states: BookStateChange[] = [];
    book.on('state', (s) => states.push(s));
    book.start();
    await clock.advance(0);
    return { clock, book, states };
  }

  it('reads: bids, asks, best, spread, depthAt, ids', async () => {
    const { book, states } = await started();
    expect(book.state).toBe('synced');
    expect(states.map((s) => s.to)).toEqual(['synced']);
    expect(book.bids()).toEqual([
      [100, 1],
      [99, 2],
      [98, 3],
    ]);
    expect(book.asks(1)).toEqual([[101, 1]]);
    expect(book.best()).toEqual({ bid: [100, 1], ask: [101, 1] });
    expect(book.spread()).toBe(1);
    expect(book.depthAt(99)).toBe(2);
    expect(book.depthAt(102)).toBe(2);
    expect(book.depthAt(97)).toBe(0);
    expect(book.lastUpdateId).toBe(10);
    expect(book.changeId).toBe(10);
    expect(book.timestamp).toBe(5);
    await book.close();
  });

  it('update events carry only the levels that changed; 0 removes', async () => {
    const { book } = await started();
    const updates: BookUpdate[] = [];
    book.on('update', (u) => updates.push(u));
    book.apply({
      first: 11,
      last: 12,
      bids: [
        ['100', '1'],
        ['99', '0'],
        ['100.5', '4'],
      ],
      asks: [['101', '3']],
      timestamp: 9,
    });
    expect(updates).toEqual([
      {
        bids: [
          [99, 0],
          [100.5, 4],
        ],
        asks: [[101, 3]],
        id: 12,
        timestamp: 9,
        snapshot: false,
      },
    ]);
    expect(book.bids()).toEqual([
      [100.5, 4],
      [100, 1],
      [98, 3],
    ]);
    await book.close();
  });

  it('buffers while syncing, drops what the snapshot covers, applies the straddling diff', async () => {
    const clock = createFakeClock();
    let answer: (s: BookSnapshot) => void = () => {};
    const book = new BookEngine({
      instrument: 'T',
      sequence: 'range',
      clock,
      resync: () => new Promise<BookSnapshot>((r) => (answer = r)),
    });
    book.start();
    await clock.advance(0);
    book.apply({ first: 5, last: 9, bids: [['50', '1']], asks: [] }); // covered by the snapshot
    book.apply({ first: 10, last: 12, bids: [['97', '1']], asks: [] }); // straddles 11
    book.apply({ first: 13, last: 13, bids: [['100', '0']], asks: [] });
    expect(book.state).toBe('syncing');
    answer(snapshot);
    await clock.flush();
    expect(book.state).toBe('synced');
    expect(book.lastUpdateId).toBe(13);
    expect(book.bids()).toEqual([
      [99, 2],
      [98, 3],
      [97, 1],
    ]);
    await book.close();
  });

  it('a gap is reported, the book resyncs and is synced again', async () => {
    const { book, clock, states } = await started();
    const gaps: BookGap[] = [];
    book.on('gap', (g) => gaps.push(g));
    book.apply({ first: 13, last: 14, bids: [], asks: [] });
    expect(gaps).toEqual([{ reason: 'sequence', expected: 11, received: 13 }]);
    expect(book.state).toBe('resyncing');
    await clock.advance(1000); // the second resync within the cap waits its backoff
    expect(book.state).toBe('synced');
    expect(states.map((s) => s.to)).toEqual(['synced', 'resyncing', 'synced']);
    await book.close();
  });

  it('bad data in a loop cannot storm: resyncs back off up to the cap', async () => {
    let calls = 0;
    const { book, clock } = await started(async () => {
      calls++;
      return snapshot;
    });
    const startCalls = calls;
    const until = clock.time + 10_000;
    while (clock.time < until) {
      book.apply({ first: 50, last: 51, bids: [], asks: [] }); // always a gap
      await clock.advance(50);
    }
    // 10 s of constant bad data with a 1 s cap: a handful of snapshots, not 200
    expect(calls - startCalls).toBeLessThanOrEqual(16);
    expect(calls - startCalls).toBeGreaterThanOrEqual(3);
    await book.close();
  });

  /** A book on a fake clock whose snapshots come from `resync`, retried with a 100 ms..1 s backoff. */
  function retrying(resync: () => Promise<BookSnapshot>) {
    const clock = createFakeClock();
    const book = new BookEngine({
      instrument: 'T',
      sequence: 'range',
      clock,
      backoff: { base: 100, cap: 1000 },
      resync,
    });
    return { clock, book };
  }

  it('a failed snapshot is reported on error and retried', async () => {
    let n = 0;
    const errors: unknown[] = [];
    const { clock, book } = retrying(async () => {
      if (++n < 3) throw new Error('503');
      return snapshot;
    });
    book.on('error', (e) => errors.push(e));
    book.start();
    await clock.advance(5000);
    expect(errors).toHaveLength(2);
    expect(book.state).toBe('synced');
    await book.close();
  });

  it("synced()'s timeout says why the last snapshot failed and keeps it as the cause; a snapshot since clears it", async () => {
    const refused = new TypeError('Failed to fetch');
    let fail = true;
    const { clock, book } = retrying(async () => {
      if (fail) throw refused;
      return snapshot;
    });
    book.on('error', () => {});
    book.start();
    const waiting = book.synced(3000);
    const settled = expect(waiting).rejects.toMatchObject({
      code: 'timeout',
      message: 'order book T not synced within 3000 ms; the last snapshot failed: TypeError: Failed to fetch',
      cause: refused,
    });
    await clock.advance(3000);
    await settled;
    fail = false;
    await clock.advance(2000);
    expect(book.state).toBe('synced');
    book.markStale('test');
    const again = book.synced(500);
    const plain = expect(again).rejects.toThrow(/^order book T not synced within 500 ms$/);
    await clock.advance(500);
    await plain;
    await book.close();
  });

  it('goes stale without updates and back to synced on the next continuous diff', async () => {
    const clock = createFakeClock();
    const book = new BookEngine({
      instrument: 'T',
      sequence: 'range',
      clock,
      staleAfterMs: 1000,
      resync: async () => snapshot,
    });
    book.start();
    await clock.advance(0);
    await clock.advance(500);
    expect(book.state).toBe('synced');
    await clock.advance(600);
    expect(book.state).toBe('stale');
    book.apply({ first: 11, last: 11, bids: [], asks: [] });
    expect(book.state).toBe('synced');
    await book.close();
    expect(clock.pending).toBe(0);
  });

  it('synced() resolves once synced and rejects on close', async () => {
    const clock = createFakeClock();
    const book = new BookEngine({ instrument: 'T', sequence: 'range', clock, resync: () => new Promise(() => {}) });
    book.start();
    const waiting = book.synced();
    await book.close();
    await expect(waiting).rejects.toMatchObject({ code: 'closed' });
    const { book: b2 } = await started();
    await expect(b2.synced()).resolves.toBeUndefined();
    await b2.close();
  });

  it('refuses bad options at once', () => {
    const resync = async () => undefined;
    // @ts-expect-error: a misspelt option
    expect(() => new BookEngine({ instrument: 'T', sequence: 'range', resync, stalAfterMs: 5 })).toThrow(
      /did you mean "staleAfterMs"/,
    );
    // @ts-expect-error: not a sequence
    expect(() => new BookEngine({ instrument: 'T', sequence: 'ranged', resync })).toThrow(TypeError);
  });

  it('refuses non-numeric levels with a TypeError', async () => {
    const { book } = await started();
    expect(() => book.apply({ first: 11, last: 11, bids: [['abc', '1']], asks: [] })).toThrow(TypeError);
    await book.close();
  });
});

describe('ResyncGate', () => {
  it('first resync at once, then growing delays within the cap; calm resets', () => {
    const clock = createFakeClock();
    const gate = new ResyncGate(clock, { base: 100, cap: 1000 }, () => 0.999);
    const delays = [1, 2, 3, 4, 5, 6].map(() => gate.schedule(() => {}));
    expect(delays[0]).toBe(0);
    for (let i = 2; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] as number);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    gate.cancel();
    clock.jump(10_000);
    expect(gate.schedule(() => {})).toBe(0);
    gate.cancel();
  });
});
