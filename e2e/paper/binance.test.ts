// Binance paper trading over real sockets: `createBinanceApi({ paper })` answers order.*, openOrders.*,
// account.status and user data from the simulator's exchange in-process, fed by each symbol's live touch
// (`<symbol>@bookTicker`) from the simulator's market streams, or from a recording of them through the replay
// server. The simulator must never see a private frame. The market moves only on `sim.tick()`, so every touch
// the engine sees is known to the test.

import type { BinanceApi, BinanceError, BinanceStreams, UserDataEvent } from '@zen-websocket/binance';
import { createBinanceApi, createBinanceStreams } from '@zen-websocket/binance';
import { tradingSession } from '@zen-websocket/binance/safety';
import { memorySink } from '@zen-websocket/recorder';
import {
  type BinanceSimulator,
  startBinanceSimulator,
  startReplayServer,
  wsSocketFactory,
} from '@zen-websocket/testing';
import { streamHostOf } from '@zen-websocket/testing/paper';
import { afterEach, describe, expect, it } from 'vitest';

const socketFactory = wsSocketFactory;
const TOUCH = 'btcusdt@bookTicker';
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

type Touch = { u: number; b: string; a: string };

async function simulator(): Promise<BinanceSimulator> {
  const sim = await startBinanceSimulator({ feedIntervalMs: 0, messageLimit: 1000 });
  cleanup.push(() => sim.stop());
  return sim;
}

type Paper = NonNullable<Parameters<typeof createBinanceApi>[0]>['paper'];
async function paperApi(sim: BinanceSimulator, paper: Paper = true) {
  const connect = { retryDelay: 5, maxBackoff: 20, firstRetrySpread: 0 }; // quick reconnects
  const api = await createBinanceApi({ url: sim.apiUrl, socketFactory, paper, connect });
  cleanup.push(() => api.close());
  return api;
}

/** Streams the test shares with the engine; `touches.next()` resolves with the next touch both of them see. */
async function sharedStreams(baseUrl: string, recordTo?: ReturnType<typeof memorySink>) {
  // barriers are LIST_SUBSCRIPTIONS frames: more than Binance's 5 a second (the simulator's limit is raised too)
  const limit = { messages: 1000, windowMs: 1000 };
  const streams = createBinanceStreams({ baseUrl, socketFactory, limit, ...(recordTo && { connect: { recordTo } }) });
  cleanup.push(() => streams.close());
  const waiters: Array<(t: Touch) => void> = [];
  let last: Touch | undefined;
  const touches = {
    get last() {
      return last;
    },
    next: () => new Promise<Touch>((resolve) => waiters.push(resolve)),
  };
  const subscribed = streams.subscribe<Touch>(TOUCH, (t) => {
    last = t;
    for (const w of waiters.splice(0)) w(t);
  });
  return { streams, touches, subscribed };
}

/** Ticks the market, one touch at a time, until `promise` settles (at most `max` ticks). */
async function tickUntil<T>(sim: BinanceSimulator, next: () => Promise<Touch>, promise: Promise<T>, max = 20) {
  let done = false;
  const settled = promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < max && !done; i++) {
    const touch = next();
    sim.tick();
    await touch;
    await Promise.race([settled, new Promise((r) => setImmediate(r))]);
  }
  if (!done) throw new Error(`not settled after ${max} touches`);
  return promise;
}

/** No private request (orders, account, user data, logon) reached the simulator on any connection. */
function noPrivateFrames(sim: BinanceSimulator) {
  const methods = sim.received.map((text) => String((JSON.parse(text) as { method?: unknown }).method));
  expect(methods.filter((m) => /^(v3\/)?(order|openOrders|account|userDataStream|session)/.test(m))).toEqual([]);
  expect(methods).toContain('time'); // the public connection is real
  expect(sim.orders()).toEqual([]);
}

const balance = async (api: BinanceApi, asset: string) => {
  const b = (await api.accountStatus()).balances.find((x) => x.asset === asset);
  return { free: Number(b?.free ?? 0), locked: Number(b?.locked ?? 0) };
};

