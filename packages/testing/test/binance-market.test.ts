/**
 * The Binance simulator's market: one book per symbol that every depth stream, snapshot and ticker is cut
 * from, streams at Binance's cadences, and the property that a subscriber following Binance's local-book
 * procedure ends with the simulator's own book.
 */
import { type BinanceSimulator, startBinanceSimulator } from '@zen-websocket/testing';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

// biome-ignore lint/suspicious/noExplicitAny: wire messages are asserted structurally
type Json = any;
type Level = [string, string];

const sims: BinanceSimulator[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function start(seed = 1): Promise<BinanceSimulator> {
  const sim = await startBinanceSimulator({ feedInterval: 0, pingInterval: 0, seed, messageLimit: 1000 });
  sims.push(sim);
  return sim;
}

/** A raw stream client that buffers every message and can flush the socket with a control round trip. */
async function subscriber(sim: BinanceSimulator, streams: string[]) {
  const ws = new WebSocket(`${sim.streamUrl}/ws/${streams.join('/')}`);
  sockets.push(ws);
  const inbox: Json[] = [];
  const replies = new Map<number, (m: Json) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m && 'id' in m && 'result' in m) replies.get(m.id)?.(m);
    else inbox.push(m);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  await sim.waitForConnection('stream');
  let id = 0;
  return {
    inbox,
    /** Resolves once every message the server sent before this call has arrived. */
    flush(): Promise<void> {
      const n = ++id;
      return new Promise((resolve) => {
        replies.set(n, () => resolve());
        ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: n }));
      });
    },
  };
}

