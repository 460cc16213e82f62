// The Binance trading session against the simulator: no dead-man's switch on Spot (keeper 'unsupported'), orders
// placed with a newClientOrderId, a cut-off order settled by order.status with origClientOrderId, the account
// (account.status) in every reconciliation.
import { createBinanceApi } from '@zen-websocket/binance';
import { BINANCE_SPOT_NO_SWITCH, isCancel, tradingSession } from '@zen-websocket/binance/safety';
import { type BinanceSimulator, startBinanceSimulator } from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeSocketFactory } from 'zen-websocket';

const apiKey = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const secretKey = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(): Promise<{ sim: BinanceSimulator; session: Awaited<ReturnType<typeof tradingSession>> }> {
  const sim = await startBinanceSimulator({ feedIntervalMs: 0 });
  cleanup.push(() => sim.stop());
  const connect = { retryDelay: 5, maxBackoff: 20, firstRetrySpread: 0 };
  const api = await createBinanceApi({ url: sim.apiUrl, socketFactory: nodeSocketFactory, apiKey, secretKey, connect });
  cleanup.push(() => api.close());
  const session = await tradingSession(api);
  cleanup.push(async () => session.close());
  return { sim, session };
}

describe('Binance tradingSession', () => {
  it('reports the dead-man switch unsupported (Spot has none) and places with a newClientOrderId', async () => {
    const { sim, session } = await setup();
    expect(session.keeper).toBe('unsupported');
    expect(BINANCE_SPOT_NO_SWITCH).toMatch(/countdownCancelAll/);
    const price = Math.floor(Number(sim.orderBook('BTCUSDT', { limit: 1 })?.bids[0]?.[0]) / 2);
    const placed = await session.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.001, price });
    expect(placed).toMatchObject({ status: 'open', reconciled: false, order: { amount: 0.001, filled: 0, price } });
    expect(sim.orders().map((o) => o.clientOrderId)).toEqual([placed.clientOrderId]);
    expect([...session.openOrders.keys()]).toEqual([placed.clientOrderId]);
  });

  it('settles a cut-off order by origClientOrderId and reports the account in the reconciliation', async () => {
    const { sim, session } = await setup();
    const accounts: unknown[] = [];
    session.on('reconciled', (r) => accounts.push(r.account));
    sim.cutNextOrder(false);
    const lost = await session.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', amount: 0.001 });
    expect(lost).toMatchObject({ status: 'absent', reconciled: true, order: undefined });
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ accountType: 'SPOT', canTrade: true });
    expect(isCancel({ method: 'order.cancel' })).toBe(true);
    expect(isCancel({ method: 'order.place' })).toBe(false);
  });
});
