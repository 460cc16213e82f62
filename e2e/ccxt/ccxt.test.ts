/**
 * A third-party client against our simulators: ccxt pro (pinned in tools/ccxt, installed there once because
 * the package is large) runs watchTicker, watchTrades, watchOrderBook, authenticate, an order, watchOrders and (Deribit) watchBalance
 * against the Binance and the Deribit simulator, with nothing changed but its URLs. Markets are answered
 * offline through ccxt's `fetchImplementation`; every other HTTP request must go to 127.0.0.1 (anything else
 * fails the test), and every socket ccxt opens points at 127.0.0.1.
 */
import {
  type BinanceSimulator,
  type DeribitSimulator,
  startBinanceSimulator,
  startDeribitSimulator,
} from '@zen-websocket/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Any, loadCcxt } from './load.js';
import { binanceExchangeInfo } from './markets.js';

type Level = [string, string];

/** Every HTTP request ccxt makes; a request to anything but 127.0.0.1 throws (and is recorded). */
const requests: string[] = [];
function localOnly(answer: (url: URL) => object | undefined) {
  return async (url: string, init?: RequestInit): Promise<Response> => {
    requests.push(url);
    const parsed = new URL(url);
    if (parsed.hostname !== '127.0.0.1') throw new Error(`ccxt tried to reach ${url}`);
    const canned = answer(parsed);
    if (canned) return new Response(JSON.stringify(canned), { headers: { 'content-type': 'application/json' } });
    return fetch(url, init);
  };
}

/** Sockets ccxt opened: every URL must be local. */
const wsUrls = (exchange: Any): string[] => Object.keys(exchange.clients);

let ccxt: Any;
beforeAll(async () => {
  ccxt = await loadCcxt();
}, 360_000);

afterAll(() => {
  expect(requests.every((u) => new URL(u).hostname === '127.0.0.1')).toBe(true);
});