const restDepth = async (sim: BinanceSimulator, limit: number | string): Promise<Json> =>
  (await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=${limit}`)).json();

async function apiDepth(sim: BinanceSimulator, limit: number): Promise<Json> {
  const ws = new WebSocket(sim.apiUrl);
  sockets.push(ws);
  await new Promise((resolve) => ws.once('open', resolve));
  const reply = new Promise<Json>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
  ws.send(JSON.stringify({ id: 'd1', method: 'depth', params: { symbol: 'BTCUSDT', limit } }));
  const message = await reply;
  ws.close();
  return message.result;
}

/** A local book kept the way Binance's docs say (absolute quantities, 0 removes). */
class LocalBook {
  bids = new Map<string, string>();
  asks = new Map<string, string>();
  id: number;
  readonly worstBid: number;
  readonly worstAsk: number;
  constructor(snapshot: { lastUpdateId: number; bids: Level[]; asks: Level[] }) {
    this.id = snapshot.lastUpdateId;
    for (const [p, q] of snapshot.bids) this.bids.set(p, q);
    for (const [p, q] of snapshot.asks) this.asks.set(p, q);
    this.worstBid = Number(snapshot.bids.at(-1)?.[0]);
    this.worstAsk = Number(snapshot.asks.at(-1)?.[0]);
  }
  apply(event: Json): void {
    for (const [side, levels] of [
      [this.bids, event.b],
      [this.asks, event.a],
    ] as const) {
      for (const [p, q] of levels as Level[]) {
        if (Number(q) === 0) side.delete(p);
        else side.set(p, q);
      }
    }
    this.id = event.u;
  }
  /** Levels within the snapshot's price range (beyond it the snapshot said nothing), best first. */
  view(): { bids: Level[]; asks: Level[] } {
    return {
      bids: within([...this.bids], (p) => p >= this.worstBid, -1),
      asks: within([...this.asks], (p) => p <= this.worstAsk, 1),
    };
  }
}

const within = (levels: Level[], keep: (price: number) => boolean, order: 1 | -1): Level[] =>
  levels.filter(([p]) => keep(Number(p))).sort((x, y) => order * (Number(x[0]) - Number(y[0])));

const ticks = (sim: BinanceSimulator, n: number): void => {
  for (let i = 0; i < n; i++) sim.tick();
};

describe('one book per symbol', () => {
  it('keeps a book that applied diffs reproduce, for random seeds and subscribe/snapshot timings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 2 ** 31 }),
          before: fc.integer({ min: 0, max: 25 }),
          wait: fc.integer({ min: 0, max: 25 }),
          after: fc.integer({ min: 5, max: 40 }),
          stream: fc.constantFrom('btcusdt@depth@100ms', 'btcusdt@depth', 'btcusdt@depth@1000ms'),
          limit: fc.constantFrom(5, 10, 20, 50, 100, 500, 1000, 5000),
          viaApi: fc.boolean(),
        }),
        async ({ seed, before, wait, after, stream, limit, viaApi }) => {
          const sim = await start(seed);
          ticks(sim, before);
          const sub = await subscriber(sim, [stream]);
          ticks(sim, wait);
          await sub.flush();
          let snapshot = viaApi ? await apiDepth(sim, limit) : await restDepth(sim, limit);
          // Binance's step 2: a snapshot older than the first buffered event is fetched again.
          while (sub.inbox.length > 0 && snapshot.lastUpdateId < sub.inbox[0].U) {
            sim.tick();
            snapshot = await restDepth(sim, limit);
          }
          ticks(sim, after);
          await sub.flush();
          const book = new LocalBook(snapshot);
          const kept = sub.inbox.filter((e: Json) => e.u > snapshot.lastUpdateId);
          if (kept.length > 0) {
            expect(kept[0].U).toBeLessThanOrEqual(snapshot.lastUpdateId + 1);
            expect(kept[0].u).toBeGreaterThanOrEqual(snapshot.lastUpdateId + 1);
          }
          for (const event of kept) {
            expect(event.U).toBeLessThanOrEqual(book.id + 1); // no gap
            book.apply(event);
            const bestBid = Math.max(...[...book.bids.keys()].map(Number));
            expect(bestBid).toBeLessThan(Math.min(...[...book.asks.keys()].map(Number))); // never crossed
          }
          const own = sim.orderBook('BTCUSDT', { updateId: book.id, limit: 6000 }) as Json;
          expect(own.lastUpdateId).toBe(book.id);
          expect(book.view()).toEqual({
            bids: within(own.bids, (p) => p >= book.worstBid, -1),
            asks: within(own.asks, (p) => p <= book.worstAsk, 1),
          });
          await sim.stop();
        },
      ),
      { numRuns: 10 },
    );
  }, 60_000); // ten simulators with 5,000-level books: generous on a loaded machine

  it('cuts snapshots from the book without drawing random numbers: same id, same snapshot, same stream', async () => {
    const [a, b] = [await start(7), await start(7)];
    const [subA, subB] = [await subscriber(a, ['btcusdt@depth@100ms']), await subscriber(b, ['btcusdt@depth@100ms'])];
    ticks(a, 3);
    ticks(b, 3);
    const first = await restDepth(a, 1000);
    expect(await restDepth(a, 1000)).toEqual(first);
    expect(await apiDepth(a, 1000)).toEqual(first);
    expect(first.bids).toHaveLength(1000);
    ticks(a, 5);
    ticks(b, 5);
    await Promise.all([subA.flush(), subB.flush()]);
    expect(subA.inbox.map(({ E, ...rest }: Json) => rest)).toEqual(subB.inbox.map(({ E, ...rest }: Json) => rest));
    expect(subA.inbox.some((e: Json) => [...e.b, ...e.a].some(([, q]: Level) => Number(q) === 0))).toBe(true);
  });

  it('serves up to 5,000 levels and refuses a limit that is not a whole number', async () => {
    const sim = await start();
    const full = await restDepth(sim, 5000);
    expect([full.bids.length, full.asks.length]).toEqual([5000, 5000]);
    expect((await restDepth(sim, 6000)).bids).toHaveLength(5000);
    const bad = await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=abc`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: -1100 });
    const prices = full.bids.map(([p]: Level) => Number(p));
    expect(prices).toEqual([...prices].sort((x, y) => y - x));
    expect(Number(full.bids[0][0])).toBeLessThan(Number(full.asks[0][0]));
  });

  it('cuts partial depth and bookTicker from the same book', async () => {
    const sim = await start();
    const sub = await subscriber(sim, ['btcusdt@depth10@100ms', 'btcusdt@bookTicker']);
    ticks(sim, 4);
    await sub.flush();
    const partial = sub.inbox.filter((m: Json) => 'lastUpdateId' in m).at(-1);
    const ticker = sub.inbox.filter((m: Json) => 'B' in m).at(-1);
    const own = sim.orderBook('BTCUSDT', { limit: 10 }) as Json;
    expect(partial).toEqual(own);
    expect(ticker).toEqual({
      u: own.lastUpdateId,
      s: 'BTCUSDT',
      b: own.bids[0][0],
      B: own.bids[0][1],
      a: own.asks[0][0],
      A: own.asks[0][1],
    });
  });
});

