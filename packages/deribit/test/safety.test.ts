// The Deribit trading session against the simulator: orders cut off before their reply are settled by label,
// cancel-on-disconnect is re-armed on every connection, and readyToTrade is false from a drop to the reconciliation.
import { type Reconciliation, type TradingSession, tradingSession } from '@zen-websocket/deribit/safety';
import { describe, expect, it } from 'vitest';
import { deribit, simulator } from './helpers.js';

const next = (session: TradingSession): Promise<Reconciliation> =>
  new Promise((resolve) => {
    const off = session.on('reconciled', (r) => {
      off();
      resolve(r);
    });
  });

const REST = { symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', amount: 10, price: 30_000 } as const;
const CROSS = { symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', amount: 10, price: 100_000 } as const;

describe('Deribit tradingSession', () => {
  it('arms cancel-on-disconnect, is ready to trade, and places with a label', async () => {
    const sim = await simulator();
    const session = await tradingSession(await deribit(sim, { firstRetrySpread: 0 }));
    expect(session.readyToTrade).toBe(true);
    expect(session.keeper).toBe('armed');
    expect(sim.requests('private/enable_cancel_on_disconnect')).toHaveLength(1);
    const placed = await session.place(REST);
    expect(placed).toMatchObject({ status: 'open', reconciled: false });
    expect(sim.orders({ open: true }).map((o) => o.label)).toEqual([placed.clientOrderId]);
    expect(placed.clientOrderId).toMatch(/^zw[a-z0-9]+-[a-z0-9]+$/);
    session.close();
  });

  it.each([
    ['resting', 'open', true, REST],
    ['executed', 'filled', true, CROSS],
    ['never processed', 'absent', false, REST],
  ] as const)(
    'an order cut off before its reply (%s) is reconciled as %s, never resent',
    async (_, status, processed, order) => {
      const sim = await simulator();
      const session = await tradingSession(await deribit(sim, { firstRetrySpread: 0 }), { scope: 'account' });
      sim.cutNextOrder(processed);
      const drops: boolean[] = [];
      session.on('ready', (e) => drops.push(e.readyToTrade));
      const result = await session.place(order);
      expect(result).toMatchObject({ status, reconciled: true });
      expect(drops).toEqual([false, true]);
      expect(sim.requests('private/buy')).toHaveLength(1);
      const truth = sim.orders().find((o) => o.label === result.clientOrderId);
      expect(truth?.order_state ?? 'absent').toBe(status);
      session.close();
    },
  );

  it('when the client gives up, an order waiting for reconciliation rejects with outcome unknown (never hangs)', async () => {
    const sim = await simulator();
    const session = await tradingSession(await deribit(sim, { retryCount: 0 }), { deadMansSwitch: false });
    expect(session.keeper).toBe('off');
    sim.cutNextOrder(true);
    const error = await session.place(REST).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RequestError', code: 'disconnected', outcome: 'unknown' });
    expect(session.readyToTrade).toBe(false);
    session.close();
  });

  it('rejects bad orders and options with clear errors before sending anything', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    await expect(tradingSession(client, { scope: 'everything' } as never)).rejects.toThrow(/scope/);
    await expect(tradingSession(client, { readyTimeout: 5 } as never)).rejects.toThrow(/readyTimeoutMs/);
    const session = await tradingSession(client);
    await expect(session.place({ ...REST, price: Number.NaN })).rejects.toThrow(TypeError);
    await expect(session.place({ ...REST, amount: 0 })).rejects.toThrow(TypeError);
    expect(sim.requests('private/buy')).toHaveLength(0);
    session.close();
  });

  it('a drop fires cancel-on-disconnect; the reconciliation reports the cancel and the switch is re-armed', async () => {
    const sim = await simulator();
    const session = await tradingSession(await deribit(sim, { firstRetrySpread: 0 }));
    const keeper: string[] = [];
    session.on('keeper', (c) => keeper.push(c.to));
    const { clientOrderId } = await session.place(REST);
    const reconciled = next(session);
    await sim.drop();
    const r = await reconciled;
    expect(r.cancelled.map((o) => [o.clientOrderId, o.status])).toEqual([[clientOrderId, 'cancelled']]);
    expect(r.open).toEqual([]);
    expect(keeper).toEqual(['fired', 'armed']);
    expect(session.readyToTrade).toBe(true);
    session.close();
  });
});
