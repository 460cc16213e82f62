// Issue 19's fault test: 1,000 seeded random trials across the Deribit, Binance and Bybit simulators. In each
// the simulator receives an order and cuts the connection before its reply — having filled it, rested it, or
// never processed it — and the trading session must settle it, by its client order id after the reconnect, as
// exactly what the simulator holds (filled / open / absent). Real sockets; one connection per venue reused
// (the client reconnects after each cut); no sleeps and no timing assertions.
import { createBinanceApi } from '@zen-websocket/binance';
import { tradingSession as binanceSession } from '@zen-websocket/binance/safety';
import { createBybitClient } from '@zen-websocket/bybit';
import { tradingSession as bybitSession } from '@zen-websocket/bybit/safety';
import type { OrderRequest, OrderStatus, TradingSession } from '@zen-websocket/core/internal';
import { createDeribitClient } from '@zen-websocket/deribit';
import { tradingSession as deribitSession } from '@zen-websocket/deribit/safety';
import { startBinanceSimulator, startBybitSimulator, startDeribitSimulator } from '@zen-websocket/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeSocketFactory as socketFactory } from 'zen-websocket';

const TRIALS = Number(process.env.SAFETY_TRIALS ?? 1000);
const SEED = 19;
const fast = { retryDelay: 5, maxBackoff: 20, firstRetrySpread: 0, retryCount: Number.POSITIVE_INFINITY };
const BINANCE_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const BINANCE_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

/** A venue under test: its session, its fault hook, the simulator's own answer, orders that rest or fill. */
interface Venue {
  name: string;
  session: TradingSession;
  cut(processed: boolean): void;
  truth(clientOrderId: string): OrderStatus;
  rest: OrderRequest;
  cross: OrderRequest;
  stop(): Promise<void>;
}

const venues: Venue[] = [];
afterAll(async () => {
  for (const v of venues.splice(0)) await v.stop();
});

/** mulberry32: the trials are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function deribit(): Promise<Venue> {
  const sim = await startDeribitSimulator({ feedIntervalMs: 0, balances: { BTC: 1_000_000 } });
  const client = await createDeribitClient({ url: sim.url, socketFactory, ...sim.credentials, ...fast });
  // cancel-on-disconnect would (rightly) cancel a resting order at the cut: this test is about reconciliation
  const session = await deribitSession(client, { deadMansSwitch: false, account: false });
  const state = {
    open: 'open',
    untriggered: 'open',
    filled: 'filled',
    cancelled: 'cancelled',
    rejected: 'rejected',
  } as const;
  return {
    name: 'Deribit',
    session,
    cut: (processed) => sim.cutNextOrder(processed),
    truth: (id) => {
      const o = sim.orders().find((x) => x.label === id);
      return o ? (state[o.order_state as keyof typeof state] ?? 'open') : 'absent';
    },
    rest: { symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', amount: 10, price: 30_000 },
    cross: { symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', amount: 10, price: 100_000 },
    stop: async () => {
      session.close();
      await client.close();
      await sim.stop();
    },
  };
}

async function binance(): Promise<Venue> {
  const sim = await startBinanceSimulator({ feedIntervalMs: 0, weightLimit: 10_000_000, orderLimit: 1_000_000 });
  const api = await createBinanceApi({
    url: sim.apiUrl,
    socketFactory,
    apiKey: BINANCE_KEY,
    secretKey: BINANCE_SECRET,
    connect: fast,
  });
  const session = await binanceSession(api, { account: false });
  const book = sim.orderBook('BTCUSDT', { limit: 1 });
  const bid = Number(book?.bids[0]?.[0]);
  const ask = Number(book?.asks[0]?.[0]);
  const state: Record<string, OrderStatus> = {
    NEW: 'open',
    PARTIALLY_FILLED: 'open',
    FILLED: 'filled',
    CANCELED: 'cancelled',
  };
  return {
    name: 'Binance',
    session,
    cut: (processed) => sim.cutNextOrder(processed),
    truth: (id) => {
      const o = sim.orders().find((x) => x.clientOrderId === id);
      return o ? (state[o.status] ?? 'rejected') : 'absent';
    },
    rest: { symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.001, price: Math.floor(bid / 2) },
    cross: { symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.001, price: Math.ceil(ask * 1.5) },
    stop: async () => {
      session.close();
      await api.close();
      await sim.stop();
    },
  };
}

async function bybit(): Promise<Venue> {
  const sim = await startBybitSimulator({ feedIntervalMs: 0, orderRateLimit: 1_000_000 });
  const keys = { apiKey: 'sim-key', apiSecret: 'sim-secret' };
  const client = await createBybitClient({ url: sim.url, socketFactory, ...keys, ...fast });
  const session = await bybitSession(client, { ...keys, deadMansSwitch: false });
  const state: Record<string, OrderStatus> = {
    New: 'open',
    PartiallyFilled: 'open',
    Filled: 'filled',
    Cancelled: 'cancelled',
  };
  return {
    name: 'Bybit',
    session,
    cut: (processed) => sim.cutNextOrder(processed),
    truth: (id) => {
      const o = sim.orders().find((x) => x.orderLinkId === id);
      return o ? (state[o.orderStatus] ?? 'rejected') : 'absent';
    },
    rest: { symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.001, price: 30_000 },
    cross: { symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.001, price: 90_000 },
    stop: async () => {
      session.close();
      await client.close();
      await sim.stop();
    },
  };
}

describe('reconciliation after an order is cut off before its reply', () => {
  it(`${TRIALS} seeded random trials on three simulators: every order settled as the venue holds it, 0 wrong`, async () => {
    venues.push(await deribit(), await binance(), await bybit());
    const random = seeded(SEED);
    const wrong: string[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < TRIALS; i++) {
      const venue = venues[Math.floor(random() * venues.length)] as Venue;
      const processed = random() < 2 / 3;
      const crosses = random() < 0.5;
      const expected: OrderStatus = !processed ? 'absent' : crosses ? 'filled' : 'open';
      venue.cut(processed);
      const result = await venue.session.place(crosses ? venue.cross : venue.rest);
      const truth = venue.truth(result.clientOrderId);
      if (!result.reconciled || result.status !== truth || truth !== expected)
        wrong.push(`#${i} ${venue.name}: reconciled ${result.status}, venue holds ${truth}, expected ${expected}`);
      const key = `${venue.name} ${expected}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      expect(venue.session.readyToTrade).toBe(true);
    }
    expect(wrong).toEqual([]);
    // every venue saw every outcome (the seed spreads the trials)
    expect([...seen.keys()].sort()).toEqual(
      ['Binance', 'Bybit', 'Deribit'].flatMap((v) => ['absent', 'filled', 'open'].map((s) => `${v} ${s}`)),
    );
  }, 300_000); // a fixed amount of work: 62 s on a loaded machine, over 120 s under heavier load
});
