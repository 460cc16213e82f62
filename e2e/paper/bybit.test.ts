// Paper trading on Bybit over real sockets: `createBybitClient({ paper })` answers trade ops, private topics and
// a trading session's REST reads from the simulator's order code running in-process, matched against the live
// `orderbook.50.<symbol>` of the client's public connection (the simulator's, or a recording's through the
// replay server). The simulator must never see a private or trade frame.
import { type BybitClient, BybitError, type BybitOptions, createBybitClient } from '@zen-websocket/bybit';
import { type Reconciliation, tradingSession } from '@zen-websocket/bybit/safety';
import { memorySink } from '@zen-websocket/recorder';
import {
  type BybitSimulator,
  wsSocketFactory as socketFactory,
  startBybitSimulator,
  startReplayServer,
} from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';

const KEYS = { apiKey: 'sim-key', apiSecret: 'sim-secret' };
const fast = { retryDelay: 5, maxBackoff: 20, firstRetrySpread: 0, retryCount: Number.POSITIVE_INFINITY };
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of cleanup.splice(0).reverse()) await stop();
});

async function simulator(): Promise<BybitSimulator> {
  const sim = await startBybitSimulator({ feedIntervalMs: 0 });
  cleanup.push(() => sim.stop());
  return sim;
}

async function client(url: string, options: BybitOptions = {}): Promise<BybitClient> {
  const c = await createBybitClient({ url, socketFactory, ...fast, ...options });
  cleanup.push(() => c.close());
  return c;
}

/** Collects a topic's rows; `until(n)` resolves once n rows arrived. */
function rows<T>(c: BybitClient, topic: string) {
  const seen: T[] = [];
  const waits: Array<() => void> = [];
  const ready = c.subscribe(topic, (data) => {
    seen.push(...(data as T[]));
    for (const w of waits.splice(0)) w();
  });
  const until = (n: number) =>
    new Promise<T[]>((resolve) => {
      const check = () => (seen.length >= n ? resolve(seen) : waits.push(check));
      check();
    });
  return { seen, ready, until };
}

/** The live book's top, read over a public subscription of its own. */
async function top(c: BybitClient): Promise<{ bid: number; ask: number; askSize: number }> {
  return new Promise((resolve) => {
    void c.subscribe('orderbook.1.BTCUSDT', (d) => {
      const book = d as { b: string[][]; a: string[][] };
      resolve({ bid: Number(book.b[0]?.[0]), ask: Number(book.a[0]?.[0]), askSize: Number(book.a[0]?.[1]) });
    });
  });
}

/** Nothing private reached the venue: only public connections, only subscribe/unsubscribe/ping frames. */
function noPrivateFrames(sim: BybitSimulator): void {
  expect(sim.received().filter((m) => m.kind === 'private' || m.kind === 'trade')).toEqual([]);
  expect(sim.received().some((m) => m.data?.op === 'subscribe')).toBe(true); // the live book the engine reads
  expect(sim.received().filter((m) => !['subscribe', 'unsubscribe', 'ping'].includes(String(m.data?.op)))).toEqual([]);
  expect(sim.orders()).toEqual([]);
}

type Exec = { orderId: string; execId: string; side: string; execPrice: string; execQty: string; isMaker: boolean };