describe('streams at Binance cadences (rounds of 100 ms of venue time)', () => {
  it('sends trades every round, 100 ms streams every round, and 1000 ms streams every ten rounds', async () => {
    const sim = await start();
    const streams = ['btcusdt@trade', 'btcusdt@depth@100ms', 'btcusdt@depth', 'btcusdt@depth5', 'btcusdt@ticker'];
    const sub = await subscriber(sim, [...streams, 'btcusdt@miniTicker', 'btcusdt@avgPrice', 'btcusdt@kline_1s']);
    ticks(sim, 20);
    await sub.flush();
    const count = (pick: (m: Json) => boolean) => sub.inbox.filter(pick).length;
    expect(count((m) => m.e === 'trade')).toBe(20);
    expect(count((m) => m.e === 'depthUpdate')).toBe(22);
    expect(count((m) => 'lastUpdateId' in m)).toBe(2);
    for (const e of ['24hrTicker', '24hrMiniTicker', 'avgPrice', 'kline']) expect(count((m) => m.e === e)).toBe(2);
  });

  it('sends tickers, klines and the average price with Binance field names, agreeing with trades and book', async () => {
    const sim = await start();
    const names = ['btcusdt@trade', 'btcusdt@ticker', 'btcusdt@miniTicker', 'btcusdt@kline_1m', 'btcusdt@avgPrice'];
    const sub = await subscriber(sim, [...names, 'btcusdt@ticker_1h']);
    const all = await subscriber(sim, ['!miniTicker@arr']);
    ticks(sim, 20);
    await Promise.all([sub.flush(), all.flush()]);
    const last = (e: string) => sub.inbox.filter((m: Json) => m.e === e).at(-1);
    const trades = sub.inbox.filter((m: Json) => m.e === 'trade');
    const ticker = last('24hrTicker');
    const own = sim.orderBook('BTCUSDT', { limit: 1 }) as Json;
    expect(Object.keys(ticker).sort()).toEqual(
      'A B C E F L O P Q a b c e h l n o p q s v w x'.split(' ').sort((x, y) => (x < y ? -1 : 1)),
    );
    expect(ticker).toMatchObject({ c: trades.at(-1).p, Q: trades.at(-1).q, b: own.bids[0][0], a: own.asks[0][0] });
    expect(ticker.n).toBe(20);
    expect(ticker.L - ticker.F + 1).toBe(20);
    expect(Object.keys(last('24hrMiniTicker')).sort()).toEqual(['E', 'c', 'e', 'h', 'l', 'o', 'q', 's', 'v']);
    expect(last('24hrMiniTicker').c).toBe(trades.at(-1).p);
    expect(last('1hTicker')).toMatchObject({ s: 'BTCUSDT', c: trades.at(-1).p });
    const kline = last('kline').k;
    expect(kline).toMatchObject({ s: 'BTCUSDT', i: '1m', c: trades.at(-1).p, x: false, T: kline.t + 59_999 });
    expect(last('avgPrice')).toMatchObject({ s: 'BTCUSDT', i: '5m', w: expect.stringMatching(/^\d+\.\d{8}$/) });
    const arrays = all.inbox.filter((m: Json) => Array.isArray(m));
    expect(arrays).toHaveLength(2);
    expect(arrays[1]?.map((t: Json) => t.s).sort()).toEqual(['BNBUSDT', 'BTCUSDT', 'ETHUSDT']);
  });
});
