// The Bybit trading session against the simulator: DCP armed through the private `dcp` topic, the keeper
// expiring while the private stream is away and firing when the window ends, the reconciliation reporting the
// orders DCP cancelled; orders queried over the simulator's signed v5 REST.
import {
  type KeeperState,
  type Reconciliation,
  type TradingSession,
  tradingSession,
} from '@zen-websocket/bybit/safety';
import { describe, expect, it } from 'vitest';
import { bybit, KEYS, simulator } from './helpers.js';

const REST = { symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.001, price: 30_000 } as const;
const forever = { retryCount: Number.POSITIVE_INFINITY };

function until<T>(session: TradingSession, type: 'reconciled' | 'keeper', match: (e: never) => boolean = () => true) {
  return new Promise<T>((resolve) => {
    const off = session.on(type, (e) => {
      if (!match(e as never)) return;
      off();
      resolve(e as T);
    });
  });
}

describe('Bybit tradingSession', () => {
  it('arms DCP on the private stream and places with an orderLinkId, its state read back over REST', async () => {
    const sim = await simulator();
    const session = await tradingSession(await bybit(sim, { ...KEYS, ...forever }), KEYS);
    expect(session.keeper).toBe('armed');
    expect(sim.connections().find((c) => c.kind === 'private')?.topics).toContain('dcp');
    const placed = await session.place(REST);
    expect(placed).toMatchObject({ status: 'open', reconciled: false, order: { amount: 0.001, filled: 0 } });
    expect(sim.openOrders('sim-key').map((o) => o.orderLinkId)).toEqual([placed.clientOrderId]);
    session.close();
  });

  it('a private stream away past the window: expiring, then fired; the reconciliation reports the DCP cancel', async () => {
    const sim = await simulator({ dcpWindowMs: 100 });
    const session = await tradingSession(await bybit(sim, { ...KEYS, ...forever }), { ...KEYS, dcpWindowMs: 100 });
    const { clientOrderId } = await session.place(REST);
    const states: KeeperState[] = [];
    session.on('keeper', (c) => states.push(c.to));
    const fired = until(session, 'keeper', (c: { to: string }) => c.to === 'fired');
    sim.reject(503); // nothing may reconnect until the window has ended
    await sim.drop();
    expect(await sim.dcpFired()).toEqual({ apiKey: 'sim-key', cancelled: 1 });
    await fired;
    const reconciled = until<Reconciliation>(session, 'reconciled');
    sim.reject(null);
    const r = await reconciled;
    expect(r.cancelled.map((o) => [o.clientOrderId, o.status])).toEqual([[clientOrderId, 'cancelled']]);
    await session.whenReady();
    expect(states.slice(0, 2)).toEqual(['expiring', 'fired']);
    session.close();
  });

  it('rejects missing keys and unknown options with clear errors', async () => {
    const sim = await simulator();
    const client = await bybit(sim, KEYS);
    await expect(tradingSession(client, {} as never)).rejects.toThrow(/apiKey, apiSecret/);
    await expect(tradingSession(client, { ...KEYS, readyTimeotMs: 5 } as never)).rejects.toThrow(/readyTimeoutMs/);
  });
});
