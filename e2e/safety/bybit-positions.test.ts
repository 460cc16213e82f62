// The Bybit trading session reports positions in every reconciliation (signed `GET /v5/position/list`,
// USDT-settled linear), and the simulator answers with the positions its fills made. Two fills happen while the
// session cannot see the venue: an order whose reply is cut off after it filled, and a resting order the market
// reaches while the connection is away. Real sockets; event-driven waits; the market steps by hand (`tick()`).
import { createBybitClient } from '@zen-websocket/bybit';
import { type Reconciliation, type TradingSession, tradingSession } from '@zen-websocket/bybit/safety';
import { type BybitSimulator, wsSocketFactory as socketFactory, startBybitSimulator } from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';

const KEYS = { apiKey: 'sim-key', apiSecret: 'sim-secret' };
const fast = { retryDelay: 5, maxBackoff: 20, firstRetrySpread: 0, retryCount: Number.POSITIVE_INFINITY };
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of cleanup.splice(0).reverse()) await stop();
});

type Position = { symbol: string; side: string; size: string; avgPrice: string };

async function setup(): Promise<{ sim: BybitSimulator; session: TradingSession; bid: number; ask: number }> {
  const sim = await startBybitSimulator({ feedIntervalMs: 0 });
  cleanup.push(() => sim.stop());
  const client = await createBybitClient({ url: sim.url, socketFactory, ...KEYS, ...fast });
  cleanup.push(() => client.close());
  const session = await tradingSession(client, { ...KEYS, deadMansSwitch: false });
  cleanup.push(async () => session.close());
  const { bid, ask } = await new Promise<{ bid: number; ask: number }>((resolve) => {
    void client.subscribe('orderbook.1.BTCUSDT', (d) =>
      resolve({ bid: Number(d.b[0]?.[0]), ask: Number(d.a[0]?.[0]) }),
    );
  });
  return { sim, session, bid, ask };
}

const next = (session: TradingSession) =>
  new Promise<Reconciliation>((resolve) => {
    const off = session.on('reconciled', (r) => {
      off();
      resolve(r);
    });
  });

describe('Bybit tradingSession: positions in the reconciliation', () => {
  it('an order filled while its reply was cut off shows up as a position in `reconciled`', async () => {
    const { sim, session, ask } = await setup();
    expect((await session.reconcile()).account).toEqual([]); // flat before
    const reconciled = next(session);
    sim.cutNextOrder(true);
    const placed = await session.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.02, price: 90_000 });
    expect(placed).toMatchObject({ status: 'filled', reconciled: true });
    const r = await reconciled;
    expect(r.settled.map((s) => s.status)).toEqual(['filled']);
    expect(r.account).toMatchObject([{ symbol: 'BTCUSDT', side: 'Buy', size: '0.02', avgPrice: String(ask) }]);
    expect(r.account).toEqual(sim.positions());
  });

  it('a resting order the market fills while the session is away: `filled` and the position change', async () => {
    const { sim, session, bid, ask } = await setup();
    await session.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', amount: 0.01 });
    const before = (await session.reconcile()).account as Position[];
    expect(before).toMatchObject([{ side: 'Buy', size: '0.01' }]);
    const price = Number((bid + 0.1).toFixed(1));
    expect(price).toBeLessThan(ask); // rests inside the spread
    const resting = await session.place({ symbol: 'BTCUSDT', side: 'sell', type: 'limit', amount: 0.004, price });
    expect(resting.status).toBe('open');
    sim.reject(503); // the session cannot come back until the test lets it
    await sim.drop();
    // the market's bids step up into the spread until one reaches the resting sell
    for (let i = 0; i < 500 && sim.openOrders().length > 0; i++) sim.tick();
    expect(sim.orders().find((o) => o.orderLinkId === resting.clientOrderId)?.orderStatus).toBe('Filled');
    const reconciled = next(session);
    sim.reject(null);
    const r = await reconciled;
    expect(r.filled.map((o) => [o.clientOrderId, o.status, o.filled])).toEqual([
      [resting.clientOrderId, 'filled', 0.004],
    ]);
    expect(r.account).toMatchObject([{ symbol: 'BTCUSDT', side: 'Buy', size: '0.006' }]);
    await session.whenReady();
  });

  it('leaves positions out when `account: false`', async () => {
    const sim = await startBybitSimulator({ feedIntervalMs: 0 });
    cleanup.push(() => sim.stop());
    const client = await createBybitClient({ url: sim.url, socketFactory, ...KEYS, ...fast });
    cleanup.push(() => client.close());
    const session = await tradingSession(client, { ...KEYS, deadMansSwitch: false, account: false });
    cleanup.push(async () => session.close());
    expect((await session.reconcile()).account).toBeUndefined();
  });
});