describe('ccxt pro against the Binance simulator', () => {
  let sim: BinanceSimulator;
  let exchange: Any;

  beforeAll(async () => {
    const account = { apiKey: 'ccxt-key', secretKey: 'ccxt-secret' };
    sim = await startBinanceSimulator({ feedInterval: 10, pingInterval: 0, messageLimit: 50, accounts: [account] });
    exchange = new ccxt.pro.binance({
      apiKey: account.apiKey,
      secret: account.secretKey,
      options: { fetchCurrencies: false, fetchMargins: false, fetchMarkets: { types: ['spot'] } },
    });
    const rest = `${sim.restUrl}/api/v3`;
    for (const key of Object.keys(exchange.urls.api)) {
      if (typeof exchange.urls.api[key] === 'string') exchange.urls.api[key] = `${sim.restUrl}/unused/${key}`;
    }
    exchange.urls.api.public = rest;
    exchange.urls.api.private = rest;
    exchange.urls.api.ws.spot = `${sim.streamUrl}/ws`;
    exchange.urls.api.ws['ws-api'].spot = sim.apiUrl;
    exchange.fetchImplementation = localOnly((url) =>
      url.pathname === '/api/v3/exchangeInfo' ? binanceExchangeInfo(Date.now()) : undefined,
    );
    await exchange.loadHttpProxyAgent();
    await exchange.loadMarkets();
  });

  afterAll(async () => {
    await exchange?.close();
    await sim?.stop();
  });

  it('watchTicker: 24hrMiniTicker (ccxt default) and 24hrTicker updates, every second of venue time', async () => {
    const first = await exchange.watchTicker('BTC/USDT');
    const second = await exchange.watchTicker('BTC/USDT');
    expect(second.timestamp).toBeGreaterThan(first.timestamp);
    for (const t of [first, second]) {
      expect(t).toMatchObject({ symbol: 'BTC/USDT', last: expect.any(Number), open: expect.any(Number) });
      expect(t.high).toBeGreaterThanOrEqual(t.low);
    }
    const full = await exchange.watchTicker('BTC/USDT', { name: 'ticker' });
    expect(full.bid).toBeLessThan(full.ask);
    expect(full.last).toBeGreaterThanOrEqual(full.bid);
    expect(full.last).toBeLessThanOrEqual(full.ask);
  });

  it('watchTrades: consecutive trade ids', async () => {
    const trades = [...(await exchange.watchTrades('BTC/USDT')), ...(await exchange.watchTrades('BTC/USDT'))];
    const ids = trades.map((t: Any) => Number(t.id));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(trades.every((t: Any) => t.symbol === 'BTC/USDT' && t.price > 0 && t.amount > 0)).toBe(true);
  });

  it('watchOrderBook: 20+ updates, never crossed, equal to the simulator book at the same update id', async () => {
    let compared = 0;
    let nonce = 0;
    for (let i = 0; i < 25; i++) {
      const book = await exchange.watchOrderBook('BTC/USDT');
      const bids = book.bids.slice(0, 50).map(([p, q]: number[]) => [p, q]);
      const asks = book.asks.slice(0, 50).map(([p, q]: number[]) => [p, q]);
      expect(book.nonce).toBeGreaterThan(nonce);
      nonce = book.nonce;
      expect(bids[0][0]).toBeLessThan(asks[0][0]);
      const own = sim.orderBook('BTCUSDT', { updateId: book.nonce, limit: 50 });
      if (!own) continue;
      expect(own.lastUpdateId).toBe(book.nonce);
      const numbers = (levels: Level[]) => levels.map(([p, q]) => [Number(p), Number(q)]);
      expect({ bids, asks }).toEqual({ bids: numbers(own.bids), asks: numbers(own.asks) });
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(20);
    expect(requests.some((u) => u.includes('/api/v3/depth') && u.includes('limit=1000'))).toBe(true);
  });

  it('authenticates, places an order with createOrderWs and sees it in watchOrders', async () => {
    const watching = exchange.watchOrders('BTC/USDT');
    await sim.waitForConnection('api');
    const order = await exchange.createOrderWs('BTC/USDT', 'limit', 'buy', 0.01, 1000);
    expect(order).toMatchObject({ symbol: 'BTC/USDT', side: 'buy', status: 'open', amount: 0.01, price: 1000 });
    const seen = await watching;
    expect(seen.map((o: Any) => o.id)).toContain(order.id);
    expect(wsUrls(exchange).every((u) => u.startsWith('ws://127.0.0.1:'))).toBe(true);
  });
});

describe('ccxt pro against the Deribit simulator', () => {
  let sim: DeribitSimulator;
  let exchange: Any;

  /** One JSON-RPC call on a socket of our own (to read the simulator's instrument list for ccxt). */
  async function rpc(method: string, params: object): Promise<Any> {
    const ws = new WebSocket(sim.url);
    await new Promise((resolve) => ws.once('open', resolve));
    const reply = new Promise<Any>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
    const message = await reply;
    ws.close();
    return message;
  }

  beforeAll(async () => {
    sim = await startDeribitSimulator({ feedIntervalMs: 0 });
    const instruments = await rpc('public/get_instruments', { currency: 'any' });
    exchange = new ccxt.pro.deribit({ apiKey: sim.credentials.clientId, secret: sim.credentials.clientSecret });
    exchange.urls.api.rest = `http://127.0.0.1:${sim.port}`;
    exchange.urls.api.ws = sim.url;
    exchange.fetchImplementation = localOnly((url) =>
      url.pathname === '/api/v2/public/get_instruments' ? instruments : undefined,
    );
    await exchange.loadHttpProxyAgent();
    await exchange.loadMarkets();
  });

  afterAll(async () => {
    await exchange?.close();
    await sim?.stop();
  });

  /** Ticks the simulator until the book of BTC-PERPETUAL changed. */
  const moveBook = (): void => {
    const before = sim.orderBook('BTC-PERPETUAL').change_id;
    for (let i = 0; i < 50 && sim.orderBook('BTC-PERPETUAL').change_id === before; i++) sim.tick();
  };

  it('watchTicker: best bid and ask equal the top of the book', async () => {
    const pending = exchange.watchTicker('BTC/USD:BTC');
    await sim.waitFor((e) => e.type === 'request' && e.method === 'public/subscribe');
    sim.tick();
    const ticker = await pending;
    const own = sim.orderBook('BTC-PERPETUAL');
    expect(ticker.symbol).toBe('BTC/USD:BTC');
    expect([ticker.bid, ticker.ask]).toEqual([own.bids[0]?.[0], own.asks[0]?.[0]]);
  });

  it('watchTrades: trades of the instrument, in sequence', async () => {
    const pending = exchange.watchTrades('BTC/USD:BTC');
    await sim.waitFor((e) => e.type === 'request' && JSON.stringify(e).includes('trades.BTC-PERPETUAL'));
    sim.tick(100); // random taker flow trades in about one step of four
    const trades = await pending;
    expect(trades.length).toBeGreaterThan(0);
    expect(trades.every((t: Any) => t.symbol === 'BTC/USD:BTC' && t.price > 0 && t.amount > 0)).toBe(true);
  });

  it('watchOrderBook: 20+ updates, never crossed, equal to the simulator book', async () => {
    await exchange.watchOrderBook('BTC/USD:BTC');
    for (let i = 0; i < 20; i++) {
      const pending = exchange.watchOrderBook('BTC/USD:BTC');
      moveBook();
      const book = await pending;
      const own = sim.orderBook('BTC-PERPETUAL');
      expect(book.bids[0][0]).toBeLessThan(book.asks[0][0]);
      expect({
        bids: book.bids.map(([p, a]: number[]) => [p, a]),
        asks: book.asks.map(([p, a]: number[]) => [p, a]),
      }).toEqual({
        bids: own.bids,
        asks: own.asks,
      });
    }
  });

  it('authenticates, sends private/buy on its own socket and sees the order in watchOrders', async () => {
    await exchange.authenticate();
    const watching = exchange.watchOrders('BTC/USD:BTC');
    const balance = exchange.watchBalance();
    const subscribed = (what: string) => (e: Any) =>
      e.type === 'request' && e.method === 'private/subscribe' && JSON.stringify(e.params).includes(what);
    await sim.waitFor(subscribed('user.orders'));
    await sim.waitFor(subscribed('user.portfolio'));
    const client = exchange.client(exchange.urls.api.ws);
    const price = (sim.orderBook('BTC-PERPETUAL').bids.at(-1)?.[0] ?? 60_000) - 100;
    await client.send({
      jsonrpc: '2.0',
      id: 9001,
      method: 'private/buy',
      params: { instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'limit', price, label: 'ccxt' },
    });
    const orders = await watching;
    expect(orders[0]).toMatchObject({ symbol: 'BTC/USD:BTC', side: 'buy', price, amount: 10, status: 'open' });
    expect(sim.orders({ open: true }).map((o) => o.label)).toContain('ccxt');
    const funds = await balance; // user.portfolio after the order: its margin is reserved
    const btc = funds.BTC.BTC ?? funds.BTC; // ccxt 4.5 stores the parsed balance under the currency code
    expect(btc.total).toBe(10);
    expect(btc.free).toBeLessThan(10); // available_funds: equity less the order's initial margin
    expect(wsUrls(exchange).every((u) => u.startsWith('ws://127.0.0.1:'))).toBe(true);
  });
});