describe('paper trading (Binance)', () => {
  it('fills a market order at the live ask from its own streams connection, with no key and no private frame', async () => {
    const sim = await simulator();
    const api = await paperApi(sim); // no apiKey / secretKey
    const events: UserDataEvent[] = [];
    await api.userDataStreamSubscribe((e) => events.push(e));
    const usdt = await balance(api, 'USDT');
    const order = api.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.5' });
    const feed = await sim.waitForConnection('stream'); // the engine opened the market streams for BTCUSDT
    expect(feed.streams).toContain(TOUCH);
    sim.tick();
    const ask = Number(sim.orderBook('BTCUSDT', { limit: 1 })?.asks[0]?.[0]);
    const result = await order;
    expect(result).toMatchObject({ status: 'FILLED', executedQty: '0.50000000', side: 'BUY', type: 'MARKET' });
    expect(result.fills?.map((f) => Number(f.price))).toEqual([ask]);
    // balances moved by what was paid
    expect((await balance(api, 'BTC')).free).toBeCloseTo(100.5, 8);
    expect((await balance(api, 'USDT')).free).toBeCloseTo(usdt.free - 0.5 * ask, 6);
    // user data, as the venue frames it
    expect(events.map((e) => [e.e, e.x])).toEqual([
      ['executionReport', 'NEW'],
      ['executionReport', 'TRADE'],
      ['outboundAccountPosition', undefined],
    ]);
    expect(events[1]).toMatchObject({ i: result.orderId, c: result.clientOrderId, L: ask.toFixed(8), X: 'FILLED' });
    noPrivateFrames(sim);
  });

  it('rests a limit order, fills it when the live ask crosses it, cancels and lists open orders', async () => {
    const sim = await simulator();
    const { streams, touches, subscribed } = await sharedStreams(sim.streamUrl);
    await subscribed;
    const api = await paperApi(sim, { streams, balances: { USDT: 100_000 } });
    const trades = new Map<number, (e: UserDataEvent) => void>();
    await api.userDataStreamSubscribe(
      (e) => e.e === 'executionReport' && e.x === 'TRADE' && trades.get(e.i as number)?.(e),
    );
    // a bid far under the market rests (and the engine takes its first touch)
    const far = await tickUntil(
      sim,
      touches.next,
      api.orderPlace({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: '1000',
        quantity: '1',
      }),
    );
    expect(far.status).toBe('NEW');
    expect((await balance(api, 'USDT')).locked).toBe(1000);
    // a bid one tick under the live ask rests, then fills at its price once the ask comes down to it
    const ask = Number(touches.last?.a);
    const price = (ask - 0.01).toFixed(2);
    const resting = await api.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price,
      quantity: '0.1',
    });
    expect(resting.status).toBe('NEW');
    expect((await api.openOrdersStatus({ symbol: 'BTCUSDT' })).map((o) => o.orderId)).toEqual([
      far.orderId,
      resting.orderId,
    ]);
    const filled = new Promise<UserDataEvent>((resolve) => trades.set(resting.orderId, resolve));
    const trade = await tickUntil(sim, touches.next, filled, 500);
    expect(Number(touches.last?.a)).toBeLessThanOrEqual(Number(price)); // the live book crossed the bid
    expect(trade).toMatchObject({ L: Number(price).toFixed(8), l: '0.10000000', X: 'FILLED' });
    expect((await api.orderStatus({ symbol: 'BTCUSDT', orderId: resting.orderId })).status).toBe('FILLED');
    // cancel, then nothing is open and nothing is locked
    const cancelled = await api.orderCancel({ symbol: 'BTCUSDT', orderId: far.orderId });
    expect(cancelled).toMatchObject({ status: 'CANCELED', origClientOrderId: far.clientOrderId });
    expect(await api.openOrdersStatus({ symbol: 'BTCUSDT' })).toEqual([]);
    expect((await balance(api, 'USDT')).locked).toBe(0);
    const refused = (await api
      .orderCancel({ symbol: 'BTCUSDT', orderId: far.orderId })
      .catch((e) => e)) as BinanceError;
    expect([refused.name, refused.rpcCode, refused.msg]).toEqual(['BinanceError', -2011, 'Unknown order sent.']);
    noPrivateFrames(sim);
  });

  it('replaces an order (order.cancelReplace) and cancels all open orders of a symbol', async () => {
    const sim = await simulator();
    const { streams, touches, subscribed } = await sharedStreams(sim.streamUrl);
    await subscribed;
    const api = await paperApi(sim, { streams });
    const bid = (p: string) =>
      ({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: p, quantity: '1' }) as const;
    const first = await tickUntil(sim, touches.next, api.orderPlace(bid('1000')));
    const { result } = await api.request<Record<string, { orderId?: number; status?: string; price?: string }>>(
      'order.cancelReplace',
      { ...bid('1100'), cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: first.orderId },
    );
    expect(result).toMatchObject({ cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS' });
    expect(result.cancelResponse).toMatchObject({ orderId: first.orderId, status: 'CANCELED' });
    expect(result.newOrderResponse).toMatchObject({ status: 'NEW', price: '1100.00000000' });
    // the cancelled order cannot be replaced again: nothing is placed
    const failed = (await api
      .request('order.cancelReplace', {
        ...bid('1200'),
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrderId: first.orderId,
      })
      .catch((e) => e)) as BinanceError;
    expect([failed.rpcCode, failed.data]).toMatchObject([
      -2022,
      { cancelResult: 'FAILURE', newOrderResult: 'NOT_ATTEMPTED' },
    ]);
    await api.orderPlace(bid('1300'));
    const all = await api.openOrdersCancelAll({ symbol: 'BTCUSDT' });
    expect(all.map((o) => [o.price, o.status])).toEqual([
      ['1100.00000000', 'CANCELED'],
      ['1300.00000000', 'CANCELED'],
    ]);
    noPrivateFrames(sim);
  });

  it('produces the same fills twice over a recording of the live touches (deterministic)', async () => {
    const sim = await simulator();
    const sink = memorySink();
    /**
     * One paper session. Each step is one touch, then a barrier (a LIST_SUBSCRIPTIONS round trip on the same
     * connection: the touch is in before its reply), the action, and a barrier again, so the replay server,
     * which waits for each recorded request, sends the next touch only once the action is done.
     */
    const session = async (baseUrl: string, live?: BinanceSimulator) => {
      const { streams, touches, subscribed } = await sharedStreams(baseUrl, live ? sink : undefined);
      const api = await createBinanceApi({ url: sim.apiUrl, socketFactory, paper: { streams } });
      const fills: unknown[] = [];
      await api.userDataStreamSubscribe((e) => {
        if (e.e === 'executionReport' && e.x === 'TRADE') fills.push([e.i, e.c, e.t, e.S, e.L, e.l]);
      });
      const order = (side: 'BUY' | 'SELL', quantity: string, price?: string) =>
        api.orderPlace({
          symbol: 'BTCUSDT',
          side,
          quantity,
          ...(price ? { type: 'LIMIT', timeInForce: 'GTC', price } : { type: 'MARKET' }),
        });
      const barrier = (s: BinanceStreams) => s.listSubscriptions();
      const first = order('BUY', '0.001', '1000'); // rests; its wait subscribes the engine to the touch
      await subscribed;
      await barrier(streams);
      const step = async (action: () => Promise<unknown>) => {
        live?.tick(); // its touch arrives before the barrier's reply (one connection, in order)
        await barrier(streams);
        await action();
        await barrier(streams);
      };
      await step(() => first);
      await step(() => order('BUY', '0.3'));
      await step(async () => {
        const ask = Number(touches.last?.a);
        await order('BUY', '0.2', (ask - 0.02).toFixed(2)); // rests; a later touch may cross it
        await order('SELL', '0.2', (ask + 0.05).toFixed(2));
      });
      for (let i = 0; i < 12; i++) await step(() => order(i % 2 ? 'SELL' : 'BUY', '0.05'));
      await api.close();
      await streams.close();
      return fills;
    };
    const recorded = await session(sim.streamUrl, sim);
    expect(recorded.length).toBeGreaterThanOrEqual(13); // every market order, and resting ones the touches crossed

    const replay = async () => {
      const server = await startReplayServer(sink, { waitForRequests: true });
      try {
        return await session(server.url);
      } finally {
        await server.stop();
      }
    };
    const first = await replay();
    const second = await replay();
    expect(first).toEqual(second);
    expect(first).toEqual(recorded);
    noPrivateFrames(sim);
  });

  it('runs tradingSession unchanged on a paper client (reconciliation queries answered by the engine)', async () => {
    const sim = await simulator();
    const { streams, touches, subscribed } = await sharedStreams(sim.streamUrl);
    await subscribed;
    const api = await paperApi(sim, { streams });
    const session = await tradingSession(api);
    cleanup.push(async () => session.close());
    expect(session.readyToTrade).toBe(true);
    const placed = await tickUntil(
      sim,
      touches.next,
      session.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.01, price: 1000 }),
    );
    expect(placed).toMatchObject({ status: 'open', order: { amount: 0.01, price: 1000 } });
    const market = await session.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', amount: 0.01 });
    expect(market).toMatchObject({ status: 'filled', order: { filled: 0.01 } });
    const events: UserDataEvent[] = [];
    await api.userDataStreamSubscribe((e) => events.push(e));
    // a drop: the session is not ready until the reconciliation (answered by the engine) has run
    const ready: boolean[] = [];
    const reconciled = new Promise((resolve) => {
      session.on('ready', (e) => ready.push(e.readyToTrade));
      session.on('reconciled', resolve);
    });
    await sim.drop();
    await reconciled;
    expect(ready).toEqual([false, true]);
    expect(session.readyToTrade).toBe(true);
    expect([...session.openOrders.keys()]).toEqual([placed.clientOrderId]);
    // the user data subscription was made again on the new connection: its events arrive once
    await api.orderCancel({ symbol: 'BTCUSDT', origClientOrderId: placed.clientOrderId });
    expect(events.filter((e) => e.e === 'executionReport').map((e) => [e.c, e.x])).toEqual([
      [placed.clientOrderId, 'CANCELED'],
    ]);
    noPrivateFrames(sim);
  });

  it('rejects a symbol without a live touch instead of waiting forever', async () => {
    const sim = await simulator();
    const api = await createBinanceApi({ url: sim.apiUrl, socketFactory, paper: true, requestTimeout: 300 });
    cleanup.push(() => api.close());
    const bad = (await api
      .orderPlace({ symbol: 'btc usdt', side: 'BUY', type: 'MARKET', quantity: '1' })
      .catch((e) => e)) as BinanceError;
    expect([bad.rpcCode, bad.msg]).toEqual([-1121, 'Invalid symbol.']);
    // the market never ticks: no touch arrives within the request timeout
    const silent = (await api
      .orderPlace({ symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '1' })
      .catch((e) => e)) as BinanceError;
    expect(silent.rpcCode).toBe(-1121);
    expect(silent.msg).toMatch(/no live touch from ethusdt@bookTicker within 300 ms/);
  });

  it('opens its own streams on the host that matches the API URL', () => {
    expect(streamHostOf('wss://ws-api.binance.com:443/ws-api/v3')).toBe('wss://stream.binance.com:9443');
    expect(streamHostOf('wss://ws-api.binance.com/ws-api/v3')).toBe('wss://stream.binance.com:9443');
    expect(streamHostOf('wss://ws-api.testnet.binance.vision/ws-api/v3')).toBe('wss://stream.testnet.binance.vision');
    expect(streamHostOf('ws://127.0.0.1:4567/ws-api/v3')).toBe('ws://127.0.0.1:4567'); // the simulator: one port
  });

  it('refuses bad paper options before connecting', async () => {
    const sim = await simulator();
    const make = (paper: unknown) => createBinanceApi({ url: sim.apiUrl, socketFactory, paper: paper as never });
    await expect(make('yes')).rejects.toThrow(
      /options\.paper must be true or false or an object with balances, streams, streamsUrl/,
    );
    await expect(make({ balance: { USDT: 1 } })).rejects.toThrow(
      /unknown option "paper\.balance" \(did you mean "paper\.balances"\?\)/,
    );
    await expect(make({ typo: 1 })).rejects.toThrow(/unknown option "paper\.typo"/);
    await expect(make({ balances: { USDT: -1 } })).rejects.toThrow(/options\.paper\.balances must be/);
    await expect(make({ streamsUrl: 'http://x' })).rejects.toThrow(
      /options\.paper\.streamsUrl must be a ws:\/\/ or wss:\/\/ URL/,
    );
    await expect(make({ streams: {}, streamsUrl: sim.streamUrl })).rejects.toThrow(
      /options\.paper\.streams must be a BinanceStreams/,
    );
    const streams = createBinanceStreams({ baseUrl: sim.streamUrl, socketFactory });
    cleanup.push(() => streams.close());
    await expect(make({ streams, streamsUrl: sim.streamUrl })).rejects.toThrow(
      /streams or options\.paper\.streamsUrl, not both/,
    );
    expect(sim.connectionCount).toBe(0);
  });
});