describe('paper trading (Bybit)', () => {
  it('fills a market order at the live best ask, private topics and REST answered in-process', async () => {
    const sim = await simulator();
    const paper = await client(sim.url, { paper: true, ...KEYS }); // keys given, not used
    const live = await client(sim.url);
    const { ask, askSize } = await top(live);
    expect(askSize).toBeGreaterThanOrEqual(0.01);
    const execs = rows<Exec>(paper, 'execution');
    const positions = rows<{ symbol: string; side: string; size: string }>(paper, 'position');
    await Promise.all([execs.ready, positions.ready]);
    const { orderId } = await paper.createOrder({ symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.01' });
    const [fill] = await execs.until(1);
    expect(fill).toMatchObject({ orderId, side: 'Buy', execQty: '0.01', isMaker: false });
    expect(Number(fill?.execPrice)).toBe(ask);
    expect((await positions.until(1)).at(-1)).toMatchObject({ symbol: 'BTCUSDT', side: 'Buy', size: '0.01' });
    const listed = await paper.paper?.get<{ list: unknown[] }>('/v5/position/list', {
      category: 'linear',
      symbol: 'BTCUSDT',
    });
    expect(listed?.list).toMatchObject([{ symbol: 'BTCUSDT', side: 'Buy', size: '0.01', avgPrice: String(ask) }]);
    // a refusal is the same typed BybitError the venue gives
    const refused = await paper
      .createOrder({ symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BybitError);
    expect((refused as BybitError).retCode).toBe(10001);
    expect(sim.connections().map((c) => c.kind)).toEqual(['linear', 'linear']);
    noPrivateFrames(sim);
  });

  it('fills a resting paper sell when the live bids rise to it, at its own price', async () => {
    const sim = await simulator();
    const paper = await client(sim.url, { paper: true });
    const { bid, ask } = await top(await client(sim.url));
    const execs = rows<Exec>(paper, 'execution');
    await execs.ready;
    let price = bid + 0.1;
    while (price >= ask) price = Number((price - 0.1).toFixed(1)); // inside the spread, never crossing
    const qty = '0.002';
    const { orderId } = await paper.createOrder({
      symbol: 'BTCUSDT',
      side: 'Sell',
      orderType: 'Limit',
      qty,
      price: price.toFixed(1),
    });
    expect(execs.seen).toEqual([]);
    // the simulator's bids step up into the spread; each step reaches the paper engine as a live delta
    for (let i = 0; i < 500 && execs.seen.length === 0; i++) {
      sim.tick();
      await paper.subscribe('tickers.ETHUSDT'); // a barrier: the step's deltas have reached the engine
      await paper.unsubscribe('tickers.ETHUSDT');
    }
    const [first] = execs.seen;
    expect(first).toMatchObject({ orderId, side: 'Sell', isMaker: true, execPrice: price.toFixed(1) });
    noPrivateFrames(sim);
  });

  it('runs tradingSession unchanged: places, reconciles after a drop with positions, no keeper at the venue', async () => {
    const sim = await simulator();
    const paper = await client(sim.url, { paper: true, ...KEYS });
    const session = await tradingSession(paper, KEYS);
    cleanup.push(async () => session.close());
    expect(session.keeper).toBe('unsupported');
    const rest = await session.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.01, price: 30_000 });
    expect(rest).toMatchObject({ status: 'open', reconciled: false, order: { amount: 0.01, filled: 0 } });
    const market = await session.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', amount: 0.003 });
    expect(market).toMatchObject({ status: 'filled', order: { filled: 0.003 } });
    const reconciled = new Promise<Reconciliation>((resolve) => session.on('reconciled', resolve));
    await sim.drop(); // the live public connection drops and comes back
    const r = await reconciled;
    expect(r.open.map((o) => o.clientOrderId)).toEqual([rest.clientOrderId]);
    expect(r.account).toMatchObject([{ symbol: 'BTCUSDT', side: 'Buy', size: '0.003' }]);
    await session.whenReady();
    expect(session.readyToTrade).toBe(true);
    noPrivateFrames(sim);
  });

  it('produces the same fills twice over a recording of the live feed (deterministic)', async () => {
    const sim = await simulator();
    const sink = memorySink();
    const run = async (c: BybitClient, live?: BybitSimulator) => {
      const fills: unknown[] = [];
      await c.subscribe('execution', (data) => {
        for (const e of data as Array<Exec & { execTime: string }>)
          fills.push([e.orderId, e.execId, e.side, e.execPrice, e.execQty, e.isMaker, e.execTime]);
      });
      let toggle = 0;
      // a public request and its reply: every live message sent before it has reached the engine
      const barrier = () =>
        toggle++ % 2 ? c.unsubscribe('tickers.ETHUSDT') : c.subscribe('tickers.ETHUSDT').then(() => undefined);
      // a market order walks several live levels; a resting sell inside the spread waits for the live bids
      await c.createOrder({ symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '0.001' });
      const bid = Number((fills[0] as unknown[])[3]);
      await c.createOrder({ symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '6' });
      const price = (bid + 0.1).toFixed(1);
      await c.createOrder({ symbol: 'BTCUSDT', side: 'Sell', orderType: 'Limit', qty: '0.5', price });
      await barrier();
      for (let i = 0; i < 8; i++) {
        live?.tick();
        await barrier();
        await c.createOrder({ symbol: 'BTCUSDT', side: i % 2 ? 'Sell' : 'Buy', orderType: 'Market', qty: '1.5' });
        await barrier();
      }
      await c.close();
      return fills;
    };
    const recorded = await run(
      await createBybitClient({ url: sim.url, socketFactory, paper: true, recordTo: sink }),
      sim,
    );
    expect(recorded.length).toBeGreaterThan(10);
    expect(new Set(recorded.map((f) => (f as unknown[])[3])).size).toBeGreaterThan(3); // several price levels
    expect(recorded.some((f) => (f as unknown[])[5] === true)).toBe(true); // the resting sell filled as maker
    const replay = async () => {
      const server = await startReplayServer(sink, { waitForRequests: (e) => !String(e.data).includes('"ping"') });
      try {
        const url = server.url.replace(/^(wss?:\/\/[^/]+).*$/, '$1');
        return await run(await createBybitClient({ url, socketFactory, paper: true }));
      } finally {
        await server.stop();
      }
    };
    const first = await replay();
    const second = await replay();
    expect(first).toEqual(second);
    expect(first).toEqual(recorded);
  });

  it('spot: a fill moves the coin balances, which a trading session reports as its account', async () => {
    const sim = await simulator();
    const paper = await client(sim.url, { category: 'spot', paper: { balances: { USDT: 1000, BTC: 0 } } });
    const session = await tradingSession(paper, { category: 'spot' });
    cleanup.push(async () => session.close());
    const wallets = rows<{ coin: Array<{ coin: string; walletBalance: string }> }>(paper, 'wallet');
    await wallets.ready;
    const placed = await session.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', amount: 0.01 });
    expect(placed).toMatchObject({ status: 'filled', order: { filled: 0.01 } });
    if (!placed.order) throw new Error('a filled order has its view');
    const price = Number((placed.order.raw as { avgPrice: string }).avgPrice);
    const coins = (w: { coin: Array<{ coin: string; walletBalance: string }> }) =>
      Object.fromEntries(w.coin.map((c) => [c.coin, Number(c.walletBalance)]));
    const [pushed] = await wallets.until(1);
    expect(coins(pushed as never)).toEqual({ USDT: 1000 - 0.01 * price, BTC: 0.01 });
    const { account } = await session.reconcile();
    expect((account as Array<{ accountType: string }>).map((w) => [w.accountType, coins(w as never)])).toEqual([
      ['UNIFIED', { USDT: 1000 - 0.01 * price, BTC: 0.01 }],
    ]);
    expect(sim.connections().map((c) => c.kind)).toEqual(['spot']);
    noPrivateFrames(sim);
  });

  it('rejects an order on a symbol the venue has no book for, and bad paper options before connecting', async () => {
    const sim = await simulator();
    const paper = await client(sim.url, { paper: { depth: 200 } });
    await expect(paper.createOrder({ symbol: 'DOGEUSDT', side: 'Buy', orderType: 'Market', qty: '1' })).rejects.toThrow(
      /Invalid symbol/,
    );
    await expect(client(sim.url, { paper: 'yes' as never })).rejects.toThrow(/options.paper must be true, false/);
    await expect(client(sim.url, { paper: { balance: { USDT: 1 } } as never })).rejects.toThrow(
      /did you mean "balances"/,
    );
    await expect(client(sim.url, { paper: { depth: 7 } })).rejects.toThrow(/options.paper.depth/);
    expect(sim.connections()).toHaveLength(1);
    // a private topic the engine does not serve is refused with Bybit's wording, not sent to the venue
    await expect(paper.subscribe('greeks')).rejects.toThrow(/handler not found,topic:greeks/);
    noPrivateFrames(sim);
  });
});
