/**
 * ccxt pro's Bybit watchers against our Bybit simulator, with nothing changed but the linear public stream URL:
 * watchTrades and watchOrderBook (snapshot then deltas). Markets are answered offline with
 * one linear instrument (BTCUSDT) in the shape of Bybit's `/v5/market/instruments-info`; any HTTP request for
 * something else fails the test, and every socket ccxt opens points at 127.0.0.1. ccxt is the pinned copy in
 * tools/ccxt that e2e/ccxt/ccxt.test.ts installs.
 *
 * Then, with the simulator's keys: createOrderWs on /v5/trade and watchOrders on /v5/private.
 *
 * watchTicker reads the linear `tickers` topic (ccxt tells a contract ticker by its `openInterestValue`).
 * Not covered: watchOrders for one symbol (ccxt maps an order update to a market by its
 * `category`, which the simulator's `order` updates do not carry yet), so watchOrders() here watches all.
 */
import { type BybitSimulator, startBybitSimulator } from '@zen-websocket/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Any, loadCcxt } from './load.js';

/** One linear perpetual, as `/v5/market/instruments-info?category=linear` lists it. */
const instruments = () => ({
  retCode: 0,
  retMsg: 'OK',
  result: {
    category: 'linear',
    nextPageCursor: '',
    list: [
      {
        symbol: 'BTCUSDT',
        contractType: 'LinearPerpetual',
        status: 'Trading',
        baseCoin: 'BTC',
        quoteCoin: 'USDT',
        settleCoin: 'USDT',
        launchTime: '1585526400000',
        deliveryTime: '0',
        priceScale: '1',
        leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
        priceFilter: { minPrice: '0.10', maxPrice: '199999.80', tickSize: '0.10' },
        lotSizeFilter: { maxOrderQty: '100.000', minOrderQty: '0.001', qtyStep: '0.001', minNotionalValue: '5' },
        unifiedMarginTrade: true,
        fundingInterval: 480,
      },
    ],
  },
  retExtInfo: {},
  time: Date.now(),
});

describe('ccxt pro against the Bybit simulator', () => {
  let sim: BybitSimulator;
  let exchange: Any;
  const requests: string[] = [];

  beforeAll(async () => {
    const ccxt = await loadCcxt();
    sim = await startBybitSimulator({ feedIntervalMs: 10 });
    exchange = new ccxt.pro.bybit({
      apiKey: 'sim-key',
      secret: 'sim-secret',
      options: {
        fetchCurrencies: false,
        fetchMarkets: { types: ['linear'] },
        adjustForTimeDifference: false,
        // A unified account, stated so ccxt does not ask /v5/user/query-api.
        enableUnifiedAccount: true,
        enableUnifiedMargin: false,
      },
    });
    exchange.fetchImplementation = async (url: string): Promise<Response> => {
      requests.push(url);
      const { pathname } = new URL(url);
      // With keys ccxt also loads currencies (a signed call); none are needed here.
      const body =
        pathname === '/v5/market/instruments-info'
          ? instruments()
          : pathname === '/v5/asset/coin/query-info'
            ? { retCode: 0, retMsg: 'OK', result: { rows: [] }, retExtInfo: {}, time: Date.now() }
            : undefined;
      if (!body) throw new Error(`ccxt tried to reach ${url}`);
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    };
    exchange.urls.api.ws.public.linear = `${sim.url}/v5/public/linear`;
    exchange.urls.api.ws.private.contract = `${sim.url}/v5/private`;
    exchange.urls.api.ws.private.spot.unified = `${sim.url}/v5/private`;
    exchange.urls.api.ws.private.trade = `${sim.url}/v5/trade`;
    await exchange.loadHttpProxyAgent();
    await exchange.loadMarkets();
  }, 360_000);

  afterAll(async () => {
    await exchange?.close();
    await sim?.stop();
  });

  it('watchTrades: publicTrade.BTCUSDT trades parsed as BTC/USDT:USDT', async () => {
    const trades = [...(await exchange.watchTrades('BTC/USDT:USDT')), ...(await exchange.watchTrades('BTC/USDT:USDT'))];
    expect(trades.length).toBeGreaterThanOrEqual(2);
    for (const t of trades) {
      expect(t).toMatchObject({ symbol: 'BTC/USDT:USDT', side: expect.stringMatching(/^(buy|sell)$/) });
      expect(t.price).toBeGreaterThan(0);
      expect(t.amount).toBeGreaterThan(0);
    }
    const subscribes = sim.received().filter((m) => m.data?.op === 'subscribe');
    expect(subscribes.flatMap((m) => m.data?.args as string[])).toContain('publicTrade.BTCUSDT');
  });

  it('watchTicker: tickers.BTCUSDT parsed as a linear ticker that agrees with the book', async () => {
    const ticker = await exchange.watchTicker('BTC/USDT:USDT');
    expect(ticker.symbol).toBe('BTC/USDT:USDT');
    expect(ticker.last).toBeGreaterThan(0);
    expect(ticker.bid).toBeLessThan(ticker.ask);
    expect(ticker.high).toBeGreaterThanOrEqual(ticker.low);
    expect(ticker.info.openInterestValue).toMatch(/^\d+\.\d{2}$/);
    const topics = sim.received().flatMap((m) => (m.data?.op === 'subscribe' ? (m.data.args as string[]) : []));
    expect(topics).toContain('tickers.BTCUSDT');
  });

  it('watchOrderBook: 20+ updates from orderbook.50, never crossed, venue time (ts) never going back', async () => {
    let last = 0;
    for (let i = 0; i < 20; i++) {
      const book = await exchange.watchOrderBook('BTC/USDT:USDT');
      expect(book.symbol).toBe('BTC/USDT:USDT');
      expect(book.timestamp).toBeGreaterThanOrEqual(last);
      last = book.timestamp;
      expect(book.bids.length).toBeGreaterThan(0);
      expect(book.bids[0][0]).toBeLessThan(book.asks[0][0]);
    }
    const topics = sim.received().flatMap((m) => (m.data?.op === 'subscribe' ? (m.data.args as string[]) : []));
    expect(topics).toContain('orderbook.50.BTCUSDT');
    expect(Object.keys(exchange.clients).every((u) => u.startsWith('ws://127.0.0.1:'))).toBe(true);
  });

  it('authenticates, places an order with createOrderWs (/v5/trade) and sees it in watchOrders (/v5/private)', async () => {
    const watching = exchange.watchOrders();
    await sim.waitForMessage((m) => m.kind === 'private' && m.data?.op === 'subscribe', 10_000);
    const order = await exchange.createOrderWs('BTC/USDT:USDT', 'limit', 'buy', 0.01, 1000);
    expect(sim.openOrders('sim-key').map((o) => o.orderId)).toContain(order.id);
    const seen = await watching;
    expect(seen.map((o: Any) => [o.id, o.status])).toContainEqual([order.id, 'open']);
    // Both private connections authenticated (GET/realtime + expires, HMAC-SHA256) before anything else.
    for (const kind of ['private', 'trade'] as const) {
      expect(sim.received().find((m) => m.kind === kind)?.data?.op).toBe('auth');
    }
    expect(Object.keys(exchange.clients).every((u) => u.startsWith('ws://127.0.0.1:'))).toBe(true);
  });
});
